"""Saved charts and a report's chart: layout kept, refreshed from the vault, rights, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sirat.chart import ChartFilter
from sirat.chart.store import chart_to_dict
from sirat.errors import NotFound, PermissionDenied, ValidationError
from sirat.services.charts import network as charts
from sirat.services.charts.network import node_id
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.charts.charts_net import Net
from tests.unit.services.charts.test_neighbour_provider import chart_records


def _moved_state(vault: Vault, report_id: int) -> dict[str, object]:
    graph, positions = charts.chart_for_report(vault, report_id)
    moved = {k: (x + 17.25, y - 3.5) for k, (x, y) in positions.items()}
    graph.pin(node_id("report", report_id))
    return chart_to_dict(graph, moved, ChartFilter(kinds=frozenset({"report", "person"})),
                         size_by="degree")


def test_a_report_chart_is_built_deterministically(ana: Vault, net: Net) -> None:
    graph, positions = charts.chart_for_report(ana, net.report_a)
    again_graph, again = charts.chart_for_report(ana, net.report_a)
    centre = node_id("report", net.report_a)
    assert graph.node_ids() == again_graph.node_ids()
    assert positions == again
    assert set(positions) == set(graph.node_ids())
    assert set(graph.neighbours(centre)) == {
        node_id("entity", e) for e in (net.petrovic, net.giorgos, net.volvo, net.ship,
                                        net.company)}
    # the phone is on the chart through the relation the report asserts
    assert graph.neighbours(node_id("entity", net.phone)) == (node_id("entity", net.petrovic),)
    # rings around the report: it is the node nearest the middle
    mx = sum(x for x, _ in positions.values()) / len(positions)
    my = sum(y for _, y in positions.values()) / len(positions)
    assert min(positions, key=lambda k: (positions[k][0] - mx) ** 2
               + (positions[k][1] - my) ** 2) == centre


def test_a_saved_chart_reopens_with_the_same_layout(ana: Vault, net: Net) -> None:
    state = _moved_state(ana, net.report_a)
    saved = charts.save_chart(ana, state, name="Banana route", report_id=net.report_a)
    assert (saved.name, saved.report_id, saved.nodes) == ("Banana route", net.report_a, 7)
    assert saved.report_reference.startswith("SIRAT-")
    loaded = charts.load_chart(ana, saved.id)
    assert loaded.positions == {k: tuple(v) for k, v in state["positions"].items()}  # type: ignore[attr-defined]
    assert loaded.chart_filter.kinds == frozenset({"report", "person"})
    assert loaded.size_by == "degree"
    assert loaded.graph.pinned == {node_id("report", net.report_a)}
    # the PDF takes the saved chart, with its layout
    graph, positions = charts.chart_for_report(ana, net.report_a)
    assert positions == loaded.positions
    assert graph.node_ids() == loaded.graph.node_ids()


def test_saving_again_updates_and_lists_newest_first(ana: Vault, net: Net) -> None:
    state = _moved_state(ana, net.report_a)
    first = charts.save_chart(ana, state, name="One")
    second = charts.save_chart(ana, state, name="Two", report_id=net.report_b)
    updated = charts.save_chart(ana, state, name="One, again", chart_id=first.id)
    assert updated.id == first.id
    assert [c.name for c in charts.list_charts(ana)] == ["One, again", "Two"]
    assert [c.id for c in charts.list_charts(ana, report_id=net.report_b)] == [second.id]
    charts.delete_chart(ana, second.id)
    assert [c.id for c in charts.list_charts(ana)] == [first.id]
    with pytest.raises(NotFound):
        charts.load_chart(ana, second.id)


def test_a_saved_chart_is_refreshed_from_the_vault(ana: Vault, net: Net) -> None:
    state = _moved_state(ana, net.report_a)
    saved = charts.save_chart(ana, state, name="Refresh", report_id=net.report_a)
    company = entities.get_entity(ana, net.company, record_view=False)
    entities.update_entity(ana, net.company, EntityDraft(
        "organization", names=(NameForm("Petrović Logistika d.o.o."),),
        fields=dict(company.fields)))
    loaded = charts.load_chart(ana, saved.id)
    assert loaded.graph.node(node_id("entity", net.company)).label == "Petrović Logistika d.o.o."
    stored = json.loads(json.dumps(state))
    stored["nodes"].append({"id": "entity:999999", "kind": "person", "label": "Gone",
                            "sublabel": "", "crime_area": None, "date": None,
                            "is_personal": True})
    stored["positions"]["entity:999999"] = [1.0, 2.0]
    gone = charts.save_chart(ana, stored, name="With a deleted entity")
    assert "entity:999999" not in charts.load_chart(ana, gone.id).graph


def test_only_the_author_or_an_administrator_changes_a_chart(
    ana: Vault, net: Net, net_path: Path
) -> None:
    saved = charts.save_chart(ana, _moved_state(ana, net.report_a), name="Mine")
    bora = open_as(net_path, "bora")
    try:
        assert [c.id for c in charts.list_charts(bora)] == [saved.id]
        assert len(charts.load_chart(bora, saved.id).graph) == 7
        with pytest.raises(PermissionDenied):
            charts.save_chart(bora, _moved_state(bora, net.report_b), name="x",
                              chart_id=saved.id)
        with pytest.raises(PermissionDenied):
            charts.delete_chart(bora, saved.id)
    finally:
        bora.lock()
    admin = open_as(net_path, "admin")
    try:
        charts.delete_chart(admin, saved.id)
    finally:
        admin.lock()


def test_bad_input_is_refused_with_every_problem(ana: Vault, net: Net) -> None:
    with pytest.raises(ValidationError) as caught:
        charts.save_chart(ana, {"format": "something else"}, name=" ")
    assert {p.field for p in caught.value.problems} == {"name", "chart"}
    with pytest.raises(NotFound):
        charts.save_chart(ana, _moved_state(ana, net.report_a), name="x", report_id=999999)
    assert charts.list_charts(ana) == []


def test_saving_and_viewing_are_audited(ana: Vault, net: Net) -> None:
    saved = charts.save_chart(ana, _moved_state(ana, net.report_a), name="Audited",
                              report_id=net.report_a)
    charts.open_report_chart(ana, net.report_a)
    charts.load_chart(ana, saved.id)
    (save,) = chart_records(ana, "chart.save")
    assert (save.object_type, save.object_id) == ("chart", str(saved.id))
    assert json.loads(save.details) == {"report": net.report_a, "nodes": 7, "edges": 9}
    views = chart_records(ana, "chart.view")[-2:]
    assert [v.object_id for v in views] == [str(saved.id)] * 2
    assert "Audited" not in save.details


def test_deleting_a_draft_report_deletes_its_charts(ana: Vault, net: Net) -> None:
    charts.save_chart(ana, _moved_state(ana, net.report_b), name="B", report_id=net.report_b)
    charts.save_chart(ana, _moved_state(ana, net.report_a), name="A", report_id=net.report_a)
    reports.delete_report(ana, net.report_b)
    assert [c.name for c in charts.list_charts(ana)] == ["A"]
