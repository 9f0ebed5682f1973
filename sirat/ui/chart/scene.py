"""The chart scene: one item per node and edge, kept in step with a ChartGraph.

The scene never decides *what* is on the chart (that is the ChartGraph and the
view); it adds and removes items for a GraphChange, hides what a filter
leaves out, highlights a path, sizes nodes by a metric, and shows labels only
when they would be big enough to read.
"""

from __future__ import annotations

import math
from collections import defaultdict

import shiboken6
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from sirat.chart.boxes import Box, Position
from sirat.chart.graph import ChartGraph, EdgeKey
from sirat.chart.labels import LabelSpot, ObstacleGrid, Rect, place_edge_labels
from sirat.ui.chart.items import BASE_RADIUS, LABEL_FONT_PX, EdgeItem, NodeItem, label_shift

#: Zoom below which icons, arrowheads, node labels and edge labels are hidden.
ICON_ZOOM = 0.2
ARROW_ZOOM = 0.35
NODE_LABEL_ZOOM = 0.25
EDGE_LABEL_ZOOM = 0.8
#: Zoomed out, node labels are drawn larger so they stay this many pixels high on
#: screen (at most MAX_LABEL_BOOST times), and only those that then fit are shown.
MIN_LABEL_PX = 9.0
MAX_LABEL_BOOST = 2.2
#: Above this many visible nodes labels keep their place and size, all or nothing
#: (placing them costs more than it helps on such a chart).
LABEL_PLACEMENT_LIMIT = 400


