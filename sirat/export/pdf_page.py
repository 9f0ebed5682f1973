"""Markings on every page: classification banners, a running header (originator,
reference, handling codes, grading and, on an observer copy, OBSERVER COPY), and a foot
with reference, page X of Y and copy number: a page detached from the rest still says
what it is and how it must be handled.

The markings are drawn when the document is saved, once the number of pages is known
(the usual reportlab recipe: keep each page's state at ``showPage``, decorate at
``save``). The canvas also pins the document dates to UTC so the local time zone does
not end up in the metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from sirat import clock
from sirat.export.fonts import FontNames
from sirat.export.pdf_style import (
    ACCENT,
    BANNER_HEIGHT,
    BANNER_INSET,
    FRAME_BOTTOM,
    FRAME_TOP,
    MARGIN_X,
    MUTED,
    NOTICE_RULE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    banner_colour,
)


@dataclass(frozen=True, slots=True)
class PageMarkings:
    """What every page carries (no personal data: codes, reference, organisation)."""

    classification: str
    reference: str
    version: int
    copy_number: int
    originator: str
    recipient_code: str
    fonts: FontNames
    handling: str = ""
    grading: str = ""
    observer: bool = False


def pdf_date_utc(moment: datetime | None = None) -> str:
    """A PDF date string in UTC (``D:YYYYMMDDHHmmSS+00'00'``)."""
    moment = (moment or clock.now()).astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


class MarkedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas that adds :class:`PageMarkings` to every page when saved."""

    def __init__(self, *args: Any, markings: PageMarkings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._markings = markings
        self._pages: list[dict[str, Any]] = []
        stamp = pdf_date_utc()
        self.setDateFormatter(lambda *_parts: stamp)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._mark(number, total)
            super().showPage()
        super().save()

    def _banner(self, y: float) -> None:
        m = self._markings
        self.setFillColor(HexColor(banner_colour(m.classification)))
        self.rect(BANNER_INSET, y, PAGE_WIDTH - 2 * BANNER_INSET, BANNER_HEIGHT, stroke=0, fill=1)
        self.setFillColor(white)
        self.setFont(m.fonts.bold, 9.5)
        self.drawCentredString(PAGE_WIDTH / 2, y + 5, m.classification.upper())

    def _mark(self, number: int, total: int) -> None:
        m = self._markings
        self.saveState()
        self._banner(PAGE_HEIGHT - BANNER_INSET + 2)
        self._banner(BANNER_INSET - BANNER_HEIGHT - 2)

        head_y = FRAME_TOP + 20
        self.setFillColor(HexColor(ACCENT))
        self.setFont(m.fonts.bold, 8)
        self.drawString(MARGIN_X, head_y, m.originator)
        if m.observer:
            self.setFillColor(HexColor(NOTICE_RULE))
            self.drawCentredString(PAGE_WIDTH / 2, head_y, "OBSERVER COPY")
            self.setFillColor(HexColor(ACCENT))
        self.setFont(m.fonts.mono, 8)
        grading = f" · {m.grading}" if m.grading else ""
        self.drawRightString(PAGE_WIDTH - MARGIN_X, head_y,
                             f"{m.reference} · v{m.version} · {m.handling}{grading}")
        self.setStrokeColor(HexColor(RULE))
        self.setLineWidth(0.6)
        self.line(MARGIN_X, head_y - 6, PAGE_WIDTH - MARGIN_X, head_y - 6)

        foot_y = FRAME_BOTTOM - 24
        self.line(MARGIN_X, foot_y + 11, PAGE_WIDTH - MARGIN_X, foot_y + 11)
        self.setFillColor(HexColor(MUTED))
        self.setFont(m.fonts.mono, 7.5)
        self.drawString(MARGIN_X, foot_y, m.reference)
        self.setFont(m.fonts.regular, 7.5)
        self.drawCentredString(PAGE_WIDTH / 2, foot_y, f"Page {number} of {total}")
        self.drawRightString(
            PAGE_WIDTH - MARGIN_X, foot_y, f"Copy No. {m.copy_number} · {m.recipient_code}"
        )
        self.restoreState()
