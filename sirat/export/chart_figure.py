"""The link chart as a reportlab vector Drawing for the dissemination PDF.

Imported only when an export runs (reportlab is slow to import). Strings in a
Drawing are never parsed as markup, so user text needs no escaping here. The
renderer draws what it is given: for an observer, hand it
``ChartFigure.for_observer()`` (or ``redact_for_observer(graph)``), built
before rendering, so no person ever reaches this module.

Labels use DejaVu Sans (Latin-extended, Cyrillic, Greek), SIRAT's own copy (see
:mod:`sirat.export.fonts`), registered once as "DejaVuSans".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, overload

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sirat.chart.boxes import ICON_SIZE, Position
from sirat.chart.graph import ChartGraph
from sirat.chart.labels import LabelSpot, ObstacleGrid, label_centre, label_rect, place_edge_labels
from sirat.chart.layout import force_directed
from sirat.chart.redact import redact_for_observer
from sirat.chart.style import (
    EDGE_COLOUR,
    KIND_COLOURS,
    KIND_NAMES,
    LABEL_COLOUR,
    ROLE_EDGE_COLOUR,
)
from sirat.export import fonts
from sirat.export.markup import drawable

FONT: Final = "DejaVuSans"
_MARGIN: Final = 14.0
_CAPTION: Final = 24.0  # room under the figure for the legend and the "left out" line
#: Labels are wrapped, never cut, at about this many characters per line.
_WRAP: Final = 28
#: The view's label size in pixels; in the PDF, one scene pixel is ``scale`` points.
LABEL_FONT_PX: Final = 12.0
#: Names are never printed smaller than this (points), nor larger than MAX_FONT.
MIN_FONT: Final = 5.5
MAX_FONT: Final = 8.0
_EDGE_LABEL_LIMIT: Final = 80


@dataclass(frozen=True, slots=True)
class ChartFigure:
    """What the PDF needs to draw a chart: the graph and where its nodes are."""

    graph: ChartGraph
    positions: Mapping[str, Position] = field(default_factory=dict)

    def for_observer(self, *, person_names: Iterable[str] = ()) -> ChartFigure:
        """The same figure as an observer may see it (see redact_for_observer)."""
        safe = redact_for_observer(self.graph, person_names=person_names)
        return ChartFigure(safe, {k: v for k, v in self.positions.items() if k in safe})


def register_font() -> str:
    """Register DejaVu Sans (SIRAT's own copy, see sirat.export.fonts) once; its name."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    pdfmetrics.registerFont(TTFont(FONT, str(fonts.font_path(fonts.FONTS.regular))))
    return FONT


def _shape(kind: str, x: float, y: float, r: float, fill: Color) -> Group:
    """A per-kind marker, so the kind reads without colour too."""
    stroke = {"fillColor": fill, "strokeColor": white, "strokeWidth": 0.6}
    group = Group()
    if kind == "person":
        group.add(Circle(x, y, r, **stroke))
    elif kind in ("vehicle", "vessel"):
        top = 0.55 * r if kind == "vehicle" else 0.4 * r
        pts = [x - r, y + top, x + r, y + top, x + 0.7 * r, y - 0.7 * r, x - 0.7 * r, y - 0.7 * r]
        if kind == "vehicle":
            pts = [x - r, y + top, x + r, y + top, x + r, y - 0.6 * r, x - r, y - 0.6 * r]
        group.add(Polygon(pts, **stroke))
    elif kind in ("organization", "bank_account"):
        group.add(Rect(x - r, y - r, 2 * r, 2 * r, **stroke))
    elif kind == "address":
        group.add(
            Polygon(
                [x, y - r, x - 0.8 * r, y + 0.2 * r, x, y + r, x + 0.8 * r, y + 0.2 * r], **stroke
            )
        )
    elif kind == "report":
        group.add(Rect(x - 0.75 * r, y - r, 1.5 * r, 2 * r, **stroke))
    else:  # phone, identity document, online account
        group.add(Rect(x - r, y - 0.7 * r, 2 * r, 1.4 * r, rx=2, ry=2, **stroke))
    return group


def _fit(
    positions: Mapping[str, Position], width: float, height: float, pad: float
) -> tuple[dict[str, Position], float]:
    """Scene positions scaled into the drawing (y flipped: PDF y grows up), and the scale."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y, 1.0)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    placed = {
        k: (off_x + (x - min(xs)) * scale, height - (off_y + (y - min(ys)) * scale))
        for k, (x, y) in positions.items()
    }
    return placed, scale


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@overload
def draw_chart(chart: ChartFigure, width: float, height: float, /) -> Drawing: ...
@overload
def draw_chart(
    chart: ChartGraph, positions: Mapping[str, Position], width: float, height: float, /
) -> Drawing: ...
def draw_chart(chart: ChartFigure | ChartGraph, *args: object) -> Drawing:
    """Draw ``chart`` into a ``width`` x ``height`` Drawing (points).

    Either ``draw_chart(figure, width, height)`` or
    ``draw_chart(graph, positions, width, height)``. Nodes without a position
    are laid out (deterministically) first. The layout is kept as it was saved;
    text stays at least MIN_FONT points high, so on a big chart scaled down to the
    page the names that would then overlap are left out (most connected nodes
    first), and a line under the figure says how many.
    """
    if isinstance(chart, ChartFigure):
        graph, positions = chart.graph, chart.positions
        width, height = float(args[0]), float(args[1])  # type: ignore[arg-type]
    else:
        graph = chart
        positions = args[0]  # type: ignore[assignment]
        width, height = float(args[1]), float(args[2])  # type: ignore[arg-type]
    font = register_font()
    drawing = Drawing(width, height)
    if len(graph) == 0:
        drawing.add(String(width / 2, height / 2, "No nodes to show", fontName=font,
                           fontSize=9, textAnchor="middle"))  # fmt: skip
        return drawing
    placed = {k: v for k, v in positions.items() if k in graph}
    if len(placed) < len(graph):
        placed = force_directed(graph, pinned=placed)
    at, scale = _fit(placed, width, height - _CAPTION, _MARGIN + 30)
    at = {k: (x, y + _CAPTION) for k, (x, y) in at.items()}
    size = _clamp(LABEL_FONT_PX * scale, MIN_FONT, MAX_FONT)
    r = _clamp(ICON_SIZE / 2 * scale, 2.5, 7.0)
    grid = ObstacleGrid(cell=40.0)
    for x, y in at.values():
        grid.add((x - r, y - r, x + r, y + r))
    labels = _place_node_labels(graph, at, r, size, font, grid)
    edge_labels = _place_edge_labels(graph, at, size - 1.5, font, grid)
    for edge in graph.edges():
        (x1, y1), (x2, y2) = at[edge.source], at[edge.target]
        role = edge.kind == "role"
        drawing.add(Line(x1, y1, x2, y2, strokeWidth=0.5,
                         strokeColor=HexColor(ROLE_EDGE_COLOUR if role else EDGE_COLOUR),
                         strokeDashArray=[2, 1.5] if role else None))  # fmt: skip
    for text, (x, y) in edge_labels:
        _plate(drawing, x, y, pdfmetrics.stringWidth(text, font, size - 1.5), size - 1.5)
        drawing.add(String(x, y, text, fontName=font, fontSize=size - 1.5,
                           fillColor=HexColor(EDGE_COLOUR), textAnchor="middle"))  # fmt: skip
    for node in graph.nodes():
        x, y = at[node.id]
        drawing.add(_shape(node.kind, x, y, r, HexColor(KIND_COLOURS[node.kind])))
        lines, above = labels.get(node.id, ((), False))
        for k, line in enumerate(lines):
            text_w = pdfmetrics.stringWidth(line, font, size)
            lx = _clamp(x, text_w / 2 + 1, width - text_w / 2 - 1)  # never cut at the edge
            ly = y + r + 1 + size * (len(lines) - 1 - k) + size * 0.28 if above else (
                y - r - size * (k + 1))
            _plate(drawing, lx, ly, text_w, size)
            drawing.add(String(lx, ly, line, fontName=font,
                               fontSize=size if k == 0 else size - 1,
                               fillColor=HexColor(LABEL_COLOUR if k == 0 else EDGE_COLOUR),
                               textAnchor="middle"))  # fmt: skip
    _legend(drawing, graph, font, width)
    left_out = len(graph) - len(labels)
    if left_out:
        drawing.add(String(_MARGIN, 2, f"{left_out} of {len(graph)} names are left out of the "
                           "figure where they would overlap.", fontName=font, fontSize=6,
                           fillColor=HexColor(EDGE_COLOUR)))  # fmt: skip
    return drawing


def _legend(drawing: Drawing, graph: ChartGraph, font: str, width: float) -> None:
    """One line under the figure: each kind on the chart with its marker, and the links."""
    y = 13.0
    x = _MARGIN
    kinds = sorted({n.kind for n in graph.nodes()}, key=list(KIND_NAMES).index)
    for kind in kinds:
        drawing.add(_shape(kind, x + 3, y + 2, 3.2, HexColor(KIND_COLOURS[kind])))
        name = KIND_NAMES[kind]
        w = pdfmetrics.stringWidth(name, font, 6)
        drawing.add(String(x + 9 + w / 2, y, name, fontName=font, fontSize=6,
                           fillColor=HexColor(LABEL_COLOUR), textAnchor="middle"))  # fmt: skip
        x += 16 + w
    for label, role in (("report link", True), ("relation", False)):
        if x + 60 > width:
            break
        drawing.add(Line(x, y + 2, x + 14, y + 2, strokeWidth=0.6,
                         strokeColor=HexColor(ROLE_EDGE_COLOUR if role else EDGE_COLOUR),
                         strokeDashArray=[2, 1.5] if role else None))  # fmt: skip
        w = pdfmetrics.stringWidth(label, font, 6)
        drawing.add(String(x + 17 + w / 2, y, label, fontName=font, fontSize=6,
                           fillColor=HexColor(LABEL_COLOUR), textAnchor="middle"))  # fmt: skip
        x += 24 + w


def _wrapped(text: str) -> tuple[str, ...]:
    """``text`` in lines of about ``_WRAP`` characters, whole words, nothing cut."""
    lines: list[str] = []
    for word in " ".join(drawable(text).split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= _WRAP:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(line for line in lines if line)


def _plate(drawing: Drawing, x: float, baseline: float, text_width: float, size: float) -> None:
    """A soft white plate under a line of text, so lines crossing it do not garble it."""
    drawing.add(Rect(x - text_width / 2 - 1, baseline - size * 0.28, text_width + 2, size * 1.05,
                     fillColor=white, fillOpacity=0.85, strokeColor=None))  # fmt: skip


def _place_node_labels(
    graph: ChartGraph, at: Mapping[str, Position], r: float, size: float, font: str,
    grid: ObstacleGrid,
) -> dict[str, tuple[tuple[str, ...], bool]]:
    """The label lines each node gets and whether above the marker: both, the first only,
    below or above, or none where they would overlap; the most connected choose first."""
    shown: dict[str, tuple[tuple[str, ...], bool]] = {}
    for node in sorted(graph.nodes(), key=lambda n: (-graph.degree(n.id), n.id)):
        x, y = at[node.id]
        label = _wrapped(node.label)
        lines = label + _wrapped(node.sublabel)
        for attempt, above in ((lines, False), (lines, True), (label, False), (label, True)):
            if not attempt:
                continue
            half = max(pdfmetrics.stringWidth(t, font, size) for t in attempt) / 2 + 1
            height = size * len(attempt)
            rect = ((x - half, y + r + 0.5, x + half, y + r + height + 2) if above
                    else (x - half, y - r - height - 2, x + half, y - r - 0.5))
            if grid.overlap(rect)[0] == 0:
                grid.add(rect)
                shown[node.id] = (attempt, above)
                break
    return shown


def _place_edge_labels(
    graph: ChartGraph, at: Mapping[str, Position], size: float, font: str, grid: ObstacleGrid
) -> list[tuple[str, Position]]:
    """Edge labels slid along their edges (``sirat.chart.labels``); those that would
    still overlap something are left out. None on big charts: they would be noise."""
    if len(graph) > _EDGE_LABEL_LIMIT:
        return []
    spots = {
        e.key: LabelSpot(e.key, at[e.source], at[e.target],
                         (pdfmetrics.stringWidth(e.label, font, size) + 2, size + 1))
        for e in graph.edges()
    }  # fmt: skip
    out: list[tuple[str, Position]] = []
    for key, (t, side) in place_edge_labels(list(spots.values()), (), cell=40.0).items():
        spot = spots[key]  # type: ignore[index]
        rect = label_rect(spot, t, side)
        if grid.overlap(rect)[0] == 0:
            grid.add(rect)
            cx, cy = label_centre(spot, t, side)
            out.append((graph.edge(key).label, (cx, cy - size / 3)))  # type: ignore[arg-type]
    return out