def _rect(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class ChartScene(QGraphicsScene):
    """Items for a graph; ``draggedNodes`` tells which nodes the user moved."""

    draggedNodes = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#f7f8fa"))
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[EdgeKey, EdgeItem] = {}
        self._zoom = 1.0
        self.selectionChanged.connect(self._selection_changed)

    # -- building --------------------------------------------------------------
    def rebuild(self, graph: ChartGraph, positions: dict[str, Position]) -> None:
        # Forget the items before deleting them: clear() reports the lost selection.
        self.node_items.clear()
        self.edge_items.clear()
        self.clear()
        self.add_nodes(graph, graph.node_ids(), positions)
        self.add_edges(graph, [e.key for e in graph.edges()])

    def add_nodes(
        self, graph: ChartGraph, node_ids: list[str], positions: dict[str, Position]
    ) -> None:
        for node_id in node_ids:
            item = NodeItem(graph.node(node_id))
            item.set_pinned(graph.is_pinned(node_id))
            x, y = positions.get(node_id, (0.0, 0.0))
            item.setPos(x, y)
            self.addItem(item)
            self.node_items[node_id] = item
            self._apply_zoom_to_node(item)

    def add_edges(self, graph: ChartGraph, keys: list[EdgeKey]) -> None:
        lanes: dict[frozenset[str], list[EdgeKey]] = defaultdict(list)
        for key in self.edge_items:
            lanes[frozenset(key[:2])].append(key)
        for key in keys:
            edge = graph.edge(key)
            pair = frozenset((edge.source, edge.target))
            lane_keys = lanes[pair]
            lane_keys.append(key)
            item = EdgeItem(edge, self.node_items[edge.source], self.node_items[edge.target])
            self.addItem(item)
            self.edge_items[key] = item
            item.label.setVisible(self._zoom >= EDGE_LABEL_ZOOM)
            item.arrow.setVisible(self._zoom >= ARROW_ZOOM)
            # Spread labels of parallel links around the midpoint.
            if len(lane_keys) > 1:
                for k, other in enumerate(lane_keys):
                    self.edge_items[other].lane = k - (len(lane_keys) - 1) / 2
                    self.edge_items[other].adjust()

    def remove(self, node_ids: tuple[str, ...], edge_keys: tuple[EdgeKey, ...]) -> None:
        for key in edge_keys:
            item = self.edge_items.pop(key, None)
            if item is not None:
                for end in (item.source, item.target):
                    if item in end.edges:
                        end.edges.remove(item)
                self.removeItem(item)
        for node_id in node_ids:
            node = self.node_items.pop(node_id, None)
            if node is not None:
                self.removeItem(node)

    # -- reading ---------------------------------------------------------------
    def positions(self) -> dict[str, Position]:
        return {
            k: (round(i.pos().x(), 2), round(i.pos().y(), 2)) for k, i in self.node_items.items()
        }

    def boxes(self) -> dict[str, Box]:
        return {k: i.box() for k, i in self.node_items.items()}

    def selected_ids(self) -> list[str]:
        return sorted(i.node.id for i in self.selectedItems() if isinstance(i, NodeItem))

    def visible_rect(self) -> QRectF:
        """Bounding rectangle of the visible items (labels included)."""
        rect = QRectF()
        for item in self.node_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect()).united(
                    item.mapRectToScene(item.childrenBoundingRect())
                )
        return rect

    # -- presentation ------------------------------------------------------------
    def set_positions(self, positions: dict[str, Position]) -> None:
        for node_id, (x, y) in positions.items():
            item = self.node_items.get(node_id)
            if item is not None:
                item.move_to(x, y)

    def set_visible_graph(self, view: ChartGraph) -> None:
        for node_id, node in self.node_items.items():
            node.setVisible(node_id in view)
        for key, edge in self.edge_items.items():
            edge.setVisible(view.has_edge(key))
        self.refresh_labels()

    def refresh_labels(self) -> None:
        """Nodes moved, appeared or changed size: place every label again."""
        self.place_edge_labels()
        self.declutter_node_labels()

    def place_edge_labels(self) -> None:
        """Slide each edge label along its edge to a spot that covers no node label and
        no other edge label (``sirat.chart.labels``)."""
        nodes = [i for i in self.node_items.values() if i.isVisible()]
        if len(nodes) > LABEL_PLACEMENT_LIMIT:
            return
        obstacles: list[Rect] = []
        for item in nodes:
            left, top, right, bottom = item.box()
            x, y = item.pos().x(), item.pos().y()
            obstacles.append((x + left, y + top, x + right, y + bottom))
        spots = []
        for key, edge in self.edge_items.items():
            if not edge.isVisible():
                continue
            a, b = edge.source.pos(), edge.target.pos()
            length = math.hypot(b.x() - a.x(), b.y() - a.y()) or 1.0
            shift = label_shift((b.x() - a.x()) / length, (b.y() - a.y()) / length, edge.lane)
            rect = edge.label.boundingRect()
            spots.append(LabelSpot(key, (a.x(), a.y()), (b.x(), b.y()),
                                   (rect.width(), rect.height()), shift))  # fmt: skip
        placed = place_edge_labels(spots, obstacles)
        for key, edge_item in self.edge_items.items():
            spot = placed.get(key)
            if spot is not None and edge_item.label_spot != spot:
                edge_item.label_spot = spot
                edge_item.adjust()

    def set_highlight(self, path: list[str] | None) -> None:
        on_path = set(path or ())
        steps = {frozenset(p) for p in zip(path or (), (path or [])[1:], strict=False)}
        dim = bool(path)
        for node_id, node in self.node_items.items():
            node.set_highlighted(node_id in on_path)
            node.setOpacity(1.0 if not dim or node_id in on_path else 0.3)
        for key, edge in self.edge_items.items():
            on = frozenset(key[:2]) in steps
            edge.set_highlighted(on)
            edge.setOpacity(1.0 if not dim or on else 0.2)
        self.declutter_node_labels()  # the path's labels first

    def set_pinned(self, node_id: str, pinned: bool) -> None:
        item = self.node_items.get(node_id)
        if item is not None:
            item.set_pinned(pinned)

    def set_sizes(
        self,
        metric: dict[str, float] | None,
        degree: dict[str, int] | None = None,
        betweenness: dict[str, float] | None = None,
    ) -> None:
        """Scale node discs by ``metric`` (None: all the same size)."""
        top = max(metric.values(), default=0.0) if metric else 0.0
        for node_id, item in self.node_items.items():
            share = (metric or {}).get(node_id, 0.0) / top if top > 0 else 0.0
            item.set_radius(BASE_RADIUS * (1.0 + 1.2 * share**0.5))
            item.set_metrics((degree or {}).get(node_id), (betweenness or {}).get(node_id))
        if metric:
            self.refresh_labels()  # bigger discs push their labels down

    def set_zoom(self, zoom: float) -> None:
        """Show icons, arrows and labels only where they are big enough to read."""
        old, self._zoom = self._zoom, zoom
        if (old >= ICON_ZOOM) != (zoom >= ICON_ZOOM):
            for item in self.node_items.values():
                item.icon.setVisible(zoom >= ICON_ZOOM)
        if (old >= ARROW_ZOOM) != (zoom >= ARROW_ZOOM):
            for edge in self.edge_items.values():
                edge.arrow.setVisible(zoom >= ARROW_ZOOM)
        if (old >= EDGE_LABEL_ZOOM) != (zoom >= EDGE_LABEL_ZOOM):
            for edge in self.edge_items.values():
                edge.label.setVisible(zoom >= EDGE_LABEL_ZOOM)
        self.declutter_node_labels()

    def _selection_changed(self) -> None:
        # Also called while Qt deletes the items (the scene closing): then leave them be.
        alive = all(shiboken6.isValid(i) for i in self.node_items.values())
        if alive and self._zoom * LABEL_FONT_PX < MIN_LABEL_PX:  # selected labels first
            self.declutter_node_labels()

    def _apply_zoom_to_node(self, item: NodeItem) -> None:
        item.icon.setVisible(self._zoom >= ICON_ZOOM)
        item.set_labels_shown(self._zoom >= NODE_LABEL_ZOOM)

    def declutter_node_labels(self) -> None:
        """Zoomed out, draw node labels larger and show only those that fit, most
        connected first; at normal size the layout already keeps them apart."""
        visible = [i for i in self.node_items.values() if i.isVisible()]
        boost = min(MAX_LABEL_BOOST, max(1.0, MIN_LABEL_PX / (LABEL_FONT_PX * self._zoom)))
        if self._zoom < NODE_LABEL_ZOOM or len(visible) > LABEL_PLACEMENT_LIMIT:
            boost = 1.0
        for item in self.node_items.values():
            item.set_label_scale(boost)
        if boost == 1.0:
            for item in self.node_items.values():
                item.set_labels_shown(self._zoom >= NODE_LABEL_ZOOM)
            return
        grid = ObstacleGrid()
        for item in visible:  # no label may hide another node's disc
            grid.add(_rect(item.sceneBoundingRect()))
        order = sorted(visible, key=lambda i: (not i.highlighted, not i.isSelected(),
                                               -len(i.edges), i.node.id))  # fmt: skip
        for item in order:
            rect = item.label_rect()
            fits = grid.overlap(rect)[0] == 0
            item.set_labels_shown(fits)
            if fits:
                grid.add(rect)

    def nodes_dragged(self) -> None:
        """Called by a node on mouse release: report every node that moved."""
        moved = []
        for item in self.node_items.values():
            if item.drag_origin is not None:
                if item.pos() != item.drag_origin:
                    moved.append(item.node.id)
                item.drag_origin = None
        if moved:
            self.refresh_labels()
            self.draggedNodes.emit(sorted(moved))
