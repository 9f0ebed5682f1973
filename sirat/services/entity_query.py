"""Entity lists and the first, simple candidate search used while an analyst types:
prefix match on folded name keys and exact/prefix match on normalized identifiers."""

from __future__ import annotations

from sqlalchemy import func, select

from sirat.errors import ValidationError
from sirat.models import Entity, EntityId, EntityIdentifier, EntityName, ReportEntity
from sirat.services.entity_check import name_key
from sirat.services.entity_types import KINDS, Candidate, EntityRow
from sirat.services.identifiers import normalize
from sirat.vault import Vault

MAX_PAGE = 5_000
#: Identifier types matched by prefix while typing (others must match exactly).
PREFIX_TYPES = ("plate", "vin", "imo", "mmsi", "document_number", "phone", "iban",
                "national_id", "call_sign")
_TOP = "\U0010ffff"


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise ValidationError.single("kind", "Unknown kind of entity.",
                                     "Choose one of: " + ", ".join(KINDS) + ".")


def list_entities(
    vault: Vault, kind: str | None = None, *, prefix: str = "", offset: int = 0,
    limit: int = 500,
) -> list[EntityRow]:
    """Entities ordered by folded label, with the number of reports mentioning each."""
    _check_kind(kind)
    count = (select(func.count()).where(ReportEntity.entity_id == Entity.id)
             .correlate(Entity).scalar_subquery())
    q = select(Entity.id, Entity.uid, Entity.kind, Entity.label, Entity.updated_at, count)
    if kind is not None:
        q = q.where(Entity.kind == kind)
    key = name_key(prefix) if prefix else ""
    if key:
        q = q.where(Entity.label_key >= key, Entity.label_key < key + _TOP)
    q = q.order_by(Entity.label_key, Entity.id).offset(max(0, offset))
    q = q.limit(max(0, min(limit, MAX_PAGE)))
    with vault.session() as s:
        return [EntityRow(EntityId(r[0]), r[1], r[2], r[3], r[4], int(r[5]))
                for r in s.execute(q)]


def count_entities(vault: Vault, kind: str | None = None) -> int:
    _check_kind(kind)
    q = select(func.count()).select_from(Entity)
    if kind is not None:
        q = q.where(Entity.kind == kind)
    with vault.session() as s:
        return int(s.execute(q).scalar_one())


def find_candidates(
    vault: Vault, kind: str | None, text: str, limit: int = 10
) -> list[Candidate]:
    """Entities the typed ``text`` may refer to: identifiers first (exact, then prefix),
    then names and aliases whose folded key starts with the folded text."""
    _check_kind(kind)
    text = text.strip()
    if not text or limit <= 0:
        return []
    found: dict[int, Candidate] = {}
    types = KINDS[kind].identifiers if kind else tuple({t for k in KINDS.values()
                                                        for t in k.identifiers})
    with vault.session() as s:
        for itype in sorted(types):
            norm = normalize(itype, text)
            if not norm:
                continue
            cond = (EntityIdentifier.normalized >= norm) & (
                EntityIdentifier.normalized < norm + _TOP
            ) if itype in PREFIX_TYPES else (EntityIdentifier.normalized == norm)
            q = (select(Entity.id, Entity.kind, Entity.label, EntityIdentifier.normalized)
                 .join(Entity, Entity.id == EntityIdentifier.entity_id)
                 .where(EntityIdentifier.type == itype, cond).limit(limit))
            if kind:
                q = q.where(Entity.kind == kind)
            for eid, ekind, label, value in s.execute(q):
                exact = value == norm
                what = itype.replace("_", " ")
                found.setdefault(eid, Candidate(
                    EntityId(eid), ekind, label, "identifier", exact,
                    f"same {what}" if exact else f"{what} starts with what you typed"))
        key = name_key(text)
        if key:
            # Indexed prefix on the whole name first; then names with a later word starting
            # with the text (a scan, bounded by the limit) -- "Petrov" finds "Ivan Petrov".
            starts = (EntityName.name_key >= key) & (EntityName.name_key < key + _TOP)
            for cond in (starts, EntityName.name_key.like(f"% {_escape(key)}%", escape="\\")):
                if len(found) >= limit:
                    break
                nq = (select(Entity.id, Entity.kind, Entity.label, EntityName.name_key,
                             EntityName.is_alias, EntityName.script)
                      .join(Entity, Entity.id == EntityName.entity_id)
                      .where(cond).order_by(EntityName.name_key).limit(limit * 3))
                if kind:
                    nq = nq.where(Entity.kind == kind)
                for eid, ekind, label, nkey, is_alias, script in s.execute(nq):
                    exact = nkey == key
                    which = "alias" if is_alias else "name"
                    how = "matches" if exact else "has a word starting with" if (
                        not nkey.startswith(key)) else "starts with"
                    found.setdefault(eid, Candidate(
                        EntityId(eid), ekind, label, which, exact,
                        f"{which} ({script}) {how} what you typed"))
    ranked = sorted(found.values(),
                    key=lambda c: (c.matched_on != "identifier", not c.exact, c.label))
    return ranked[:limit]


def _escape(key: str) -> str:
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
