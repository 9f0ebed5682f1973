"""Entity lists and the candidates offered while an analyst types: identifiers (exact and
prefix, normalized), names scored across scripts, and names whose words start with the
typed text."""

from __future__ import annotations

from sqlalchemy import func, select

from sirat.errors import ValidationError
from sirat.models import Entity, EntityId, EntityIdentifier, ReportEntity
from sirat.services.entities.checks import name_key
from sirat.services.entities.types import KINDS, Candidate, EntityDraft, EntityRow
from sirat.services.formats.identifiers import normalize
from sirat.services.resolution import candidates as resolution
from sirat.services.search.fulltext import typed_name_matches
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
    vault: Vault, kind: str | None, text: str, limit: int = 10, *,
    draft: EntityDraft | None = None,
) -> list[Candidate]:
    """Entities the typed ``text`` may refer to, best first, each with why: identifiers
    (exact, then prefix), names scored across scripts (``resolution.name_candidates``:
    "name 92% similar across scripts"), then names with words starting with the text.

    With ``draft`` (the form as filled so far) candidates are scored on everything it holds
    -- date of birth, nationality, identifiers: "same date of birth, name identical across
    scripts, same nationality"."""
    _check_kind(kind)
    text = text.strip()
    if not text or limit <= 0:
        return []
    found: dict[int, tuple[int, Candidate]] = {}  # entity id -> (rank, candidate)
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
                found.setdefault(eid, (0 if exact else 300, Candidate(
                    EntityId(eid), ekind, label, "identifier", exact,
                    f"same {what}" if exact else f"{what} starts with what you typed")))
        scored = (resolution.draft_candidates(s, draft, limit) if draft is not None
                  else resolution.name_candidates(s, kind, text, limit))
        for c in scored:
            which = "alias" if c.name_index else "name"
            found.setdefault(int(c.entity_id), (200 - c.score, Candidate(
                c.entity_id, c.kind, c.label, which, c.verdict == "same", c.explanation)))
        if len(found) < limit:
            for eid, ekind, label, starts in typed_name_matches(s, kind, text, limit):
                found.setdefault(eid, (400, Candidate(
                    EntityId(eid), ekind, label, "name", False,
                    "name starts with what you typed" if starts
                    else "a word of the name starts with what you typed")))
    ranked = sorted(found.values(), key=lambda rc: (rc[0], rc[1].label))
    return [c for _r, c in ranked[:limit]]
