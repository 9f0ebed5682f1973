"""The chart as a workspace: a context menu on nodes and links (open, expand, hide, pin,
select neighbours), find on chart, a legend, the shortest path listed; windows remember
their size per user (by id, nothing personal) and fit the screen they open on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sirat.chart.demo import demo_network
from sirat.ui.chart import workspace
from sirat.ui.chart.items import EdgeItem, NodeItem
from sirat.ui.chart.window import ChartWindow
from sirat.ui.screen_fit import GeometryKeeper, fit_to_screen
from tests.ui.conftest import show_active


@pytest.fixture
def chart(qtbot: QtBot) -> ChartWindow:
    window = ChartWindow(demo_network())
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.view.chart_scene.node_items))
    return window


def _point_of(window: ChartWindow, item: NodeItem | EdgeItem) -> QPoint:
    centre = item.sceneBoundingRect().center() if isinstance(item, NodeItem) else \
        item.mapToScene(item.line().pointAt(0.4))
    window.view.centerOn(centre)
    return window.view.mapFromScene(centre)


def test_the_node_menu_opens_expands_hides_pins_and_selects_neighbours(
        qtbot: QtBot, chart: ChartWindow) -> None:
    scene = chart.view.chart_scene
    node_id, item = next((k, v) for k, v in scene.node_items.items() if len(v.edges) >= 2)
    menu = workspace.context_menu(chart, _point_of(chart, item))
    assert menu is not None
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0].startswith("&Open the ")
    assert {"&Expand", "&Hide", "&Pin / unpin", "Select &neighbours"} <= set(texts)
    opened: list[str] = []
    chart.open_requested.connect(opened.append)
    next(a for a in menu.actions() if a.text().startswith("&Open")).trigger()
    assert opened == [node_id]
    next(a for a in menu.actions() if a.text() == "Select &neighbours").trigger()
    assert set(chart.view.selected_ids()) == set(workspace.neighbours(chart, node_id))
    assert len(chart.view.selected_ids()) >= 3
    menu.close()
    workspace._select_only(chart, [node_id])
    menu = workspace.context_menu(chart, _point_of(chart, item))
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "&Pin / unpin").trigger()
    assert scene.node_items[node_id].pinned
    menu.close()
    menu = workspace.context_menu(chart, _point_of(chart, item))
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "&Hide").trigger()
    assert node_id not in scene.node_items
    menu.close()


def test_the_link_menu_selects_both_ends(qtbot: QtBot, chart: ChartWindow) -> None:
    edge = next(iter(chart.view.chart_scene.edge_items.values()))
    menu = workspace.context_menu(chart, _point_of(chart, edge))
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Select &both ends").trigger()
    assert set(chart.view.selected_ids()) == {edge.edge.source, edge.edge.target}
    menu.close()


def test_find_legend_and_the_path_listed(qtbot: QtBot, chart: ChartWindow) -> None:
    scene = chart.view.chart_scene
    some = next(iter(scene.node_items.values())).node
    qtbot.keyClicks(chart.find_box, some.label[:5])
    assert some.id in chart.view.selected_ids()
    assert chart.legend_dock.isVisible()
    legend = chart.findChild(QWidget, "chartLegend")
    assert legend is not None
    assert legend.count() >= 8  # type: ignore[attr-defined]
    ids = list(scene.node_items)
    a, b = ids[0], ids[-1]
    workspace._select_only(chart, [a, b])
    path = workspace.show_path(chart)
    assert path is not None
    assert chart.path_list.count() == len(path)
    assert chart.path_dock.isVisible()
    assert chart.path_list.item(0).text().startswith("1. ")


def test_sizes_are_remembered_per_user_and_fit_the_screen(
        qtbot: QtBot, settings: QSettings, tmp_path: Path) -> None:
    first = QWidget()
    qtbot.addWidget(first)
    GeometryKeeper(first, settings, 7, "editor")
    first.resize(640, 420)
    first.show()
    first.close()
    again = QWidget()
    qtbot.addWidget(again)
    GeometryKeeper(again, settings, 7, "editor")
    assert (again.width(), again.height()) == (640, 420)
    other_user = QWidget()
    qtbot.addWidget(other_user)
    GeometryKeeper(other_user, settings, 8, "editor")
    assert (other_user.width(), other_user.height()) != (640, 420)
    assert all(key.startswith("windows/") and key.split("/")[1].isdigit()
               for key in settings.allKeys() if key.startswith("windows"))
    huge = QWidget()
    qtbot.addWidget(huge)
    fit_to_screen(huge, 5000, 4000)
    area = huge.screen().availableGeometry()
    assert huge.width() <= area.width()
    assert huge.height() <= area.height()


def test_a_narrow_chart_shows_its_legend_under_the_canvas(
        qtbot: QtBot, chart: ChartWindow) -> None:
    """Docked beside the list on a 1280-px screen the chart is ~600 px wide: the legend goes
    under the canvas (the kinds in rows, every one in view) instead of taking a third of
    its width; wider again, it goes back beside it. Where the user put it stays theirs."""
    import os

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    legend = chart.findChild(QWidget, "chartLegend")
    assert legend is not None
    chart.resize(1400, 800)
    qtbot.waitUntil(lambda: chart.dockWidgetArea(chart.legend_dock)
                    == Qt.DockWidgetArea.RightDockWidgetArea)
    chart.resize(600, 700)
    qtbot.waitUntil(lambda: chart.dockWidgetArea(chart.legend_dock)
                    == Qt.DockWidgetArea.BottomDockWidgetArea)
    qtbot.waitUntil(lambda: chart.view.width() > 0.9 * chart.width())
    assert chart.view.height() > 0.6 * chart.height()
    viewport = legend.viewport()  # type: ignore[attr-defined]
    for row in range(legend.count()):  # type: ignore[attr-defined]
        rect = legend.visualItemRect(legend.item(row))  # type: ignore[attr-defined]
        assert viewport.rect().contains(rect), legend.item(row).text()  # type: ignore[attr-defined]
    if os.environ.get("SIRAT_SHOTS"):
        chart.grab().save(str(Path(os.environ["SIRAT_SHOTS"]) / "chart_narrow_legend.png"))
    chart.resize(1400, 800)
    qtbot.waitUntil(lambda: chart.dockWidgetArea(chart.legend_dock)
                    == Qt.DockWidgetArea.RightDockWidgetArea)
    chart.removeDockWidget(chart.legend_dock)  # the user puts it at the top
    chart.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, chart.legend_dock)
    chart.legend_dock.show()
    chart.resize(600, 700)
    qtbot.waitUntil(lambda: chart.width() == 600)
    QApplication.processEvents()  # the resize has been handled
    assert chart.dockWidgetArea(chart.legend_dock) == Qt.DockWidgetArea.TopDockWidgetArea
