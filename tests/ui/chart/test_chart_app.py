"""The link chart in the app, on a real vault: open from a report, an entity and search
results, expand on the vault worker, save, reopen with the same layout, lock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sirat.chart.graph import Edge, Node
from sirat.services.charts import network as charts
from sirat.ui.chart.opening import SaveChartDialog, open_chart_for
from sirat.ui.chart.window import ChartWindow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import show_active, wait_idle
from tests.unit.services.charts.charts_net import Net, build_network

LONG = 20_000


@pytest.fixture
def net_vault(template_vault: Path, tmp_path: Path) -> Iterator[tuple[Vault, Net]]:
    path = tmp_path / "vault"
    shutil.copytree(template_vault, path)
    os.chmod(path, 0o700)
    vault = open_as(path, "ana")
    net = build_network(vault)
    yield vault, net
    vault.lock()


@pytest.fixture
def main(qtbot: QtBot, tasks: Tasks, settings: QSettings,
         net_vault: tuple[Vault, Net]) -> Iterator[MainWindow]:  # fmt: skip
    context = Context(vault=net_vault[0], tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())  # fmt: skip
    window = MainWindow(context)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total == 3, timeout=LONG)
    yield window
    window.windows.close_all_for_lock()
    window.close_for_lock()
    wait_idle(qtbot, tasks)


def _chart_windows(main: MainWindow) -> list[ChartWindow]:
    return [w for w in main.windows.windows() if isinstance(w, ChartWindow)]


def _wait_chart(qtbot: QtBot, main: MainWindow, count: int = 1) -> ChartWindow:
    qtbot.waitUntil(lambda: len(_chart_windows(main)) == count, timeout=LONG)
    window = _chart_windows(main)[-1]
    qtbot.waitUntil(lambda: not window.view.busy, timeout=LONG)
    return window


def _select_report(main: MainWindow, report_id: int) -> None:
    row = main.model.row_of(report_id)
    assert row is not None
    main.table.selectRow(row)


def E(key: int) -> str:
    return f"entity:{key}"


def test_report_chart_expands_on_the_vault_worker_and_saves(
    qtbot: QtBot, main: MainWindow, net_vault: tuple[Vault, Net],
    monkeypatch: pytest.MonkeyPatch, tasks: Tasks,
) -> None:  # fmt: skip
    vault, net = net_vault
    _select_report(main, net.report_b)
    qtbot.keyClick(main, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    window = _wait_chart(qtbot, main)
    view = window.view
    report = f"report:{net.report_b}"
    assert set(view.chart_scene.node_items) == {report, E(net.volvo), E(net.sukru), E(net.home)}
    assert window.windowTitle() == "Link chart"

    threads: list[str] = []
    real = charts.neighbours

    def spy(v: Vault, of: str, known: frozenset[str] = frozenset(),
            **kw: bool) -> tuple[list[Node], list[Edge]]:  # fmt: skip
        threads.append(QThread.currentThread().objectName())
        return real(v, of, known, **kw)

    monkeypatch.setattr(charts, "neighbours", spy)
    view.chart_scene.clearSelection()
    view.chart_scene.node_items[E(net.volvo)].setSelected(True)
    with qtbot.waitSignal(view.expanded, timeout=LONG) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_E)
    assert threads == ["sirat-vault"]
    assert E(net.petrovic) in blocker.args[0].added_nodes
    qtbot.waitUntil(lambda: not view.busy, timeout=LONG)
    assert f"report:{net.report_a}" in view.chart_scene.node_items

    monkeypatch.setattr(SaveChartDialog, "ask", classmethod(
        lambda cls, parent, name, reference: ("Stolen Volvo", reference)))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Chart saved" in window._status.text(), timeout=LONG)
    wait_idle(qtbot, tasks)
    (saved,) = charts.list_charts(vault)
    assert (saved.name, saved.report_id, saved.nodes) == ("Stolen Volvo", net.report_b,
                                                          len(view.graph))
    layout = view.positions()

    # saving again updates the same chart, without asking
    monkeypatch.setattr(SaveChartDialog, "ask", classmethod(lambda *a: pytest.fail("asked")))
    window.actions_by_name["save"].trigger()
    qtbot.waitUntil(lambda: "Chart saved" in window._status.text(), timeout=LONG)
    wait_idle(qtbot, tasks)
    assert [c.id for c in charts.list_charts(vault)] == [saved.id]

    window.close()  # deleted on close: nothing of it stays in memory
    qtbot.waitUntil(lambda: not _chart_windows(main), timeout=LONG)
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    reopened = _wait_chart(qtbot, main)
    assert reopened.view.positions() == layout  # the same layout, no new layout run


def test_entity_chart_and_search_results(
    qtbot: QtBot, main: MainWindow, net_vault: tuple[Vault, Net]
) -> None:
    _vault, net = net_vault
    main.banner.dismiss()
    main.actions_by_id["chart.entity"].trigger()  # no entity window yet: a hint
    assert "Open an entity first" in main.banner.message
    main.open_entity(net.ship)
    entity_window = next(w for w in main.windows.windows() if w.objectName() == "entityWindow")
    qtbot.waitUntil(lambda: entity_window.view is not None, timeout=LONG)
    main.actions_by_id["chart.entity"].trigger()
    window = _wait_chart(qtbot, main)
    assert set(window.view.graph.node_ids()) == {
        E(net.ship), E(net.giorgos), f"report:{net.report_a}", f"report:{net.report_c}"}

    open_chart_for(main, entity_ids=[net.petrovic, net.volvo], report_ids=[net.report_b])
    several = _wait_chart(qtbot, main, count=2)
    assert set(several.view.graph.node_ids()) == {
        E(net.petrovic), E(net.volvo), f"report:{net.report_b}"}
    assert several.view.graph.edge_count == 2


def test_the_lock_forgets_every_node(
    qtbot: QtBot, main: MainWindow, net_vault: tuple[Vault, Net]
) -> None:
    _select_report(main, net_vault[1].report_a)
    main.actions_by_id["chart.report"].trigger()
    window = _wait_chart(qtbot, main)
    assert window.view.chart_scene.node_items
    window.view.zoom_by(0.3 / window.view.zoom)  # labels are decluttered on selection now
    next(iter(window.view.chart_scene.node_items.values())).setSelected(True)
    main.windows.close_all_for_lock()
    assert not window.view.chart_scene.node_items
    assert not window.view.scene().items()
    QApplication.processEvents()
