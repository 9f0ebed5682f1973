"""One workspace, the default: search, chart, editors and the register open as tabbed docks
of the main window, detach (float) and come back, close with Ctrl+W; whether each kind was
detached and the docks' layout (sides, sizes, tab order) are remembered per user id (never
a name); at 1280x800 the status bar and the editor's Relate buttons are in view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QApplication, QTabBar, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.workflow import review as workflow
from sirat.ui.chart.window import ChartWindow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.dissemination.register_window import RegisterWindow
from sirat.ui.editor.unsaved import CANCEL, DISCARD, UnsavedDialog
from sirat.ui.editor.window import ReportEditor
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.review.report_window import ReviewWindow
from sirat.ui.search.window import SearchWindow
from sirat.ui.tasks import Tasks
from sirat.ui.workspace_docks import ViewDock, docking_on
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, wait_idle
from tests.ui.sample_data import fill

SHOTS = os.environ.get("SIRAT_SCREENSHOTS")


def _main(qtbot: QtBot, vault: Vault, tasks: Tasks, settings: QSettings) -> MainWindow:
    context = Context(vault=vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1600, 1000)
    show_active(qtbot, main)
    qtbot.waitUntil(lambda: main.model.rowCount() > 0, timeout=LONG)
    return main


def _docks(main: MainWindow) -> list[ViewDock]:
    return [d for d in main.findChildren(ViewDock) if d.isVisible() or d.isFloating()]


def _held(main: MainWindow) -> set[str]:
    """The kinds of the docks that hold an open view (a released dock waits, hidden)."""
    return {d.kind for d in main.findChildren(ViewDock) if not d.empty}


def _front(main: MainWindow) -> list[str]:
    """The title of the tab in front, in each group of tabbed docks."""
    return [bar.tabText(bar.currentIndex()) for bar in main.findChildren(QTabBar)
            if bar.count() and bar.isVisible()]


def _tabs(main: MainWindow) -> list[list[str]]:
    return [[bar.tabText(i) for i in range(bar.count())]
            for bar in main.findChildren(QTabBar) if bar.count() and bar.isVisible()]


def _of(main: MainWindow, kind: type[QWidget]) -> list[QWidget]:
    return [w for w in main.windows.windows() if isinstance(w, kind) and not w.isHidden()]


def test_views_dock_tab_detach_close_and_are_remembered(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    uid = int(analyst_vault.info.user_id)
    assert docking_on(main.context)  # the default: nobody chose anything yet
    assert settings.value(f"workspace/{uid}/docked") is None

    main.actions_by_id["search.global"].trigger()
    search = _of(main, SearchWindow)[0]
    assert not search.isWindow()  # inside the main window, not a window of its own
    # Not selectRow: it reads the keyboard modifiers, and a Ctrl that an earlier test's
    # key click left "held" in QTest's state made it toggle the row off.
    main.table.selectionModel().setCurrentIndex(
        main.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: bool(_of(main, ChartWindow)), timeout=LONG)
    chart = _of(main, ChartWindow)[0]
    assert not chart.isWindow()
    docks = {d.kind: d for d in main.findChildren(ViewDock) if not d.empty}
    assert set(docks) == {"search", "chart"}
    assert docks["search"] in main.tabifiedDockWidgets(docks["chart"])  # tabs, one area
    wait_idle(qtbot, tasks)
    if SHOTS:  # the list/detail split follows the docks one turn of the event loop later
        # readable, or folded away when the chart leaves too little (never a sliver)
        qtbot.waitUntil(lambda: main.splitter.sizes()[1] == 0 or main.splitter.sizes()[1] > 200)
        main.grab().save(str(Path(SHOTS) / "workspace_docked.png"))

    # Keys act where the focus is: Delete in the report list leaves the chart alone.
    nodes = len(chart.view.chart_scene.node_items)
    for item in chart.view.chart_scene.node_items.values():
        item.setSelected(True)
    main.table.setFocus()
    qtbot.keyClick(main.table, Qt.Key.Key_Delete)
    assert len(chart.view.chart_scene.node_items) == nodes
    chart.view.setFocus()
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing
    qtbot.keyClick(chart.view, Qt.Key.Key_Delete)
    assert not chart.view.chart_scene.node_items  # inside the chart: its own key
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(chart.view.chart_scene.node_items) == nodes

    # A key both have (Ctrl+F: the chart's filters, the list's find) acts where the focus is.
    qtbot.keyClick(chart.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert chart.dock.isVisibleTo(chart)  # the chart's filter panel
    main.table.setFocus()
    qtbot.keyClick(main.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main.filters.text.hasFocus()  # the list's find
    assert chart.dock.isVisibleTo(chart)  # untouched

    # Detach the chart, then close it with Ctrl+W: the dock goes with it.
    docks["chart"].setFloating(True)
    assert settings.value(f"workspace/{uid}/chart/floating") in (True, "true")
    chart.actions_by_name["close"].trigger()  # Chart ▸ Close (Ctrl+W)
    qtbot.waitUntil(lambda: _held(main) == {"search"}, timeout=LONG)
    # Reopened: detached again, as it was left.
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: "chart" in _held(main), timeout=LONG)
    again = next(d for d in main.findChildren(ViewDock) if d.kind == "chart")
    assert again is docks["chart"]  # the same dock, kept for the next chart
    assert again.isFloating()
    again.setFloating(False)  # and put back
    assert settings.value(f"workspace/{uid}/chart/floating") in (False, "false")
    keys = " ".join(settings.allKeys())
    assert "ana" not in keys.casefold().replace("analyst", "")  # ids, never names

    # Off again (View menu): views are windows of their own.
    main.actions_by_id["view.docking"].trigger()
    assert not docking_on(main.context)
    assert settings.value(f"workspace/{uid}/docked") in (False, "false")
    # The open views moved out with it; Ctrl+W inside the search window closes it.
    assert not _held(main)
    assert search.isWindow()
    show_active(qtbot, search)
    search.box.setFocus()
    qtbot.waitUntil(search.box.hasFocus)
    qtbot.keyClick(search.box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not search.isVisible(), timeout=LONG)
    main.actions_by_id["search.global"].trigger()
    assert any(w.isWindow() for w in _of(main, SearchWindow))
    main.windows.close_all_for_lock()
    wait_idle(qtbot, tasks)
    qtbot.waitUntil(lambda: not _held(main), timeout=LONG)
    assert not any(d.isVisible() for d in main.findChildren(ViewDock))


def test_editors_and_the_register_dock_as_tabs_and_nothing_unsaved_is_skipped(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ids = fill(analyst_vault, 2)
    main = _main(qtbot, analyst_vault, tasks, settings)
    first = main.open_editor(ids[0])
    assert isinstance(first, ReportEditor)
    assert not first.isWindow()
    qtbot.waitUntil(lambda: first.version is not None, timeout=LONG)
    second = main.open_editor(ids[1])
    assert isinstance(second, ReportEditor)
    qtbot.waitUntil(lambda: second.version is not None, timeout=LONG)
    editors = [d for d in main.findChildren(ViewDock) if d.kind == "editor" and not d.empty]
    assert len(editors) == 2
    assert editors[0] in main.tabifiedDockWidgets(editors[1])
    # Each tab says which report it holds (a reference, never the typed title).
    refs = {d.windowTitle() for d in editors}
    assert all(t.startswith("Report SIRAT-") for t in refs)
    assert len(refs) == 2
    assert not any("Heroin" in t for t in refs)
    # Opening the first again brings its tab forward; no third editor.
    first_tab = first.windowTitle().removeprefix("SIRAT — r").join(("R", ""))
    assert first_tab not in _front(main)  # behind the second one's tab
    assert main.open_editor(ids[0]) is first
    qtbot.waitUntil(lambda: first_tab in _front(main))
    assert len([d for d in main.findChildren(ViewDock) if d.kind == "editor"
                and not d.empty]) == 2
    main.actions_by_id["view.dissemination_register"].trigger()
    register = next(w for w in main.windows.windows() if isinstance(w, RegisterWindow))
    assert not register.isWindow()
    assert "register" in _held(main)

    # A change in an editor behind another tab still stops the main window from closing.
    qtbot.keyClicks(first.form.title, " (changed)")
    assert first.dirty
    register_dock = next(d for d in main.findChildren(ViewDock) if d.kind == "register")
    register_dock.raise_()
    qtbot.waitUntil(lambda: first_tab not in _front(main))
    asked: list[QWidget | None] = []
    monkeypatch.setattr(UnsavedDialog, "ask",
                        classmethod(lambda _cls, parent: asked.append(parent) or CANCEL))
    assert not main.windows.close_all_asking()
    assert asked  # it asked, and Cancel kept the editor
    assert not first.isHidden()
    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda _cls, _p: DISCARD))
    main.windows.close_all_for_lock()
    qtbot.waitUntil(lambda: not _held(main), timeout=LONG)


def test_the_dock_layout_comes_back_for_the_same_user_only(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    ids = fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    main.resize(1900, 1000)  # room for a third column of docks
    main.actions_by_id["view.dissemination_register"].trigger()
    main.actions_by_id["search.global"].trigger()
    main.open_editor(ids[0])
    docks = {d.kind: d for d in main.findChildren(ViewDock) if not d.empty}
    assert set(docks) == {"search", "register", "editor"}
    order = _tabs(main)
    assert len(order) == 1
    assert len(order[0]) == 3
    opened = docks["register"].width()
    # The user moves the register to the left and makes it narrow (as narrow as its own
    # minimum allows: that depends on the fonts, so compare with how it opened).
    main.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, docks["register"])
    main.resizeDocks([docks["register"]], [430], Qt.Orientation.Horizontal)
    qtbot.wait(50)  # resizeDocks is applied at the next layout pass
    width = docks["register"].width()
    assert 100 < width < opened - 200  # narrower than it opened
    order = _tabs(main)
    main.close()  # saves the layout under this user's id
    uid = int(analyst_vault.info.user_id)
    saved = settings.value(f"workspace/{uid}/layout")
    assert saved is not None
    raw = bytes(saved)  # Qt writes the object names in UTF-16
    assert "dock_register".encode("utf-16-be") in raw
    assert not any(word.encode(code) in raw for word in ("Heroin", "SIRAT-", "Ana")
                   for code in ("utf-16-be", "utf-8"))  # object names and sizes only

    again = _main(qtbot, analyst_vault, tasks, settings)
    again.resize(1900, 1000)
    again.open_editor(ids[0])  # opened in another order: the tabs keep the saved one
    again.actions_by_id["search.global"].trigger()
    again.actions_by_id["view.dissemination_register"].trigger()
    register = next(d for d in again.findChildren(ViewDock) if d.kind == "register")
    assert again.dockWidgetArea(register) == Qt.DockWidgetArea.LeftDockWidgetArea
    qtbot.waitUntil(lambda: abs(register.width() - width) < 30)
    qtbot.waitUntil(lambda: _tabs(again) == order)

    # Another user of the workstation starts from the default layout.
    assert [k for k in settings.allKeys() if k.endswith("/layout")] == [
        f"workspace/{uid}/layout"]


def test_at_1280_by_800_the_docked_editor_shows_relate_and_the_status_bar(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    ids = fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    main.resize(1280, 800)
    editor = main.open_editor(ids[0])
    assert isinstance(editor, ReportEditor)
    qtbot.waitUntil(lambda: editor.links.model.rowCount() > 0, timeout=LONG)
    # Too narrow to read beside the editor, the detail pane folds away (its handle brings
    # it back) instead of a column of single letters.
    qtbot.waitUntil(lambda: main.splitter.sizes()[1] == 0)
    assert editor.splitter.orientation() == Qt.Orientation.Vertical  # links under the form
    if SHOTS:
        main.grab().save(str(Path(SHOTS) / "workspace_editor_1280.png"))
    window = main.rect()
    toolbar = editor.findChild(QToolBar, "editorToolbar")
    for widget in (editor.links.relate_button, editor.links.unrelate_button,
                   editor.links.add_button, toolbar, main.statusBar(), main.user_label):
        assert widget.isVisible()
        top_left = widget.mapTo(main, widget.rect().topLeft())
        bottom_right = widget.mapTo(main, widget.rect().bottomRight())
        assert window.contains(top_left), widget.objectName()
        assert window.contains(bottom_right), widget.objectName()
        # Nothing over it or cut off: the whole widget is painted.
        assert widget.visibleRegion().boundingRect().size() == widget.size()
    assert main.table.isVisible()
    assert main.table.width() > 300


def test_at_1280_a_docked_review_keeps_the_window_on_the_screen(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings) -> None:
    ana = open_as(vault_path, "ana")
    try:
        ids = fill(ana, 1)
        workflow.submit(ana, ids[0])
    finally:
        ana.lock()
    sup = open_as(vault_path, "sup")
    main = _main(qtbot, sup, tasks, settings)
    main.resize(1280, 800)
    review = ReviewWindow(main.context, ids[0])
    main.open_window(review)
    qtbot.waitUntil(lambda: review.loaded is not None, timeout=LONG)
    # Side by side the review needs more than 1280 px beside the list: its comments go
    # under the report, and the window is no wider than it was.
    qtbot.waitUntil(lambda: review.splitter.orientation() == Qt.Orientation.Vertical)
    main.resize(1280, 800)
    qtbot.waitUntil(lambda: main.width() <= 1280)
    if SHOTS:
        main.grab().save(str(Path(SHOTS) / "workspace_review_1280.png"))
    for widget in (review.report_view, review.findChild(QWidget, "review.approve"),
                   main.statusBar()):
        assert widget is not None
        assert widget.isVisible()
        assert main.rect().contains(widget.mapTo(main, widget.rect().bottomRight()))
    sup.lock()


def test_a_narrower_window_folds_the_detail_instead_of_squeezing_it(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    """The user docks a view in a wide window (list and detail share what it leaves), then
    makes the window narrower: the detail pane folds away (no column of single letters);
    wider again, it comes back."""
    fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    main.resize(1900, 1000)
    main.actions_by_id["search.global"].trigger()
    qtbot.waitUntil(lambda: any(not d.empty for d in main.findChildren(ViewDock)),
                    timeout=LONG)
    qtbot.waitUntil(lambda: main.splitter.sizes()[1] > 300, timeout=LONG)
    main.resize(1280, 800)
    qtbot.waitUntil(lambda: main.splitter.sizes()[1] == 0, timeout=LONG)
    main.resize(1900, 1000)
    qtbot.waitUntil(lambda: main.splitter.sizes()[1] > 300, timeout=LONG)


def test_ctrl_w_typed_twice_closes_two_tabs_with_no_pause_between(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    """Closing a tab from the keyboard hands the focus to the next tab at once, not one
    turn of the event loop later: a second Ctrl+W sent straight after the first (typed
    quickly, a macro) closes that tab instead of landing on the dock's tab bar."""
    fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    main.actions_by_id["search.global"].trigger()
    search = _of(main, SearchWindow)[0]
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: bool(_of(main, ChartWindow)), timeout=LONG)
    chart = _of(main, ChartWindow)[0]
    wait_idle(qtbot, tasks)
    chart.view.setFocus()
    qtbot.keyClick(chart.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert chart.isHidden()
    focus = QApplication.focusWidget()
    assert focus is not None
    assert search.isAncestorOf(focus), focus
    qtbot.keyClick(focus, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert search.isHidden()
    qtbot.waitUntil(lambda: not _held(main))  # both docks released


def test_switching_the_setting_moves_the_open_views_at_once(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    """Ctrl+Alt+W with views open: the docked search and chart become windows of their own
    (on the screen, still closing with Esc), the main window holds no tab; pressed again,
    the open windows come back in as tabs. Nothing is closed or lost either way."""
    (report_id,) = fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() == report_id)
    main.actions_by_id["search.global"].trigger()
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: _held(main) == {"search", "chart"}, timeout=LONG)
    search = _of(main, SearchWindow)[0]
    assert isinstance(search, SearchWindow)
    search.box.setText("Evzoni")

    main.actions_by_id["view.docking"].trigger()  # separate windows from now on
    assert not docking_on(main.context)
    qtbot.waitUntil(lambda: _held(main) == set(), timeout=LONG)
    views = _of(main, SearchWindow) + _of(main, ChartWindow)
    assert len(views) == 2
    for view in views:
        assert view.isWindow(), view.objectName()
        assert view.isVisible(), view.objectName()
        area = view.screen().availableGeometry()
        assert area.contains(view.frameGeometry()), view.objectName()
    assert search.box.text() == "Evzoni"  # the same view, what was typed kept
    assert not any(d.isVisible() for d in main.findChildren(ViewDock))
    if SHOTS:
        search.grab().save(str(Path(SHOTS) / "workspace_undocked_search.png"))

    main.actions_by_id["view.docking"].trigger()  # and back inside the main window
    assert docking_on(main.context)
    qtbot.waitUntil(lambda: _held(main) == {"search", "chart"}, timeout=LONG)
    assert not search.isWindow()
    assert search.box.text() == "Evzoni"
    chart = _of(main, ChartWindow)[0]
    show_active(qtbot, main)
    from sirat.ui.workspace_docks import bring_forward

    bring_forward(chart)
    qtbot.waitUntil(lambda: chart.isAncestorOf(QApplication.focusWidget())
                    or QApplication.focusWidget() is chart, timeout=LONG)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _held(main) == {"search"}, timeout=LONG)
