"""The candidates offered while an analyst types an entity: identifiers (exact and prefix,
normalized), names scored across scripts, and names whose words start with the typed text."""

from __future__ import annotations

from sqlalchemy import select

from sirat.models import Entity, EntityId, EntityIdentifier
from sirat.services.entities.query import check_kind
from sirat.services.entities.types import KINDS, Candidate, EntityDraft
from sirat.services.formats.identifiers import normalize
from sirat.services.resolution import candidates as resolution
from sirat.services.search.fulltext import typed_name_matches
from sirat.vault import Vault

#: Identifier types matched by prefix while typing (others must match exactly).
PREFIX_TYPES = ("plate", "vin", "imo", "mmsi", "document_number", "phone", "iban",
                "national_id", "call_sign")
_TOP = "\U0010ffff"


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
    check_kind(kind)
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
            for entity, ekind, label, value in s.execute(q):
                exact = value == norm
                what = itype.replace("_", " ")
                found.setdefault(entity, (0 if exact else 300, Candidate(
                    entity, ekind, label, "identifier", exact,
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
