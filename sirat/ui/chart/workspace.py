"""The chart as a workspace: a context menu on nodes and links, find on chart, a legend and
the shortest path listed -- added to a :class:`ChartWindow` by :func:`equip`.

Opening a report or an entity from a node goes through ``ChartWindow.open_requested``
(the node id); the app connects it to its editor and entity window, so the chart itself
never touches the vault for that.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QToolBar,
)

from sirat.chart.style import KIND_COLOURS, KIND_NAMES
from sirat.ui.chart.items import EdgeItem, NodeItem
from sirat.ui.chart.view import ChartView
from sirat.ui.icons import kind_icon
from sirat.ui.signals import emit


class ChartWorkspace(QMainWindow):
    """What the helpers below need of the chart's window; ``ChartWindow`` is this, grown.

    A base class rather than an import of the window: the window imports these helpers
    (``equip`` builds its docks), so naming it here would close an import circle.
    """

    #: a node's id ("report:12", "entity:7") the user asked to open
    open_requested = Signal(str)

    view: ChartView
    last_menu: QMenu | None
    legend_dock: QDockWidget
    path_dock: QDockWidget
    path_list: QListWidget
    find_box: QLineEdit

    def toolbar(self) -> QToolBar:
        raise NotImplementedError

    def show_message(self, text: str) -> None:
        raise NotImplementedError


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def equip(window: ChartWorkspace) -> None:
    view = window.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: context_menu(window, pos))
    # Legend: every kind with its icon in its colour (the chart colours by kind).
    legend = QListWidget(window)
    legend.setObjectName("chartLegend")
    for kind, name in KIND_NAMES.items():
        icon = kind_icon(kind)
        legend.addItem(QListWidgetItem(icon if not icon.isNull()
                                       else _swatch(KIND_COLOURS[kind]), name))
    window.legend_dock = _dock(window, "Legend", "chartLegendDock", legend)
    _LegendPlace(window, window.legend_dock, legend)
    # The shortest path, listed node by node.
    window.path_list = QListWidget(window)
    window.path_list.setObjectName("chartPath")
    window.path_list.itemActivated.connect(
        lambda item: _centre(window, str(item.data(Qt.ItemDataRole.UserRole))))
    window.path_dock = _dock(window, "Shortest path", "chartPathDock", window.path_list)
    window.path_dock.hide()
    # Find on chart: typing selects the nodes whose label holds the text.
    window.find_box = QLineEdit(window)
    window.find_box.setObjectName("chartFind")
    window.find_box.setPlaceholderText("Find on chart (Ctrl+J)")
    window.find_box.setClearButtonEnabled(True)
    window.find_box.setMaximumWidth(260)
    window.find_box.textChanged.connect(lambda text: find(window, text))
    window.toolbar().addWidget(window.find_box)
    def focus_find() -> None:
        window.find_box.setFocus()
        window.find_box.selectAll()

    QShortcut(QKeySequence("Ctrl+J"), window, focus_find)
    window.legend_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+K"))


def _dock(window: ChartWorkspace, title: str, name: str, widget: QListWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock


#: Below this width the legend beside the canvas would take a third of it.
NARROW = 900


class _LegendPlace(QObject):
    """A chart narrower than :data:`NARROW` (docked beside the list on a 1280-px screen)
    shows its legend under the canvas, the kinds in rows, instead of a column beside it that
    took ~250 of ~600 px; wider again, the legend goes back beside it. A legend the user
    detached or put elsewhere is left where it is."""

    def __init__(self, window: ChartWorkspace, dock: QDockWidget, legend: QListWidget) -> None:
        super().__init__(window)
        self._window, self._dock, self._legend = window, dock, legend
        self.under = False
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.apply()
        return False

    def apply(self) -> None:
        window, dock, legend = self._window, self._dock, self._legend
        area = window.dockWidgetArea(dock)
        ours = Qt.DockWidgetArea.BottomDockWidgetArea if self.under \
            else Qt.DockWidgetArea.RightDockWidgetArea
        if dock.isFloating() or area != ours:
            return  # the user placed it: theirs
        under = window.width() < NARROW
        if under == self.under:
            return
        self.under = under
        legend.setFlow(QListView.Flow.LeftToRight if under else QListView.Flow.TopToBottom)
        legend.setWrapping(under)
        legend.setResizeMode(QListView.ResizeMode.Adjust)
        legend.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if under
                                            else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        row = legend.sizeHintForRow(0) if legend.count() else 20
        legend.setMaximumHeight(row * 3 + 2 * legend.frameWidth() + 4 if under else 16777215)
        window.removeDockWidget(dock)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea if under
                             else Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.show()


def _select_only(window: ChartWorkspace, ids: list[str]) -> None:
    scene = window.view.chart_scene
    scene.clearSelection()
    for node_id in ids:
        item = scene.node_items.get(node_id)
        if item is not None:
            item.setSelected(True)


def _centre(window: ChartWorkspace, node_id: str) -> None:
    item = window.view.chart_scene.node_items.get(node_id)
    if item is not None:
        _select_only(window, [node_id])
        window.view.centerOn(item)


def neighbours(window: ChartWorkspace, node_id: str) -> list[str]:
    item = window.view.chart_scene.node_items.get(node_id)
    if item is None:
        return []
    found = {node_id}
    for edge in item.edges:
        found |= {edge.edge.source, edge.edge.target}
    return sorted(found)


def find(window: ChartWorkspace, text: str) -> list[str]:
    """Select the nodes whose label or sublabel holds ``text`` (case-blind)."""
    wanted = text.strip().casefold()
    if not wanted:
        window.view.chart_scene.clearSelection()
        return []
    hits = [nid for nid, item in window.view.chart_scene.node_items.items()
            if wanted in item.node.label.casefold() or wanted in item.node.sublabel.casefold()]
    _select_only(window, hits)
    if hits:
        window.view.centerOn(window.view.chart_scene.node_items[hits[0]])
    window.show_message(f"{len(hits)} node(s) found")
    return hits


def show_path(window: ChartWorkspace) -> list[str] | None:
    """The shortest path between the two selected nodes, highlighted and listed."""
    path = window.view.show_shortest_path()
    window.path_list.clear()
    if path:
        items = window.view.chart_scene.node_items
        for step, node_id in enumerate(path):
            node = items[node_id].node if node_id in items else None
            label = f"{step + 1}. {KIND_NAMES.get(node.kind, '') if node else ''}: " \
                    f"{node.label if node else node_id}"
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, node_id)
            window.path_list.addItem(entry)
        window.path_dock.show()
    return path


def _opener(window: ChartWorkspace, node_id: str) -> Callable[[], None]:
    return lambda: emit(window.open_requested, node_id)


def context_menu(window: ChartWorkspace, pos: QPoint) -> QMenu | None:
    view = window.view
    item = view.itemAt(pos)
    while item is not None and not isinstance(item, NodeItem | EdgeItem):
        item = item.parentItem()
    menu = QMenu(window)
    menu.setObjectName("chartContextMenu")
    if isinstance(item, NodeItem):
        node_id = item.node.id
        if not item.isSelected():
            _select_only(window, [node_id])
        what = "report" if item.node.kind == "report" else "entity"
        menu.addAction(f"&Open the {what}", lambda: emit(window.open_requested, node_id))
        menu.addSeparator()
        menu.addAction("&Expand", view.expand_selected)
        menu.addAction("&Hide", view.remove_selected)
        menu.addAction("&Pin / unpin", view.toggle_pin_selected)
        menu.addAction("Select &neighbours",
                       lambda: _select_only(window, neighbours(window, node_id)))
        if len(view.selected_ids()) == 2:
            menu.addAction("Shortest pa&th", lambda: show_path(window))
    elif isinstance(item, EdgeItem):
        ends = [item.edge.source, item.edge.target]
        menu.addAction("Select &both ends", lambda: _select_only(window, ends))
        for end in ends:
            node = view.chart_scene.node_items.get(end)
            if node is not None:
                what = "report" if node.node.kind == "report" else "entity"
                menu.addAction(f"Open the {what}: {node.node.label}", _opener(window, end))
    else:
        return None
    window.last_menu = menu
    menu.popup(view.viewport().mapToGlobal(pos))
    return menu
