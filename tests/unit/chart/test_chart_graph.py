"""ChartGraph: adding, removing, expanding, collapsing, pins, filters, paths."""

from __future__ import annotations

import itertools

import pytest

from sirat.chart.demo import demo_network, provider_from
from sirat.chart.graph import ChartFilter, ChartGraph, Edge, Node


def _node(node_id: str, kind: str = "person", **kw: object) -> Node:
    return Node(node_id, kind, node_id.upper(), **kw)  # type: ignore[arg-type]


def _chain(*ids: str) -> ChartGraph:
    graph = ChartGraph(_node(i) for i in ids)
    for a, b in itertools.pairwise(ids):
        graph.add_edge(Edge(a, b, "associate"))
    return graph


def test_node_and_edge_validate() -> None:
    with pytest.raises(ValueError, match="kind"):
        Node("x", "spaceship", "X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="id"):
        Node("", "person", "X")
    with pytest.raises(ValueError, match="different"):
        Edge("a", "a", "associate")
    with pytest.raises(ValueError, match="kind"):
        Edge("a", "b", "x", "friendship")  # type: ignore[arg-type]


def test_add_edge_needs_both_ends() -> None:
    graph = ChartGraph([_node("a")])
    with pytest.raises(KeyError):
        graph.add_edge(Edge("a", "b", "associate"))


def test_parallel_edges_and_neighbours() -> None:
    graph = _chain("a", "b", "c")
    assert graph.add_edge(Edge("b", "a", "family"))
    assert not graph.add_edge(Edge("b", "a", "family"))
    assert graph.edge_count == 3
    assert graph.neighbours("b") == ("a", "c")
    assert graph.degree("a") == 1
    assert [e.label for e in graph.incident_edges("a")] == ["associate", "family"]
    assert graph.undirected_pairs() == [("a", "b"), ("b", "c")]


def test_remove_node_removes_its_edges_and_pin() -> None:
    graph = _chain("a", "b", "c")
    graph.pin("b")
    change = graph.remove_node("b")
    assert change.removed_nodes == ("b",)
    assert len(change.removed_edges) == 2
    assert graph.edge_count == 0
    assert graph.pinned == frozenset()
    assert graph.neighbours("a") == ()
    assert graph.remove_node("b").empty


def test_expand_adds_new_neighbours_once() -> None:
    full = demo_network()
    graph = ChartGraph([full.node("person:1")])
    change = graph.expand("person:1", provider_from(full))
    assert set(change.added_nodes) == set(full.neighbours("person:1"))
    # the links of person:1 and those among its neighbours
    expected = full.subgraph(["person:1", *full.neighbours("person:1")])
    assert set(change.added_edges) == {e.key for e in expected.edges()}
    assert len(change.added_edges) > len(full.incident_edges("person:1"))
    again = graph.expand("person:1", provider_from(full))
    assert again.empty


def test_the_provider_is_told_what_is_on_the_chart() -> None:
    full = demo_network()
    graph = full.subgraph(["person:1", "vessel:1"])
    change = graph.expand("person:1", provider_from(full))
    # report:1 is a new neighbour of person:1 and mentions vessel:1, already drawn
    assert ("report:1", "vessel:1", "role", "vessel used") in change.added_edges


def test_expand_ignores_edges_to_unknown_nodes() -> None:
    graph = ChartGraph([_node("a")])

    def provider(node_id: str, known: frozenset[str]) -> tuple[list[Node], list[Edge]]:
        assert known == {"a"}
        return [_node("b")], [Edge(node_id, "b", "associate"), Edge("b", "zzz", "associate")]

    change = graph.expand("a", provider)
    assert change.added_nodes == ("b",)
    assert change.added_edges == (("a", "b", "relation", "associate"),)


def test_collapse_removes_only_leaves_that_are_not_pinned() -> None:
    # hub - leaf1, hub - leaf2 (pinned), hub - shared - other
    graph = ChartGraph(_node(i) for i in ("hub", "leaf1", "leaf2", "shared", "other"))
    for leaf in ("leaf1", "leaf2", "shared"):
        graph.add_edge(Edge("hub", leaf, "associate"))
    graph.add_edge(Edge("shared", "other", "associate"))
    graph.pin("leaf2")
    change = graph.collapse("hub")
    assert change.removed_nodes == ("leaf1",)
    assert set(graph.node_ids()) == {"hub", "leaf2", "shared", "other"}


def test_pin_unknown_node_fails_and_unpin_is_idempotent() -> None:
    graph = _chain("a")
    with pytest.raises(KeyError):
        graph.pin("b")
    graph.pin("a")
    assert graph.is_pinned("a")
    graph.unpin("a")
    graph.unpin("a")
    assert not graph.is_pinned("a")


def test_shortest_path_is_bfs_and_stable() -> None:
    graph = _chain("a", "b", "c", "d")
    graph.add_node(_node("x"))
    graph.add_edge(Edge("a", "x", "associate"))
    graph.add_edge(Edge("x", "d", "associate"))
    assert graph.shortest_path("a", "d") == ["a", "x", "d"]
    assert graph.shortest_path("d", "a") == ["d", "x", "a"]
    assert graph.shortest_path("b", "b") == ["b"]
    graph.add_node(_node("alone"))
    assert graph.shortest_path("a", "alone") is None
    with pytest.raises(KeyError):
        graph.shortest_path("a", "nope")


def test_demo_path_from_person_to_vessel() -> None:
    graph = demo_network()
    path = graph.shortest_path("person:2", "vessel:2")
    assert path is not None
    assert path[0] == "person:2"
    assert path[-1] == "vessel:2"
    for a, b in itertools.pairwise(path):
        assert b in graph.neighbours(a)


def test_filter_by_kind_drops_nodes_and_their_edges() -> None:
    graph = demo_network()
    view = graph.filter(ChartFilter(kinds=frozenset({"person", "vehicle"})))
    assert {n.kind for n in view.nodes()} == {"person", "vehicle"}
    assert view.edge_count > 0
    assert all(view.node(e.source).kind in {"person", "vehicle"} for e in view.edges())
    assert len(graph) == 50  # the original is untouched


def test_filter_by_relation_type_keeps_nodes() -> None:
    graph = demo_network()
    view = graph.filter(ChartFilter(relation_types=frozenset({"owner of"})))
    assert len(view) == len(graph)
    assert {e.label for e in view.edges()} == {"owner of"}


def test_filter_by_crime_area_keeps_undated_entities() -> None:
    graph = demo_network()
    view = graph.filter(ChartFilter(crime_areas=frozenset({"stolen vehicles"})))
    reports = [n.id for n in view.nodes() if n.kind == "report"]
    assert reports == ["report:2"]
    assert "person:1" in view


def test_filter_by_partial_date_range() -> None:
    graph = ChartGraph(
        [
            _node("r1", "report", date="2026-03"),
            _node("r2", "report", date="2026-05-20"),
            _node("r3", "report", date="about 2025"),
            _node("p"),
        ]
    )
    graph.add_edge(Edge("p", "r1", "suspect", "role", "2026-03-02"))
    graph.add_edge(Edge("p", "r2", "suspect", "role", "2026-05-20"))
    view = graph.filter(ChartFilter(date_from="2026-03-15", date_to="2026-04"))
    assert set(view.node_ids()) == {"r1", "p"}
    assert view.edge_count == 0  # the edge dated 2026-03-02 is before the range
    assert set(graph.filter(ChartFilter(date_to="2025-12-31")).node_ids()) == {"r3", "p"}


def test_identity_filter_keeps_everything() -> None:
    graph = demo_network()
    assert ChartFilter().is_identity
    view = graph.filter(ChartFilter())
    assert len(view) == len(graph)
    assert view.edge_count == graph.edge_count


def test_copy_and_subgraph_are_independent() -> None:
    graph = _chain("a", "b", "c")
    graph.pin("a")
    copy = graph.copy()
    copy.remove_node("a")
    assert "a" in graph
    sub = graph.subgraph(["a", "b", "zzz"])
    assert sub.node_ids() == ["a", "b"]
    assert sub.edge_count == 1
    assert sub.pinned == frozenset({"a"})
