"""The observer's chart carries no personal node, edge or identifying label."""

from __future__ import annotations

from sirat.chart.demo import demo_network
from sirat.chart.graph import ChartGraph, Edge, Node
from sirat.chart.redact import redact_for_observer


def test_no_personal_node_or_label_remains() -> None:
    graph = demo_network()
    personal = [n for n in graph.nodes() if n.is_personal]
    assert personal
    view = redact_for_observer(graph)
    texts = {t for n in view.nodes() for t in (n.label, n.sublabel)}
    texts |= {e.label for e in view.edges()}
    assert not any(n.is_personal for n in view.nodes())
    for node in personal:
        assert node.id not in view
        assert node.label not in texts
        assert not node.sublabel or node.sublabel not in texts
    assert all(e.source in view and e.target in view for e in view.edges())


def test_plates_linked_to_persons_are_blanked_others_kept() -> None:
    graph = demo_network()
    view = redact_for_observer(graph)
    assert view.node("vehicle:1").sublabel == ""  # owned by a person
    assert view.node("vehicle:1").label == graph.node("vehicle:1").label
    assert view.node("report:1").sublabel == graph.node("report:1").sublabel


def test_person_kind_is_dropped_even_when_not_flagged() -> None:
    graph = ChartGraph([Node("p", "person", "Ivan"), Node("o", "organization", "Org")])
    graph.add_edge(Edge("p", "o", "employee"))
    graph.pin("p")
    view = redact_for_observer(graph)
    assert view.node_ids() == ["o"]
    assert view.pinned == frozenset()
    assert graph.node_ids() == ["o", "p"]  # the original is untouched
