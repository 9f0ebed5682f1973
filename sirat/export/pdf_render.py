"""reportlab rendering of a :class:`~sirat.export.release.ReleaseView` (imports reportlab).

Import through :mod:`sirat.export.pdf`, which loads this module only when a PDF is made.
"""

from __future__ import annotations

import functools
from typing import BinaryIO

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from sirat.export.fonts import FontNames, register_fonts
from sirat.export.markup import drawable, use_coverage
from sirat.export.pdf_annex import closing, entity_annex
from sirat.export.pdf_page import MarkedCanvas, PageMarkings
from sirat.export.pdf_stats import statistics_sections
from sirat.export.pdf_story import front_matter, text_sections
from sirat.export.pdf_style import (
    FRAME_BOTTOM,
    FRAME_TOP,
    FRAME_WIDTH,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    make_styles,
)
from sirat.export.release import ReleaseView
from sirat.export.stats_types import StatisticsRelease
from sirat.export.types import SignerInfo

PRODUCER = "SIRAT"


def _restrict_resource_loading() -> None:
    """No URL scheme and no host is trusted: nothing outside the process is ever read."""
    rl_config.trustedSchemes = []
    rl_config.trustedHosts = None
    # Compressed streams stay binary (PDF 1.2+): ASCII85 on top made every stream a quarter
    # larger and cost a pass over it (~2 ms of a ~30 ms render, docs/bench.md).
    rl_config.useA85 = 0


@functools.cache
def _coverage(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@functools.cache
def _common_coverage(faces: tuple[str, ...]) -> frozenset[int]:
    # Once per process: the intersection of four ~3,000-character sets cost ~3 ms a render.
    return frozenset.intersection(*(_coverage(f) for f in faces))


def _use_font_coverage(fonts: FontNames) -> None:
    """What every face of the document draws (bold and mono may cover less than regular)."""
    use_coverage(_common_coverage((fonts.regular, fonts.bold, fonts.italic, fonts.mono)))


def document_title(view: ReleaseView) -> str:
    """Reference and classification only: titles show in file lists and window bars."""
    return f"{view.report.reference} — {view.report.classification}"


def render(
    view: ReleaseView, *, copy_number: int, out: BinaryIO, signer: SignerInfo | None
) -> None:
    """Write the PDF of ``view`` to ``out`` (see :func:`sirat.export.pdf.render_pdf`)."""
    _restrict_resource_loading()
    fonts = register_fonts()
    _use_font_coverage(fonts)
    styles = make_styles(fonts)
    report = view.report
    frame = Frame(
        MARGIN_X,
        FRAME_BOTTOM,
        FRAME_WIDTH,
        FRAME_TOP - FRAME_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        title=document_title(view),
        author=report.originator,
        subject="Analytical product" if report.statistics is not None
        else "Intelligence report",
        creator=PRODUCER,
        producer=PRODUCER,
        keywords="",
        lang="en",
        initialFontName=fonts.regular,
    )
    markings = PageMarkings(
        classification=report.classification,
        reference=report.reference,
        version=report.version,
        copy_number=copy_number,
        originator=drawable(report.originator),
        recipient_code=drawable(view.recipient.code),
        fonts=fonts,
        handling=" ".join(h.code for h in report.handling_codes) or "no handling code",
        grading=f"{report.source_reliability}{report.information_accuracy}",
        observer=view.personal_data_withheld,
    )
    stats = report.statistics
    body = (statistics_sections(view, stats, fonts, styles)
            if isinstance(stats, StatisticsRelease)  # an analytical product
            else [*text_sections(view, styles), *entity_annex(view, styles)])
    story = [*front_matter(view, copy_number, styles), *body, *closing(view, signer, styles)]
    doc.build(story, canvasmaker=functools.partial(MarkedCanvas, markings=markings))
