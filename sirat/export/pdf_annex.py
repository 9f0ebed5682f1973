"""Annexes of the dissemination PDF and the signature block.

Annex A lists the entities by kind and their relations; Annex B is the link chart when
the view has one; attached images chosen for a partner follow it; Annex C is the grading
key. The signature block always ends the document at a fixed place on the last page (see
:class:`SignatureBlock`).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from sirat.export.markup import inline
from sirat.export.pdf_story import grid
from sirat.export.pdf_style import (
    ACCENT,
    FRAME_BOTTOM,
    FRAME_WIDTH,
    MUTED,
    RULE,
    SIGNATURE_BLOCK_HEIGHT,
    SIGNATURE_BOX,
    SIGNATURE_BOX_HEIGHT,
    SIGNATURE_BOX_WIDTH,
    Styles,
)
from sirat.export.release import ReleaseView
from sirat.export.types import ENTITY_KINDS, KIND_NAMES, EntityInput, GradeLevel, SignerInfo


def _details(entity: EntityInput) -> str:
    lines = [f"<b>{inline(f.label)}:</b> {inline(f.value)}" for f in entity.fields if f.value]
    others = [form for form in entity.name_forms if form != entity.label]
    if others:
        lines.append("<b>Also written:</b> " + " · ".join(inline(f) for f in others))
    return "<br/>".join(lines) or "—"


def _role(role: str, note: str) -> str:
    """The role in the report, and the analyst's note on the link under it."""
    text = inline(role) or "—"
    return f"{text}<br/><i>Note: {inline(note)}</i>" if note.strip() else text


