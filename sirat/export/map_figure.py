"""The map as a reportlab vector Drawing, and a one-page PDF of it.

Imported only when an export runs. The renderer draws what it is given: for an observer hand
it :func:`sirat.geo.points.redact_for_observer` of the data (``map_pdf`` callers do), so no
place from a withheld address reaches this module. Place names come from the gazetteer
(reference data), never from report text. Strings in a Drawing are never parsed as markup.

The countries are coloured by the listed reports' counts, or by a statistic handed in as
:class:`CountryValues` (a statistics table per country, from View ▸ Statistics). A value of
``None`` was suppressed for an observer: the country is grey, with no number and in no
class of the legend -- the renderer prints only what it is given.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from reportlab.graphics.shapes import Circle, Drawing, Polygon, Rect, String
from reportlab.lib.colors import HexColor, white

from sirat.export.fonts import FONTS, register_fonts
from sirat.geo.basemap import Basemap
from sirat.geo.clip import clip_ring, intersects
from sirat.geo.countries import MEMBER_STATES
from sirat.geo.mercator import project, unproject
from sirat.geo.points import MapData, cluster

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PALETTE: Final = ("#f4f1ea", "#dbe7f3", "#b3cde6", "#7fadd6", "#4a89c2", "#23629f")
FONT_SIZE: Final = 6.0
SEA: Final = "#e8eff5"
HIDDEN: Final = "#c4c4c4"  # a count suppressed for an observer (grey, as on the screen)


@dataclass(frozen=True, slots=True)
class CountryValues:
    """A statistic per ISO country code (``None``: hidden), what it counts and its title."""

    title: str
    measure: str  # "reports", "persons", "vessels"
    values: Mapping[str, int | None]


def _colour(count: int, top: int) -> str:
    if count <= 0 or top <= 0:
        return PALETTE[0]
    return PALETTE[1 + min(len(PALETTE) - 2, int((len(PALETTE) - 1) * count / (top + 1)))]


def crop_around(data: MapData, *, pad: float = 2.0, min_w: float = 8.0,
                min_h: float = 5.5) -> tuple[float, float, float, float] | None:
    """A lon/lat box around the points (padded, never smaller than min_w x min_h degrees)."""
    if not data.points:
        return None
    lons = [p.lon for p in data.points]
    lats = [p.lat for p in data.points]
    west, east = min(lons) - pad, max(lons) + pad
    south, north = min(lats) - pad, max(lats) + pad
    if east - west < min_w:
        middle = (east + west) / 2
        west, east = middle - min_w / 2, middle + min_w / 2
    if north - south < min_h:
        middle = (north + south) / 2
        south, north = middle - min_h / 2, middle + min_h / 2
    return west, south, east, north


def _fit_aspect(box: tuple[float, float, float, float], aspect: float
                ) -> tuple[float, float, float, float]:
    west, south, east, north = box
    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        grow = (h * aspect - w) / 2
        (west, _), (east, _) = unproject(x0 - grow, y0), unproject(x1 + grow, y0)
    else:
        grow = (w / aspect - h) / 2
        (_, south), (_, north) = unproject(x0, y0 - grow), unproject(x0, y1 + grow)
    return west, south, east, north


def legend_classes(values: Mapping[str, int | None]) -> list[tuple[str, str]]:
    """(colour, "n" or "n–m") for each class a shown value falls into, lightest first."""
    shown = {int(v) for v in values.values() if v is not None and v > 0}
    top = max(shown, default=0)
    classes: dict[str, list[int]] = {}
    for n in sorted(shown):
        classes.setdefault(_colour(n, top), []).append(n)
    return [(colour, f"{ns[0]}" if ns[0] == ns[-1] else f"{ns[0]}–{ns[-1]}")
            for colour in PALETTE[1:] if (ns := classes.get(colour))]


def draw_map(basemap: Basemap, data: MapData, width: float, height: float,
             credits: str = "", *, box: tuple[float, float, float, float] | None = None,
             statistic: CountryValues | None = None) -> Drawing:
    """Outlines coloured by report count (or by ``statistic``, each shown country labelled
    with its value), clustered points with their place names; ``box`` crops to a part of
    the region (outlines clipped to it), else the whole basemap."""
    register_fonts()
    font = FONTS.regular
    west, south, east, north = box or basemap.bbox
    if box is not None:  # widen the crop to the figure's shape: no empty bands beside it
        west, south, east, north = _fit_aspect((west, south, east, north), width / (height - 12))
    crop = (west, south, east, north)
    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    scale = min(width / (x1 - x0), (height - 12) / (y1 - y0))
    off_x = (width - (x1 - x0) * scale) / 2

    def pt(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return off_x + (x - x0) * scale, 12 + (y - y0) * scale

    drawing = Drawing(width, height)
    drawing.add(Rect(off_x, 12, (x1 - x0) * scale, (y1 - y0) * scale, fillColor=HexColor(SEA),
                     strokeColor=None))
    values: Mapping[str, int | None] = (data.counts if statistic is None
                                        else statistic.values)
    top = max((v for v in values.values() if v is not None), default=0)
    shown = [c for c in basemap.countries if intersects(c.bbox(), crop)]
    for shape in shown:
        value = values.get(shape.code, 0)
        fill = HexColor(HIDDEN if value is None else _colour(value, top))
        for ring in shape.rings:
            clipped = clip_ring(ring, crop) if box is not None else list(ring)
            if len(clipped) < 3:
                continue
            coords = [v for lon, lat in clipped for v in pt(lon, lat)]
            drawing.add(Polygon(coords, fillColor=fill, strokeColor=HexColor("#8a8f96"),
                                strokeWidth=0.3))
    for shape in shown:
        lon, lat = shape.label_point()
        inside = crop[0] <= lon <= crop[2] and crop[1] <= lat <= crop[3]
        value = None if statistic is None else statistic.values.get(shape.code)
        named = shape.code in MEMBER_STATES or shape.code in ("XK", "HR", "SI")
        if inside and (named or (statistic is not None and shape.code in statistic.values)):
            x, y = pt(lon, lat)
            # Paper has no tooltip: a statistic's value is printed under the name.
            dark = value is not None and _colour(value, top) in PALETTE[-2:]
            ink = white if dark else HexColor("#555555")
            drawing.add(String(x, y, shape.name, fontName=font, fontSize=FONT_SIZE - 0.5,
                               fillColor=ink, textAnchor="middle"))
            if value is not None:
                drawing.add(String(x, y - FONT_SIZE, str(value), fontName=FONTS.bold,
                                   fontSize=FONT_SIZE, fillColor=ink, textAnchor="middle"))
    cell = 24 / scale  # ~24 pt on the page, in metres
    for group in cluster(data.points, cell):
        x, y = off_x + (group.x - x0) * scale, 12 + (group.y - y0) * scale
        r = min(9.0, 2.5 + 1.2 * group.weight ** 0.5)
        drawing.add(Circle(x, y, r, fillColor=HexColor("#c0392b"), strokeColor=white,
                           strokeWidth=0.6))
        if group.weight > 1:
            drawing.add(String(x, y - 2, str(group.weight), fontName=font, fontSize=5,
                               fillColor=white, textAnchor="middle"))
        names = sorted({p.name for p in group.points})
        label = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")
        drawing.add(String(x + r + 1.5, y - 2, label, fontName=font, fontSize=FONT_SIZE))
    drawing.add(String(2, 2, credits, fontName=font, fontSize=FONT_SIZE - 0.5))
    return drawing


def map_pdf(basemap: Basemap, data: MapData, *, title: str, credits: str,
            classification: str = "", statistic: CountryValues | None = None) -> bytes:
    """A one-page landscape A4 PDF of the map (the data -- and ``statistic`` -- already
    the recipient's view), with the colours' legend."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    names = register_fonts()
    out = io.BytesIO()
    page_w, page_h = landscape(A4)
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=True)
    canvas.setTitle("SIRAT map")
    canvas.setAuthor("")
    canvas.setCreator("SIRAT")
    canvas.setProducer("SIRAT")
    if classification:
        canvas.setFont(names.bold, 9)
        canvas.drawCentredString(page_w / 2, page_h - 20, classification)
        canvas.drawCentredString(page_w / 2, 12, classification)
    canvas.setFont(names.bold, 12)
    canvas.drawString(36, page_h - 44, title)
    canvas.setFont(names.regular, 8)
    note = " Copy for an observer: no personal data." if data.for_observer else ""
    what = ("reports per reporting country" if statistic is None
            else f"{statistic.title} ({statistic.measure} per country)")
    canvas.drawString(36, page_h - 58, f"{len(data.points)} place(s); colours: {what}.{note}")
    _draw_legend(canvas, names.regular, page_w - 36, page_h - 58,
                 data.counts if statistic is None else statistic.values,
                 "reports" if statistic is None else statistic.measure)
    drawing = draw_map(basemap, data, page_w - 72, page_h - 110, credits,
                       statistic=statistic)
    renderPDF.draw(drawing, canvas, 36, 36)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_legend(canvas: Canvas, font: str, right: float, y: float,
                 values: Mapping[str, int | None], measure: str) -> None:
    """The colour classes as swatches, right-aligned on the subtitle's line; a hidden
    value adds a grey "not shown (small count)" swatch and is in no class."""
    items = [(PALETTE[0], f"no {measure}")]
    if any(v is None for v in values.values()):
        items.append((HIDDEN, "not shown (small count)"))
    items += legend_classes(values)
    x = right
    for colour, label in reversed(items):
        x -= canvas.stringWidth(label, font, 7) + 3
        canvas.setFont(font, 7)
        canvas.setFillColor(HexColor("#333333"))
        canvas.drawString(x, y, label)
        x -= 9
        canvas.setFillColor(HexColor(colour))
        canvas.setStrokeColor(HexColor("#8a8f96"))
        canvas.rect(x, y - 1, 7, 7, stroke=1, fill=1)
        x -= 8
    canvas.setFillColor(HexColor("#000000"))
