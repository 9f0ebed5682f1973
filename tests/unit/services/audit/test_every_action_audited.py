"""Every action available writes exactly one audit record: right actor, action, object, time.

To cover a new action, add one ``Case`` to ``CASES``: who acts, what to prepare, what to do,
and the record expected. (Search and entity merge/unmerge are to be added with those
services, by their authors.)
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

import sirat.services
from sirat import clock
from sirat.chart.graph import ChartFilter
from sirat.chart.store import chart_to_dict
from sirat.models import AuditRecord, Report
from sirat.services import integrity
from sirat.services.access import preferences, users
from sirat.services.access.session import create_vault, sign_in
from sirat.services.attachments import store as attachments
from sirat.services.audit import checkpoint
from sirat.services.audit import log as audit
from sirat.services.charts import map as map_data
from sirat.services.charts import network as charts
from sirat.services.charts import timeline, views_audit
from sirat.services.dissemination import certificates
from sirat.services.dissemination import exporting as dissemination
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, IdentifierValue, IdentifierWarnings, NameForm
from sirat.services.interchange import document as interchange
from sirat.services.interchange import importing as interchange_import
from sirat.services.reports import history, reference, reference_admin
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.resolution import candidates as resolution
from sirat.services.resolution import merge
from sirat.services.search import fulltext as search
from sirat.services.search import index as search_index
from sirat.services.workflow import handover
from sirat.services.workflow import review as workflow
from sirat.vault.crypto import KDF_FLOOR
from tests.ui.sample_data import legacy_admin_draft
from tests.unit.services.conftest import PASSPHRASES, Team
from tests.unit.services.workflow.workflow_helpers import draft, report_in

PERSON = EntityDraft(kind="person", names=(NameForm("Ђорђе Петровић"),))
PERSON2 = EntityDraft(kind="person", names=(NameForm("Γιώργος Παπαδόπουλος"),))


def _report(t: Team, status: str = "draft") -> int:
    return report_in(status, t["ana"], t["sup"])


def _attached(t: Team, *, image: bool = False) -> int:
    if image:
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (64, 48), (10, 20, 30)).save(out, "JPEG")
        data = out.getvalue()
    else:
        data = b"a note\n"
    return attachments.add_attachment(t["ana"], data, "evidence", report_id=_report(t)).id


def _damaged(t: Team) -> int:
    aid = _attached(t)
    with t["ana"].session(write=True) as s:  # its key no longer opens
        s.execute(text("UPDATE attachments SET wrapped_key = zeroblob(60) WHERE id = :i"),
                  {"i": aid})
    return aid


def _repair(t: Team, aid: int) -> int:
    from sirat.services.attachments.repair import repair_attachments

    assert [a for a, _ in repair_attachments(t["admin"]).removed] == [aid]
    return aid


def _linked(t: Team) -> dict[str, int]:
    rid = _report(t)
    a = entities.create_entity(t["ana"], PERSON).id
    b = entities.create_entity(t["ana"], PERSON2).id
    link = entity_links.link_entity(t["ana"], rid, a, "suspect")
    rel = entity_links.relate_entities(t["ana"], a, b, "associate", rid)
    return {"report": rid, "a": a, "b": b, "link": link.link_id, "relation": rel.id}


def _exported_then_deleted(t: Team) -> bytes:
    rid = _report(t)
    data = interchange.export_json(t["ana"], [rid])
    reports.delete_report(t["ana"], rid)
    return data


def _delete(t: Team, rid: int) -> int:
    reports.delete_report(t["ana"], rid)
    return rid


def _unlink(t: Team, p: dict[str, int]) -> int:
    entity_links.unlink_entity(t["ana"], p["link"])
    return p["report"]


def _unrelate(t: Team, p: dict[str, int]) -> int:
    entity_links.remove_relation(t["ana"], p["relation"])
    return p["report"]


def _signed_in_and_locked(t: Team, name: str) -> int:
    v = sign_in(t.path, name, PASSPHRASES[name], throttle=False)
    v.lock()
    return v.info.user_id


def _passwd(t: Team) -> int:
    users.change_passphrase(t["ana"], PASSPHRASES["ana"], "ana's new passphrase", kdf=KDF_FLOOR)
    return t["ana"].info.user_id


def _newest_report(t: Team) -> int:
    with t["ana"].session() as s:
        return int(s.execute(select(func.max(Report.id))).scalar_one())


def _two_people(t: Team) -> tuple[int, int]:
    a = entities.create_entity(t["ana"], PERSON).id
    b = entities.create_entity(t["ana"], EntityDraft(kind="person",
                                                     names=(NameForm("Djordje Petrovic"),))).id
    return a, b


def _merged(t: Team) -> int:
    a, b = _two_people(t)
    return int(merge.merge_entities(t["ana"], a, b).merge_id)


def _unmerge(t: Team, merge_id: int) -> int:
    with t["ana"].session() as s:
        kept = s.execute(text("SELECT kept_id FROM entity_merges WHERE id = :i"),
                         {"i": merge_id}).scalar_one()
    merge.unmerge(t["ana"], merge_id)
    return int(kept)


def _not_same(t: Team, pair: tuple[int, int]) -> int:
    resolution.mark_not_same(t["ana"], *pair)
    return min(pair)


def _judged(t: Team) -> tuple[int, int]:
    pair = _two_people(t)
    resolution.mark_not_same(t["ana"], *pair)
    return pair


def _forget(t: Team, pair: tuple[int, int]) -> int:
    resolution.forget_not_same(t["ana"], *pair)
    return min(pair)


def _chart_state(t: Team) -> tuple[int, dict[str, Any]]:
    rid = _linked(t)["report"]
    graph, positions = charts.chart_for_report(t["ana"], rid)
    return rid, chart_to_dict(graph, positions, ChartFilter())


def _saved_chart(t: Team) -> int:
    rid, state = _chart_state(t)
    return int(charts.save_chart(t["ana"], state, name="Route", report_id=rid).id)


def _delete_chart(t: Team, chart_id: int) -> int:
    charts.delete_chart(t["ana"], chart_id)
    return chart_id


def _remove_certificate(t: Team, cert_id: int) -> int:
    certificates.remove_certificate(t["admin"], cert_id)
    return cert_id


def _export_pdf(t: Team, rid: int) -> int:
    dissemination.export_report(t["sup"], rid, "RS")
    return rid


@dataclass(frozen=True)
class Case:
    """``act(team, prepared)`` returns the object id the record must name."""

    action: str
    actor: str
    object_type: str
    act: Callable[[Team, Any], object]
    prepare: Callable[[Team], Any] = lambda t: None
    details: dict[str, Any] | None = None


def _id(x: Any) -> object:
    return x.id


CASES = [
    # sign-in, users, keys
    Case("signin", "bora", "user",
         lambda t, _: _signed_in_and_locked(t, "bora")),
    Case("user.add", "admin", "user", lambda t, _: users.add_user(
        t["admin"], "newbie", "a long enough passphrase", kdf=KDF_FLOOR).id,
         details={"role": "analyst"}),
    Case("user.remove", "admin", "user", lambda t, _: users.remove_user(t["admin"], "bora").id),
    Case("user.role", "admin", "user", lambda t, _: users.change_role(
        t["admin"], "bora", "supervisor").id, details={"from": "analyst", "to": "supervisor"}),
    Case("user.passwd", "ana", "user", lambda t, _: _passwd(t)),
    Case("vault.rotate_key", "admin", "vault",
         lambda t, _: (users.rotate_key(t["admin"]), t["admin"].info.vault_id)[1]),
    Case("audit.checkpoint", "admin", "audit",
         lambda t, _: (checkpoint.checkpoint(t["admin"], PASSPHRASES["admin"]), "")[1]),
    Case("audit.list", "admin", "audit", lambda t, _: (audit.list_records(t["admin"]), "")[1]),
    Case("settings.change", "admin", "vault_meta",
         lambda t, _: (preferences.set_idle_lock_minutes(t["admin"], 5), "idle_lock_minutes")[1],
         details={"minutes": 5}),
    Case("reference.crime_area", "admin", "crime_area",
         lambda t, _: reference.save_crime_area(t["admin"], "arms", "Arms trafficking").code),
    Case("reference.handling_code", "admin", "handling_code",
         lambda t, _: reference_admin.set_handling_wording(t["admin"], "H1", "Not in court.").code),
    Case("reference.relation_type", "admin", "relation_type",
         lambda t, _: reference_admin.save_relation_type(
             t["admin"], "partner_of", "partner of", "partner of").code,
         details={"added": True, "ftm_schema": "UnknownLink"}),
    Case("reference.recipient", "admin", "recipient",
         lambda t, _: reference_admin.save_recipient(
             t["admin"], "XK", "Kosovo police", "observer", "RESTRICTED", ("H0",)).code,
         details={"kind_from": None, "kind_to": "observer", "active": True}),
    # reports
    Case("report.create", "ana", "report", lambda t, _: reports.create_report(
        t["ana"], draft()).id),
    Case("report.update", "ana", "report", lambda t, rid: reports.update_report(
        t["ana"], rid, draft(summary="Changed.")).id, _report, details={"version": 2}),
    Case("report.view", "sup", "report",
         lambda t, rid: reports.get_report(t["sup"], rid).id, _report),
    Case("report.delete", "ana", "report", _delete, _report),
    Case("report.h2_permission", "ana", "report", lambda t, rid: reports.record_h2_permission(
        t["ana"], rid, "Provider agreed by phone.").id, _report),
    Case("report.export", "ana", "report",
         lambda t, rid: (interchange.export_json(t["ana"], [rid]), rid)[1], _report),
    Case("report.import", "ana", "report",
         lambda t, data: interchange_import.import_document(t["ana"], data) and
         _newest_report(t), _exported_then_deleted),
    Case("report.compare", "sup", "report",
         lambda t, rid: history.compare(t["sup"], rid, 1, 1).report_id, _report,
         details={"versions": [1, 1]}),
    # life cycle
    Case("report.submit", "ana", "report",
         lambda t, rid: workflow.submit(t["ana"], rid).report_id, _report),
    Case("report.approve", "sup", "report", lambda t, rid: workflow.approve(
        t["sup"], rid).report_id, lambda t: _report(t, "submitted")),
    Case("report.return", "sup", "report", lambda t, rid: workflow.return_report(
        t["sup"], rid, "Why.").report_id, lambda t: _report(t, "submitted")),
    Case("report.reopen", "ana", "report",
         lambda t, rid: workflow.reopen(t["ana"], rid).report_id, lambda t: _report(t, "approved")),
    Case("report.disseminate", "bora", "report", lambda t, rid: workflow.mark_disseminated(
        t["bora"], rid, "MK", 3).report_id, lambda t: _report(t, "approved")),
    Case("report.handover", "admin", "report",
         lambda t, rid: int(handover.hand_over(t["admin"], rid, "ana").report_id),
         # a draft an administrator wrote before the service refused it
         lambda t: legacy_admin_draft(t["ana"], int(t["admin"].info.user_id))),
    Case("report.comment", "bora", "report",
         lambda t, rid: workflow.add_comment(t["bora"], rid, "Hm.").report_id, _report),
    # entities
    Case("entity.create", "ana", "entity",
         lambda t, _: entities.create_entity(t["ana"], PERSON).id, details={"kind": "person"}),
    Case("entity.update", "ana", "entity", lambda t, eid: entities.update_entity(
        t["ana"], eid, PERSON2).id, lambda t: entities.create_entity(t["ana"], PERSON).id),
    Case("entity.view", "sup", "entity", lambda t, eid: entities.get_entity(t["sup"], eid).id,
         lambda t: entities.create_entity(t["ana"], PERSON).id),
    Case("entity.link", "ana", "report", lambda t, p: entity_links.link_entity(
        t["ana"], p["report"], p["b"], "witness").report_id, _linked),
    Case("entity.unlink", "ana", "report", _unlink, _linked),
    Case("entity.relate", "ana", "report", lambda t, p: (entity_links.relate_entities(
        t["ana"], p["b"], p["a"], "family", p["report"]), p["report"])[1], _linked),
    Case("entity.unrelate", "ana", "report", _unrelate, _linked),
    # search and entity resolution
    Case("search", "sup", "search",
         lambda t, _: (search.search(t["sup"], "Vidin"), "")[1], _report),
    Case("search.rebuild", "admin", "vault", lambda t, _: (search_index.rebuild_index(
        t["admin"]), t["admin"].info.vault_id)[1], _report),
    Case("entity.merge", "ana", "entity",
         lambda t, pair: merge.merge_entities(t["ana"], *pair).kept_id, _two_people),
    Case("entity.unmerge", "ana", "entity", _unmerge, _merged),
    Case("entity.not_same", "ana", "entity", _not_same, _two_people),
    Case("entity.not_same_undo", "ana", "entity", _forget, _judged),
    # charts
    Case("chart.save", "ana", "chart", lambda t, p: charts.save_chart(
        t["ana"], p[1], name="Route", report_id=p[0]).id, _chart_state),
    Case("chart.view", "ana", "chart",
         lambda t, cid: (charts.load_chart(t["ana"], cid), cid)[1], _saved_chart),
    Case("chart.delete", "ana", "chart", _delete_chart, _saved_chart),
    # the timeline and the map (sirat.services.charts.views_audit)
    Case("timeline.view", "ana", "timeline",
         lambda t, _: (timeline.load(t["ana"], axis="report"), "")[1], _report),
    Case("timeline.export", "sup", "timeline", lambda t, _: (views_audit.record_export(
        t["sup"], "timeline", fmt="png", observer=True, filters=None, items=1), "")[1],
         details={"format": "png", "observer": True, "items": 1}),
    Case("map.view", "bora", "map", lambda t, _: (map_data.load(t["bora"]), "")[1], _report),
    Case("map.export", "ana", "map", lambda t, _: (views_audit.record_export(
        t["ana"], "map", fmt="svg", observer=False, filters=None, places=0), "")[1],
         details={"format": "svg", "observer": False, "places": 0}),
    # certificates and dissemination
    Case("certificate.create_test", "admin", "certificate", lambda t, _: (
        certificates.create_test_certificate(t["admin"], "a certificate passphrase",
                                             owner="sup").id)),
    Case("certificate.remove", "admin", "certificate", _remove_certificate,
         lambda t: certificates.create_test_certificate(
             t["admin"], "a certificate passphrase", owner="sup").id),
    Case("report.disseminate", "sup", "report", _export_pdf, lambda t: _report(t, "approved")),
    # attachments (docs/attachments.md)
    Case("attachment.add", "ana", "attachment", lambda t, rid: attachments.add_attachment(
        t["ana"], b"a note\n", "note.txt", report_id=rid).id, _report),
    Case("attachment.delete", "ana", "attachment",
         lambda t, aid: (attachments.delete_attachment(t["ana"], aid), aid)[1], _attached),
    Case("attachment.export", "bora", "attachment",
         lambda t, aid: (attachments.export_copy(t["bora"], aid, lambda _d: None), aid)[1],
         _attached),
    Case("attachment.view", "sup", "attachment",
         lambda t, aid: (attachments.view_image(t["sup"], aid), aid)[1],
         lambda t: _attached(t, image=True)),
    Case("attachment.repair", "admin", "attachment", _repair, _damaged),
    Case("attachment.limit", "admin", "vault",
         lambda t, _: (attachments.set_max_bytes(t["admin"], 10_000_000), "")[1],
         details={"max_bytes": 10_000_000}),
]


def _records_after(t: Team, last: int) -> list[AuditRecord]:
    with t["admin"].session() as s:
        found = list(s.scalars(select(AuditRecord).where(AuditRecord.id > last)
                               .order_by(AuditRecord.id)))
        for r in found:
            s.expunge(r)
        return found


def _head(t: Team) -> int:
    with t["admin"].session() as s:
        return int(s.execute(select(AuditRecord.id).order_by(AuditRecord.id.desc())).scalar() or 0)


@pytest.mark.parametrize("case", CASES, ids=[c.action for c in CASES])
def test_one_action_one_record(team: Team, case: Case) -> None:
    for name in {case.actor, "admin"}:
        team[name]  # sign in first: sign-in writes its own record
    prepared = case.prepare(team)
    last = _head(team)
    start = datetime.now(UTC)
    object_id = case.act(team, prepared)
    end = datetime.now(UTC)
    new = _records_after(team, last)
    assert [r.action for r in new] == [case.action]
    rec = new[0]
    assert rec.actor_id == team[case.actor].info.user_id
    assert (rec.object_type, rec.object_id) == (case.object_type, str(object_id))
    assert clock.timestamp(start) <= rec.at <= clock.timestamp(end)
    if case.details is not None:
        assert json.loads(rec.details) == case.details
    assert integrity.verify(team["admin"]).ok


def test_the_table_covers_every_action_recorded_in_the_services() -> None:
    """An action recorded by a service (in any subpackage) but missing here fails this test
    (add a Case, or name the test that asserts its record)."""
    source = "\n".join(p.read_text("utf-8")
                       for p in Path(sirat.services.__file__).parent.rglob("*.py"))
    recorded = set(re.findall(r'action="([a-z_.]+)"', source))
    recorded |= {f"report.{a}" for a in workflow.ACTIONS}
    recorded |= {"entity.create", "entity.update"}  # chosen at run time in entities.py
    recorded |= {"certificate.import"}  # chosen at run time in certificates.py
    special = {"signin.failed": "test_audit_signin.py", "vault.create": "below",
               "demo.generate": "the demo's own tests",
               "vault.backup": "tests/e2e/test_cli_audit.py",
               "approval.key": "a supervisor's first sign-in: test_dissem_approvals.py",
               "vault.accept_lost_work": "tests/unit/vault/test_vault_highwater.py",
               "certificate.import": "needs a PKCS#12 file: the certificates' own tests",
               # two workstations or a sheet to set up: their own tests assert the record
               "workstation.keys_create": "tests/unit/exchange/test_exchange_packages.py",
               "workstation.pin": "tests/unit/exchange/test_exchange_packages.py",
               "workstation.unpin": "tests/unit/exchange/test_exchange_packages.py",
               "workstation.pin_certificate": "tests/unit/exchange/test_partner_certificates.py",
               "workstation.unpin_certificate":
                   "tests/unit/exchange/test_partner_certificates.py",
               "package.export": "tests/unit/exchange/test_exchange_packages.py",
               "package.import": "tests/unit/exchange/test_exchange_packages.py",
               "sheet.import": "tests/unit/sheets/test_sheets_import.py",
               "sheet.mapping_save": "tests/unit/sheets/test_sheets_import.py",
               "analysis.generate": "tests/unit/stats/test_stats_product.py"}
    assert recorded - {c.action for c in CASES} - set(special) == set()


def test_creating_a_vault_writes_one_record(tmp_path: Path) -> None:
    vault = create_vault(tmp_path / "v", "admin", PASSPHRASES["admin"], kdf=KDF_FLOOR)
    try:
        with vault.session() as s:
            recs = list(s.scalars(select(AuditRecord)))
        assert [(r.action, r.actor_id, r.object_type, r.object_id) for r in recs] == [
            ("vault.create", vault.info.user_id, "vault", vault.info.vault_id)]
    finally:
        vault.lock()


def test_an_acknowledged_identifier_warning_is_part_of_the_one_record(team: Team) -> None:
    draft_ = EntityDraft(kind="bank_account", identifiers=(IdentifierValue("iban", "RS00"),))
    with pytest.raises(IdentifierWarnings) as caught:
        entities.create_entity(team["ana"], draft_)
    last = _head(team)
    entities.create_entity(team["ana"], draft_, acknowledged=[w.key for w in caught.value.warnings])
    assert [r.action for r in _records_after(team, last)] == ["entity.create"]
