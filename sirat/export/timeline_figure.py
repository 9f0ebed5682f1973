"""The timeline as a reportlab vector Drawing, and a one-page PDF of it.

Imported only when an export runs (reportlab is slow to import). The renderer draws what it
is given: for an observer hand it :func:`sirat.timeline.redact_for_observer` of the data
(``timeline_pdf`` does so itself when ``observer`` is true), so no withheld entity ever
reaches this module. Strings in a Drawing are never parsed as markup. Labels use SIRAT's
DejaVu Sans (Latin-extended, Cyrillic, Greek).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from sirat.export.fonts import FONTS, register_fonts
from sirat.timeline.model import LANE_WORDS, LaneKind, TimelineData, lanes_of
from sirat.timeline.redact import redact_for_observer
from sirat.timeline.scale import Viewport, level_for, ticks

LANE_LABEL_W: Final = 110.0
AXIS_H: Final = 16.0
ROW_H: Final = 9.0
FONT_SIZE: Final = 6.0
MAX_LANES: Final = 24
REPORT: Final = HexColor("#2f6db5")
EVENT: Final = HexColor("#d9731a")
MARK: Final = HexColor("#7a1f1f")


def _fade(colour: Color) -> Color:
    return Color(colour.red, colour.green, colour.blue, alpha=0.45)


def _fit(text: str, room: float, font: str) -> str:
    """``text`` cut (with an ellipsis) to ``room`` points; "" when not even a word fits."""
    if room < 24:
        return ""
    if stringWidth(text, font, FONT_SIZE) <= room:
        return text
    while text and stringWidth(text + "…", font, FONT_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…" if len(text) >= 3 else ""


def draw_timeline(data: TimelineData, lane_by: LaneKind, width: float, height: float,
                  marks: Sequence[tuple[int, str]] = (), *, row_h: float = ROW_H,
                  bar_labels: bool = False) -> Drawing:
    """Draw ``data`` (already the release view for its recipient) into width x height points.

    Lanes beyond what fits are left out and a line under the figure says how many.
    ``marks`` are days drawn as a dashed line across the lanes with a word (the date of
    report in a report's own figure). With ``bar_labels`` (and ``row_h`` tall enough) each
    bar wide enough carries its item's label, cut to fit.
    """
    register_fonts()
    font = FONTS.regular
    drawing = Drawing(width, height)
    span = data.span()
    if span is None:
        drawing.add(String(4, height / 2, "No dated reports.", fontName=font, fontSize=8))
        return drawing
    first = min([span[0], *(day for day, _ in marks)])
    last = max([span[1], *(day for day, _ in marks)])
    vp = Viewport.fitting(first, last, int(width - LANE_LABEL_W))
    scale = (width - LANE_LABEL_W) / vp.width
    lanes = lanes_of(data, lane_by, min_days=4 * vp.days_per_px)
    top = height - AXIS_H
    for day, label in ticks(vp.start, vp.end, level_for(vp.days_per_px * 1.4)):
        x = LANE_LABEL_W + vp.x_of(day) * scale
        if x > width - 24:
            continue  # a label cut by the figure's edge
        drawing.add(Line(x, 12, x, top + 4, strokeColor=HexColor("#dddddd"), strokeWidth=0.4))
        drawing.add(String(x + 1.5, top + 5, label, fontName=font, fontSize=FONT_SIZE))
    for day, word in marks:
        x = LANE_LABEL_W + vp.x_of(day + 0.5) * scale
        drawing.add(Line(x, 12, x, top, strokeColor=MARK, strokeWidth=0.8,
                         strokeDashArray=[2, 2]))
        anchor = "end" if x > width - 80 else "start"
        drawing.add(String(x + (-2 if anchor == "end" else 2), 14, word, fontName=font,
                           fontSize=FONT_SIZE, fillColor=MARK, textAnchor=anchor))
    y = top
    shown = 0
    for lane in lanes:
        h = lane.row_count * row_h + 3
        if y - h < (24 if marks else 14) or shown >= MAX_LANES:
            break
        y -= h
        shown += 1
        drawing.add(Line(0, y, width, y, strokeColor=HexColor("#e6e6e6"), strokeWidth=0.4))
        drawing.add(String(2, y + h - row_h + 1.5, _fit(lane.label, LANE_LABEL_W - 6, font),
                           fontName=font,
                           fontSize=FONT_SIZE))
        for k, it in enumerate(lane.items):
            x0 = LANE_LABEL_W + vp.x_of(it.start) * scale
            x1 = max(x0 + 2.5, LANE_LABEL_W + vp.x_of(it.end + 1) * scale)
            row_top = y + h - 1.5 - lane.rows[k] * row_h
            colour = EVENT if it.kind == "relation" else REPORT
            drawing.add(Rect(x0, row_top - row_h + 2, x1 - x0, row_h - 3, strokeColor=None,
                             fillColor=_fade(colour) if it.fuzzy else colour))
            text = _fit(it.label, x1 - x0 - 4, font) if bar_labels else ""
            if text:
                drawing.add(String(x0 + 2, row_top - row_h + 2 + (row_h - 3 - FONT_SIZE) / 2 + 1,
                                   text, fontName=font, fontSize=FONT_SIZE,
                                   fillColor=HexColor("#1a1a1a") if it.fuzzy
                                   else HexColor("#ffffff")))
    left_out = len(lanes) - shown
    words = [f"Lanes: {LANE_WORDS[lane_by]}.", "Faded bars: dates known only as a range."]
    if data.undated:
        words.append(f"{data.undated} report(s) without a date not placed.")
    if left_out:
        words.append(f"{left_out} lane(s) left out for room.")
    drawing.add(String(2, 2, " ".join(words), fontName=font, fontSize=FONT_SIZE))
    return drawing


def timeline_pdf(data: TimelineData, lane_by: LaneKind, *, observer: bool, title: str,
                 classification: str = "") -> bytes:
    """A one-page landscape A4 PDF of the timeline; an observer's is redacted first."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    if observer:
        data = redact_for_observer(data)
    names = register_fonts()
    out = io.BytesIO()
    page_w, page_h = landscape(A4)
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=True)
    canvas.setTitle("SIRAT timeline")
    canvas.setAuthor("")
    canvas.setCreator("SIRAT")
    canvas.setProducer("SIRAT")
    canvas.setSubject("")
    canvas.setFont(names.bold, 9)
    if classification:
        canvas.drawCentredString(page_w / 2, page_h - 20, classification)
        canvas.drawCentredString(page_w / 2, 12, classification)
    canvas.setFont(names.bold, 12)
    canvas.drawString(36, page_h - 44, title)
    canvas.setFont(names.regular, 8)
    axis = "date of information" if data.axis == "information" else "date of report"
    canvas.drawString(36, page_h - 58, f"Axis: {axis}. {len(data.items)} item(s)."
                      + (" Copy for an observer: no personal data." if observer else ""))
    drawing = draw_timeline(data, lane_by, page_w - 72, page_h - 110)
    renderPDF.draw(drawing, canvas, 36, 36)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
