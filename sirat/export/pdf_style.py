"""Page geometry, colours and paragraph styles of the dissemination PDF.

The geometry is plain numbers (no reportlab import) because signing needs the position
of the reserved signature box: it is at a fixed place on the last page, see
:data:`SIGNATURE_BOX`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sirat.export.fonts import FontNames

# A4 in points.
PAGE_WIDTH: Final = 595.2756
PAGE_HEIGHT: Final = 841.8898
MARGIN_X: Final = 56.0
BANNER_INSET: Final = 36.0
BANNER_HEIGHT: Final = 17.0
FRAME_TOP: Final = PAGE_HEIGHT - 70.0
FRAME_BOTTOM: Final = 72.0
FRAME_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_X

# The signature block takes the bottom of the last page's frame; the visible signature
# goes into the box (x1, y1, x2, y2) at its lower right.
SIGNATURE_BLOCK_HEIGHT: Final = 112.0
SIGNATURE_BOX_WIDTH: Final = 236.0
SIGNATURE_BOX_HEIGHT: Final = 66.0
SIGNATURE_BOX: Final[tuple[float, float, float, float]] = (
    PAGE_WIDTH - MARGIN_X - SIGNATURE_BOX_WIDTH,
    FRAME_BOTTOM + 12.0,
    PAGE_WIDTH - MARGIN_X,
    FRAME_BOTTOM + 12.0 + SIGNATURE_BOX_HEIGHT,
)

INK: Final = "#1b1f24"
MUTED: Final = "#5b6470"
ACCENT: Final = "#1f2a44"
RULE: Final = "#b8bec7"
LABEL_FILL: Final = "#eef1f6"
COMMENT_FILL: Final = "#fff7e0"
COMMENT_RULE: Final = "#c98a00"
NOTICE_FILL: Final = "#fdecea"
NOTICE_RULE: Final = "#b0161e"

#: Banner colour per classification (white text on it); unknown levels are dark grey.
CLASSIFICATION_COLOURS: Final[dict[str, str]] = {
    "UNCLASSIFIED": "#1e7b34",
    "RESTRICTED": "#b35900",
    "CONFIDENTIAL": "#0b3d91",
    "SECRET": "#b0161e",
}
DEFAULT_BANNER_COLOUR: Final = "#3a3f45"


def banner_colour(classification: str) -> str:
    """Hex colour of the banner for ``classification``."""
    return CLASSIFICATION_COLOURS.get(classification.upper(), DEFAULT_BANNER_COLOUR)


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles the story uses (reportlab ``ParagraphStyle`` objects)."""

    body: Any
    small: Any
    label: Any
    cell: Any
    cell_bold: Any
    title: Any
    doc_kind: Any
    reference: Any
    h1: Any
    h2: Any
    comment: Any
    notice: Any


def make_styles(fonts: FontNames) -> Styles:
    """Build the styles (imports reportlab: call only while rendering)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=9.5,
        leading=13.2,
        textColor=HexColor(INK),
        alignment=TA_LEFT,
        spaceAfter=5,
        splitLongWords=1,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.3, leading=10.8, spaceAfter=0)
    return Styles(
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=7.6, leading=9.6, textColor=HexColor(MUTED)
        ),
        label=ParagraphStyle(
            "label",
            parent=cell,
            fontName=fonts.bold,
            fontSize=6.8,
            leading=8.6,
            textColor=HexColor(MUTED),
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
        title=ParagraphStyle(
            "title", parent=body, fontName=fonts.bold, fontSize=13.5, leading=17, spaceAfter=8
        ),
        doc_kind=ParagraphStyle(
            "doc_kind",
            parent=body,
            fontName=fonts.bold,
            fontSize=17,
            leading=21,
            textColor=HexColor(ACCENT),
            spaceAfter=1,
        ),
        reference=ParagraphStyle(
            "reference", parent=body, fontName=fonts.mono, fontSize=10, leading=13
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            textColor=HexColor(ACCENT),
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.bold,
            fontSize=9.8,
            leading=13,
            textColor=HexColor(ACCENT),
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        ),
        comment=ParagraphStyle("comment", parent=body, fontName=fonts.italic),
        notice=ParagraphStyle(
            "notice", parent=body, fontName=fonts.bold, textColor=HexColor(NOTICE_RULE)
        ),
    )
