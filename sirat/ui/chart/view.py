"""ChartView: the interactive link chart (QGraphicsView over a ChartGraph).

Keys (also in ChartWindow's menus): E expand, C collapse, Delete remove,
P pin/unpin, S shortest path between two selected nodes, Esc clear the
highlight, F or Ctrl+0 fit, +/- zoom, arrows pan. Double-click expands; the
wheel zooms; dragging the background pans (Shift+drag selects); dragging a
node moves and pins it. Layouts run on the app's CPU worker and expanding asks
the neighbour provider on the vault worker (``sirat.ui.chart.tasks``); results
come back by signal and stale ones are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from sirat.chart.boxes import Position
from sirat.chart.graph import ChartFilter, ChartGraph, Edge, NeighbourProvider, Node
from sirat.chart.layout import force_directed, hierarchical, radial
from sirat.chart.layout_tree import best_connected, ring_around
from sirat.chart.store import chart_from_dict, chart_to_dict
from sirat.errors import SiratError
from sirat.ui.chart.metrics import MetricsMixin
from sirat.ui.chart.navigation import NavigationMixin
from sirat.ui.chart.scene import ChartScene
from sirat.ui.chart.tasks import CPU, VAULT, standalone_tasks
from sirat.ui.signals import emit
from sirat.ui.tasks import Tasks

T = TypeVar("T")

LAYOUTS = ("force", "radial", "hierarchical")
_ANIMATE_LIMIT = 600


def _nodes(count: int) -> str:
    return f"{count} node" if count == 1 else f"{count} nodes"


class ChartView(MetricsMixin, NavigationMixin):
    """Interactive chart of ``graph``; ``neighbour_provider`` feeds expand."""

    busyChanged = Signal(bool)
    layoutFinished = Signal()
    graphChanged = Signal()
    expanded = Signal(object)  # the GraphChange of an expansion, once drawn
    message = Signal(str)  # counts and hints only, never names
    edited = Signal(str)  # a user's edit ("Remove 2 nodes"), once done: the undo history

    def __init__(
        self,
        graph: ChartGraph,
        neighbour_provider: NeighbourProvider | None = None,
        *,
        positions: Mapping[str, Position] | None = None,
        chart_filter: ChartFilter | None = None,
        seed: int = 0,
        tasks: Tasks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._graph = graph
        self._provider = neighbour_provider
        self._seed = seed
        self._filter = chart_filter or ChartFilter()
        self._visible = graph
        self._generation = 0
        self._unplaced: set[str] = set()  # added, waiting for their layout
        self._tasks = tasks if tasks is not None else standalone_tasks()
        self._pending = 0  # this view's ops still out
        self._animation: QVariantAnimation | None = None
        self.animate = False
        self.chart_scene = ChartScene(self)
        self.setScene(self.chart_scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Panning is by dragging and arrow keys; scroll bars would only eat room.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scene.draggedNodes.connect(self._on_dragged)
        self._init_metrics()
        known = dict(positions or {})
        missing = [i for i in graph.node_ids() if i not in known]
        known.update(ring_around((0.0, 0.0), missing, spread=True))
        self.chart_scene.rebuild(graph, known)
        self._apply_filter()
        if missing:
            self.run_layout("force", keep=set(known) - set(missing))

    # -- state -------------------------------------------------------------------
    @property
    def graph(self) -> ChartGraph:
        return self._graph

    @property
    def chart_filter(self) -> ChartFilter:
        return self._filter

    @property
    def busy(self) -> bool:
        return self._pending > 0 or self._animation is not None

    def positions(self) -> dict[str, Position]:
        return self.chart_scene.positions()

    def selected_ids(self) -> list[str]:
        return self.chart_scene.selected_ids()

    def visible_graph(self) -> ChartGraph:
        return self._visible

    def chart_state(self) -> dict[str, object]:
        """The chart as a JSON-able dict (see sirat.chart.store) for the vault."""
        return chart_to_dict(self._graph, self.positions(), self._filter, size_by=self.size_by)

    @classmethod
    def from_state(
        cls,
        state: Mapping[str, object],
        neighbour_provider: NeighbourProvider | None = None,
        parent: QWidget | None = None,
        *,
        tasks: Tasks | None = None,
    ) -> ChartView:
        saved = chart_from_dict(state)
        view = cls(
            saved.graph,
            neighbour_provider,
            positions=saved.positions,
            chart_filter=saved.chart_filter,
            tasks=tasks,
            parent=parent,
        )
        view.set_size_by(saved.size_by)
        return view

    def _start(self, work: Callable[[], T], done: Callable[[T], None],
               failed: Callable[[BaseException], None] | None = None, *,
               worker: str = CPU) -> None:
        """Run ``work`` as an op of this view; ``busy`` is already False again (when no
        other op is out) by the time ``done`` or ``failed`` hears the outcome, a bug
        included (which then also goes to the crash hook)."""

        def settle() -> None:
            self._pending -= 1

        def succeeded(result: T) -> None:
            settle()
            done(result)

        def went_wrong(error: BaseException) -> None:
            settle()
            if failed is not None:
                failed(error)

        self._pending += 1
        self._tasks.run(work, on_success=succeeded, on_failure=went_wrong,
                        on_bug=went_wrong, owner=self, worker=worker, name="chart")

    # -- graph operations ----------------------------------------------------------
    def expand(self, node_id: str) -> None:
        """Ask the provider (on the vault worker) what is linked to ``node_id``; draw it."""
        if self._provider is None:
            self.message.emit("Nothing to expand from: no data source is connected")
            return
        if node_id not in self._graph:
            return
        provider, known = self._provider, frozenset(self._graph.node_ids())

        def work() -> tuple[list[Node], list[Edge]]:
            nodes, edges = provider(node_id, known)
            return list(nodes), list(edges)

        self.busyChanged.emit(True)
        self._start(work, lambda found: self._expanded(node_id, found), self._expand_failed,
                    worker=VAULT)

    def _expand_failed(self, error: BaseException) -> None:
        self.busyChanged.emit(self.busy)
        text = error.message if isinstance(error, SiratError) else "an unexpected error"
        self.message.emit(f"Could not expand: {text}")

    def _expanded(self, node_id: str, found: tuple[list[Node], list[Edge]]) -> None:
        if node_id not in self._graph:  # removed while the vault was asked
            self.busyChanged.emit(self.busy)
            return
        drawn = set(self.chart_scene.node_items)
        change = self._graph.merge(*found)
        if change.empty:
            self.busyChanged.emit(self.busy)
            self.message.emit("No further links")
            self.expanded.emit(change)
            return
        x, y = self.positions()[node_id]
        added = list(change.added_nodes)
        self.chart_scene.add_nodes(self._graph, added, ring_around((x, y), added))
        self.chart_scene.add_edges(self._graph, list(change.added_edges))
        self._unplaced |= set(added)
        self._after_change()
        self.message.emit(f"Added {len(added)} nodes, {len(change.added_edges)} links")
        emit(self.edited, f"Expand ({_nodes(len(added))})")
        self.run_layout("force", keep=drawn - self._unplaced)
        self.expanded.emit(change)

    def expand_selected(self) -> None:
        for node_id in self.selected_ids():
            self.expand(node_id)

    def collapse_selected(self) -> None:
        removed = 0
        for node_id in self.selected_ids():
            if node_id in self._graph:
                change = self._graph.collapse(node_id)
                self.chart_scene.remove(change.removed_nodes, change.removed_edges)
                removed += len(change.removed_nodes)
        self._after_change()
        self.message.emit(f"Collapsed {removed} nodes")
        if removed:
            emit(self.edited, f"Collapse ({_nodes(removed)})")

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        for node_id in ids:
            change = self._graph.remove_node(node_id)
            self.chart_scene.remove(change.removed_nodes, change.removed_edges)
        self._after_change()
        self.message.emit(f"Removed {len(ids)} nodes")
        if ids:
            emit(self.edited, f"Remove ({_nodes(len(ids))})")

    def toggle_pin_selected(self) -> None:
        ids = self.selected_ids()
        pin = not all(self._graph.is_pinned(i) for i in ids)
        for node_id in ids:
            self._graph.pin(node_id) if pin else self._graph.unpin(node_id)
            self.chart_scene.set_pinned(node_id, pin)
        self.message.emit(f"{'Pinned' if pin else 'Unpinned'} {len(ids)} nodes")
        if ids:
            emit(self.edited, f"{'Pin' if pin else 'Unpin'} ({_nodes(len(ids))})")

    def _on_dragged(self, ids: list[str]) -> None:
        for node_id in ids:
            self._graph.pin(node_id)
            self.chart_scene.set_pinned(node_id, True)
        emit(self.edited, f"Move ({_nodes(len(ids))})")

    def restore(self, graph: ChartGraph, positions: Mapping[str, Position]) -> None:
        """Put back an earlier state (undo / redo): the nodes, links, pins and places.

        Layout results still on their way are dropped (the generation moves on)."""
        self._generation += 1
        self._stop_animation()
        self._unplaced.clear()
        self._graph = graph.copy()
        self.chart_scene.rebuild(self._graph, dict(positions))
        self._after_change()
        self._update_scene_rect()
        self.chart_scene.refresh_labels()

    def _after_change(self) -> None:
        self._apply_filter()
        self.graphChanged.emit()

    # -- filter and highlight ------------------------------------------------------
    def set_filter(self, chart_filter: ChartFilter) -> None:
        self._filter = chart_filter
        self._apply_filter()

    def _apply_filter(self) -> None:
        # No filter: show the graph itself rather than copy 5,000 edges.
        self._visible = (
            self._graph if self._filter.is_identity else self._graph.filter(self._filter)
        )
        self.chart_scene.set_visible_graph(self._visible)
        self.chart_scene.set_highlight(None)
        self.refresh_metrics()
        self.message.emit(f"{len(self._visible)} nodes, {self._visible.edge_count} links shown")

    def show_shortest_path(self) -> list[str] | None:
        ids = self.selected_ids()
        if len(ids) != 2:
            self.message.emit("Select exactly two nodes to find the path between them")
            return None
        path = self._visible.shortest_path(ids[0], ids[1])
        self.chart_scene.set_highlight(path)
        if path is None:
            self.message.emit("No path between the selected nodes among those shown")
        else:
            self.message.emit(f"Shortest path: {len(path) - 1} links")
        return path

    def clear_highlight(self) -> None:
        self.chart_scene.set_highlight(None)

    def forget(self) -> None:
        """Drop every node and label (the vault is being locked); results still out are
        ignored when they arrive."""
        self._generation += 1
        self._stop_animation()
        self._provider = None
        self._graph = self._visible = ChartGraph()
        self.chart_scene.rebuild(self._graph, {})

    # -- layout --------------------------------------------------------------------
    def run_layout(
        self, kind: str = "force", center: str | None = None, *, keep: set[str] | None = None
    ) -> None:
        """Lay out the visible nodes off the GUI thread.

        Force layout keeps pinned nodes (and ``keep``) where they are; radial
        and hierarchical arrange around ``center`` (default: first selected).
        """
        if kind not in LAYOUTS:
            raise ValueError(f"unknown layout {kind!r}")
        snapshot = self._visible.copy()
        if len(snapshot) == 0:
            return
        current = self.positions()
        boxes = {k: v for k, v in self.chart_scene.boxes().items() if k in snapshot}
        fixed = set(snapshot.pinned) | (keep or set())
        pins = {k: current[k] for k in fixed if k in snapshot}
        if kind != "force":
            center = center or next(iter(self.selected_ids()), None) or best_connected(snapshot)
        seed = self._seed

        def work() -> dict[str, Position]:
            if kind == "force":
                return force_directed(snapshot, seed=seed, pinned=pins, boxes=boxes)
            assert center is not None  # noqa: S101 - set above for these layouts
            layout = radial if kind == "radial" else hierarchical
            placed = layout(snapshot, center, boxes=boxes)
            # Keep the centre node where it is, so the picture turns around it.
            dx = current[center][0] - placed[center][0]
            dy = current[center][1] - placed[center][1]
            return {k: (x + dx, y + dy) for k, (x, y) in placed.items()}

        self._generation += 1
        generation = self._generation
        self._stop_animation()
        self.busyChanged.emit(True)
        self._start(work, lambda result: self._layout_done(generation, result), self._failed)

    def _failed(self, _exc: BaseException) -> None:
        self.busyChanged.emit(self.busy)
        self.message.emit("The layout could not be computed")

    def _layout_done(self, generation: int, result: dict[str, Position]) -> None:
        if generation != self._generation:
            self.busyChanged.emit(self.busy)
            return  # a newer layout is on its way
        self._unplaced -= set(result)
        if not self.animate or len(result) > _ANIMATE_LIMIT:
            self.chart_scene.set_positions(result)
            self._finish_layout()
            return
        start = self.positions()
        animation = QVariantAnimation(self)
        animation.setStartValue(0.0)
        animation.setEndValue(1.0)
        animation.setDuration(350)
        animation.setEasingCurve(QEasingCurve.Type.InOutQuad)

        def step(t: float) -> None:
            self.chart_scene.set_positions(
                {
                    k: (sx + (result[k][0] - sx) * t, sy + (result[k][1] - sy) * t)
                    for k, (sx, sy) in start.items()
                    if k in result
                }
            )

        animation.valueChanged.connect(step)
        animation.finished.connect(self._finish_layout)
        self._animation = animation
        animation.start()

    def _stop_animation(self) -> None:
        if self._animation is not None:
            self._animation.stop()
            self._animation.deleteLater()
            self._animation = None

    def _finish_layout(self) -> None:
        if self._animation is not None:
            self._animation.deleteLater()
            self._animation = None
        self._update_scene_rect()
        self.chart_scene.refresh_labels()
        self.busyChanged.emit(self.busy)
        self.layoutFinished.emit()
