"""The link chart as a reportlab vector Drawing for the dissemination PDF.

Imported only when an export runs (reportlab is slow to import). Strings in a
Drawing are never parsed as markup, so user text needs no escaping here. The
renderer draws what it is given: for an observer, hand it
``ChartFigure.for_observer()`` (or ``redact_for_observer(graph)``), built
before rendering, so no person ever reaches this module.

Labels use DejaVu Sans (Latin-extended, Cyrillic, Greek), taken from
matplotlib's wheel, a declared dependency, and registered once as "DejaVuSans".
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, overload

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sirat.chart.boxes import Position, display_label
from sirat.chart.graph import ChartGraph, Node
from sirat.chart.layout import force_directed
from sirat.chart.redact import redact_for_observer
from sirat.chart.style import EDGE_COLOUR, KIND_COLOURS, LABEL_COLOUR, ROLE_EDGE_COLOUR

FONT: Final = "DejaVuSans"
_MARGIN: Final = 14.0


@dataclass(frozen=True, slots=True)
class ChartFigure:
    """What the PDF needs to draw a chart: the graph and where its nodes are."""

    graph: ChartGraph
    positions: Mapping[str, Position] = field(default_factory=dict)

    def for_observer(self) -> ChartFigure:
        """The same figure without any personal node (see redact_for_observer)."""
        safe = redact_for_observer(self.graph)
        return ChartFigure(safe, {k: v for k, v in self.positions.items() if k in safe})


def register_font() -> str:
    """Register DejaVu Sans from matplotlib's data folder once; its reportlab name."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    spec = importlib.util.find_spec("matplotlib")  # locate without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which ships DejaVu Sans) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    pdfmetrics.registerFont(
        TTFont(FONT, str(folder / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"))
    )
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
) -> dict[str, Position]:
    """Scale scene positions into the drawing (y flipped: PDF y grows up)."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y, 1.0)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    return {
        k: (off_x + (x - min(xs)) * scale, height - (off_y + (y - min(ys)) * scale))
        for k, (x, y) in positions.items()
    }


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
    are laid out (deterministically) first.
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
    at = _fit(placed, width, height, _MARGIN + 30)
    spread = min(width, height) / max(2.0, math.sqrt(len(graph)))
    r = max(3.0, min(8.0, spread / 6))
    size = max(4.5, min(7.0, r))
    for edge in graph.edges():
        (x1, y1), (x2, y2) = at[edge.source], at[edge.target]
        role = edge.kind == "role"
        drawing.add(Line(x1, y1, x2, y2, strokeWidth=0.5,
                         strokeColor=HexColor(ROLE_EDGE_COLOUR if role else EDGE_COLOUR),
                         strokeDashArray=[2, 1.5] if role else None))  # fmt: skip
        if len(graph) <= 80:
            drawing.add(String((x1 + x2) / 2, (y1 + y2) / 2 + 1, edge.label, fontName=font,
                               fontSize=size - 1.5, fillColor=HexColor(EDGE_COLOUR),
                               textAnchor="middle"))  # fmt: skip
    for node in graph.nodes():
        x, y = at[node.id]
        drawing.add(_shape(node.kind, x, y, r, HexColor(KIND_COLOURS[node.kind])))
        _label(drawing, node, x, y - r - size, size, font)
    return drawing


def _label(drawing: Drawing, node: Node, x: float, y: float, size: float, font: str) -> None:
    drawing.add(String(x, y, display_label(node.label), fontName=font, fontSize=size,
                       fillColor=HexColor(LABEL_COLOUR), textAnchor="middle"))  # fmt: skip
    if node.sublabel:
        drawing.add(String(x, y - size - 0.5, display_label(node.sublabel), fontName=font,
                           fontSize=size - 1, fillColor=HexColor(EDGE_COLOUR),
                           textAnchor="middle"))  # fmt: skip
