"""Graphics items of the link chart: nodes (icon + labels) and edges (line + label).

Labels are ``QGraphicsSimpleTextItem`` (far cheaper than ``QGraphicsTextItem``
and never interprets markup). The scene hides them below a zoom threshold,
so a 2,000-node overview paints only circles and lines.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from sirat.chart.boxes import ICON_SIZE, display_label
from sirat.chart.graph import Edge, Node
from sirat.chart.style import (
    EDGE_COLOUR,
    HIGHLIGHT_COLOUR,
    KIND_COLOURS,
    KIND_NAMES,
    LABEL_COLOUR,
    ROLE_EDGE_COLOUR,
    SUBLABEL_COLOUR,
)
from sirat.ui.chart.icons import kind_icon
from sirat.ui.style import load_fonts

BASE_RADIUS = ICON_SIZE / 2
LABEL_FONT_PX = 12
SUBLABEL_FONT_PX = 11
EDGE_FONT_PX = 11
LANE_GAP = 14.0


def label_shift(ux: float, uy: float, lane: float) -> tuple[float, float]:
    """Sideways shift of the label of a parallel edge (unit direction ``ux, uy``)."""
    return -uy * lane * LANE_GAP, ux * lane * LANE_GAP


@cache
def _font(pixels: int, *, bold: bool = False) -> QFont:
    load_fonts()  # the same DejaVu file on every machine (its metrics size the boxes)
    font = QFont("DejaVu Sans")
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class ChartLabel(QGraphicsRectItem):
    """Plain text on a soft white plate, so it stays readable over lines.

    Built from C++-painted items only: no item here overrides ``paint``, so a
    repaint of thousands of items never calls into Python.
    """

    def __init__(self, text: str, font: QFont, colour: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = QGraphicsSimpleTextItem(text, self)
        self.text.setFont(font)
        self.text.setBrush(QColor(colour))
        rect = self.text.boundingRect()
        self.setRect(rect.adjusted(-2, 0, 2, 0))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QColor(255, 255, 255, 215))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def centre_at(self, x: float, top: float) -> None:
        self.setPos(x - self.text.boundingRect().width() * self.scale() / 2, top)


class NodeItem(QGraphicsEllipseItem):
    """A node: kind-coloured disc with a white icon, label and sublabel below."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node
        self.edges: list[EdgeItem] = []
        self.radius = BASE_RADIUS
        self.pinned = False
        self.highlighted = False
        self.drag_origin: QPointF | None = None
        self._colour = QColor(KIND_COLOURS[node.kind])
        self.setBrush(self._colour)
        self.icon = QGraphicsPathItem(kind_icon(node.kind), self)
        self.icon.setPen(QPen(Qt.PenStyle.NoPen))
        self.icon.setBrush(QColor("white"))
        self.icon.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.pin_mark = QGraphicsEllipseItem(-4.5, -4.5, 9, 9, self)
        self.pin_mark.setPen(QPen(QColor("white"), 1.5))
        self.pin_mark.setBrush(QColor("#111827"))
        self.pin_mark.setVisible(False)
        self._apply_look()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setZValue(1)
        self.label = ChartLabel(display_label(node.label), _font(LABEL_FONT_PX), LABEL_COLOUR, self)
        self.sublabel: ChartLabel | None = None
        # An identifier kept as typed must not look checked on the chart either.
        sub = display_label(node.sublabel) if node.sublabel else ""
        if node.kept_as_typed:
            sub = f"{sub}  ⚠ kept as typed".strip()
        if sub:
            self.sublabel = ChartLabel(sub, _font(SUBLABEL_FONT_PX), SUBLABEL_COLOUR, self)
        self._place_labels()
        self.set_metrics(None, None)

    def _place_labels(self) -> None:
        self.label.centre_at(0, self.radius + 2)
        if self.sublabel is not None:
            below = self.label.boundingRect().height() * self.label.scale()
            self.sublabel.centre_at(0, self.radius + 2 + below)

    def set_label_scale(self, scale: float) -> None:
        """Draw the labels ``scale`` times larger (readable when zoomed out)."""
        if scale != self.label.scale():
            for label in (self.label, self.sublabel):
                if label is not None:
                    label.setScale(scale)
            self._place_labels()

    def set_labels_shown(self, shown: bool) -> None:
        self.label.setVisible(shown)
        if self.sublabel is not None:
            self.sublabel.setVisible(shown)

    def label_rect(self) -> tuple[float, float, float, float]:
        """The labels as drawn now (scaled), in scene coordinates."""
        rect = self.label.mapRectToScene(self.label.boundingRect())
        if self.sublabel is not None:
            rect = rect.united(self.sublabel.mapRectToScene(self.sublabel.boundingRect()))
        return (rect.left(), rect.top(), rect.right(), rect.bottom())

    def set_radius(self, radius: float) -> None:
        if radius != self.radius:
            self.radius = radius
            self._apply_look()
            self._place_labels()
            self.adjust_edges()

    def set_metrics(self, degree: int | None, betweenness: float | None) -> None:
        lines = [KIND_NAMES[self.node.kind], self.node.label]
        if self.node.sublabel:
            lines.append(self.node.sublabel)
        if degree is not None:
            lines.append(f"Links: {degree}")
        if betweenness is not None:
            lines.append(f"Betweenness: {betweenness:.3f}")
        if self.node.kept_as_typed:
            lines.append("⚠ An identifier was kept as typed although its check failed "
                         "(the entity window says who and when)")
        if self.pinned:
            lines.append("Pinned")
        self.setToolTip("\n".join(lines))  # plain text: Qt shows it literally

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) around the position: icon plus labels at their
        normal size (what layouts keep apart), shown or not."""
        r = self.radius
        text = self.label.boundingRect()
        width, height = text.width(), text.height()
        if self.sublabel is not None:
            sub = self.sublabel.boundingRect()
            width, height = max(width, sub.width()), height + sub.height()
        half = max(r, width / 2 + 2)
        return (-half, -r, half, r + 2 + height)

    def _apply_look(self) -> None:
        r = self.radius
        self.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        self.icon.setScale(r / BASE_RADIUS)
        self.pin_mark.setPos(r * 0.72, -r * 0.72)
        self.pin_mark.setVisible(self.pinned)
        if self.highlighted:
            self.setPen(QPen(QColor(HIGHLIGHT_COLOUR), 4))
        else:
            self.setPen(QPen(self._colour.darker(130), 1.2))

    def set_pinned(self, pinned: bool) -> None:
        self.pinned = pinned
        self._apply_look()

    def set_highlighted(self, on: bool) -> None:
        self.highlighted = on
        self._apply_look()

    def move_to(self, x: float, y: float) -> None:
        """Move and drag the attached edges along."""
        self.setPos(x, y)
        self.adjust_edges()

    def adjust_edges(self) -> None:
        for edge in self.edges:
            edge.adjust()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        # Qt drags the whole selection; remember where each node started.
        scene = self.scene()
        for item in [self, *(scene.selectedItems() if scene is not None else [])]:
            if isinstance(item, NodeItem):
                item.drag_origin = item.pos()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # Edges follow here rather than in itemChange, which Qt would call into
        # Python for every move of every node, layouts and animations included.
        super().mouseMoveEvent(event)
        scene = self.scene()
        for item in [self, *(scene.selectedItems() if scene is not None else [])]:
            if isinstance(item, NodeItem):
                item.adjust_edges()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        scene = self.scene()
        if scene is not None and hasattr(scene, "nodes_dragged"):
            scene.nodes_dragged()


class EdgeItem(QGraphicsLineItem):
    """A straight link with an arrowhead at its target and a label halfway.

    A line item (Qt's fastest stroke) plus a child arrowhead the scene hides
    when zoomed out: as one path, lines and arrows cost 3/4 of an overview repaint.
    """

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem, lane: float = 0.0) -> None:
        super().__init__()
        self.edge = edge
        self.source = source
        self.target = target
        self.lane = lane  # parallel links: labels shifted sideways by lane * 14 px
        # Where the label sits: a fraction along the edge, and beside it or not
        # (ChartScene.place_edge_labels, sirat.chart.labels).
        self.label_spot: tuple[float, int] = (0.5, 0)
        self.highlighted = False
        self.setZValue(0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.arrow = QGraphicsPolygonItem(self)
        self.arrow.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.label = ChartLabel(edge.label, _font(EDGE_FONT_PX), SUBLABEL_COLOUR, self)
        self._apply_pen()
        source.edges.append(self)
        target.edges.append(self)
        self.adjust()

    def _apply_pen(self) -> None:
        if self.highlighted:
            pen = QPen(QColor(HIGHLIGHT_COLOUR), 4)
        else:
            colour = ROLE_EDGE_COLOUR if self.edge.kind == "role" else EDGE_COLOUR
            pen = QPen(QColor(colour), 1.3)
            if self.edge.kind == "role":
                pen.setStyle(Qt.PenStyle.DashLine)
        # Cosmetic: a device-pixel-wide stroke with Qt's fast clipped line drawer;
        # a scaled pen strokes a whole long line even when most is off screen.
        pen.setCosmetic(True)
        self.setPen(pen)
        self.arrow.setPen(QPen(Qt.PenStyle.NoPen))
        self.arrow.setBrush(QBrush(pen.color()))

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self._apply_pen()

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy)
        rect = self.label.boundingRect()
        if length > self.source.radius + self.target.radius + 1:
            ux, uy = dx / length, dy / length
            r0, r1 = self.source.radius, self.target.radius + 2
            end = QPointF(b.x() - ux * r1, b.y() - uy * r1)
            self.setLine(QLineF(QPointF(a.x() + ux * r0, a.y() + uy * r0), end))
            back = QPointF(end.x() - ux * 9.0, end.y() - uy * 9.0)
            wing = QPointF(-uy * 4.5, ux * 4.5)
            self.arrow.setPolygon(QPolygonF([end, back + wing, back - wing]))
            t, side = self.label_spot
            shift_x, shift_y = label_shift(ux, uy, self.lane + side * rect.height() / LANE_GAP)
            mid_x, mid_y = a.x() + dx * t + shift_x, a.y() + dy * t + shift_y
        else:
            self.setLine(QLineF(a, a))
            self.arrow.setPolygon(QPolygonF())
            mid_x, mid_y = a.x(), a.y()
        self.label.setPos(mid_x - rect.width() / 2, mid_y - rect.height() / 2)
