"""The timeline and the map as standalone SVG files, for the command line.

The app exports SVG through Qt (the scene as drawn); the CLI may not import Qt, so it renders
the *same* reportlab Drawing its PDF carries with reportlab's own SVG renderer (pure Python:
no new dependency). Same redaction as the PDF: the timeline is redacted here when
``observer`` is true, the map's callers hand in the observer's data, before anything is
drawn. Text becomes escaped XML character data (reportlab builds the file with xml.dom), so
a label is never markup. A PNG needs a rasteriser reportlab does not ship (rl_renderPM);
the CLI says so and points to the app.
"""

from __future__ import annotations

import re
from typing import Final

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import white

from sirat.export.fonts import FONTS, register_fonts
from sirat.geo.basemap import Basemap
from sirat.geo.points import MapData
from sirat.timeline.model import LaneKind, TimelineData
from sirat.timeline.redact import redact_for_observer

#: The figure's size: the PDF's landscape A4 page less its margins and header (points).
WIDTH: Final = 842.0 - 72
HEIGHT: Final = 595.0 - 110
HEAD: Final = 34.0

# reportlab writes its own face names; a viewer knows the fonts by their family.
_FACES: Final = {
    FONTS.regular: "'DejaVu Sans', sans-serif",
    FONTS.bold: "'DejaVu Sans', sans-serif; font-weight: bold",
}


def _titled(figure: Drawing, title: str, note: str) -> bytes:
    from reportlab.graphics import renderSVG  # slow to import: only when an export runs

    page = Drawing(figure.width, figure.height + HEAD)
    # A white page: without it a viewer on a dark theme shows black labels on black.
    page.add(Rect(0, 0, figure.width, figure.height + HEAD, fillColor=white, strokeColor=None))
    page.add(Group(*figure.contents))
    page.add(String(0, figure.height + 20, title, fontName=FONTS.bold, fontSize=12))
    page.add(String(0, figure.height + 6, note, fontName=FONTS.regular, fontSize=8))
    svg = renderSVG.drawToString(page)
    svg = re.sub(r"font-family: ([\w-]+)",
                 lambda m: f"font-family: {_FACES.get(m.group(1), 'sans-serif')}", svg)
    return svg.encode("utf-8")


def timeline_svg(data: TimelineData, lane_by: LaneKind, *, observer: bool,
                 title: str) -> bytes:
    """The timeline as SVG; an observer's is redacted first (as ``timeline_pdf``)."""
    from sirat.export.timeline_figure import draw_timeline

    register_fonts()
    if observer:
        data = redact_for_observer(data)
    axis = "date of information" if data.axis == "information" else "date of report"
    note = (f"Axis: {axis}. {len(data.items)} item(s)."
            + (" Copy for an observer: no personal data." if observer else ""))
    return _titled(draw_timeline(data, lane_by, WIDTH, HEIGHT), title, note)


def map_svg(basemap: Basemap, data: MapData, *, title: str, credits: str) -> bytes:
    """The map as SVG (``data`` already the recipient's view, as for ``map_pdf``)."""
    from sirat.export.map_figure import draw_map

    register_fonts()
    note = (f"{len(data.points)} place(s); colours: reports per reporting country."
            + (" Copy for an observer: no personal data." if data.for_observer else ""))
    return _titled(draw_map(basemap, data, WIDTH, HEIGHT, credits), title, note)
