"""Entity resolution: "do we already know this person, this car, this boat?"

Candidates for an entity (typed or stored) come from two indexed lookups -- entities
sharing a decisive identifier, and entities sharing a blocking key of a name
(``entity_match_keys``, written by :mod:`.search_index`) -- and at most
:data:`MAX_SCORED` of them are scored (:mod:`.resolution_facts`), each with its reasons
("same date of birth, name identical across scripts, same nationality"). Pairs an analyst
judged "not the same" are never offered again. :func:`possible_duplicates` lists the
strongest candidate pairs already in the vault (see :mod:`.resolution_pairs`).

Reading candidates is not audited (the entity form asks while the analyst types); judging
a pair is: ``entity.not_same`` / ``entity.not_same_undo``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.domain.vocab import EntityId
from sirat.errors import NotFound, ValidationError
from sirat.models import Entity
from sirat.models.search import EntityDistinct
from sirat.names import score_names
from sirat.services.audit import log as audit
from sirat.services.entities.types import KINDS, EntityDraft
from sirat.services.resolution.facts import (
    Facts,
    MatchCandidate,
    facts_of_draft,
    load_facts,
    ordered,
    score_pair,
    shared_identifier_ids,
)
from sirat.services.search.index import MATCHED_KINDS, name_match_keys
from sirat.vault import Vault

__all__ = [
    "MatchCandidate",
    "candidates_for_draft",
    "candidates_for_entity",
    "compare_entities",
    "draft_candidates",
    "forget_not_same",
    "is_judged_distinct",
    "mark_not_same",
    "name_candidates",
]

#: Candidates scored per request, after ranking by shared blocking keys.
MAX_SCORED: Final = 50
#: Enough candidates from pair keys: single-word keys are not read then.
_ENOUGH: Final = 20
#: Entities read per blocking key (most recent first): bounds a very common name's block.
PER_KEY: Final = 150
_PAIR_WEIGHT: Final = 3
_WHOLE_WEIGHT: Final = 5


def _kinds(kind: str | None) -> list[str]:
    if kind is None:
        return sorted(MATCHED_KINDS)
    if kind not in KINDS:
        raise ValidationError.single("kind", "Unknown kind of entity.",
                                     "Choose one of: " + ", ".join(KINDS) + ".")
    return [kind]


_BLOCK: Final = text(
    "SELECT entity_id FROM entity_match_keys WHERE kind = :kind AND key = :key "
    "ORDER BY entity_id DESC LIMIT :n")


def blocked_ids(s: Session, names: Iterable[str], kinds: Sequence[str],
                limit: int = MAX_SCORED) -> list[int]:
    """Entities sharing blocking keys with ``names``, most keys (then most recent) first.

    Whole-name keys ("surname sound : given-name sound") are read first, then pair keys
    ("surname sound : initial"); single-word keys (every Ivan) only when the name has one
    long word, or the pairs found too few."""
    keys: set[str] = set()
    for name in names:
        keys |= name_match_keys(name)
    whole = sorted(k for k in keys if ":" in k and len(k.split(":")[1]) > 1)
    pairs = sorted(k for k in keys if ":" in k and len(k.split(":")[1]) <= 1)
    words = sorted(k for k in keys if ":" not in k)
    votes: Counter[int] = Counter()
    for kind in (k for k in kinds if k in MATCHED_KINDS):
        for group, weight in ((whole, _WHOLE_WEIGHT), (pairs, _PAIR_WEIGHT), (words, 1)):
            if group is words and (whole or pairs) and len(votes) >= _ENOUGH:
                continue
            for key in group:
                for (eid,) in s.execute(_BLOCK, {"kind": kind, "key": key, "n": PER_KEY}):
                    votes[int(eid)] += weight
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], -kv[0]))
    return [eid for eid, _v in ranked[:limit]]


def judged_distinct(s: Session, entity_id: EntityId) -> set[int]:
    rows = s.execute(select(EntityDistinct.entity_a, EntityDistinct.entity_b).where(
        or_(EntityDistinct.entity_a == entity_id, EntityDistinct.entity_b == entity_id)))
    return {b if a == entity_id else a for a, b in rows}


def scored_candidates(s: Session, facts: Facts, kinds: Sequence[str], *, limit: int = 10,
                      exclude: Iterable[int] = (), include_different: bool = False,
                      ) -> list[MatchCandidate]:
    """The best ``limit`` candidates for ``facts`` in the caller's session."""
    ids = shared_identifier_ids(s, facts, kinds)
    if facts.names and facts.kind in MATCHED_KINDS | {"any"}:
        ids.update(blocked_ids(s, facts.names, kinds))
    ids.difference_update(exclude)
    if facts.entity_id:
        ids.discard(facts.entity_id)
        ids.difference_update(judged_distinct(s, facts.entity_id))
    stored = load_facts(s, ids)
    out = []
    for other in stored.values():
        probe = facts if facts.kind != "any" else Facts(
            other.kind, facts.names, identifiers=facts.identifiers)
        found = score_pair(probe, other)
        if include_different or found.verdict != "different":
            out.append(found)
    out.sort(key=lambda c: (-c.score, c.decided_by != "identifier", -c.similarity,
                            -int(c.entity_id)))
    if not facts.names:
        return out[:limit]
    # Which name form matched best (a second score_names, for the few shown only).
    return [replace(c, name_index=score_names(facts.names, stored[int(c.entity_id)].names)
                    .best[1]) if stored[int(c.entity_id)].names else c for c in out[:limit]]