def _entity_tables(view: ReleaseView, st: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    section = 0
    w = FRAME_WIDTH
    for kind in ENTITY_KINDS:
        members = [e for e in view.entities if e.kind == kind]
        if not members:
            continue
        section += 1
        heading = f"A.{section} {KIND_NAMES[kind][1].capitalize()} ({len(members)})"
        rows: list[list[Any]] = [
            [Paragraph(h, st.label) for h in ("NO.", "ENTITY", "ROLE IN REPORT", "DETAILS")]
        ]
        rows += [
            [
                Paragraph(str(n), st.cell),
                Paragraph(inline(e.label), st.cell_bold),
                Paragraph(_role(e.role, e.note), st.cell),
                Paragraph(_details(e), st.cell),
            ]
            for n, e in enumerate(members, start=1)
        ]
        story += [
            Paragraph(heading, st.h2),
            grid(rows, [w * 0.06, w * 0.3, w * 0.17, w * 0.47], header=True),
        ]
    return story


def _withheld(view: ReleaseView, st: Styles) -> list[Flowable]:
    if not view.withheld_persons:
        return []
    rows: list[list[Any]] = [[Paragraph(h, st.label) for h in ("PLACEHOLDER", "ROLE IN REPORT")]]
    rows += [
        [Paragraph(inline(p.placeholder), st.cell_bold), Paragraph(inline(p.role) or "—", st.cell)]
        for p in view.withheld_persons
    ]
    return [
        Paragraph("Persons withheld from this copy", st.h2),
        grid(rows, [FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.7], header=True),
    ]


def _relations(view: ReleaseView, st: Styles) -> list[Flowable]:
    if not view.relations:
        return []
    heads = ("FROM", "RELATION", "TO", "NOTE")
    rows: list[list[Any]] = [[Paragraph(h, st.label) for h in heads]]
    rows += [
        [
            Paragraph(inline(r.source), st.cell),
            Paragraph(inline(r.relation), st.cell_bold),
            Paragraph(inline(r.target), st.cell),
            Paragraph(inline(r.note) or "—", st.cell),
        ]
        for r in view.relations
    ]
    w = FRAME_WIDTH
    widths = [w * 0.27, w * 0.16, w * 0.27, w * 0.3]
    return [Paragraph("Relations", st.h2), grid(rows, widths, header=True)]


def entity_annex(view: ReleaseView, st: Styles) -> list[Flowable]:
    """Annex A: entities grouped by kind, withheld persons, relations."""
    body = _entity_tables(view, st) + _withheld(view, st) + _relations(view, st)
    if not body:
        body = [Paragraph("No entity is linked to this report.", st.body)]
    return [CondPageBreak(180), Paragraph("Annex A — Entities", st.h1), *body]


def chart_annex(view: ReleaseView, st: Styles) -> list[Flowable]:
    """Annex B: the link chart, drawn by ``sirat.export.chart_figure``."""
    chart = view.report.chart
    if chart is None:
        return []
    story: list[Flowable] = [CondPageBreak(400), Paragraph("Annex B — Link chart", st.h1)]
    from sirat.export import chart_figure  # reportlab's graphics: loaded for a chart only

    story.append(chart_figure.draw_chart(chart, FRAME_WIDTH, FRAME_WIDTH * 0.75))
    return story


def _key_rows(levels: tuple[GradeLevel, ...], st: Styles) -> list[list[Any]]:
    return [[Paragraph(inline(g.code), st.cell_bold), Paragraph(inline(g.wording), st.cell)]
            for g in levels]  # fmt: skip


def grading_key(view: ReleaseView, st: Styles) -> list[Flowable]:
    """Annex C: the grading scheme the report uses, in full (two scales side by side)."""
    key = view.report.grading_key
    source = _key_rows(key.source_reliability, st)
    accuracy = _key_rows(key.information_accuracy, st)
    blank = [Paragraph("", st.cell), Paragraph("", st.cell)]
    heads = [Paragraph(h, st.label) for h in ("", "SOURCE RELIABILITY", "", "INFORMATION ACCURACY")]
    rows = [heads] + [
        (source[i] if i < len(source) else blank) + (accuracy[i] if i < len(accuracy) else blank)
        for i in range(max(len(source), len(accuracy)))
    ]
    handling = [[Paragraph("", st.label), Paragraph("HANDLING CODES", st.label)]]
    handling += _key_rows(key.handling_codes, st)
    w = FRAME_WIDTH
    return [
        Paragraph(f"Annex C — Grading key ({inline(key.name)})", st.h1),
        KeepTogether(grid(rows, [w * 0.05, w * 0.45, w * 0.05, w * 0.45], header=True)),
        Spacer(1, 6),
        KeepTogether(grid(handling, [w * 0.05, w * 0.95], header=True)),
        Spacer(1, 4),
    ]


class SignatureBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """The last flowable: fills the rest of the frame and draws at the frame's bottom.

    Because it always ends at the bottom of the frame, the reserved signature box is at
    the fixed :data:`SIGNATURE_BOX` of the last page, where the signer puts the
    visible signature.
    """

    def __init__(self, view: ReleaseView, signer: SignerInfo | None, st: Styles) -> None:
        super().__init__()
        self._view = view
        self._signer = signer
        self._st = st
        self.width = FRAME_WIDTH
        self.height = SIGNATURE_BLOCK_HEIGHT

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = SIGNATURE_BLOCK_HEIGHT
        return self.width, self.height

    def split(self, *_available: float) -> list[Flowable]:
        return []  # never split: move whole to the next page

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803, ARG002
        # Always at the bottom of the frame (the fixed SIGNATURE_BOX), wherever the
        # text above ended: the space in between is the rest of the last page.
        super().drawOn(canvas, x, FRAME_BOTTOM, _sW)

    def _left_column(self) -> list[str]:
        report = self._view.report
        lines = [f"Released by <b>{inline(report.originator)}</b>."]
        if self._signer is not None and self._view.personal_data_withheld:
            s = self._signer
            function = inline(s.role) or "an officer"
            lines.append(f"Signed for the originator by the {function.lower()} named in "
                         "the electronic signature.")
            if s.test_certificate:
                lines.append("<b>Signed with a TEST certificate — not for operational use.</b>")
        elif self._signer is not None:
            s = self._signer
            role = f", {inline(s.role)}" if s.role else ""
            lines.append(f"Signed for the originator by <b>{inline(s.name)}</b>{role}, "
                         f"{inline(s.organisation)}.")  # fmt: skip
            if s.test_certificate:
                lines.append("<b>Signed with a TEST certificate — not for operational use.</b>")
        lines.append(
            "This document carries an electronic signature (PAdES). Check it with "
            "<i>sirat pdf verify</i> or a PDF reader that validates signatures; "
            "any change after signing is detected."
        )
        return lines

    def draw(self) -> None:
        canv = self.canv
        # Relative to the frame's lower left corner; absolute position: SIGNATURE_BOX.
        box_x = self.width - SIGNATURE_BOX_WIDTH
        box_y = SIGNATURE_BOX[1] - FRAME_BOTTOM
        top = SIGNATURE_BLOCK_HEIGHT
        canv.saveState()
        canv.setStrokeColor(HexColor(ACCENT))
        canv.setLineWidth(0.8)
        canv.line(0, top - 2, self.width, top - 2)
        heading = Paragraph("Signature", self._st.h2)
        heading.wrapOn(canv, self.width, 20)
        heading.drawOn(canv, 0, top - 20)
        text = Paragraph("<br/>".join(self._left_column()), self._st.small)
        _, text_h = text.wrap(self.width - SIGNATURE_BOX_WIDTH - 18, top - 30)
        text.drawOn(canv, 0, top - 24 - text_h)
        canv.setStrokeColor(HexColor(RULE))
        canv.setDash(2, 2)
        canv.rect(box_x, box_y, SIGNATURE_BOX_WIDTH, SIGNATURE_BOX_HEIGHT, stroke=1, fill=0)
        canv.setDash()
        canv.setFillColor(HexColor(MUTED))
        canv.setFont(self._st.small.fontName, 6.5)
        canv.drawString(box_x, box_y + SIGNATURE_BOX_HEIGHT + 3, "ELECTRONIC SIGNATURE")
        canv.drawString(box_x, box_y - 9, "Reserved for the visible signature of the signer")
        canv.restoreState()


#: The tallest an attached image is drawn (points), so it and its caption share a page.
IMAGE_MAX_HEIGHT = 500.0


def image_annex(view: ReleaseView, st: Styles) -> list[Flowable]:
    """The attached images chosen for this export (never on an observer copy: the release
    view withholds them). Each is the child process's re-encoding -- pixels only -- with
    its caption and the SHA-256 of the attachment as stored in the vault."""
    images = view.report.annex_images
    if not images:
        return []
    from io import BytesIO

    from reportlab.platypus import Image

    story: list[Flowable] = [CondPageBreak(400), Paragraph("Attached images", st.h1)]
    for item in images:
        scale = min(1.0, FRAME_WIDTH / max(item.width, 1), IMAGE_MAX_HEIGHT / max(item.height, 1))
        picture = Image(BytesIO(item.jpeg), width=item.width * scale,
                        height=item.height * scale)
        caption = Paragraph(
            f"Image {item.number}: {inline(item.caption)} &#8212; SHA-256 of the attachment "
            f"{inline(item.sha256)}", st.small)
        story.append(KeepTogether([picture, Spacer(1, 4), caption, Spacer(1, 12)]))
    return story


def closing(view: ReleaseView, signer: SignerInfo | None, st: Styles) -> list[Flowable]:
    """Chart, attached images, grading key and signature block: the end of the story. The
    signature block is kept on one page with the grading key, so it never stands alone."""
    end = KeepTogether([*grading_key(view, st), SignatureBlock(view, signer, st)])
    from sirat.export.pdf_places import places_annex  # the shipped map data: read on demand
    from sirat.export.pdf_timeline import timeline_annex

    return [*chart_annex(view, st), *timeline_annex(view, st), *places_annex(view, st),
            *image_annex(view, st), CondPageBreak(150), end]
