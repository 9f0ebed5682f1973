"""The rules at export: status, role, classification, handling codes, H2 permission."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sirat.errors import Conflict, ExportPolicyError, PermissionDenied
from sirat.services.audit.log import AuditFilter, list_records
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination.choices import export_choices, record_provider_permission
from sirat.services.dissemination.register import list_register
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from tests.unit.services.dissemination.dissem_data import DRAFT, Team, canary_report
from tests.unit.services.dissemination.test_export_from_vault import _report_id


def _report(team: Team, status: str = "approved", **changes: object) -> int:
    rid, _ = canary_report(team["ana"], team["sup"], draft=replace(DRAFT, **changes),
                           status=status)
    return rid


def test_a_draft_is_refused_with_one_clear_sentence(team: Team) -> None:
    rid = _report(team, status="draft")
    with pytest.raises(ExportPolicyError) as refused:
        dissemination.export_report(team["ana"], rid, "BG")
    assert "only approved reports can be exported" in refused.value.message
    assert "\n" not in refused.value.message
    assert list_register(team["ana"], report_id=rid) == []


def test_submitted_is_not_enough_either(team: Team) -> None:
    rid = _report(team, status="submitted")
    with pytest.raises(ExportPolicyError, match="is submitted"):
        dissemination.plan_export(team["ana"], rid, "BG")


def test_an_administrator_takes_no_part_in_dissemination(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        dissemination.plan_export(team["admin"], _report_id(team), "BG")


def test_classification_above_what_the_recipient_may_receive_is_refused(team: Team) -> None:
    rid = _report(team, classification="RESTRICTED")
    with pytest.raises(ExportPolicyError) as refused:
        dissemination.plan_export(team["ana"], rid, "OBS-GE")
    assert "may not receive RESTRICTED material" in refused.value.message
    assert dissemination.plan_export(team["ana"], rid, "PARTNER-AT").recipient.code == (
        "PARTNER-AT")
    confidential = _report(team, classification="CONFIDENTIAL")
    with pytest.raises(ExportPolicyError, match="may not receive CONFIDENTIAL"):
        dissemination.plan_export(team["ana"], confidential, "PARTNER-AT")


def test_a_handling_code_the_recipient_may_not_receive_is_refused(team: Team) -> None:
    rid = _report(team, handling_codes=frozenset({"H0", "H3"}), h3_text="Police use only")
    with pytest.raises(ExportPolicyError, match="marked H3"):
        dissemination.plan_export(team["ana"], rid, "PARTNER-IT")
    assert dissemination.plan_export(team["ana"], rid, "GR").recipient.code == "GR"


def test_h2_needs_the_providers_permission_recorded_first(team: Team) -> None:
    rid = _report(team, handling_codes=frozenset({"H2"}))
    with pytest.raises(ExportPolicyError, match="without the provider's permission"):
        dissemination.export_report(team["ana"], rid, "RO")
    choices = export_choices(team["ana"], rid)
    assert (choices.needs_permission, choices.permission_recorded) == (True, False)
    assert not next(r for r in choices.recipients if r.code == "RO").allowed

    record_provider_permission(team["ana"], rid, "Provider agreed by e-mail on 2026-11-21")

    assert export_choices(team["ana"], rid).permission_recorded
    assert dissemination.export_report(team["ana"], rid, "RO").entry.recipient_code == "RO"


def test_choices_say_why_each_refused_recipient_is_refused(team: Team) -> None:
    rid = _report(team, classification="RESTRICTED")
    choices = export_choices(team["ana"], rid)
    by_code = {r.code: r for r in choices.recipients}
    assert by_code["BG"].allowed
    assert not by_code["OBS-GE"].allowed
    assert "RESTRICTED" in by_code["OBS-GE"].reason
    assert by_code["OBS-GE"].hint
    assert choices.next_copy == 1


def test_export_marks_the_report_disseminated_through_the_workflow(team: Team) -> None:
    rid = _report_id(team)
    result = dissemination.export_report(team["ana"], rid, "HU")
    assert reports.get_report(team["ana"], rid, record_view=False).status == "disseminated"
    records = list_records(team["admin"], AuditFilter(action="report.disseminate",
                                                      report_id=rid))
    assert [(r.details["recipient"], r.details["export"]) for r in records] == [
        ("HU", result.entry.id)]
    again = dissemination.export_report(team["sup"], rid, "OBS-GE")
    assert again.entry.exported_by_name == "Sam Supervisor"


def test_a_report_reopened_after_planning_is_not_recorded(team: Team) -> None:
    rid = _report_id(team)
    plan = dissemination.plan_export(team["ana"], rid, "BG")
    rendered = dissemination.render_export(plan)
    workflow.reopen(team["ana"], rid)
    with pytest.raises(ExportPolicyError):
        dissemination.record_export(team["ana"], rendered)
    assert list_register(team["ana"]) == []


def test_a_copy_number_is_never_given_twice(team: Team) -> None:
    rid = _report_id(team)
    first = dissemination.plan_export(team["ana"], rid, "BG")
    second = dissemination.plan_export(team["ana"], rid, "RS")
    assert first.copy_number == second.copy_number == 1
    dissemination.record_export(team["ana"], dissemination.render_export(first))
    with pytest.raises(Conflict, match="Copy 1 of"):
        dissemination.record_export(team["ana"], dissemination.render_export(second))
    explicit = dissemination.export_report(team["ana"], rid, "RS", copy_number=7)
    assert explicit.entry.copy_number == 7
    assert dissemination.plan_export(team["ana"], rid, "RS").copy_number == 8
