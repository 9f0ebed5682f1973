"""ChartWindow: the link chart with its toolbar, menus, filter panel and status.

Every action has a menu entry and a shortcut. The window title never names
anyone. Saving goes out through ``saveRequested(dict)`` so the main window can
store the chart in the vault; exports ask for a path through ``ask_path``,
which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QProgressBar,
    QToolBar,
    QWidget,
)

from sirat.chart.boxes import Position
from sirat.chart.graph import ChartFilter, ChartGraph, NeighbourProvider
from sirat.errors import SiratError
from sirat.ui import icons
from sirat.ui.chart import workspace
from sirat.ui.chart.export import export_png, export_svg, observer_scene
from sirat.ui.chart.filters import FilterPanel
from sirat.ui.chart.undo import ChartHistory
from sirat.ui.chart.view import ChartView
from sirat.ui.figure_files import chosen_path
from sirat.ui.tasks import Tasks


class ChartWindow(workspace.ChartWorkspace):
    """A window around a ChartView; built from a graph and a neighbour provider (the
    signal ``open_requested`` and the docks of the workspace come from its base)."""

    saveRequested = Signal(dict)

    def __init__(
        self,
        graph: ChartGraph,
        neighbour_provider: NeighbourProvider | None = None,
        *,
        positions: Mapping[str, Position] | None = None,
        chart_filter: ChartFilter | None = None,
        size_by: str = "none",
        tasks: Tasks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link chart")  # never a name: titles end up in task bars
        self.setObjectName("chartWindow")
        self.view = ChartView(graph, neighbour_provider, positions=positions,
                              chart_filter=chart_filter, tasks=tasks, parent=self)  # fmt: skip
        self.view.animate = True
        self.setCentralWidget(self.view)
        self.filters = FilterPanel(self)
        self.filters.set_options(graph)
        if chart_filter is not None:
            self.filters.set_filter(chart_filter)
        self.filters.filterChanged.connect(self.view.set_filter)
        self.view.graphChanged.connect(lambda: self.filters.set_options(self.view.graph))
        self.dock = QDockWidget("Filters", self)
        self.dock.setObjectName("chartFilters")
        self.dock.setWidget(self.filters)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        # Closed at first: the chart needs the room more (Ctrl+F or the toolbar opens it).
        self.dock.hide()
        self._status = QLabel(self)
        self._status.setTextFormat(Qt.TextFormat.PlainText)  # file names are user text
        self._busy = QProgressBar(self)
        self._busy.setRange(0, 0)  # indeterminate: "working"
        self._busy.setMaximumWidth(120)
        self._busy.setVisible(False)
        self.statusBar().addWidget(self._status, 1)
        self.statusBar().addPermanentWidget(self._busy)
        self.view.message.connect(self._status.setText)
        self.view.busyChanged.connect(self._busy.setVisible)
        self.view.layoutFinished.connect(self._first_fit)
        self._fitted = False
        #: What stores this chart (the app's vault saver), kept alive with the window.
        self.saver: QObject | None = None
        self.actions_by_name: dict[str, QAction] = {}
        self.last_menu: QMenu | None = None
        self.legend_dock: QDockWidget
        self.path_dock: QDockWidget
        self.path_list: QListWidget
        self.find_box: QLineEdit
        self.history = ChartHistory(self.view, self)
        self._build_actions()
        workspace.equip(self)
        if size_by != "none":
            self.view.set_size_by(size_by)
            self.actions_by_name[f"size_{size_by}"].setChecked(True)

    def toolbar(self) -> QToolBar:
        return self._toolbar

    def show_message(self, text: str) -> None:
        """A line in the status bar (never names: counts, hints, outcomes)."""
        self._status.setText(text)

    def clear_for_lock(self) -> None:
        """The vault is being locked: forget every node before the window closes."""
        self.view.forget()
        self.history.forget()
        self.filters.set_options(self.view.graph)

    # -- actions -------------------------------------------------------------------
    def _action(
        self,
        menu_name: str,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[str] | QKeySequence.StandardKey,
        *,
        toolbar: bool = False,
    ) -> QAction:
        action = QAction(icons.action_icon(name), text, self)
        if isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcut(shortcuts)
        else:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        self._menus[menu_name].addAction(action)
        if toolbar:
            self._toolbar.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self._menus = {name: bar.addMenu(title) for name, title in (
            ("chart", "&Chart"), ("edit", "&Edit"), ("view", "&View"), ("layout", "&Layout"),
        )}  # fmt: skip
        self._toolbar = QToolBar("Chart tools", self)
        self._toolbar.setObjectName("chartTools")
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._toolbar.setIconSize(QSize(icons.TOOLBAR_SIZE, icons.TOOLBAR_SIZE))
        self.addToolBar(self._toolbar)
        v = self.view
        a = self._action
        a("chart", "save", "&Save chart", self._save, QKeySequence.StandardKey.Save, toolbar=True)
        a("chart", "png", "Export as &PNG…", lambda: self.export("png"), ["Ctrl+Shift+P"])
        a("chart", "svg", "Export as S&VG…", lambda: self.export("svg"), ["Ctrl+Shift+S"])
        a("chart", "png_observer", "Export PNG for an &observer…",
          lambda: self.export("png", observer=True), ["Ctrl+Alt+P"])  # fmt: skip
        a("chart", "svg_observer", "Export SVG for an o&bserver…",
          lambda: self.export("svg", observer=True), ["Ctrl+Alt+S"])  # fmt: skip
        self._menus["chart"].addSeparator()
        a("chart", "close", "&Close", self.close, QKeySequence.StandardKey.Close)
        undo = a("edit", "undo", "&Undo", self.history.undo, ["Ctrl+Z"], toolbar=True)
        redo = a("edit", "redo", "&Redo", self.history.redo, ["Ctrl+Shift+Z", "Ctrl+Y"],
                 toolbar=True)
        self._follow_history(undo, redo)
        self._menus["edit"].addSeparator()
        a("edit", "expand", "&Expand", v.expand_selected, ["E"], toolbar=True)
        a("edit", "collapse", "&Collapse", v.collapse_selected, ["C"], toolbar=True)
        a("edit", "remove", "&Remove", v.remove_selected, ["Delete", "Backspace"], toolbar=True)
        a("edit", "pin", "&Pin / unpin", v.toggle_pin_selected, ["P"], toolbar=True)
        a("edit", "select_all", "Select &all", self._select_all, QKeySequence.StandardKey.SelectAll)
        a("edit", "path", "Shortest pa&th", lambda: workspace.show_path(self), ["S"],
          toolbar=True)
        # Esc clears a highlight first, then closes the chart (like every secondary view).
        a("edit", "clear", "Clear highlight or &close", self._escape, ["Esc"])
        a("chart", "close", "&Close", self.close, ["Ctrl+W"])
        a("view", "fit", "&Fit to view", v.fit_all, ["F", "Ctrl+0"], toolbar=True)
        a("view", "zoom_in", "Zoom &in", v.zoom_in, ["+", "=", "Ctrl++"])
        a("view", "zoom_out", "Zoom &out", v.zoom_out, ["-", "Ctrl+-"])
        self._menus["view"].addSeparator()
        group = QActionGroup(self)
        for key, (mode, text) in enumerate(
            (
                ("none", "Same size"),
                ("degree", "Size by &degree"),
                ("betweenness", "Size by &betweenness"),
            ),
            start=1,
        ):
            action = a("view", f"size_{mode}", text, partial(v.set_size_by, mode), [f"Ctrl+{key}"])
            action.setCheckable(True)
            action.setChecked(mode == v.size_by)
            group.addAction(action)
        self._menus["view"].addSeparator()
        toggle = self.dock.toggleViewAction()
        toggle.setText("&Filters")
        toggle.setIcon(icons.action_icon("filters"))
        toggle.setShortcut(QKeySequence("Ctrl+F"))
        self._menus["view"].addAction(toggle)
        self._toolbar.addAction(toggle)
        self.actions_by_name["filters"] = toggle
        a(
            "layout",
            "force",
            "&Force-directed",
            partial(v.run_layout, "force"),
            ["Ctrl+Shift+L"],  # Ctrl+L locks SIRAT from every window
            toolbar=True,
        )
        a(
            "layout",
            "radial",
            "&Radial around selection",
            partial(v.run_layout, "radial"),
            ["Ctrl+R"],
        )
        a("layout", "hierarchical", "&Hierarchical from selection",
          partial(v.run_layout, "hierarchical"), ["Ctrl+H"])  # fmt: skip
        animate = a("layout", "animate", "&Animate layouts", self._toggle_animate, ["Ctrl+Shift+A"])
        animate.setCheckable(True)
        animate.setChecked(v.animate)

    def _follow_history(self, undo: QAction, redo: QAction) -> None:
        self._undo_action, self._redo_action = undo, redo
        self.history.changed.connect(self._update_undo_actions)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        """Undo / Redo are enabled only when there is something, and say what."""
        stack = self.history.stack
        undo, redo = self._undo_action, self._redo_action
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        undo.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")
        undo.setIconText("Undo")
        redo.setIconText("Redo")

    def _toggle_animate(self) -> None:
        self.view.animate = self.actions_by_name["animate"].isChecked()

    def _select_all(self) -> None:
        for item in self.view.chart_scene.node_items.values():
            if item.isVisible():
                item.setSelected(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.view.busy:  # laid out already (a saved chart): fit once shown
            self._first_fit()

    def _first_fit(self) -> None:
        if not self._fitted:
            self._fitted = True
            self.view.fit_all()

    def _save(self) -> None:
        self.saveRequested.emit(self.view.chart_state())
        self._status.setText("Chart handed over for saving")

    # -- export ---------------------------------------------------------------------
    def ask_path(self, fmt: str, observer: bool) -> Path | None:
        """Where to export; replaced in tests. No path is remembered anywhere."""
        title = f"Export chart as {fmt.upper()}" + (" for an observer" if observer else "")
        name, _ = QFileDialog.getSaveFileName(
            self, title, f"chart.{fmt}", f"{fmt.upper()} image (*.{fmt})"
        )
        if not name:
            return None
        try:
            return chosen_path(name, fmt)  # the ending added, never swapped
        except SiratError as exc:
            self._status.setText(str(exc))
            return None

    def _escape(self) -> None:
        if any(item.highlighted for item in self.view.chart_scene.node_items.values()):
            self.view.clear_highlight()
        else:
            self.close()

    def export(self, fmt: str, *, observer: bool = False) -> Path | None:
        path = self.ask_path(fmt, observer)
        if path is None:
            return None
        scene = (
            observer_scene(self.view.visible_graph(), self.view.positions())
            if observer
            else self.view.chart_scene
        )
        try:
            (export_png if fmt == "png" else export_svg)(scene, path)
        except SiratError as exc:  # a folder or a link, a full disk, a read-only folder
            self._status.setText(str(exc))
            return None
        except OSError as exc:  # the folder went away after the dialog
            self._status.setText(f"The chart could not be exported there "
                                 f"({exc.strerror or 'error'}); nothing was written.")
            return None
        self._status.setText(f"Chart exported as {fmt.upper()}")
        return path
