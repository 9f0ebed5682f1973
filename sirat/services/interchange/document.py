"""The interchange format: reports with their entities and relations as FollowTheMoney
entities (see docs/interchange.md). Export reads; import is all-or-nothing per file and
idempotent (stable ids: importing the same file twice adds nothing)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.domain.vocab import ReportId
from sirat.errors import SiratError
from sirat.models import Entity, EntityRelation, RelationType, Report, ReportEntity, User
from sirat.services.audit import log as audit
from sirat.services.entities.records import entity_view
from sirat.services.interchange.ftm import (
    entity_to_ftm,
    relation_schema,
    relation_to_ftm,
    schema_of,
)
from sirat.services.reports.records import draft_of
from sirat.vault import Vault

FORMAT: Final = "sirat-interchange"
FORMAT_VERSION: Final = 1
LIFE_CYCLE: Final = ("submitted_at", "approved_at", "disseminated_at", "returned_at")


class InterchangeError(SiratError):
    """A file cannot be imported; the message names the first bad record and field."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    reports_added: int
    reports_unchanged: int
    entities_added: int
    entities_unchanged: int
    links_added: int
    relations_added: int
    relations_unchanged: int


def _report_record(s: Session, r: Report, names: dict[int, str]) -> dict[str, Any]:
    d = draft_of(r).as_dict()
    links = s.execute(select(Entity.uid, ReportEntity.role, ReportEntity.note)
                      .join(Entity, Entity.id == ReportEntity.entity_id)
                      .where(ReportEntity.report_id == r.id).order_by(ReportEntity.id))
    record: dict[str, Any] = {
        "id": r.uid, "reference": r.reference, **d, "status": r.status,
        "author": r.origin_author or names.get(r.author_id, ""),
        "approver": r.origin_approver or names.get(r.approved_by or 0, ""),
        "created_at": r.created_at, "updated_at": r.updated_at,
        **{k: getattr(r, k) for k in LIFE_CYCLE},
        "return_comment": r.return_comment, "h2_permission_note": r.h2_permission_note,
        "links": [{"entity": uid, "role": role, "note": note} for uid, role, note in links],
    }
    return record


def export_document(vault: Vault, report_ids: Iterable[ReportId]) -> dict[str, Any]:
    """The interchange document for the given reports (in the order given)."""
    wanted = list(dict.fromkeys(report_ids))
    with vault.session(write=True) as s:
        names: dict[int, str] = {u.id: u.display_name for u in s.scalars(select(User))}
        rows = {r.id: r for r in s.scalars(select(Report).where(Report.id.in_(wanted)))}
        missing = [i for i in wanted if i not in rows]
        if missing:
            raise InterchangeError("A report to export does not exist.",
                                   "See `sirat report list`.")
        reports = [_report_record(s, rows[i], names) for i in wanted]
        entity_ids = list(dict.fromkeys(
            eid for i in wanted for eid in s.scalars(
                select(ReportEntity.entity_id).where(ReportEntity.report_id == i)
                .order_by(ReportEntity.id))))
        relations = list(s.scalars(select(EntityRelation).where(
            EntityRelation.report_id.in_(wanted)).order_by(EntityRelation.id)))
        for rel in relations:
            for eid in (rel.source_id, rel.target_id):
                if eid not in entity_ids:
                    entity_ids.append(eid)
        entities = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(entity_ids)))}
        drafts = {eid: entity_view(s, entities[eid], full=False).to_draft()
                  for eid in entity_ids}
        holders = {rel.target_id: entities[rel.source_id].uid for rel in relations
                   if rel.relation_type == "holder_of"}
        ftm_entities = [entity_to_ftm(entities[eid].uid, drafts[eid], entities[eid].label,
                                      holders.get(eid)) for eid in entity_ids]
        types = {t.code: t for t in s.scalars(select(RelationType))}
        uids = {r.id: r.uid for r in rows.values()}
        ftm_relations = []
        for rel in relations:
            rtype = types[rel.relation_type]
            schema = relation_schema(rtype.ftm_schema, schema_of(drafts[rel.source_id]),
                                     schema_of(drafts[rel.target_id]))
            ftm_relations.append(relation_to_ftm(
                rel.uid, schema, entities[rel.source_id].uid, entities[rel.target_id].uid,
                rel.relation_type, rtype.name, uids[rel.report_id], rel.note))
        for rid in wanted:
            audit.record(s, actor_id=vault.info.user_id, action="report.export",
                         object_type="report", object_id=rid,
                         details={"format": FORMAT, "version": FORMAT_VERSION})
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "exported_at": clock.now().isoformat(timespec="seconds"),
        "source_vault": vault.info.vault_id,
        "reports": reports, "entities": ftm_entities, "relations": ftm_relations,
    }


def export_json(vault: Vault, report_ids: Iterable[ReportId]) -> bytes:
    doc = export_document(vault, report_ids)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parse_document(data: bytes) -> dict[str, Any]:
    """Decode and check the envelope; raises InterchangeError with line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"The file is not UTF-8 text (byte {exc.start}).",
                               "Export it again from SIRAT or save it as UTF-8.") from None
    if not text.strip():
        raise InterchangeError("The file is empty. Nothing was imported.",
                               "Export it again or copy the complete file.")
    try:
        doc = json.loads(text)
    except RecursionError:
        # The decoder recurses once per nesting level; a SIRAT file nests five deep.
        raise InterchangeError("The file nests lists or objects far too deeply to be a SIRAT "
                               "interchange file. Nothing was imported.",
                               "Export it again from SIRAT.") from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip())
        what = "ends too early (truncated?)" if truncated else "is not valid JSON"
        raise InterchangeError(f"The file {what} ({exc.msg.removesuffix(' at')}, line "
                               f"{exc.lineno}, column {exc.colno}). Nothing was imported.",
                               "Export it again or copy the complete file.") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735).
        raise InterchangeError("The file holds a number far too long to be part of a SIRAT "
                               "interchange file. Nothing was imported.",
                               "Export it again from SIRAT.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InterchangeError("This is not a SIRAT interchange file (no \"format\": "
                               f"\"{FORMAT}\"). Nothing was imported.")
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
        shown = repr(version) if isinstance(version, int | str) and len(repr(version)) <= 20 \
            else "given in this file"
        raise InterchangeError(f"Interchange format version {shown} is not supported "
                               f"(this SIRAT reads version {FORMAT_VERSION}).",
                               "Update SIRAT, or export the file again with this version.")
    for key in ("reports", "entities", "relations"):
        if not isinstance(doc.get(key, []), list):
            raise InterchangeError(f"\"{key}\" must be a list. Nothing was imported.")
    return doc
