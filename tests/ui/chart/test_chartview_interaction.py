"""ChartView driven like a user: expand, collapse, remove, pin, filter, path, zoom."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sirat.chart.demo import demo_network, provider_from
from sirat.chart.graph import ChartFilter, ChartGraph, NeighbourProvider
from sirat.ui.chart.view import ChartView

LAYOUT_TIMEOUT = 20_000


def _view(qtbot: QtBot, graph: ChartGraph, provider: NeighbourProvider | None = None) -> ChartView:
    view = ChartView(graph, provider)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    if view.busy:
        with qtbot.waitSignal(view.layoutFinished, timeout=LAYOUT_TIMEOUT):
            pass
    return view


def _select(view: ChartView, *ids: str) -> None:
    view.chart_scene.clearSelection()
    for node_id in ids:
        view.chart_scene.node_items[node_id].setSelected(True)


def _seed_graph(*ids: str) -> tuple[ChartGraph, NeighbourProvider]:
    full = demo_network()
    return full.subgraph(ids), provider_from(full)


def test_key_e_expands_the_selected_node(qtbot: QtBot) -> None:
    graph, provider = _seed_graph("person:1")
    view = _view(qtbot, graph, provider)
    _select(view, "person:1")
    with qtbot.waitSignal(view.layoutFinished, timeout=LAYOUT_TIMEOUT):
        qtbot.keyClick(view, Qt.Key.Key_E)
    expected = {"person:1", *demo_network().neighbours("person:1")}
    assert set(view.chart_scene.node_items) == expected
    assert all(i.scene() is view.scene() for i in view.chart_scene.node_items.values())
    # its links, and those among its neighbours
    assert len(view.chart_scene.edge_items) == demo_network().subgraph(expected).edge_count
    positions = view.positions()
    assert len(set(positions.values())) == len(expected)  # laid out, not stacked
    assert positions["person:1"] == (0.0, 0.0)  # what was drawn stayed put


def test_double_click_expands_too(qtbot: QtBot) -> None:
    graph, provider = _seed_graph("vessel:1")
    view = _view(qtbot, graph, provider)
    item = view.chart_scene.node_items["vessel:1"]
    with qtbot.waitSignal(view.layoutFinished, timeout=LAYOUT_TIMEOUT):
        qtbot.mouseDClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(item.pos())
        )
    assert set(view.chart_scene.node_items) > {"vessel:1", "org:3", "report:1"}


def test_expand_twice_then_collapse_removes_leaves(qtbot: QtBot) -> None:
    graph, provider = _seed_graph("person:9")
    view = _view(qtbot, graph, provider)
    for node_id in ("person:9", "org:3"):
        _select(view, node_id)
        with qtbot.waitSignal(view.layoutFinished, timeout=LAYOUT_TIMEOUT):
            qtbot.keyClick(view, Qt.Key.Key_E)
    assert {"address:3", "vessel:1"} <= set(view.chart_scene.node_items)  # through org:3
    _select(view, "vessel:1")
    qtbot.keyClick(view, Qt.Key.Key_P)
    _select(view, "org:3")
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert "address:3" not in view.chart_scene.node_items  # hung on org:3 only
    assert "vessel:1" in view.chart_scene.node_items  # pinned, so kept
    assert "org:3" in view.chart_scene.node_items


def test_delete_removes_node_and_its_edges(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    item = view.chart_scene.node_items["person:1"]
    edges = [e for e in view.chart_scene.edge_items.values() if "person:1" in e.edge.key[:2]]
    assert edges
    _select(view, "person:1")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "person:1" not in view.chart_scene.node_items
    assert item.scene() is None
    assert all(e.scene() is None for e in edges)
    assert "person:1" not in view.graph


def test_filter_hides_and_shows_items(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    items = view.chart_scene.node_items
    view.set_filter(ChartFilter(kinds=frozenset({"vehicle", "vessel", "report"})))
    assert not items["person:1"].isVisible()
    assert items["vessel:1"].isVisible()
    assert items["report:1"].isVisible()
    hidden_edge = view.chart_scene.edge_items[("report:1", "person:1", "role", "suspect")]
    shown_edge = view.chart_scene.edge_items[("report:1", "vessel:1", "role", "vessel used")]
    assert not hidden_edge.isVisible()
    assert shown_edge.isVisible()
    view.set_filter(ChartFilter(relation_types=frozenset({"owner of"})))
    assert items["person:1"].isVisible()
    assert not shown_edge.isVisible()
    view.set_filter(ChartFilter())
    assert all(i.isVisible() for i in items.values())


def test_shortest_path_between_two_selected_nodes_is_highlighted(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    _select(view, "person:2", "vessel:2")
    qtbot.keyClick(view, Qt.Key.Key_S)
    path = demo_network().shortest_path("person:2", "vessel:2")
    assert path is not None
    highlighted = {k for k, i in view.chart_scene.node_items.items() if i.highlighted}
    assert highlighted == set(path)
    lit_edges = [e for e in view.chart_scene.edge_items.values() if e.highlighted]
    assert len(lit_edges) >= len(path) - 1
    assert view.chart_scene.node_items["bank:3"].opacity() < 1.0
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not any(i.highlighted for i in view.chart_scene.node_items.values())


def test_pin_key_and_size_by_betweenness(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    _select(view, "org:1")
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert view.graph.is_pinned("org:1")
    assert view.chart_scene.node_items["org:1"].pinned
    view.set_size_by("betweenness")
    _degree, betweenness = view.metrics()
    assert betweenness is not None
    broker = max(betweenness, key=betweenness.__getitem__)
    radii = {k: i.radius for k, i in view.chart_scene.node_items.items()}
    assert max(radii, key=radii.__getitem__) == broker
    assert "Betweenness" in view.chart_scene.node_items[broker].toolTip()


def test_zoom_keys_and_fit(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    start = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom > start
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom < start
    qtbot.keyClick(view, Qt.Key.Key_F)
    shown = view.mapFromScene(view.chart_scene.visible_rect()).boundingRect()
    assert view.viewport().rect().contains(shown)


def test_saved_chart_reopens_with_the_same_layout(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    view.set_filter(ChartFilter(kinds=frozenset({"person", "vehicle"})))
    state = json.loads(json.dumps(view.chart_state()))
    reopened = ChartView.from_state(state)
    qtbot.addWidget(reopened)
    assert not reopened.busy  # no new layout was needed
    assert reopened.positions() == view.positions()
    assert reopened.chart_filter == view.chart_filter
    assert not reopened.chart_scene.node_items["report:1"].isVisible()


def test_same_graph_same_layout(qtbot: QtBot) -> None:
    first = _view(qtbot, demo_network())
    second = _view(qtbot, demo_network())
    assert first.positions() == second.positions()


def test_dragging_a_node_moves_and_pins_it(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    view.zoom_by(1.0 / view.zoom)
    item = view.chart_scene.node_items["vessel:2"]
    view.centerOn(item)
    start = view.mapFromScene(item.pos())
    before = item.pos()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + QPoint(12 * step, 8 * step))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    assert item.pos() != before
    assert view.graph.is_pinned("vessel:2")
    assert view.positions()["vessel:2"] == (round(item.pos().x(), 2), round(item.pos().y(), 2))


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_zoomed_out_labels_stay_readable_and_never_overlap(qtbot: QtBot) -> None:
    from sirat.ui.chart.items import LABEL_FONT_PX
    from sirat.ui.chart.scene import MIN_LABEL_PX

    view = _view(qtbot, demo_network())
    items = view.chart_scene.node_items
    view.zoom_by(0.4 / view.zoom)
    shown = [i for i in items.values() if i.label.isVisible()]
    assert 10 <= len(shown) < len(items)  # the hubs keep their names, the rest wait
    for item in shown:
        assert LABEL_FONT_PX * item.label.scale() * view.zoom >= MIN_LABEL_PX - 1e-6
    rects = [i.label_rect() for i in shown]
    assert not any(_meets(a, b) for k, a in enumerate(rects) for b in rects[k + 1:])
    discs = [i.sceneBoundingRect() for i in items.values()]
    for rect in rects:
        assert not any(_meets(rect, (d.left(), d.top(), d.right(), d.bottom())) for d in discs)
    view.zoom_by(1.0 / view.zoom)
    assert all(i.label.isVisible() and i.label.scale() == 1.0 for i in items.values())
    view.zoom_by(0.2 / view.zoom)
    assert not any(i.label.isVisible() for i in items.values())


def test_edge_labels_keep_off_node_names(qtbot: QtBot) -> None:
    view = _view(qtbot, demo_network())
    scene = view.chart_scene
    names = [
        (x + b[0], y + b[1], x + b[2], y + b[3])
        for (x, y), b in ((i.pos().toTuple(), i.box()) for i in scene.node_items.values())
    ]
    def rect(e: object) -> tuple[float, float, float, float]:
        r = e.label.sceneBoundingRect()  # type: ignore[attr-defined]
        return (r.left(), r.top(), r.right(), r.bottom())

    on_names = [k for k, e in scene.edge_items.items() if any(_meets(rect(e), n) for n in names)]
    moved = [k for k, e in scene.edge_items.items() if e.label_spot != (0.5, 0)]
    assert moved  # the midpoint was taken for some
    # a few crowded spots remain (a hub's short edges); most labels are clear
    assert len(on_names) <= len(scene.edge_items) // 4