def candidates_for_draft(
    vault: Vault, draft: EntityDraft, *, limit: int = 10, exclude: Iterable[int] = (),
) -> list[MatchCandidate]:
    """Stored entities the entity being entered or imported may be, scored and explained."""
    kinds = _kinds(draft.kind)
    with vault.session() as s:
        return scored_candidates(s, facts_of_draft(draft), kinds, limit=limit, exclude=exclude)


def candidates_for_entity(vault: Vault, entity_id: EntityId, *, limit: int = 10,
                          ) -> list[MatchCandidate]:
    """Other stored entities that may be this one (judged "not the same" pairs left out)."""
    with vault.session() as s:
        facts = load_facts(s, [entity_id]).get(entity_id)
        if facts is None:
            raise NotFound("There is no entity with this id.", "See `sirat entity list`.")
        return scored_candidates(s, facts, [facts.kind], limit=limit)


def name_candidates(s: Session, kind: str | None, text: str, limit: int = 10,
                    ) -> list[MatchCandidate]:
    """Stored entities whose names match ``text`` (a name being typed), scored on the name
    alone; used by ``entity_query.find_candidates``."""
    kinds = [k for k in _kinds(kind) if k in MATCHED_KINDS]
    if not kinds or not text.strip():
        return []
    facts = Facts(kind or "any", (text.strip(),))
    return scored_candidates(s, facts, kinds, limit=limit)


def draft_candidates(s: Session, draft: EntityDraft, limit: int = 10,
                     ) -> list[MatchCandidate]:
    """:func:`candidates_for_draft` in the caller's session (the entity form's suggestions)."""
    return scored_candidates(s, facts_of_draft(draft), _kinds(draft.kind), limit=limit)


def compare_entities(vault: Vault, a: int, b: int) -> MatchCandidate:
    """Score ``b`` against ``a`` with the reasons, for the merge dialog."""
    with vault.session() as s:
        facts = load_facts(s, [a, b])
        if a not in facts or b not in facts:
            raise NotFound("One of the two entities does not exist (it may have been merged).",
                           "Reload the list.")
        return score_pair(facts[a], facts[b])


# ---- "not the same" judgements ------------------------------------------------------------
def is_judged_distinct(vault: Vault, a: int, b: int) -> bool:
    lo, hi = ordered(a, b)
    with vault.session() as s:
        return s.scalar(select(EntityDistinct.id).where(
            EntityDistinct.entity_a == lo, EntityDistinct.entity_b == hi)) is not None


def mark_not_same(vault: Vault, a: int, b: int, note: str = "") -> None:
    """Remember that ``a`` and ``b`` are different entities; they are not offered again."""
    if a == b:
        raise ValidationError.single("entity", "Choose two different entities.")
    lo, hi = ordered(a, b)
    with vault.session(write=True) as s:
        for eid in (lo, hi):
            if s.get(Entity, eid) is None:
                raise NotFound("One of the two entities does not exist.", "Reload the list.")
        if s.scalar(select(EntityDistinct.id).where(
                EntityDistinct.entity_a == lo, EntityDistinct.entity_b == hi)) is not None:
            return
        row = EntityDistinct(entity_a=lo, entity_b=hi, judged_by=vault.info.user_id,
                             judged_at=utcnow(), note=note)
        s.add(row)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="entity.not_same",
                     object_type="entity", object_id=lo,
                     details={"entity": lo, "target": hi, "judgement": row.id})


def forget_not_same(vault: Vault, a: int, b: int) -> bool:
    """Withdraw a "not the same" judgement; False if there was none."""
    lo, hi = ordered(a, b)
    with vault.session(write=True) as s:
        row = s.scalar(select(EntityDistinct).where(
            EntityDistinct.entity_a == lo, EntityDistinct.entity_b == hi))
        if row is not None:
            s.delete(row)
            s.flush()
            audit.record(s, actor_id=vault.info.user_id, action="entity.not_same_undo",
                         object_type="entity", object_id=lo, details={"entity": lo,
                                                                     "target": hi})
        return row is not None
