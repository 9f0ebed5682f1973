"""export_refusal: the reason Export is not offered, from the same checks the export makes
(workflow rule, signed approval); None only for an approved report with a valid approval."""

from __future__ import annotations

from sqlalchemy import text

from sirat.services.dissemination.gate import export_refusal
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from tests.ui.sample_data import draft
from tests.unit.services.conftest import Team


def test_refusals_name_the_reason_and_an_approved_report_passes(team: Team) -> None:
    ana, sup, admin = team["ana"], team["sup"], team["admin"]
    rid = int(reports.create_report(ana, draft(1)).id)
    reason = export_refusal(ana, rid)
    assert reason is not None
    assert "draft" in reason
    workflow.submit(ana, rid)
    assert "submitted" in (export_refusal(ana, rid) or "")
    workflow.approve(sup, rid)
    assert export_refusal(ana, rid) is None
    assert export_refusal(sup, rid) is None  # a supervisor may export too
    assert "administrator" in (export_refusal(admin, rid) or "")
    assert "no report" in (export_refusal(ana, 999_999) or "")


def test_a_status_flipped_in_the_store_is_refused_for_want_of_a_signature(team: Team) -> None:
    ana = team["ana"]
    rid = int(reports.create_report(ana, draft(2)).id)
    with ana.engine.begin() as conn:
        conn.execute(text("UPDATE reports SET status = 'approved' WHERE id = :i"), {"i": rid})
    assert "no signed approval" in (export_refusal(ana, rid) or "")
