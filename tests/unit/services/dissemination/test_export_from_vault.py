"""Exporting from the vault: the observer canary end to end, the partner copy, the chart."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from sirat.chart.layout import force_directed
from sirat.chart.redact import PERSONAL_KINDS
from sirat.chart.store import chart_to_dict
from sirat.export.sign import LoadedSigner
from sirat.export.verify import verify_pdf
from sirat.models import Report
from sirat.services.charts import network as charts
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination.exporting import file_name_for
from sirat.services.reports.links import link_entity
from tests.unit.services.dissemination.dissem_data import CANARY_SECRETS, PARTNER_SHOWS, Team
from tests.unit.services.dissemination.pdf_probe import (
    annotations_other_than_signature,
    leaks,
    page_text,
)


def _report_id(team: Team) -> int:
    with team["ana"].session() as s:
        return s.scalars(select(Report.id).where(Report.status == "approved")).one()


def test_observer_copy_from_the_vault_carries_no_personal_data_anywhere(
    team: Team, outside_signer: LoadedSigner
) -> None:
    rid = _report_id(team)
    plan = dissemination.plan_export(team["ana"], rid, "OBS-GE")
    assert plan.chart is not None
    chart_text = [t for n in plan.chart.nodes() for t in (n.label, n.sublabel)]
    chart_text += [e.label for e in plan.chart.edges()]
    assert [s for s in CANARY_SECRETS for t in [*plan.view.all_text(), *chart_text]
            if s.casefold() in t.casefold()] == []
    assert not any(n.kind in PERSONAL_KINDS for n in plan.chart.nodes())

    result = dissemination.export_report(team["ana"], rid, "OBS-GE", sign_with=outside_signer)

    assert leaks(result.pdf_bytes, CANARY_SECRETS) == []
    assert [s for s in CANARY_SECRETS if s in result.file_name] == []
    assert annotations_other_than_signature(result.pdf_bytes) == []
    text = page_text(result.pdf_bytes)
    assert "OBSERVER COPY" in text
    assert "Annex B — Link chart" in text
    assert "Timeline" in text
    assert "Date of report" in text
    assert "Vehicle: Volvo, FH, white" in text  # the owned lorry, by kind and make only
    # The report names persons: the ship and the company keep only their public fields.
    assert "MV Aurora" not in text
    assert "Kulata Trans" not in text
    assert "[PERSON 1]" in text
    assert verify_pdf(result.pdf_bytes).ok


def test_partner_copy_carries_the_personal_data_and_the_full_chart(team: Team) -> None:
    rid = _report_id(team)
    result = dissemination.export_report(team["ana"], rid, "PARTNER-EUROPOL")
    text = page_text(result.pdf_bytes)
    assert [s for s in PARTNER_SHOWS if s not in text] == []
    assert "OBSERVER COPY" not in text
    assert "Timeline" in text
    assert "Date of report" in text
    assert result.losses == ()
    plan = dissemination.plan_export(team["ana"], rid, "PARTNER-EUROPOL")
    assert plan.chart is not None
    shown = {(n.label, n.sublabel) for n in plan.chart.nodes()}
    assert ("Volvo FH", "CA1234AB") in shown
    assert "Иван Петров" in {label for label, _ in shown}


def test_a_saved_chart_is_cut_down_to_what_this_report_releases(team: Team) -> None:
    """Expanded to another report, the saved chart still prints only this report's links."""
    rid = _report_id(team)
    ana = team["ana"]
    graph, _ = charts.chart_for_report(ana, rid)
    lorry2 = next(n.id for n in graph.nodes() if n.label == "Mercedes Actros")
    assert any(e.label == "owner of" and lorry2 in (e.source, e.target)
               for e in graph.edges())  # asserted by the other report, drawn in the app
    with ana.session() as s:
        other = s.scalars(select(Report.id).where(Report.status == "draft")).one()
    link_entity(ana, other, int(lorry2.split(":")[1]), "vehicle_used")
    graph.merge(*charts.neighbours(ana, lorry2, graph.node_ids()))
    assert sum(n.kind == "report" for n in graph.nodes()) == 2  # the other report came too
    state = chart_to_dict(graph, force_directed(graph))
    charts.save_chart(ana, state, name="Route", report_id=rid)

    for code in ("BG", "OBS-GE"):
        plan = dissemination.plan_export(ana, rid, code)
        assert plan.chart is not None
        reports_on_it = [n for n in plan.chart.nodes() if n.kind == "report"]
        assert [n.label for n in reports_on_it] == [plan.reference]
        assert set(plan.chart_positions) == {n.id for n in plan.chart.nodes()}
        asserted = {(r.source_id, r.target_id, r.label) for r in plan.inputs.relations}
        for edge in plan.chart.edges():
            if edge.kind == "relation":
                ends = (edge.source.split(":")[1], edge.target.split(":")[1], edge.label)
                assert ends in asserted  # the other report's "owner of" is not printed


