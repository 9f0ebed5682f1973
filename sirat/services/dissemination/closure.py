"""The personal closure of one release, computed from the whole vault.

For an observer, an entity of the report is withheld (or stripped of its identifying
details) when it is personal data itself -- a person, a phone, a document, an account, a
private address -- or when it is connected to personal data anywhere in the vault: by a
relation, whichever report asserts it, or by a report that names both. The disclosure
policy (:mod:`sirat.domain.disclosure`) says what such an entity keeps; this module finds
which entities they are and why, so the export preview can say "withheld because it is
linked to a person in SIRAT-2024-000123" and the register row can record it.

It also returns the personal entities *outside* the report that are tied to its entities
(the owner of the lorry according to another report): their names and identifiers must
not appear in this report's text either.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sirat.domain.disclosure import withheld_whole
from sirat.domain.vocab import KIND_SPECS, EntityId, EntityKind, ReportId
from sirat.models import Entity, EntityRelation, RelationType, Report, ReportEntity

#: At most this many personal entities of other reports are taught to the redactor.
MAX_OUTSIDE = 300
#: Chains of relations are followed this far (report entity -> company -> person: 2).
MAX_HOPS = 3
MAX_CHAIN_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class Withholding:
    """One entity of the release withheld or stripped, and why (no names, no values)."""

    entity_id: EntityId
    kind: str
    reason: str  # what it is: "a person", "linked to a person (owner of)" ...
    via: str = ""  # the reference of the report that makes the connection
    whole: bool = True  # left out entirely, or only its identifying details

    @property
    def what(self) -> str:
        return "withheld" if self.whole else "identifying details withheld"

    def because(self) -> str:
        """E.g. "withheld because it is linked to a person (owner of) in SIRAT-2026-000002"."""
        where = f" in {self.via}" if self.via else ""
        return f"{self.what} because it is {self.reason}{where}"

    def sentence(self) -> str:
        kind = KIND_SPECS[EntityKind(self.kind)].label.capitalize()
        return f"{kind} #{self.entity_id}: {self.because()}"

    def as_json(self) -> dict[str, object]:
        return {"entity": self.entity_id, "kind": self.kind, "reason": self.reason,
                "via": self.via, "whole": self.whole}


@dataclass(frozen=True, slots=True)
class Closure:
    """Entities of the report tied to personal data, and personal entities outside it."""

    withholdings: tuple[Withholding, ...]
    connected: frozenset[int]
    outside: tuple[int, ...]


def _personal(kind: str, is_private: bool) -> bool:
    return withheld_whole(kind, is_private)


def _what(kind: str) -> str:
    label = KIND_SPECS[EntityKind(kind)].label
    return "a person" if kind == "person" else f"personal data ({label})"


def personal_closure(s: Session, report_id: ReportId, entity_ids: Collection[EntityId]) -> Closure:
    """Which of ``entity_ids`` (the report's entities) an observer may not see in full."""
    ids = set(entity_ids)
    if not ids:
        return Closure((), frozenset(), ())
    kinds: dict[int, tuple[str, bool]] = {
        e.id: (e.kind, e.is_private)
        for e in s.scalars(select(Entity).where(Entity.id.in_(ids)))
    }
    reasons: dict[int, Withholding] = {}
    for entity_id, (kind, private) in kinds.items():
        if _personal(kind, private):
            reasons[entity_id] = Withholding(EntityId(entity_id), kind, _what(kind)
                                             if not private or kind != "address"
                                             else "a private address")
    # Relations anywhere in the vault touching the report's entities.
    rels = s.execute(select(EntityRelation.source_id, EntityRelation.target_id,
                            EntityRelation.relation_type, EntityRelation.report_id)
                     .where(or_(EntityRelation.source_id.in_(ids),
                                EntityRelation.target_id.in_(ids)))
                     .order_by(EntityRelation.id)).all()
    # Reports naming the report's entities, and every entity those reports name.
    shared = s.execute(select(ReportEntity.report_id, ReportEntity.entity_id)
                       .where(ReportEntity.entity_id.in_(ids))).all()
    report_ids = {r for r, _ in shared} | {r.report_id for r in rels} | {report_id}
    named: dict[ReportId, set[EntityId]] = {}
    for rid, eid in s.execute(select(ReportEntity.report_id, ReportEntity.entity_id)
                              .where(ReportEntity.report_id.in_(report_ids))):
        named.setdefault(rid, set()).add(eid)
    for rid, a, b in s.execute(select(EntityRelation.report_id, EntityRelation.source_id,
                                      EntityRelation.target_id)
                               .where(EntityRelation.report_id.in_(report_ids))):
        named.setdefault(rid, set()).update((a, b))
    others = ({a for _, a, _, _ in rels} | {b for _, _, b, _ in rels}
              | {e for members in named.values() for e in members}) - set(kinds)
    for e in s.scalars(select(Entity).where(Entity.id.in_(others))):
        kinds[e.id] = (e.kind, e.is_private)
    personal = {e for e, (k, p) in kinds.items() if _personal(k, p)}
    refs: dict[int, str] = {row.id: row.reference for row in s.execute(
        select(Report.id, Report.reference).where(Report.id.in_(report_ids)))}
    types: dict[str, str] = {row.code: row.name for row in s.execute(
        select(RelationType.code, RelationType.name))}
    connected: set[int] = set()
    outside: list[int] = []

    def note(entity_id: int, reason: str, via_report: int) -> None:
        connected.add(entity_id)
        if entity_id not in reasons:
            reasons[entity_id] = Withholding(EntityId(entity_id), kinds[entity_id][0], reason,
                                             refs.get(via_report, ""), whole=False)

    for source, target, rel_type, rid in rels:
        for mine, other in ((source, target), (target, source)):
            if mine in ids and other in personal:
                label = types.get(rel_type, rel_type)
                note(mine, f"linked to {_what(kinds[other][0])} ({label})", rid)
                if other not in ids and other not in outside:
                    outside.append(other)
    for rid in sorted(named, key=lambda r: (r != report_id, r)):
        members = named[rid]
        persons = members & personal
        for mine in sorted(members & ids):
            if persons - {mine}:
                kind = kinds[next(iter(sorted(persons - {mine})))][0]
                note(mine, f"named together with {_what(kind)}", rid)
        if rid != report_id and members & ids:
            outside += [p for p in sorted(persons - ids) if p not in outside
                        and kinds[p][0] == "person"]
    rest: set[int] = {e for e in ids if e not in reasons}
    for chained, (hops, through) in _chains(s, rest, kinds).items():
        kinds_seen = "another entity" if hops == 2 else f"{hops - 1} other entities"
        if chained not in reasons:
            connected.add(chained)
            via = s.scalar(select(Report.reference).where(Report.id == through)) or ""
            reasons[chained] = Withholding(EntityId(chained), kinds[chained][0],
                                        f"linked to personal data through {kinds_seen}", via,
                                        whole=False)
    ordered = tuple(reasons[e] for e in sorted(reasons))
    return Closure(ordered, frozenset(connected), tuple(outside[:MAX_OUTSIDE]))


def _chains(s: Session, start: set[int],
            kinds: dict[int, tuple[str, bool]]) -> dict[int, tuple[int, int]]:
    """Entities of ``start`` that reach personal data through a chain of relations (a
    lorry of a company owned by a person): {entity: (hops, report of the first link)}."""
    origin: dict[int, tuple[int, int]] = {e: (e, 0) for e in start}
    frontier = set(start)
    found: dict[int, tuple[int, int]] = {}
    for hops in range(1, MAX_HOPS + 1):
        if not frontier:
            break
        rows = s.execute(select(EntityRelation.source_id, EntityRelation.target_id,
                                EntityRelation.report_id)
                         .where(or_(EntityRelation.source_id.in_(frontier),
                                    EntityRelation.target_id.in_(frontier)))
                         .order_by(EntityRelation.id).limit(MAX_CHAIN_ROWS)).all()
        new = {b for a, b, _ in rows} | {a for a, b, _ in rows}
        unknown = new - set(kinds)
        for e in s.scalars(select(Entity).where(Entity.id.in_(unknown))):
            kinds[e.id] = (e.kind, e.is_private)
        following: set[int] = set()
        for a, b, rid in rows:
            for here, there in ((a, b), (b, a)):
                if here not in frontier or there in origin:
                    continue
                first, first_rid = origin[here]
                origin[there] = (first, first_rid or rid)
                if there in kinds and _personal(*kinds[there]):
                    if first not in found and hops > 1:
                        found[first] = (hops, first_rid or rid)
                else:
                    following.add(there)
        frontier = following
    return found

