"""The neighbour provider over a real vault: nodes, edges, personal flags, links to the chart."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sirat.chart import ChartGraph
from sirat.errors import NotFound
from sirat.models import AuditRecord
from sirat.services.charts import network as charts
from sirat.services.charts.network import node_id
from sirat.vault import Vault
from tests.unit.services.charts.charts_net import Net


def E(key: int) -> str:
    return node_id("entity", key)


def R(key: int) -> str:
    return node_id("report", key)


def test_expanding_a_person_brings_its_reports_and_related_entities(ana: Vault, net: Net) -> None:
    nodes, edges = charts.neighbours(ana, E(net.petrovic))
    by_id = {n.id: n for n in nodes}
    assert set(by_id) == {R(net.report_a), E(net.volvo), E(net.phone), E(net.company)}
    report = by_id[R(net.report_a)]
    assert (report.kind, report.label, report.crime_area, report.date) == (
        "report", "Cocaine in banana containers", "Drug trafficking", "2026-03-14")
    assert report.sublabel.startswith("SIRAT-")
    keys = {(e.source, e.target, e.kind, e.label) for e in edges}
    assert (R(net.report_a), E(net.petrovic), "role", "suspect") in keys
    assert (E(net.petrovic), E(net.volvo), "relation", "owner of") in keys
    assert (E(net.petrovic), E(net.company), "relation", "employee of") in keys
    # the new neighbours' links to each other come too: the report mentions the Volvo
    assert (R(net.report_a), E(net.volvo), "role", "vehicle used") in keys
    assert all(e.date for e in edges)


def test_node_labels_keep_the_original_script_and_show_identifiers(ana: Vault, net: Net) -> None:
    nodes, _ = charts.neighbours(ana, R(net.report_a))
    by_id = {n.id: n for n in nodes}
    person = by_id[E(net.petrovic)]
    assert (person.label, person.sublabel, person.is_personal) == (
        "Петар Петровић", "1980-04-12", True)
    assert by_id[E(net.giorgos)].label == "Γιώργος Παπαδόπουλος"
    volvo = by_id[E(net.volvo)]
    assert (volvo.label, volvo.sublabel) == ("Volvo FH", "CA 1234 AB")
    assert dict(volvo.facts) == {"make": "Volvo", "model": "FH", "colour": "white"}
    ship = by_id[E(net.ship)]
    assert (ship.label, ship.sublabel, ship.is_personal) == ("Aegean Star", "IMO 9074729", False)
    assert dict(ship.facts) == {"vessel_type": "general cargo", "flag": "MT"}
    assert by_id[E(net.phone)].is_personal
    assert not by_id[E(net.company)].is_personal


def test_personal_data_follows_the_product_rules(ana: Vault, net: Net) -> None:
    nodes, _ = charts.neighbours(ana, R(net.report_b))
    by_id = {n.id: n for n in nodes}
    assert by_id[E(net.home)].is_personal  # a private address
    assert by_id[E(net.volvo)].is_personal  # owned and driven by persons
    nodes, _ = charts.neighbours(ana, R(net.report_c))
    assert not any(n.is_personal for n in nodes)  # a vessel and a company


def test_links_to_what_is_already_on_the_chart_are_returned(ana: Vault, net: Net) -> None:
    on_chart = {E(net.sukru), R(net.report_b)}
    _, edges = charts.neighbours(ana, E(net.petrovic), on_chart)
    keys = {(e.source, e.target, e.label) for e in edges}
    # report B mentions the Volvo, a new neighbour of Petrović; Şükrü drives it
    assert (R(net.report_b), E(net.volvo), "vehicle used") in keys
    assert (E(net.sukru), E(net.volvo), "driver of") in keys
    _, alone = charts.neighbours(ana, E(net.petrovic))
    assert (R(net.report_b), E(net.volvo), "vehicle used") not in {
        (e.source, e.target, e.label) for e in alone}


def test_expanding_twice_reaches_the_vessel(ana: Vault, net: Net) -> None:
    graph = charts.open_chart(ana, entity_ids=[net.sukru])  # Şükrü and his neighbours
    assert set(graph.node_ids()) == {E(net.sukru), R(net.report_b), E(net.volvo), E(net.home)}

    def provider(of: str, known: frozenset[str]) -> tuple[list, list]:  # type: ignore[type-arg]
        return charts.neighbours(ana, of, known)

    graph.expand(E(net.volvo), provider)
    graph.expand(E(net.petrovic), provider)
    assert E(net.ship) not in graph
    graph.expand(R(net.report_a), provider)
    path = graph.shortest_path(E(net.sukru), E(net.ship))
    assert path == [E(net.sukru), E(net.volvo), R(net.report_a), E(net.ship)]


def chart_records(vault: Vault, action: str) -> list[AuditRecord]:
    with vault.session() as s:
        rows = list(s.scalars(select(AuditRecord).where(AuditRecord.action == action)
                              .order_by(AuditRecord.id)))
        s.expunge_all()
        return rows


def test_a_consultation_is_audited_with_ids_only(ana: Vault, net: Net) -> None:
    before = len(chart_records(ana, "chart.view"))
    charts.neighbours(ana, E(net.petrovic))
    charts.neighbours(ana, E(net.petrovic), record_view=False)
    records = chart_records(ana, "chart.view")
    assert len(records) == before + 1
    last = records[-1]
    assert (last.object_type, last.object_id, last.actor_id) == (
        "entity", str(net.petrovic), ana.info.user_id)
    assert json.loads(last.details) == {"entity": net.petrovic, "expanded": True, "nodes": 4}


def test_unknown_or_foreign_node_ids_are_refused(ana: Vault) -> None:
    for bad in ("person:1", "entity:x", "report:", "entity:-1"):
        with pytest.raises(NotFound):
            charts.neighbours(ana, bad, record_view=False)
    # an entity deleted or merged meanwhile simply has nothing more to show
    assert charts.neighbours(ana, "entity:999999", record_view=False) == ([], [])


def test_a_hub_brings_at_most_the_limit(
    ana: Vault, net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "MAX_NEIGHBOURS", 1)
    nodes, _ = charts.neighbours(ana, E(net.volvo), record_view=False)
    reports = [n for n in nodes if n.kind == "report"]
    assert [r.id for r in reports] == [R(net.report_a)]  # the most recent one
    assert len([n for n in nodes if n.kind != "report"]) == 1


def test_open_chart_of_several_ids_links_them_without_expanding(ana: Vault, net: Net) -> None:
    graph = charts.open_chart(ana, entity_ids=[net.petrovic, net.volvo], report_ids=[net.report_b])
    assert isinstance(graph, ChartGraph)
    assert set(graph.node_ids()) == {E(net.petrovic), E(net.volvo), R(net.report_b)}
    assert {(e.source, e.target) for e in graph.edges()} == {
        (E(net.petrovic), E(net.volvo)), (R(net.report_b), E(net.volvo))}
    with pytest.raises(NotFound):
        charts.open_chart(ana, entity_ids=[999999])
