"""The life cycle: submit, approve, return, reopen, disseminate; the thread and the queue."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.services.conftest import Team
from tests.unit.services.workflow.workflow_helpers import (
    audit_count,
    draft,
    last_record,
    report_in,
    status_of,
)


def _record(vault: Vault) -> tuple[str, int | None, str, str, dict[str, object]]:
    r = last_record(vault)
    return r.action, r.actor_id, r.object_type, r.object_id, json.loads(r.details)


def test_draft_to_disseminated(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = reports.create_report(ana, draft()).id

    change = workflow.submit(ana, rid)
    assert (change.old_status, change.new_status, change.version) == ("draft", "submitted", 1)
    assert _record(ana) == ("report.submit", ana.info.user_id, "report", str(rid),
                            {"from": "draft", "to": "submitted", "version": 1})

    change = workflow.approve(sup, rid, comment="Good work.", expected_version=1)
    assert change.new_status == "approved"
    action, actor, _, _, details = _record(sup)
    assert (action, actor, details["from"], details["to"]) == (
        "report.approve", sup.info.user_id, "submitted", "approved")

    change = workflow.mark_disseminated(ana, rid, "RS", 17)
    assert change.new_status == "disseminated"
    action, actor, _, _, details = _record(ana)
    assert (action, actor, details["recipient"], details["export"]) == (
        "report.disseminate", ana.info.user_id, "RS", 17)

    view = reports.get_report(ana, rid, record_view=False)
    assert view.status == "disseminated"
    assert view.approved_by == sup.info.user_id
    assert view.approver_name == "Sam Supervisor"
    assert view.submitted_at is not None
    assert view.approved_at is not None
    assert view.disseminated_at is not None
    assert view.submitted_at <= view.approved_at <= view.disseminated_at
    thread = workflow.comments(ana, rid)
    assert [(c.kind, c.body, c.report_version) for c in thread] == [
        ("approval", "Good work.", 1)]


def test_each_transition_writes_exactly_one_record(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = reports.create_report(ana, draft()).id
    steps = [
        (ana, lambda: workflow.submit(ana, rid), "report.submit"),
        (sup, lambda: workflow.return_report(sup, rid, "Add the plates."), "report.return"),
        (ana, lambda: workflow.submit(ana, rid), "report.submit"),
        (sup, lambda: workflow.approve(sup, rid), "report.approve"),
        (ana, lambda: workflow.reopen(ana, rid), "report.reopen"),
        (ana, lambda: workflow.submit(ana, rid), "report.submit"),
        (sup, lambda: workflow.approve(sup, rid), "report.approve"),
        (ana, lambda: workflow.mark_disseminated(ana, rid, "AL", 1), "report.disseminate"),
        (ana, lambda: workflow.mark_disseminated(ana, rid, "BG", 2), "report.disseminate"),
        (sup, lambda: workflow.add_comment(sup, rid, "Noted."), "report.comment"),
    ]
    step: Callable[[], object]
    for actor, step, action in steps:
        before = audit_count(actor)
        step()
        assert audit_count(actor) == before + 1, action
        assert last_record(actor).action == action


def test_return_needs_a_comment_and_clears_the_approval(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = report_in("approved", ana, sup)
    before = audit_count(sup)
    with pytest.raises(ValidationError, match="comment"):
        workflow.return_report(sup, rid, "   ")
    assert audit_count(sup) == before
    assert status_of(sup, rid) == "approved"

    change = workflow.return_report(sup, rid, "The dates disagree.\nCheck page 2.")
    assert (change.old_status, change.new_status) == ("approved", "draft")
    view = reports.get_report(ana, rid, record_view=False)
    assert (view.approved_by, view.approved_at) == (None, None)
    assert view.returned_by == sup.info.user_id
    assert view.return_comment == "The dates disagree.\nCheck page 2."
    assert [c.kind for c in workflow.comments(ana, rid)] == ["approval", "return"]
    # The comment text is in the thread, never in the audit log.
    assert "dates" not in last_record(sup).details


def test_edits_after_approval_need_approval_again(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = report_in("approved", ana, sup)
    with pytest.raises(Conflict, match="only drafts can be edited"):
        reports.update_report(ana, rid, draft(summary="Changed after approval."))
    workflow.reopen(ana, rid)
    view = reports.get_report(ana, rid, record_view=False)
    assert (view.status, view.approved_by) == ("draft", None)
    reports.update_report(ana, rid, draft(summary="Changed after approval."))
    with pytest.raises(Conflict, match="a draft"):
        workflow.approve(sup, rid)
    workflow.submit(ana, rid)
    with pytest.raises(Conflict, match="changed since you opened it"):
        workflow.approve(sup, rid, expected_version=1)
    assert status_of(sup, rid) == "submitted"
    assert workflow.approve(sup, rid, expected_version=2).new_status == "approved"


def test_a_disseminated_report_can_be_reopened_by_its_author(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = report_in("disseminated", ana, sup)
    first = reports.get_report(ana, rid, record_view=False).disseminated_at
    change = workflow.reopen(ana, rid)
    assert (change.old_status, change.new_status) == ("disseminated", "draft")
    view = reports.get_report(ana, rid, record_view=False)
    assert view.disseminated_at == first  # when it first went out stays known


def test_dissemination_again_keeps_the_first_date(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = report_in("disseminated", ana, sup)
    first = reports.get_report(ana, rid, record_view=False).disseminated_at
    change = workflow.mark_disseminated(sup, rid, "PARTNER-EUROPOL", "e-2")
    assert (change.old_status, change.new_status) == ("disseminated", "disseminated")
    assert reports.get_report(ana, rid, record_view=False).disseminated_at == first


def test_dissemination_in_the_exports_transaction(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = report_in("approved", ana, sup)
    before = audit_count(ana)

    def export_that_fails_after_marking() -> None:
        with ana.session(write=True) as s:
            workflow.mark_disseminated(s, rid, "RS", 5, actor=ana.info)
            raise RuntimeError("the export failed after marking")

    with pytest.raises(RuntimeError):
        export_that_fails_after_marking()
    assert (status_of(ana, rid), audit_count(ana)) == ("approved", before)
    with ana.session(write=True) as s:
        change = workflow.mark_disseminated(s, rid, "RS", 5, actor=ana.info)
    assert change.new_status == "disseminated"
    assert audit_count(ana) == before + 1
    with pytest.raises(TypeError), ana.session() as s:
        workflow.mark_disseminated(s, rid, "RS", 5)


def test_the_export_asks_before_rendering(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    draft_id = report_in("draft", ana, sup)
    with pytest.raises(Conflict, match="only a report that is approved or disseminated"):
        workflow.require_disseminable(ana, draft_id)
    with pytest.raises(PermissionDenied):
        workflow.require_disseminable(team["admin"], report_in("approved", ana, sup))
    workflow.require_disseminable(team["bora"], report_in("approved", ana, sup))


def test_a_supervisors_own_report_is_approved_by_another_supervisor(team: Team) -> None:
    sup, sup2 = team["sup"], team["sup2"]
    rid = reports.create_report(sup, draft()).id
    workflow.submit(sup, rid)
    with pytest.raises(PermissionDenied, match="your own report"):
        workflow.approve(sup, rid)
    assert workflow.approve(sup2, rid).new_status == "approved"


def test_the_review_queue(team: Team) -> None:
    ana, bora, sup = team["ana"], team["bora"], team["sup"]
    first = report_in("submitted", ana, sup)
    report_in("draft", ana, sup)
    report_in("approved", ana, sup)
    second = report_in("submitted", bora, sup)
    own = reports.create_report(sup, draft(title="Mine")).id
    workflow.submit(sup, own)
    queue = workflow.review_queue(sup)
    assert [q.report_id for q in queue] == [first, second]
    assert [q.author_name for q in queue] == ["Ana Analyst", "Bora Analyst"]
    assert queue[0].title == "Cigarette consignment via Vidin"
    assert [q.report_id for q in workflow.review_queue(team["sup2"])] == [first, second, own]
    for name in ("ana", "admin"):
        with pytest.raises(PermissionDenied, match="Only supervisors review"):
            workflow.review_queue(team[name])


def test_the_comment_thread(team: Team) -> None:
    ana, bora, sup = team["ana"], team["bora"], team["sup"]
    rid = report_in("submitted", ana, sup)
    workflow.add_comment(bora, rid, "  Seen the same truck in March.  ")
    c = workflow.add_comment(ana, rid, "Thanks — added.")
    assert (c.author_name, c.kind, c.report_version) == ("Ana Analyst", "comment", 1)
    assert _record(ana) == ("report.comment", ana.info.user_id, "report", str(rid),
                            {"comment": c.id})
    with pytest.raises(ValidationError):
        workflow.add_comment(ana, rid, "")
    with pytest.raises(PermissionDenied, match="administrator"):
        workflow.add_comment(team["admin"], rid, "Hello")
    assert [(x.author_name, x.body) for x in workflow.comments(sup, rid)] == [
        ("Bora Analyst", "Seen the same truck in March."), ("Ana Analyst", "Thanks — added.")]
    with pytest.raises(NotFound):
        workflow.comments(sup, 999)


def test_allowed_actions_follow_the_rules(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    author = ana.info.user_id
    assert workflow.allowed_actions(ana.info, author, "draft") == {"submit", "comment"}
    assert workflow.allowed_actions(sup.info, author, "submitted") == {
        "approve", "return", "comment"}
    assert workflow.allowed_actions(ana.info, author, "approved") == {
        "reopen", "disseminate", "comment"}
    assert workflow.allowed_actions(team["admin"].info, author, "approved") == set()
