"""Role rules through the services: every forbidden transition, for every kind of user.

The rules are written here as a table, independently of ``workflow.check``: who may take each
action, and from which statuses. A refusal by role is PermissionDenied; by status, Conflict.
Either way nothing changes: not the status, not the audit log, not the comment thread.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sirat.errors import Conflict, PermissionDenied, SiratError
from sirat.models import ReportComment
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.services.conftest import Team
from tests.unit.services.workflow.workflow_helpers import audit_count, report_in, status_of

STATUSES = ("draft", "submitted", "approved", "disseminated")
#: kind of user -> (user name, author of the report they act on)
ACTORS = {
    "author-analyst": ("ana", "ana"),
    "other-analyst": ("bora", "ana"),
    "other-supervisor": ("sup", "ana"),
    "author-supervisor": ("sup", "sup"),
    "administrator": ("admin", "ana"),
}
WRITERS = {"author-analyst", "author-supervisor"}
EVERYONE_BUT_ADMIN = set(ACTORS) - {"administrator"}
MAY = {
    "submit": WRITERS,
    "reopen": WRITERS,
    "approve": {"other-supervisor"},
    "return": {"other-supervisor"},
    "disseminate": EVERYONE_BUT_ADMIN,
    "comment": EVERYONE_BUT_ADMIN,
}
FROM = {
    "submit": {"draft"},
    "reopen": {"submitted", "approved", "disseminated"},
    "approve": {"submitted"},
    "return": {"submitted", "approved"},
    "disseminate": {"approved", "disseminated"},
    "comment": set(STATUSES),
}
TO = {"submit": "submitted", "reopen": "draft", "approve": "approved", "return": "draft",
      "disseminate": "disseminated"}
VERB = {"submit": "submit", "reopen": "reopen", "approve": "approve", "return": "return",
        "disseminate": "disseminate", "comment": "comment on"}

CALL: dict[str, Callable[[Vault, int], object]] = {
    "submit": workflow.submit,
    "reopen": workflow.reopen,
    "approve": workflow.approve,
    "return": lambda v, rid: workflow.return_report(v, rid, "Please check the dates."),
    "disseminate": lambda v, rid: workflow.mark_disseminated(v, rid, "RS", 1),
    "comment": lambda v, rid: workflow.add_comment(v, rid, "A remark."),
}


def expected(action: str, actor: str, status: str) -> type[SiratError] | None:
    if actor not in MAY[action]:
        return PermissionDenied
    if status not in FROM[action]:
        return Conflict
    return None


CASES = [(a, who, st) for a, who, st in product(MAY, ACTORS, STATUSES) if expected(a, who, st)]
ALLOWED = [(a, who, st) for a, who, st in product(MAY, ACTORS, STATUSES)
           if not expected(a, who, st)]


@pytest.fixture(scope="module")
def world(team_template: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Team, dict[str, int]]]:
    """One report per (author, status), made once for all the refusals."""
    path = tmp_path_factory.mktemp("roles") / "vault"
    shutil.copytree(team_template, path)
    team = Team(path)
    approver = {"ana": "sup", "sup": "sup2"}
    made = {f"{author}:{status}": report_in(status, team[author], team[approver[author]])
            for author, status in product(("ana", "sup"), STATUSES)}
    yield team, made
    team.close()


def _comments(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.execute(select(func.count()).select_from(ReportComment)).scalar_one())


def test_the_table_covers_every_action() -> None:
    assert set(MAY) == set(workflow.ACTIONS) == set(CALL)
    assert len(CASES) + len(ALLOWED) == len(MAY) * len(ACTORS) * len(STATUSES)


@pytest.mark.parametrize(("action", "actor", "status"), CASES,
                         ids=[f"{a}-{who}-{st}" for a, who, st in CASES])
def test_forbidden_transition_is_refused(world: tuple[Team, dict[str, int]], action: str,
                                         actor: str, status: str) -> None:
    team, made = world
    name, author = ACTORS[actor]
    vault = team[name]
    rid = made[f"{author}:{status}"]
    before = (status_of(vault, rid), audit_count(vault), _comments(vault))
    error = expected(action, actor, status)
    assert error is not None
    with pytest.raises(error) as caught:
        CALL[action](vault, rid)
    message = caught.value.message
    if error is PermissionDenied:
        assert VERB[action] in message  # what
        if actor == "administrator":
            reason = "administrators manage users"
        elif action in ("submit", "reopen"):
            reason = "Only the author"
        elif actor == "author-supervisor":
            reason = "your own report"
        else:
            reason = "Only a supervisor"
        assert reason in message  # why
    else:
        assert f"This report is {'a draft' if status == 'draft' else status}" in message
    assert caught.value.hint
    assert (status_of(vault, rid), audit_count(vault), _comments(vault)) == before
    assert action not in workflow.allowed_actions(vault.info, team[author].info.user_id, status)


def test_every_allowed_transition_goes_through(world: tuple[Team, dict[str, int]]) -> None:
    team, _ = world
    approver = {"ana": "sup", "sup": "sup2"}
    for action, actor, status in ALLOWED:
        name, author = ACTORS[actor]
        vault = team[name]
        rid = report_in(status, team[author], team[approver[author]])
        assert action in workflow.allowed_actions(vault.info, team[author].info.user_id,
                                                  status)
        before = audit_count(vault)
        CALL[action](vault, rid)
        assert status_of(vault, rid) == TO.get(action, status), (action, actor, status)
        assert audit_count(vault) == before + 1, (action, actor, status)
