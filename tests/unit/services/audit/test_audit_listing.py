"""Listing the audit log: filters by user, action, report, entity and time; newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sirat.errors import NotFound
from sirat.services.audit import log as audit
from sirat.services.audit.log import AuditFilter
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from tests.unit.services.conftest import Team
from tests.unit.services.workflow.workflow_helpers import draft, last_record


@pytest.fixture
def story(team: Team) -> dict[str, int]:
    team["admin"]  # signed in before the story, so its sign-in is not the newest record
    ana, sup = team["ana"], team["sup"]
    rid = reports.create_report(ana, draft()).id
    other = reports.create_report(team["bora"], draft(title="Other")).id
    person = entities.create_entity(ana, EntityDraft("person", (NameForm("Ivan Petrov"),))).id
    entity_links.link_entity(ana, rid, person, "suspect")
    workflow.submit(ana, rid)
    reports.get_report(sup, rid)
    entities.get_entity(sup, person)
    workflow.approve(sup, rid)
    return {"report": rid, "other": other, "person": person}


def _list(team: Team, **kw: object) -> list[audit.AuditEntry]:
    return audit.list_records(team["admin"], AuditFilter(**kw))  # type: ignore[arg-type]


def test_newest_first_with_names_and_details(team: Team, story: dict[str, int]) -> None:
    rows = _list(team)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    top = rows[0]
    assert (top.action, top.actor_name, top.object_id) == ("report.approve", "sup",
                                                           str(story["report"]))
    assert top.details["from"] == "submitted"
    # Reading the log is itself recorded, after the reading.
    rec = last_record(team["admin"])
    assert (rec.action, rec.details) == ("audit.list", f'{{"count":{len(rows)}}}')


def test_by_user(team: Team, story: dict[str, int]) -> None:
    rows = _list(team, user="SUP")  # names match as at sign-in
    assert {r.actor_name for r in rows} == {"sup"}
    assert [r.action for r in rows] == ["report.approve", "entity.view", "report.view",
                                      "approval.key", "signin"]
    with pytest.raises(NotFound):
        _list(team, user="nobody")


def test_by_action_or_prefix(team: Team, story: dict[str, int]) -> None:
    assert {r.action for r in _list(team, action="report.view")} == {"report.view"}
    assert {r.action for r in _list(team, action="entity.*")} == {
        "entity.create", "entity.link", "entity.view"}
    assert {r.action for r in _list(team, action="report.")} >= {"report.create",
                                                                 "report.submit"}
    assert _list(team, action="report") == []


def test_by_report_includes_records_naming_it_in_details(team: Team,
                                                         story: dict[str, int]) -> None:
    actions = [r.action for r in _list(team, report_id=story["report"])]
    assert actions == ["report.approve", "report.view", "report.submit", "entity.link",
                       "report.create"]
    assert [r.action for r in _list(team, report_id=story["other"])] == ["report.create"]


def test_by_entity_includes_links_and_relations(team: Team, story: dict[str, int]) -> None:
    actions = [r.action for r in _list(team, entity_id=story["person"])]
    assert actions == ["entity.view", "entity.link", "entity.create"]


def test_list_detail_keys_are_matched(team: Team, story: dict[str, int]) -> None:
    with team["ana"].session(write=True) as s:
        audit.record(s, actor_id=2, action="entity.merge", object_type="entity",
                     object_id=999, details={"merged": [story["person"], 998]})
    assert _list(team, entity_id=story["person"])[0].action == "entity.merge"


def test_by_time(team: Team, story: dict[str, int]) -> None:
    everything = _list(team, limit=None)
    top = everything[0].id  # each listing adds an audit.list record: compare up to here
    middle = datetime.fromisoformat(everything[len(everything) // 2].at)
    newer = [r for r in _list(team, since=middle, limit=None) if r.id <= top]
    older = _list(team, until=middle, limit=None)
    assert all(r.at >= everything[len(everything) // 2].at for r in newer)
    assert {r.id for r in newer} | {r.id for r in older} >= {r.id for r in everything}
    assert not {r.id for r in newer} & {r.id for r in older}
    naive = middle.astimezone(UTC).replace(tzinfo=None)
    assert [r.id for r in _list(team, since=naive, limit=None) if r.id <= top] == [
        r.id for r in newer]
    future = datetime.now(UTC) + timedelta(days=1)
    assert _list(team, since=future) == []


def test_paging_backwards(team: Team, story: dict[str, int]) -> None:
    first = _list(team, limit=3)
    assert len(first) == 3
    more = _list(team, limit=3, before_id=first[-1].id)
    assert more[0].id == first[-1].id - 1
    assert [r.id for r in _list(team, limit=None)][:3] != [r.id for r in more]
