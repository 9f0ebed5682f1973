"""Importing an interchange file: all or nothing, in one write transaction; records already
in the vault (same stable id) are left as they are, so importing twice adds nothing."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.clock import utcnow as now_iso
from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import SiratError, ValidationError
from sirat.models import STATUSES, Entity, EntityRelation, RelationType, Report
from sirat.models.trust import ReportProvenance
from sirat.services.audit import log as audit
from sirat.services.entities.checks import check_entity, identifier_warnings
from sirat.services.entities.records import save_entity
from sirat.services.interchange.document import (
    LIFE_CYCLE,
    ImportResult,
    InterchangeError,
    parse_document,
)
from sirat.services.interchange.ftm import (
    DEFAULT_RELATION,
    RELATION_SCHEMAS,
    RecordProblem,
    ftm_to_entity,
)
from sirat.services.reports.links import add_link, add_relation
from sirat.services.reports.records import apply_draft, next_reference, save_version
from sirat.services.reports.reference import load_reference
from sirat.services.reports.types import ReportDraft
from sirat.services.reports.validation import validate_report
from sirat.services.roles import refuse_administrator
from sirat.services.search import index as search_index
from sirat.vault import Vault

_TEXT_FIELDS = ("title", "crime_area", "report_date", "reporting_country",
                "source_reliability", "information_accuracy", "classification",
                "information_date", "agency", "operation", "grading_scheme", "h3_text",
                "summary", "narrative", "analyst_comment")
_REQUIRED = frozenset({"title", "crime_area", "report_date"})


def _fail(where: str, field: str, message: str) -> NoReturn:
    raise InterchangeError(f"Record {where}, field {field}: {message}. Nothing was imported.",
                           "Correct the file (or export it again) and import it again.")


def _uid(record: Any, where: str) -> str:
    if not isinstance(record, dict):
        _fail(where, "(record)", "must be an object")
    uid = record.get("id")
    if not isinstance(uid, str) or not uid.strip() or len(uid) > 200 or not uid.isprintable():
        _fail(where, "id", "is missing or not a usable id")
    return uid


def _plain(text: str, limit: int) -> bool:
    """Short, and free of control, format (bidi) and separator characters other than space."""
    return len(text) <= limit and all(
        ch == " " or unicodedata.category(ch)[0] not in "CZ" for ch in text)


def _label(record: dict[str, Any], key: str, where: str) -> str:
    """A name or reference the source gives: shown and printed, so plain text only."""
    value = _opt_text(record, key, where) or ""
    if not _plain(value.strip(), 200):
        _fail(where, key, "contains control or bidirectional characters, or is longer than "
              "200 characters")
    return value.strip()


def _time(record: dict[str, Any], key: str, where: str, now: str) -> str | None:
    """A time the source gives, validated and stored as SIRAT stores its own (UTC, ISO)."""
    value = _opt_text(record, key, where)
    if value is None or not value.strip():
        return None
    if not _plain(value, 40):
        _fail(where, key, "contains control or bidirectional characters, or is too long to "
              "be a date and time")
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        _fail(where, key, "is not a date and time (ISO 8601, such as "
              "2026-03-01T09:30:00+00:00)")
    # The year first: converting 9999-12-31T23:00-05:00 to UTC would overflow.
    latest = datetime.fromisoformat(now) + timedelta(days=1)
    if not 1990 <= at.year <= latest.year:
        _fail(where, key, "is before 1990 or in the future")
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    if at > latest:
        _fail(where, key, "is before 1990 or in the future")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def report_draft(record: dict[str, Any]) -> ReportDraft:
    """The ReportDraft of a report record (types checked here; values by validation)."""
    values: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        value = record.get(key, None if key in _REQUIRED else "")
        if key == "grading_scheme" and value in (None, ""):
            value = "europol-4x4"
        if not isinstance(value, str):
            raise RecordProblem(key, "is missing or not text")
        values[key] = value
    for key in ("places", "keywords", "handling_codes"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RecordProblem(key, "must be a list of texts")
        values[key] = frozenset(value) if key == "handling_codes" else tuple(value)
    return ReportDraft(**values)


def _opt_text(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        _fail(where, key, "must be text")
    return value


def _entities(s: Session, vault: Vault, doc: dict[str, Any], ids: dict[str, int]) -> int:
    added = 0
    for i, record in enumerate(doc.get("entities", [])):
        where = f"entities[{i}]"
        uid = _uid(record, where)
        where = f"{where} (id {uid})"
        try:
            draft = ftm_to_entity(record)
        except RecordProblem as p:
            _fail(where, p.field, p.message)
        existing = s.execute(select(Entity.id).where(Entity.uid == uid)).scalar_one_or_none()
        if existing is not None:
            ids[uid] = existing
            continue
        problems = check_entity(draft).items
        if problems:
            _fail(where, problems[0].field, problems[0].message.rstrip("."))
        # Odd identifiers were accepted where the file came from; the importer's
        # acknowledgement is stored and audited like any other override.
        acks = [w.key for w in identifier_warnings(draft.identifiers)]
        ids[uid] = save_entity(s, vault, draft, acknowledged=acks, uid=uid).id
        added += 1
    return added


def _report(s: Session, vault: Vault, record: dict[str, Any], where: str, ref: Any,
            entity_ids: dict[str, int], source_vault: str) -> tuple[Report, int]:
    try:
        draft = report_draft(record)
    except RecordProblem as p:
        _fail(where, p.field, p.message)
    try:
        validate_report(draft, ref)
    except ValidationError as exc:
        _fail(where, exc.problems[0].field, exc.problems[0].message.rstrip("."))
    status = record.get("status", "draft")
    if status not in STATUSES:
        _fail(where, "status", "must be one of " + ", ".join(STATUSES))
    now = now_iso()
    # Never the source's reference: its number would push this vault's counter (and a
    # reference is this vault's to give). The source's is kept as provenance.
    seq, reference = next_reference(s, int(now[:4]))
    times = {key: _time(record, key, where, now) for key in ("created_at", "updated_at",
                                                            *LIFE_CYCLE)}
    source_ref = _label(record, "reference", where)
    # A received draft: whatever the source says about its status and approval is
    # provenance, shown and printed as such; only a local supervisor approves it here.
    report = Report(uid=record["id"], reference=reference, ref_year=int(now[:4]),
                    ref_seq=seq, status="draft", author_id=vault.info.user_id,
                    created_at=times["created_at"] or now,
                    updated_at=times["updated_at"] or times["created_at"] or now,
                    version=1, imported_at=now,
                    origin_author=_label(record, "author", where),
                    h2_permission_note=_opt_text(record, "h2_permission_note", where) or "")
    apply_draft(report, draft)
    s.add(report)
    s.flush()
    s.add(ReportProvenance(
        report_id=report.id, source_vault=source_vault, source_reference=source_ref,
        source_status=status, source_author=report.origin_author,
        source_approver=_label(record, "approver", where),
        source_created_at=times["created_at"], source_updated_at=times["updated_at"],
        source_submitted_at=times["submitted_at"], source_approved_at=times["approved_at"],
        source_disseminated_at=times["disseminated_at"], received_at=now))
    links = record.get("links", [])
    if not isinstance(links, list):
        _fail(where, "links", "must be a list")
    for j, link in enumerate(links):
        field = f"links[{j}]"
        if not isinstance(link, dict) or not isinstance(link.get("entity"), str):
            _fail(where, field, "needs an entity id")
        eid = entity_ids.get(link["entity"]) or s.execute(
            select(Entity.id).where(Entity.uid == link["entity"])).scalar_one_or_none()
        if eid is None:
            _fail(where, f"{field}.entity", "refers to an entity that is neither in the file "
                  "nor in the vault")
        role, note = link.get("role"), link.get("note", "")
        if not isinstance(role, str) or not isinstance(note, str):
            _fail(where, field, "needs a role and a text note")
        try:
            add_link(s, report_id=report.id, entity_id=EntityId(eid), role=role, note=note,
                     user_id=vault.info.user_id)
        except ValidationError as exc:
            _fail(where, f"{field}.{exc.problems[0].field}", exc.problems[0].message.rstrip("."))
    save_version(s, report, vault.info.user_id, now)
    search_index.index_report(s, report.id)
    audit.record(s, actor_id=vault.info.user_id, action="report.import", object_type="report",
                 object_id=report.id, details={"received_as": "draft"})
    return report, len(links)


def _relation(s: Session, vault: Vault, record: dict[str, Any], where: str,
              entity_ids: dict[str, int], report_ids: dict[str, int]) -> None:
    schema = record.get("schema")
    if schema not in RELATION_SCHEMAS:
        _fail(where, "schema", "must be Associate, Family, Ownership, Employment or "
              "UnknownLink")
    props, extra = record.get("properties", {}), record.get("extra", {})
    if not isinstance(props, dict) or not isinstance(extra, dict):
        _fail(where, "properties", "must be an object (and extra too)")
    rtype = extra.get("relation_type") or DEFAULT_RELATION[schema]
    if not isinstance(rtype, str) or s.get(RelationType, rtype) is None:
        _fail(where, "extra.relation_type", "is not a relation type SIRAT knows")
    ends = []
    for prop in RELATION_SCHEMAS[schema][:2]:
        values = props.get(prop)
        uid = values[0] if isinstance(values, list) and values else None
        eid = entity_ids.get(uid) if isinstance(uid, str) else None
        if eid is None and isinstance(uid, str):
            eid = s.execute(select(Entity.id).where(Entity.uid == uid)).scalar_one_or_none()
        if eid is None:
            _fail(where, f"properties.{prop}", "refers to an entity that is neither in the file "
                  "nor in the vault")
        ends.append(eid)
    report_uid = extra.get("report")
    rid = report_ids.get(report_uid) if isinstance(report_uid, str) else None
    if rid is None:
        _fail(where, "extra.report", "must name a report of the file or the vault that "
              "asserts this relation")
    note = extra.get("note", "")
    if not isinstance(note, str):
        _fail(where, "extra.note", "must be text")
    try:
        rel = add_relation(
            s,
            source_id=EntityId(ends[0]),
            target_id=EntityId(ends[1]),
            relation_type=rtype,
            report_id=ReportId(rid),
            note=note,
            user_id=vault.info.user_id,
            uid=record["id"],
        )
    except ValidationError as exc:
        _fail(where, exc.problems[0].field, exc.problems[0].message.rstrip("."))
    audit.record(s, actor_id=vault.info.user_id, action="entity.relate", object_type="report",
                 object_id=rid, details={"relation": rel.id, "import": True})


def import_document(vault: Vault, data: bytes) -> ImportResult:
    """Import one interchange file; any bad record leaves the vault exactly as it was."""
    refuse_administrator(vault, "import reports")
    doc = parse_document(data)
    try:
        with vault.session(write=True) as s:
            result, _ = import_in_session(s, vault, doc)
    except InterchangeError:
        raise
    except SiratError as exc:
        raise InterchangeError(f"{exc.message} Nothing was imported.", exc.hint) from exc
    return result


def import_in_session(s: Session, vault: Vault,
                      doc: dict[str, Any]) -> tuple[ImportResult, list[int]]:
    """Import a parsed document in the caller's write transaction (an exchange package
    records itself in the same one); returns the result and the ids of the reports added."""
    refuse_administrator(vault, "import reports")
    source_vault = doc.get("source_vault", "")
    if not isinstance(source_vault, str) or not _plain(source_vault, 100):
        raise InterchangeError("The file's \"source_vault\" must be a short text without "
                               "control characters. Nothing was imported.",
                               "Export the file again from SIRAT.")
    entity_ids: dict[str, int] = {}
    ref = load_reference(s)
    entities_added = _entities(s, vault, doc, entity_ids)
    report_ids: dict[str, int] = {}
    added_ids: list[int] = []
    added = unchanged = links = 0
    for i, record in enumerate(doc.get("reports", [])):
        uid = _uid(record, f"reports[{i}]")
        existing = s.execute(select(Report.id).where(Report.uid == uid)).scalar()
        if existing is not None:
            report_ids[uid] = existing
            unchanged += 1
            continue
        report, n = _report(s, vault, record, f"reports[{i}] (id {uid})", ref,
                            entity_ids, source_vault)
        report_ids[uid], added, links = report.id, added + 1, links + n
        added_ids.append(report.id)
    rel_added = rel_same = 0
    for i, record in enumerate(doc.get("relations", [])):
        uid = _uid(record, f"relations[{i}]")
        if s.execute(select(EntityRelation.id).where(EntityRelation.uid == uid)).first():
            rel_same += 1
            continue
        _relation(s, vault, record, f"relations[{i}] (id {uid})", entity_ids,
                  _with_vault_reports(s, report_ids, record))
        rel_added += 1
    total_entities = len(doc.get("entities", []))
    return ImportResult(added, unchanged, entities_added, total_entities - entities_added,
                        links, rel_added, rel_same), added_ids


def _with_vault_reports(s: Session, report_ids: dict[str, int],
                        record: dict[str, Any]) -> dict[str, int]:
    """``report_ids`` plus the relation's report if it is already in the vault."""
    extra = record.get("extra")
    uid = extra.get("report") if isinstance(extra, dict) else None
    if isinstance(uid, str) and uid not in report_ids:
        found = s.execute(select(Report.id).where(Report.uid == uid)).scalar_one_or_none()
        if found is not None:
            return {**report_ids, uid: found}
    return report_ids
