"""The observer's chart carries no personal node, edge or identifying label."""

from __future__ import annotations

from sirat.chart.demo import demo_network
from sirat.chart.graph import ChartGraph, Edge, Node
from sirat.chart.redact import OBSERVER_FACTS, redact_for_observer


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


def test_entities_next_to_persons_are_relabelled_from_safe_facts_only() -> None:
    graph = demo_network()
    view = redact_for_observer(graph)
    car = view.node("vehicle:1")  # owned by a person: its plate would identify the owner
    assert (car.label, car.sublabel) == ("Audi Q7, black", "Vehicle")
    assert dict(car.facts) == {"make": "Audi", "model": "Q7", "colour": "black"}
    ship = view.node("vessel:1")  # a person is crew
    assert (ship.label, ship.sublabel) == ("general cargo, MT", "Vessel")
    org = view.node("org:1")  # directed by a person: the name may be theirs
    assert (org.label, org.sublabel) == ("freight forwarder, RS", "Organization")
    assert view.node("report:1").label == "SIRAT-2026-000123"  # a title may name anyone
    assert view.node("report:1").sublabel == ""


def test_a_plate_in_the_label_does_not_survive() -> None:
    volvo = Node(
        "v",
        "vehicle",
        "Volvo FH CA1234AB",
        "CA1234AB",
        facts=(("make", "Volvo"), ("model", "FH"), ("vin", "YV2RT40A8LB123456")),
    )
    graph = ChartGraph([Node("p", "person", "Иван Петров"), volvo], [Edge("p", "v", "owner of")])
    node = redact_for_observer(graph).node("v")
    assert (node.label, node.sublabel, node.facts) == (
        "Volvo FH",
        "Vehicle",
        (("make", "Volvo"), ("model", "FH")),
    )
    bare = ChartGraph(
        [Node("p", "person", "Иван"), Node("v", "vehicle", "CA1234AB")],
        [Edge("p", "v", "driver of")],
    )
    assert redact_for_observer(bare).node("v").label == "Vehicle"


def test_labels_naming_a_dropped_person_are_relabelled_in_any_script() -> None:
    graph = ChartGraph(
        [
            Node("p", "person", "Петар Петровић"),
            Node("o", "organization", "Petrović Trans d.o.o.", facts=(("country", "RS"),)),
            Node("r", "report", "Петровић and the trucks", "SIRAT-2026-000007"),
            Node("s", "vessel", "Aegean Star", "IMO 9074729"),
        ]
    )
    graph.add_edge(Edge("r", "p", "suspect", "role"))
    graph.add_edge(Edge("r", "s", "vessel used", "role"))
    view = redact_for_observer(graph, trust_labels=True)
    # nowhere near the person on the chart, yet named after him
    assert view.node("o").label == "RS"
    assert view.node("r").label == "SIRAT-2026-000007"
    assert (view.node("s").label, view.node("s").sublabel) == ("Aegean Star", "IMO 9074729")


def test_names_given_by_the_caller_are_looked_for_too() -> None:
    graph = ChartGraph(
        [
            Node("o", "organization", "Petrovic Trans", facts=(("country", "RS"),)),
            Node("v", "vessel", "Aegean Star"),
        ]
    )
    assert redact_for_observer(graph, trust_labels=True).node("o").label == "Petrovic Trans"
    view = redact_for_observer(graph, person_names=["Петар Петровић"],  # folds to petrovic
                               trust_labels=True)
    assert view.node("o").label == "RS"
    assert view.node("v").label == "Aegean Star"
    # deny by default: without labels decided by a release view, no entity keeps its own
    alone = redact_for_observer(graph)
    assert alone.node("o").label == "RS"
    assert alone.node("v").label != "Aegean Star"


def test_the_observer_allow_list_is_the_disclosure_policys() -> None:
    from sirat.domain.disclosure import public_fields

    assert {k: public_fields(k) for k in OBSERVER_FACTS} == OBSERVER_FACTS


def test_a_report_that_only_named_persons_is_dropped_too() -> None:
    graph = ChartGraph(
        [
            Node("p", "person", "Ivan"),
            Node("r", "report", "Ivan", "SIRAT-2026-000001"),
            Node("q", "report", "Other", "SIRAT-2026-000002"),
        ]
    )
    graph.add_edge(Edge("r", "p", "suspect", "role"))
    assert redact_for_observer(graph).node_ids() == ["q"]  # q had no link to begin with


def test_person_kind_is_dropped_even_when_not_flagged() -> None:
    graph = ChartGraph([Node("p", "person", "Ivan"), Node("o", "organization", "Org")])
    graph.add_edge(Edge("p", "o", "employee"))
    graph.pin("p")
    view = redact_for_observer(graph)
    assert view.node_ids() == ["o"]
    assert view.pinned == frozenset()
    assert graph.node_ids() == ["o", "p"]  # the original is untouched
