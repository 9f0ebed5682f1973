"""Zoom, pan and the keyboard and mouse of the chart view (mixed into ChartView).

Keys: E expand, C collapse, Delete remove, P pin/unpin, S shortest path between two
selected nodes, Esc clear the highlight, F or Ctrl+0 fit, +/- zoom, arrows pan.
Double-click expands; the wheel zooms; dragging the background pans (Shift+drag
selects); dragging a node moves and pins it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from sirat.ui.chart.items import NodeItem
from sirat.ui.chart.scene import ChartScene

_MIN_ZOOM, _MAX_ZOOM, _FIT_MAX_ZOOM = 0.02, 4.0, 1.2


class NavigationMixin(QGraphicsView):
    """Needs ``chart_scene`` and the graph operations of ChartView."""

    chart_scene: ChartScene
    expand: Callable[[str], None]
    expand_selected: Callable[[], None]
    collapse_selected: Callable[[], None]
    remove_selected: Callable[[], None]
    toggle_pin_selected: Callable[[], None]
    show_shortest_path: Callable[[], object]
    clear_highlight: Callable[[], None]

    # -- zoom and pan ----------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        factor = min(max(self.zoom * factor, _MIN_ZOOM), _MAX_ZOOM) / self.zoom
        self.scale(factor, factor)
        self.chart_scene.set_zoom(self.zoom)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def _update_scene_rect(self) -> QRectF:
        """Room to pan: the chart plus a viewport's worth around it."""
        rect = self.chart_scene.visible_rect()
        if not rect.isNull():
            pad_x = max(rect.width(), self.viewport().width() / max(self.zoom, _MIN_ZOOM))
            pad_y = max(rect.height(), self.viewport().height() / max(self.zoom, _MIN_ZOOM))
            self.setSceneRect(rect.adjusted(-pad_x, -pad_y, pad_x, pad_y))
        return rect

    def fit_all(self) -> None:
        rect = self._update_scene_rect()
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > _FIT_MAX_ZOOM:  # a tiny chart should not be blown up
            self.zoom_by(_FIT_MAX_ZOOM / self.zoom)
        self.chart_scene.set_zoom(self.zoom)

    def pan(self, dx: float, dy: float) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + round(dx * self.viewport().width()))
        v.setValue(v.value() + round(dy * self.viewport().height()))

    # -- input -----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        rubber = QGraphicsView.DragMode.RubberBandDrag
        self.setDragMode(rubber if shift else QGraphicsView.DragMode.ScrollHandDrag)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            self.expand(item.node.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        k = Qt.Key
        actions: dict[int, Callable[[], object]] = {
            k.Key_E: self.expand_selected,
            k.Key_C: self.collapse_selected,
            k.Key_Delete: self.remove_selected,
            k.Key_Backspace: self.remove_selected,
            k.Key_P: self.toggle_pin_selected,
            k.Key_S: self.show_shortest_path,
            k.Key_Escape: self.clear_highlight,
            k.Key_F: self.fit_all,
            k.Key_Plus: self.zoom_in,
            k.Key_Equal: self.zoom_in,
            k.Key_Minus: self.zoom_out,
            k.Key_Left: lambda: self.pan(-0.1, 0),
            k.Key_Right: lambda: self.pan(0.1, 0),
            k.Key_Up: lambda: self.pan(0, -0.1),
            k.Key_Down: lambda: self.pan(0, 0.1),
        }
        if ctrl and key == k.Key_0:
            self.fit_all()
        elif key in actions and not (ctrl and key not in (k.Key_Plus, k.Key_Minus)):
            actions[key]()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
