"""Write a checked sheet: every row or none, each linked to the report the analyst chose.

A row with a problem refuses the whole import (the preview names them all). Identifier
warnings were shown in the preview; importing acknowledges them, stored and audited like an
override typed in the entity form. A row the analyst linked to an existing entity creates
nothing: the existing entity is linked to the report. Rows that repeat an earlier row of the
sheet (a shared identifier, or the very same content: ``preview.repeats``) are one entity --
the first row's, with the names and identifiers the repeats add -- unless the analyst linked
a repeat to an existing entity. One write transaction; one ``entity.create`` audit record
per entity created (its sheet line, overridden warning codes) and one ``sheet.import``
record naming them all.

Rows go in through SQLAlchemy Core bulk inserts (FACTS.md: the ORM path costs ~28 ms a row
here, which is five minutes for 10,000 rows), writing exactly the rows ``save_entity``
writes -- entity, names, identifiers, overrides -- and indexing them with the search index's
batch writer. The drafts are checked by the same ``check_entity`` first.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import SiratError, ValidationError
from sirat.models import (
    Entity,
    EntityIdentifier,
    EntityName,
    IdentifierOverride,
    LinkRole,
    ReportEntity,
)
from sirat.services.audit import log as audit
from sirat.services.entities.checks import (
    check_entity,
    identifier_warnings,
    label_of,
    name_key,
    normalized,
    script_of,
)
from sirat.services.entities.types import EntityDraft
from sirat.services.reports.records import get_row, require_editable
from sirat.services.roles import refuse_administrator
from sirat.services.search import index as search_index
from sirat.services.sheets.preview import checked_drafts, merged_groups, repeats
from sirat.services.sheets.reader import Table
from sirat.vault import Vault


@dataclass(frozen=True, slots=True)
class SheetImport:
    rows: int
    created: int
    linked_existing: int
    reference: str
    repeated: int = 0  # rows that were the same entity as an earlier row


class SheetRefused(SiratError):
    """Rows with problems: nothing was imported."""


def import_sheet(vault: Vault, table: Table, kind: str, mapping: Mapping[int, str],
                 report_id: ReportId, role: str, existing: Mapping[int, int] | None = None,
                 ) -> SheetImport:
    """Import every row as ``kind`` linked to ``report_id`` in ``role``; ``existing`` maps a
    row index to a stored entity to link instead of creating one."""
    refuse_administrator(vault, "import entities into reports")
    existing = dict(existing or {})
    drafts = checked_drafts(table, kind, mapping)
    bad = [i for i, (_, problems, _) in enumerate(drafts) if problems]
    if bad:
        lines = ", ".join(str(i + 2) for i in bad[:10]) + (" …" if len(bad) > 10 else "")
        first = drafts[bad[0]][1][0]
        raise SheetRefused(f"{len(bad)} row(s) have problems (lines {lines}; line "
                           f"{bad[0] + 2}: {first}). Nothing was imported.",
                           "Correct the sheet or the mapping; the preview lists every problem.")
    if any(not 0 <= i < len(drafts) for i in existing):
        raise ValidationError.single("existing", "A linked row is not in the sheet.")
    same = repeats(drafts)
    merged = merged_groups(drafts, same)
    for root, draft in merged.items():
        problems = [] if root in existing else check_entity(draft).items
        if problems:
            raise SheetRefused(f"Line {root + 2} and the rows that repeat it make an entity "
                               f"that is refused ({problems[0].field}: "
                               f"{problems[0].message}). Nothing was imported.",
                               "Correct the sheet: keep one row per entity.")
    # Which rows create an entity: not linked by the analyst, not a repeat of another row.
    creating = [i for i in range(len(drafts)) if i not in existing and i not in same]
    with vault.session(write=True) as s:
        report = get_row(s, report_id)
        require_editable(vault, report)
        if s.get(LinkRole, role) is None:
            raise ValidationError.single("role", "Unknown role.", "See the roles of a link.")
        for entity_id in set(existing.values()):
            if s.get(Entity, entity_id) is None:
                raise ValidationError.single("existing", "A row is linked to an entity that "
                                             "does not exist.", "Preview the sheet again.")
        created_ids, overridden, codes = _bulk_create(
            s, vault, [merged.get(i, drafts[i][0]) for i in creating])
        row_entity = dict(zip(creating, created_ids, strict=True))
        for i in range(len(drafts)):
            if i in existing:
                row_entity[i] = existing[i]
            elif i in same:  # goes with its first row, wherever that one went
                root = same[i]
                row_entity[i] = existing.get(root, row_entity.get(root, 0))
        now, user = utcnow(), vault.info.user_id
        seen: set[int] = set()
        links = []
        for i in range(len(drafts)):
            entity_id = row_entity[i]
            if entity_id in seen:
                continue  # two rows linked to the same entity: one link
            seen.add(entity_id)
            links.append({"report_id": report_id, "entity_id": entity_id, "role": role,
                          "note": "", "created_at": now, "created_by": user})
        already = set(s.scalars(select(ReportEntity.entity_id).where(
            ReportEntity.report_id == report_id, ReportEntity.role == role)))
        links = [row for row in links if row["entity_id"] not in already]
        if links:
            s.execute(insert(cast(SqlTable, ReportEntity.__table__)), links)
        search_index.index_batch(s, entity_ids=[EntityId(i) for i in created_ids])
        audit.record_many(s, actor_id=user, records=[
            ("entity.create", "entity", eid,
             {"kind": kind, "sheet": {"line": i + 2, "report": report_id},
              **({"overridden": codes[n]} if codes[n] else {})})
            for n, (i, eid) in enumerate(zip(creating, created_ids, strict=True))])
        audit.record(s, actor_id=user, action="sheet.import", object_type="report",
                     object_id=report_id,
                     details={"kind": kind, "rows": len(drafts), "created": created_ids,
                              "linked_existing": sorted(set(existing.values())),
                              "repeated_rows": len(same),
                              "role": role, "overridden": overridden,
                              "file": table.file_kind, "encoding": table.encoding})
        return SheetImport(len(drafts), len(created_ids), len(existing), report.reference,
                           len(same))


def _bulk_create(s: Session, vault: Vault, drafts: list[EntityDraft],
                 ) -> tuple[list[int], dict[str, int], list[list[str]]]:
    """Insert ``drafts`` as new entities (the rows ``save_entity`` writes); their ids, how
    many warnings of each code were overridden, and each entity's overridden codes."""
    if not drafts:
        return [], {}, []
    # Ids taken in the write transaction (BEGIN IMMEDIATE): no other writer can take them.
    first = (s.scalar(select(func.max(Entity.id))) or 0) + 1
    now, user = utcnow(), vault.info.user_id
    entities, names, idents, overrides = [], [], [], []
    overridden: dict[str, int] = {}
    codes: list[list[str]] = []
    for n, draft in enumerate(drafts):
        eid = first + n
        label = label_of(draft)
        entities.append({"id": eid, "uid": uuid.uuid4().hex, "kind": draft.kind,
                         "label": label, "label_key": name_key(label),
                         "attributes": json.dumps(dict(sorted(draft.fields.items())),
                                                  ensure_ascii=False),
                         "is_private": draft.is_private, "created_at": now,
                         "created_by": user, "updated_at": now, "updated_by": user})
        for i, name in enumerate(draft.names):
            names.append({"entity_id": eid, "name": name.text, "script": script_of(name.text),
                          "is_alias": name.is_alias, "position": i,
                          "name_key": name_key(name.text)})
        for i, ident in enumerate(draft.identifiers):
            idents.append({"entity_id": eid, "type": ident.type, "value": ident.value,
                           "normalized": normalized(ident), "country": ident.country,
                           "position": i})
        codes.append(sorted({w.code for w in identifier_warnings(draft.identifiers)}))
        for w in {w.key: w for w in identifier_warnings(draft.identifiers)}.values():
            overrides.append({"entity_id": eid, "identifier_type": w.identifier_type,
                              "normalized": w.normalized, "warning_code": w.code,
                              "acknowledged_by": user, "acknowledged_at": now})
            overridden[w.code] = overridden.get(w.code, 0) + 1
    # Core inserts on the tables (not the ORM's bulk path, which re-collects every row).
    s.execute(insert(cast(SqlTable, Entity.__table__)), entities)
    for model, rows in ((EntityName, names), (EntityIdentifier, idents),
                        (IdentifierOverride, overrides)):
        if rows:
            s.execute(insert(cast(SqlTable, model.__table__)), rows)
    return list(range(first, first + len(drafts))), overridden, codes
