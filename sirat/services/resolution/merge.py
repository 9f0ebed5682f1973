"""Merging two entities into one, and undoing a merge exactly.

``merge_entities(vault, kept, merged)`` moves everything of ``merged`` onto ``kept``: every
report link, every relation (both ends), its names (as aliases), identifiers, acknowledged
identifier warnings, "not the same" judgements and earlier merges; empty fields of ``kept``
take the merged entity's values; then the merged entity's row is deleted. Rows that would
duplicate one ``kept`` already has (the same link role on the same report, the same
identifier, a relation between the two entities themselves) are removed instead of moved.

Every row the merge changes or removes is stored, as it was, in ``entity_merges.changes``
(the vault is encrypted; the merge record holds personal data like any entity row).
``unmerge(vault, merge_id)`` puts each of them back -- same ids, same values -- and deletes
the merge record, so a merge followed by its undo leaves every table as it was, apart from
the audit log (``entity.merge`` / ``entity.unmerge``) and the search index's internal pages
(the index holds the same entries again). Anything added to the kept entity after the merge
stays with it; a later merge *of* the kept entity must be undone first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.domain.vocab import MergeId
from sirat.errors import Conflict, NotFound, ValidationError
from sirat.models import (
    Attachment,
    Entity,
    EntityId,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    IdentifierOverride,
    ReportEntity,
)
from sirat.models.search import EntityDistinct, EntityMerge
from sirat.services.audit import log as audit
from sirat.services.entities.types import KINDS
from sirat.services.resolution.facts import ordered
from sirat.services.resolution.merge_undo import restore, rows_of
from sirat.services.search import index as search_index
from sirat.vault import Vault

__all__ = ["MergeResult", "MergeView", "list_merges", "merge_entities", "unmerge"]


@dataclass(frozen=True, slots=True)
class MergeResult:
    merge_id: MergeId
    kept_id: EntityId
    merged_id: EntityId
    links_moved: int
    links_dropped: int
    relations_moved: int
    relations_dropped: int
    names_added: int
    identifiers_added: int


@dataclass(frozen=True, slots=True)
class MergeView:
    """A merge that stands (and so can be undone)."""

    merge_id: MergeId
    kind: str
    kept_id: EntityId
    kept_label: str
    merged_id: EntityId
    merged_label: str
    score: int
    reasons: tuple[str, ...]
    merged_by: int
    merged_at: str


def _entity(s: Session, entity_id: EntityId, what: str) -> Entity:
    e = s.get(Entity, entity_id)
    if e is None:
        raise NotFound(f"There is no {what} entity with this id (it may have been merged).",
                       "See `sirat entity list`.")
    return e


def _move_names(s: Session, kept: int, merged: int, ch: dict[str, Any]) -> int:
    theirs = rows_of(s, EntityName, EntityName.entity_id == merged)
    mine = {r["name"] for r in rows_of(s, EntityName, EntityName.entity_id == kept)}
    base = int(s.scalar(select(func.max(EntityName.position))
                        .where(EntityName.entity_id == kept)) or -1) + 1
    ch["names"], ch["names_dropped"] = [], []
    added = 0
    for row in theirs:
        if row["name"] in mine:
            ch["names_dropped"].append(row)
            s.execute(delete(EntityName).where(EntityName.id == row["id"]))
            continue
        mine.add(row["name"])
        ch["names"].append(row)
        s.execute(update(EntityName).where(EntityName.id == row["id"]).values(
            entity_id=kept, is_alias=True, position=base + added))
        added += 1
    return added


def _move_identifiers(s: Session, kept: int, merged: int, ch: dict[str, Any]) -> int:
    theirs = rows_of(s, EntityIdentifier, EntityIdentifier.entity_id == merged)
    mine = {(r["type"], r["normalized"], r["country"])
            for r in rows_of(s, EntityIdentifier, EntityIdentifier.entity_id == kept)}
    base = int(s.scalar(select(func.max(EntityIdentifier.position))
                        .where(EntityIdentifier.entity_id == kept)) or -1) + 1
    ch["identifiers"], ch["identifiers_dropped"] = [], []
    added = 0
    for row in theirs:
        key = (row["type"], row["normalized"], row["country"])
        if key in mine:
            ch["identifiers_dropped"].append(row)
            s.execute(delete(EntityIdentifier).where(EntityIdentifier.id == row["id"]))
            continue
        mine.add(key)
        ch["identifiers"].append(row)
        s.execute(update(EntityIdentifier).where(EntityIdentifier.id == row["id"]).values(
            entity_id=kept, position=base + added))
        added += 1
    ch["overrides"], ch["overrides_dropped"] = [], []
    have = {(r["identifier_type"], r["normalized"], r["warning_code"])
            for r in rows_of(s, IdentifierOverride, IdentifierOverride.entity_id == kept)}
    for row in rows_of(s, IdentifierOverride, IdentifierOverride.entity_id == merged):
        key = (row["identifier_type"], row["normalized"], row["warning_code"])
        drop = key in have
        ch["overrides_dropped" if drop else "overrides"].append(row)
        stmt = (delete(IdentifierOverride) if drop else
                update(IdentifierOverride).values(entity_id=kept))
        s.execute(stmt.where(IdentifierOverride.id == row["id"]))
        have.add(key)
    return added


def _move_links(s: Session, kept: int, merged: int, ch: dict[str, Any]) -> tuple[int, int]:
    have = {(r["report_id"], r["role"])
            for r in rows_of(s, ReportEntity, ReportEntity.entity_id == kept)}
    ch["links"], ch["links_dropped"] = [], []
    for row in rows_of(s, ReportEntity, ReportEntity.entity_id == merged):
        key = (row["report_id"], row["role"])
        drop = key in have
        ch["links_dropped" if drop else "links"].append(row)
        stmt = delete(ReportEntity) if drop else update(ReportEntity).values(entity_id=kept)
        s.execute(stmt.where(ReportEntity.id == row["id"]))
        have.add(key)
    return len(ch["links"]), len(ch["links_dropped"])


def _move_relations(s: Session, kept: int, merged: int, ch: dict[str, Any]) -> tuple[int, int]:
    both = or_(EntityRelation.source_id.in_((kept, merged)),
               EntityRelation.target_id.in_((kept, merged)))
    rows = rows_of(s, EntityRelation, both)
    have = {(r["source_id"], r["target_id"], r["relation_type"], r["report_id"])
            for r in rows if merged not in (r["source_id"], r["target_id"])}
    ch["relations"], ch["relations_dropped"] = [], []
    for row in rows:
        if merged not in (row["source_id"], row["target_id"]):
            continue
        src = kept if row["source_id"] == merged else row["source_id"]
        dst = kept if row["target_id"] == merged else row["target_id"]
        key = (src, dst, row["relation_type"], row["report_id"])
        drop = src == dst or key in have  # a relation between the two, or a duplicate
        ch["relations_dropped" if drop else "relations"].append(row)
        stmt = (delete(EntityRelation) if drop else
                update(EntityRelation).values(source_id=src, target_id=dst))
        s.execute(stmt.where(EntityRelation.id == row["id"]))
        have.add(key)
    return len(ch["relations"]), len(ch["relations_dropped"])


def _move_judgements(s: Session, kept: int, merged: int, ch: dict[str, Any]) -> None:
    pairs = or_(EntityDistinct.entity_a.in_((kept, merged)),
                EntityDistinct.entity_b.in_((kept, merged)))
    rows = rows_of(s, EntityDistinct, pairs)
    have = {(r["entity_a"], r["entity_b"]) for r in rows
            if merged not in (r["entity_a"], r["entity_b"])}
    ch["distinct"], ch["distinct_dropped"] = [], []
    for row in rows:
        if merged not in (row["entity_a"], row["entity_b"]):
            continue
        other = row["entity_b"] if row["entity_a"] == merged else row["entity_a"]
        a, b = ordered(kept, other)
        drop = other == kept or (a, b) in have
        ch["distinct_dropped" if drop else "distinct"].append(row)
        stmt = (delete(EntityDistinct) if drop else
                update(EntityDistinct).values(entity_a=a, entity_b=b))
        s.execute(stmt.where(EntityDistinct.id == row["id"]))
        have.add((a, b))
    earlier = [r["id"] for r in rows_of(s, EntityMerge, EntityMerge.kept_id == merged)]
    ch["merges"] = earlier
    if earlier:
        s.execute(update(EntityMerge).where(EntityMerge.id.in_(earlier)).values(kept_id=kept))


def merge_entities(
    vault: Vault, kept_id: EntityId, merged_id: EntityId, *, score: int = 0,
    reasons: tuple[str, ...] = (),
) -> MergeResult:
    """Fold ``merged_id`` into ``kept_id`` (same kind); ``score``/``reasons`` are what the
    analyst saw, kept with the merge record."""
    if kept_id == merged_id:
        raise ValidationError.single("merged", "Choose two different entities to merge.")
    with vault.session(write=True) as s:
        kept, merged = _entity(s, kept_id, "kept"), _entity(s, merged_id, "merged")
        if kept.kind != merged.kind:
            raise ValidationError.single("merged", "Only entities of one kind can be merged.",
                                         "Link the two with a relation instead.")
        lo, hi = ordered(kept_id, merged_id)
        if s.scalar(select(EntityDistinct.id).where(EntityDistinct.entity_a == lo,
                                                    EntityDistinct.entity_b == hi)):
            raise Conflict("These two entities were judged not to be the same.",
                           "Withdraw that judgement first if it was wrong.")
        ch: dict[str, Any] = {
            "kept": rows_of(s, Entity, Entity.id == kept_id)[0],
            "merged": rows_of(s, Entity, Entity.id == merged_id)[0],
        }
        names = _move_names(s, kept_id, merged_id, ch)
        idents = _move_identifiers(s, kept_id, merged_id, ch)
        links = _move_links(s, kept_id, merged_id, ch)
        rels = _move_relations(s, kept_id, merged_id, ch)
        _move_judgements(s, kept_id, merged_id, ch)
        # Evidence files follow the entity (ids only in the record; the rows stay as they are).
        ch["attachments"] = list(s.scalars(select(Attachment.id).where(
            Attachment.entity_id == merged_id)))
        if ch["attachments"]:
            s.execute(update(Attachment).where(Attachment.entity_id == merged_id).values(
                entity_id=kept_id))
        fields = json.loads(kept.attributes or "{}")
        allowed = KINDS[kept.kind].fields
        for key, value in json.loads(merged.attributes or "{}").items():
            if key in allowed and value and not fields.get(key):
                fields[key] = value
        now = utcnow()
        s.execute(update(Entity).where(Entity.id == kept_id).values(
            attributes=json.dumps(dict(sorted(fields.items())), ensure_ascii=False),
            is_private=kept.is_private or merged.is_private, updated_at=now,
            updated_by=vault.info.user_id))
        ch["kept_updated_at"] = now
        search_index.unindex_entity(s, merged_id)
        s.execute(delete(Entity).where(Entity.id == merged_id))
        s.expire_all()
        search_index.index_entity(s, kept_id)
        record = EntityMerge(kind=kept.kind, kept_id=kept_id, merged_id=merged_id,
                             score=score, reasons=json.dumps(list(reasons)),
                             changes=json.dumps(ch, ensure_ascii=False, default=str),
                             merged_by=vault.info.user_id, merged_at=now)
        s.add(record)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="entity.merge",
                     object_type="entity", object_id=kept_id,
                     details={"entity": kept_id, "merged": [merged_id], "merge": record.id,
                              "links": links[0], "relations": rels[0]})
        return MergeResult(MergeId(record.id), EntityId(kept_id), EntityId(merged_id),
                           links[0], links[1], rels[0], rels[1], names, idents)


def unmerge(vault: Vault, merge_id: MergeId) -> EntityId:
    """Undo a merge: the merged entity comes back with everything it had. Returns its id."""
    with vault.session(write=True) as s:
        record = s.get(EntityMerge, merge_id)
        if record is None:
            raise NotFound("There is no such merge (it may have been undone already).",
                           "See `sirat entity merges`.")
        changes = json.loads(record.changes)
        kept, merged = int(changes["kept"]["id"]), record.merged_id
        if record.kept_id != kept or s.get(Entity, kept) is None:
            # The kept entity was merged on into a third one (which now holds these rows).
            later = s.scalar(select(EntityMerge.id).where(EntityMerge.merged_id == kept)
                             .order_by(EntityMerge.id.desc()))
            raise Conflict("The kept entity was itself merged into another one since.",
                           f"Undo merge {later} first." if later else "")
        if s.get(Entity, merged) is not None:
            raise Conflict("The merged entity's id is in use again; the merge cannot be undone.")
        restore(s, kept, changes)
        s.delete(record)
        s.flush()
        s.expire_all()
        search_index.index_entity(s, EntityId(kept))
        search_index.index_entity(s, merged)
        audit.record(s, actor_id=vault.info.user_id, action="entity.unmerge",
                     object_type="entity", object_id=kept,
                     details={"entity": kept, "merged": [merged], "merge": merge_id})
        return EntityId(merged)


def list_merges(vault: Vault, entity_id: EntityId | None = None) -> list[MergeView]:
    """Merges that stand (newest first), or those into one entity."""
    with vault.session() as s:
        q = select(EntityMerge).order_by(EntityMerge.id.desc())
        if entity_id is not None:
            q = q.where(EntityMerge.kept_id == entity_id)
        out = []
        for m in s.scalars(q.limit(1000)):
            kept = s.get(Entity, m.kept_id)
            merged = json.loads(m.changes).get("merged", {})
            out.append(MergeView(MergeId(m.id), m.kind, EntityId(m.kept_id),
                                 kept.label if kept else "", EntityId(m.merged_id),
                                 str(merged.get("label", "")), m.score,
                                 tuple(json.loads(m.reasons)), m.merged_by, m.merged_at))
        return out
