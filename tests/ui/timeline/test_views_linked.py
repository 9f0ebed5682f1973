"""The timeline and the map follow the report list's filters (words included), share the
selection with the link chart both ways, and open an entity from a relation event."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sirat.ui.chart.opening import open_report_chart
from sirat.ui.chart.window import ChartWindow
from sirat.ui.main_window import MainWindow
from sirat.ui.timeline.window import TimelineWindow
from tests.ui.conftest import wait_idle
from tests.ui.timeline.test_map_view import _click, _cluster_with, open_map
from tests.ui.timeline.test_timeline_view import LONG, open_timeline
from tests.unit.timeline.timeline_data import Dated


def _reports(window: TimelineWindow) -> set[int]:
    return {i.report_id for i in window.canvas.data.items if i.kind == "report"}


def test_both_views_follow_the_lists_filters(qtbot: QtBot, main: MainWindow,
                                             dated: Dated) -> None:
    timeline = open_timeline(qtbot, main)
    themap = open_map(qtbot, main)
    bar = main.filters
    bar.crime_area.setCurrentIndex(bar.crime_area.findData("anti_fraud"))
    qtbot.waitUntil(lambda: _reports(timeline) == {dated.year, dated.day}, timeout=LONG)
    qtbot.waitUntil(lambda: {p.name for p in themap.scene.data.points} == {"Thessaloníki"},
                    timeout=LONG)
    assert set(themap.scene.data.counts) == {"GR", "BG"}  # the choropleth too
    # The list's words box narrows both views as it narrows the list.
    bar.crime_area.setCurrentIndex(0)
    qtbot.keyClicks(bar.text, "Fuel")
    bar.text.returnPressed.emit()
    qtbot.waitUntil(lambda: _reports(timeline) == {dated.day}, timeout=LONG)
    qtbot.waitUntil(lambda: {r for p in themap.scene.data.points for r in p.report_ids}
                    == {dated.day}, timeout=LONG)
    wait_idle(qtbot, main.context.tasks)


def test_map_and_chart_share_the_selection_both_ways(qtbot: QtBot, main: MainWindow,
                                                     dated: Dated) -> None:
    themap = open_map(qtbot, main)
    open_report_chart(main, dated.net.report_a)
    qtbot.waitUntil(lambda: any(isinstance(w, ChartWindow) for w in main.windows.windows()),
                    timeout=LONG)
    chart = next(w for w in main.windows.windows() if isinstance(w, ChartWindow))
    qtbot.waitUntil(lambda: not chart.view.busy, timeout=LONG)
    scene = chart.view.scene()
    node = f"report:{dated.net.report_a}"
    # Chart -> map: the report's place (Bar) is ringed, Thessaloníki is not.
    scene.node_items[node].setSelected(True)
    assert _cluster_with(themap, "Bar").highlighted
    assert not _cluster_with(themap, "Thessaloníki").highlighted
    # Map -> chart: a click on Thessaloníki leaves the chart's report; Bar selects it again.
    _click(qtbot, themap, _cluster_with(themap, "Thessaloníki"))
    assert node not in scene.selected_ids()
    _click(qtbot, themap, _cluster_with(themap, "Bar"))  # a second disc after a first
    assert _cluster_with(themap, "Bar").isSelected()
    assert node in scene.selected_ids()
    wait_idle(qtbot, main.context.tasks)


def test_a_relation_event_opens_its_entity(qtbot: QtBot, main: MainWindow,
                                           dated: Dated) -> None:
    from sirat.ui.entities.view import EntityWindow

    window = open_timeline(qtbot, main)
    event = next(i for i in window.canvas.data.items if i.kind == "relation")
    window.open_item(event)
    qtbot.waitUntil(lambda: any(isinstance(w, EntityWindow)
                                and w.entity_id == event.entities[0].id
                                for w in main.windows.windows()), timeout=LONG)
    wait_idle(qtbot, main.context.tasks)


def test_a_disc_selects_the_entities_placed_there_in_chart_and_timeline(
        qtbot: QtBot, main: MainWindow, dated: Dated) -> None:
    """Belgrade holds report b's address and the driver who resides there: a click on the
    disc selects both entities' nodes in the chart and their items in the timeline."""
    timeline = open_timeline(qtbot, main)
    timeline.lanes.setCurrentIndex(timeline.lanes.findData("entity"))
    themap = open_map(qtbot, main)
    open_report_chart(main, dated.net.report_b)
    qtbot.waitUntil(lambda: any(isinstance(w, ChartWindow) for w in main.windows.windows()),
                    timeout=LONG)
    chart = next(w for w in main.windows.windows() if isinstance(w, ChartWindow))
    qtbot.waitUntil(lambda: not chart.view.busy, timeout=LONG)
    scene = chart.view.scene()
    driver, home = dated.net.sukru, dated.net.home
    assert not {f"entity:{driver}", f"entity:{home}"} & set(scene.selected_ids())
    _click(qtbot, themap, _cluster_with(themap, "Belgrade"))
    assert {f"entity:{driver}", f"entity:{home}",
            f"report:{dated.net.report_b}"} <= set(scene.selected_ids())
    assert not {f"entity:{dated.net.petrovic}", f"entity:{dated.net.volvo}"} \
        & set(scene.selected_ids())  # in report b's chart, but not placed at Belgrade
    canvas = timeline.canvas
    qtbot.waitUntil(lambda: any(i.kind != "report" for i in canvas.data.items), timeout=LONG)
    drivers = [i for i in canvas.data.items if any(e.id == driver for e in i.entities)]
    assert drivers
    assert all(canvas.is_selected(i) for i in drivers)
    # Thessaloníki holds no entity: clicking it selects none.
    _click(qtbot, themap, _cluster_with(themap, "Thessaloníki"))
    assert not any(k.startswith("entity:") for k in scene.selected_ids())
    wait_idle(qtbot, main.context.tasks)
