"""One workspace: with View ▸ Views inside the main window, search and chart open as
tabbed docks of the main window, detach (float) and come back, close with Ctrl+W, and
whether each kind was detached is remembered per user id (never a name)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sirat.ui.actions import build_registry
from sirat.ui.chart.window import ChartWindow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.search.window import SearchWindow
from sirat.ui.tasks import Tasks
from sirat.ui.workspace_docks import ViewDock, docking_on
from sirat.vault import Vault
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


def _of(main: MainWindow, kind: type[QWidget]) -> list[QWidget]:
    return [w for w in main.windows.windows() if isinstance(w, kind) and not w.isHidden()]


def test_views_dock_tab_detach_close_and_are_remembered(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    fill(analyst_vault, 1)
    main = _main(qtbot, analyst_vault, tasks, settings)
    uid = int(analyst_vault.info.user_id)
    qtbot.keyClick(main, Qt.Key.Key_W,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert docking_on(main.context)
    assert settings.value(f"workspace/{uid}/docked") in (True, "true")

    main.actions_by_id["search.global"].trigger()
    search = _of(main, SearchWindow)[0]
    assert not search.isWindow()  # inside the main window, not a window of its own
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: bool(_of(main, ChartWindow)), timeout=LONG)
    chart = _of(main, ChartWindow)[0]
    assert not chart.isWindow()
    docks = {d.kind: d for d in main.findChildren(ViewDock)}
    assert set(docks) == {"search", "chart"}
    assert docks["search"] in main.tabifiedDockWidgets(docks["chart"])  # tabs, one area
    wait_idle(qtbot, tasks)
    if SHOTS:  # the list/detail split follows the docks one turn of the event loop later
        qtbot.waitUntil(lambda: main.splitter.sizes()[1] > 200)
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
    qtbot.waitUntil(lambda: {d.kind for d in main.findChildren(ViewDock)} == {"search"},
                    timeout=LONG)
    # Reopened: detached again, as it was left.
    main.actions_by_id["chart.report"].trigger()
    qtbot.waitUntil(lambda: any(d.kind == "chart" for d in main.findChildren(ViewDock)),
                    timeout=LONG)
    again = next(d for d in main.findChildren(ViewDock) if d.kind == "chart")
    assert again.isFloating()
    again.setFloating(False)  # and put back
    assert settings.value(f"workspace/{uid}/chart/floating") in (False, "false")
    keys = " ".join(settings.allKeys())
    assert "ana" not in keys.casefold().replace("analyst", "")  # ids, never names

    # Off again (View menu): views are windows of their own.
    main.actions_by_id["view.docking"].trigger()
    assert not docking_on(main.context)
    # An open view stays where it is; Ctrl+W inside it closes it and its dock.
    docks_now = {d.kind: d for d in main.findChildren(ViewDock)}
    docks_now["search"].raise_()
    show_active(qtbot, main)
    search.box.setFocus()
    qtbot.waitUntil(search.box.hasFocus)
    qtbot.keyClick(search.box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(d.kind != "search" for d in main.findChildren(ViewDock)),
                    timeout=LONG)
    main.actions_by_id["search.global"].trigger()
    assert any(w.isWindow() for w in _of(main, SearchWindow))
    main.windows.close_all_for_lock()
    wait_idle(qtbot, tasks)
    qtbot.waitUntil(lambda: not main.findChildren(ViewDock), timeout=LONG)
