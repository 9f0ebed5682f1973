"""Layouts: deterministic, honour pins, and keep small charts free of overlaps."""

from __future__ import annotations

import math

import pytest

from sirat.bench.chart_pure import synthetic_graph
from sirat.chart.boxes import (
    Box,
    boxes_overlap,
    display_label,
    estimate_box,
    remove_overlaps,
)
from sirat.chart.demo import demo_network
from sirat.chart.graph import ChartGraph, Edge, Node
from sirat.chart.layout import force_directed, hierarchical, radial


def _overlaps(graph: ChartGraph, pos: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    ids = sorted(pos)
    box = {i: estimate_box(graph.node(i)) for i in ids}
    return [
        (a, b)
        for k, a in enumerate(ids)
        for b in ids[k + 1 :]
        if boxes_overlap(pos[a], box[a], pos[b], box[b])
    ]


def test_force_layout_is_deterministic_per_seed() -> None:
    graph = synthetic_graph(300, 700, seed=1)
    first = force_directed(graph, seed=7)
    assert force_directed(graph, seed=7) == first
    assert force_directed(graph, seed=8) != first
    assert set(first) == set(graph.node_ids())


def test_force_layout_ignores_insertion_order() -> None:
    graph = demo_network()
    shuffled = ChartGraph(reversed(graph.nodes()), reversed(graph.edges()))
    assert force_directed(shuffled, seed=3) == force_directed(graph, seed=3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_demo_network_default_layouts_have_no_overlap(seed: int) -> None:
    graph = demo_network()
    assert len(graph) == 50
    assert _overlaps(graph, force_directed(graph, seed=seed)) == []


@pytest.mark.parametrize("seed", [4, 5])
def test_random_50_node_graphs_have_no_overlap(seed: int) -> None:
    graph = synthetic_graph(50, 120, seed=seed)
    assert _overlaps(graph, force_directed(graph, seed=seed)) == []


def test_radial_and_hierarchical_have_no_overlap() -> None:
    graph = demo_network()
    assert _overlaps(graph, radial(graph, "person:1")) == []
    assert _overlaps(graph, hierarchical(graph, "report:1")) == []


def test_pinned_nodes_stay_put() -> None:
    graph = demo_network()
    pins = {"person:1": (0.0, 0.0), "vessel:1": (900.0, -300.0), "org:3": (905.0, -290.0)}
    pos = force_directed(graph, seed=0, pinned=pins)
    for node_id, xy in pins.items():
        assert pos[node_id] == xy
    # the free nodes still avoid the pinned boxes
    free_overlaps = [p for p in _overlaps(graph, pos) if not set(p) <= pins.keys()]
    assert free_overlaps == []


def test_new_nodes_are_placed_beside_their_pinned_neighbours() -> None:
    graph = demo_network()
    before = force_directed(graph, seed=0)
    new = set(graph.neighbours("person:9")) - {"person:3"}
    drawn = {k: v for k, v in before.items() if k not in new}
    after = force_directed(graph, seed=0, pinned=drawn)
    assert {k: after[k] for k in drawn} == drawn
    for node_id in new:
        nearest = min(math.dist(after[node_id], after[o]) for o in graph.neighbours(node_id))
        assert nearest < 3 * 170


def test_layouts_handle_tiny_and_disconnected_graphs() -> None:
    assert force_directed(ChartGraph()) == {}
    one = ChartGraph([Node("a", "person", "A")])
    assert force_directed(one) == {"a": (0.0, 0.0)}
    graph = ChartGraph(Node(i, "vehicle", i) for i in ("a", "b", "c", "d"))
    graph.add_edge(Edge("a", "b", "associate"))
    for layout in (force_directed(graph), radial(graph, "a"), hierarchical(graph, "a")):
        assert set(layout) == {"a", "b", "c", "d"}
        assert _overlaps(graph, layout) == []
        assert all(math.isfinite(v) for xy in layout.values() for v in xy)


def test_radial_puts_neighbours_on_the_first_ring() -> None:
    graph = demo_network()
    pos = radial(graph, "report:1")
    assert pos["report:1"] == (0.0, 0.0)
    first = [math.hypot(*pos[n]) for n in graph.neighbours("report:1")]
    others = [
        math.hypot(*pos[n]) for n in graph.node_ids() if n not in graph.neighbours("report:1")
    ]
    assert max(first) < sorted(others)[-1]
    assert min(first) > 0


def test_hierarchical_layers_go_down_from_root() -> None:
    graph = demo_network()
    pos = hierarchical(graph, "person:1")
    root_y = pos["person:1"][1]
    assert all(pos[n][1] > root_y for n in graph.neighbours("person:1"))
    with pytest.raises(KeyError):
        hierarchical(graph, "nope")


def test_remove_overlaps_separates_coincident_boxes() -> None:
    box: Box = (-20.0, -20.0, 20.0, 20.0)
    pos = remove_overlaps(
        {"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (1.0, 0.0)}, dict.fromkeys("abc", box)
    )
    ids = sorted(pos)
    assert not any(
        boxes_overlap(pos[a], box, pos[b], box) for k, a in enumerate(ids) for b in ids[k + 1 :]
    )


def test_display_label_elides() -> None:
    assert display_label("  Ivan\n Petrov ") == "Ivan Petrov"
    long = display_label("Θαλάσσιες Μεταφορές Ανώνυμη Εταιρεία Πειραιώς", 20)
    assert len(long) == 20
    assert long.endswith("…")


def test_ring_around_and_best_connected() -> None:
    from sirat.chart.layout_tree import best_connected, ring_around

    ring = ring_around((10.0, 20.0), ["a", "b", "c", "d"], radius=100.0)
    assert all(math.isclose(math.dist(xy, (10.0, 20.0)), 100.0) for xy in ring.values())
    assert len(set(ring.values())) == 4
    assert best_connected(demo_network()) == "person:1"