def test_observer_losses_name_counts_and_labels_never_data(team: Team) -> None:
    plan = dissemination.plan_export(team["ana"], _report_id(team), "OBS-UNODC")
    joined = " ".join(plan.losses)
    assert "3 persons left out of the entity annex" in joined
    assert "Registration plate" in joined
    assert "link chart" in joined
    assert [s for s in CANARY_SECRETS if s.casefold() in joined.casefold()] == []
    member = dissemination.plan_export(team["ana"], _report_id(team), "RS")
    assert member.losses == ()


def test_a_vehicle_personal_through_another_report_is_withheld_from_observers(
    team: Team,
) -> None:
    plan = dissemination.plan_export(team["ana"], _report_id(team), "OBS-WCO")
    labels = [e.label for e in plan.view.entities]
    assert "Vehicle: Mercedes, Actros, blue" in labels  # public fields only
    assert not any("PB7788KK" in t or "WDB9634031L000002" in t for t in plan.view.all_text())
    why = [w.sentence() for w in plan.withholdings if w.kind == "vehicle"]
    assert any("owner of" in w and "SIRAT-" in w for w in why), why
    member = dissemination.plan_export(team["ana"], _report_id(team), "BG")
    assert "Mercedes Actros PB7788KK" in [e.label for e in member.view.entities]


def test_the_register_holds_what_was_sent(team: Team, outside_signer: LoadedSigner) -> None:
    rid = _report_id(team)
    first = dissemination.export_report(team["ana"], rid, "BG", sign_with=outside_signer)
    second = dissemination.export_report(team["ana"], rid, "OBS-GE")

    assert (first.copy_number, second.copy_number) == (1, 2)
    entry = first.entry
    assert entry.sha256 == hashlib.sha256(first.pdf_bytes).hexdigest() == first.sha256
    assert (entry.recipient_code, entry.recipient_kind, entry.report_version) == (
        "BG", "member-state", 1)
    assert (entry.signed, entry.signer_name, entry.test_certificate) == (
        True, "Мира Стоянова", True)
    assert entry.certificate_id is None  # signed with a certificate from outside the vault
    assert entry.certificate_fingerprint == outside_signer.info.fingerprint_sha256
    assert entry.size_bytes == len(first.pdf_bytes)
    assert entry.file_name == file_name_for(entry.reference, "BG", 1)
    assert entry.exported_by_name == "Ana Analyst"
    assert second.entry.signed is False


def test_default_file_names_carry_reference_recipient_and_copy_only() -> None:
    name = file_name_for("SIRAT-2026-000042", "OBS-GE", 3)
    assert name == "SIRAT-2026-000042_OBS-GE_copy-003.pdf"
    assert file_name_for("SIRAT-2026-000042", "../a b/é", 1) == (
        "SIRAT-2026-000042_a-b_copy-001.pdf")
