"""users.change_role: an administrator gives a user another role (audited, effective at the
next sign-in); refused for one's own role, the last administrator, a supervisor whose
approvals would be voided, unknown users and roles, and for non-administrators."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.models import AuditRecord
from sirat.services.access import users
from sirat.services.access.session import sign_in
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from tests.ui.sample_data import draft
from tests.unit.services.conftest import PASSPHRASES, Team


def _role(team: Team, name: str) -> str:
    return next(u.role for u in users.list_users(team["admin"]) if u.name == name)


def test_an_administrator_changes_a_role_audited_and_it_takes_effect_at_sign_in(
        team: Team) -> None:
    view = users.change_role(team["admin"], "bora", "supervisor")
    assert view.role == "supervisor"
    assert _role(team, "bora") == "supervisor"
    with team["admin"].session() as s:
        rec = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).one()
    assert (rec.action, rec.object_id) == ("user.role", str(view.id))
    assert json.loads(rec.details) == {"from": "analyst", "to": "supervisor"}
    bora = sign_in(team.path, "bora", PASSPHRASES["bora"], throttle=False)
    try:
        assert bora.info.role == "supervisor"
        rid = int(reports.create_report(team["ana"], draft(1)).id)
        workflow.submit(team["ana"], rid)
        workflow.approve(bora, rid)  # the new supervisor can approve
    finally:
        bora.lock()


def test_refusals(team: Team) -> None:
    admin = team["admin"]
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        users.change_role(team["ana"], "bora", "supervisor")
    with pytest.raises(PermissionDenied, match="your own role"):
        users.change_role(admin, "admin", "analyst")
    with pytest.raises(NotFound):
        users.change_role(admin, "nobody", "analyst")
    with pytest.raises(ValidationError):
        users.change_role(admin, "bora", "king")
    with pytest.raises(Conflict, match="already an analyst"):
        users.change_role(admin, "bora", "analyst")
    # The last administrator keeps the role (another one could otherwise demote it).
    users.change_role(admin, "bora", "administrator")
    bora = sign_in(team.path, "bora", PASSPHRASES["bora"], throttle=False)
    try:
        users.change_role(bora, "admin", "analyst")  # two administrators: allowed
        with pytest.raises(PermissionDenied):
            users.change_role(bora, "bora", "analyst")  # own role
    finally:
        bora.lock()
    assert _role(team, "admin") == "analyst"


def test_a_supervisor_who_approved_keeps_the_role_so_approvals_stand(team: Team) -> None:
    rid = int(reports.create_report(team["ana"], draft(1)).id)
    workflow.submit(team["ana"], rid)
    workflow.approve(team["sup"], rid)
    with pytest.raises(Conflict, match="approved 1 report"):
        users.change_role(team["admin"], "sup", "analyst")
    assert _role(team, "sup") == "supervisor"
    users.change_role(team["admin"], "sup2", "analyst")  # approved nothing: allowed
    assert _role(team, "sup2") == "analyst"
