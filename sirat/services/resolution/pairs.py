""""Possible duplicates": the strongest candidate pairs already in the vault.

Pairs come from three indexed groupings, strongest evidence first, and each pair is scored
once (:func:`resolution_facts.score_pair`):

1. the same decisive identifier (VIN, IMO, plate and country...) on two entities of a kind;
2. the same folded name (``entity_names.name_key``: Петров and Petrov are both "petrov");
3. the same blocking key of a name ("surname sound : initial") -- only blocks of at most
   :data:`MAX_BLOCK` entities, because a very common name's block would pair everyone with
   everyone; those names are still paired through (2) when spelled alike.

At most :data:`MAX_PAIRS` pairs are scored per listing, the most recent entities first, so a
listing stays within seconds on a large vault. Pairs judged "not the same" are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat.models import Entity, EntityId, EntityIdentifier, EntityName
from sirat.models.search import EntityDistinct, EntityMatchKey
from sirat.names import POSSIBLE_THRESHOLD
from sirat.services.entities.types import KINDS
from sirat.services.resolution.facts import DECISIVE, MatchCandidate, load_facts, score_pair
from sirat.vault import Vault

MAX_BLOCK: Final = 40
MAX_GROUP: Final = 60
MAX_PAIRS: Final = 40_000
_LOAD_CHUNK: Final = 2000


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two entities that may be one, with the score and reasons of the second against the
    first (the older one, which a merge would keep by default)."""

    kind: str
    first_id: EntityId
    first_label: str
    second_id: EntityId
    second_label: str
    score: int
    verdict: str
    reasons: tuple[str, ...]
    decided_by: str

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def _groups(s: Session, kinds: list[str]) -> Iterator[list[int]]:
    ident = (select(func.group_concat(EntityIdentifier.entity_id.distinct()))
             .join(Entity, Entity.id == EntityIdentifier.entity_id)
             .where(EntityIdentifier.type.in_(sorted(DECISIVE)), Entity.kind.in_(kinds),
                    EntityIdentifier.normalized != "")
             .group_by(Entity.kind, EntityIdentifier.type, EntityIdentifier.normalized)
             .having(func.count(EntityIdentifier.entity_id.distinct()) > 1))
    names = (select(func.group_concat(EntityName.entity_id.distinct()))
             .join(Entity, Entity.id == EntityName.entity_id)
             .where(Entity.kind.in_(kinds), EntityName.name_key != "")
             .group_by(Entity.kind, EntityName.name_key)
             .having(func.count(EntityName.entity_id.distinct()) > 1))
    blocks = (select(func.group_concat(EntityMatchKey.entity_id))
              .where(EntityMatchKey.kind.in_(kinds), EntityMatchKey.key.contains(":"))
              .group_by(EntityMatchKey.kind, EntityMatchKey.key)
              .having(func.count() > 1, func.count() <= MAX_BLOCK))
    for q in (ident, names, blocks):
        for (joined,) in s.execute(q):
            ids = sorted({int(x) for x in str(joined).split(",")}, reverse=True)
            yield ids[:MAX_GROUP]


def candidate_pairs(s: Session, kinds: list[str], budget: int = MAX_PAIRS,
                    ) -> list[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for ids in _groups(s, kinds):
        for hi, lo in combinations(ids, 2):
            if (lo, hi) not in seen:
                seen.add((lo, hi))
                out.append((lo, hi))
                if len(out) >= budget:
                    return out
    return out


def _distinct(s: Session) -> set[tuple[int, int]]:
    return {(a, b) for a, b in s.execute(select(EntityDistinct.entity_a,
                                                EntityDistinct.entity_b))}


def possible_duplicates(
    vault: Vault, kind: str | None = None, *, limit: int = 100,
    min_score: int = POSSIBLE_THRESHOLD, progress: Callable[[int, int], None] | None = None,
) -> list[DuplicatePair]:
    """The strongest pairs (score >= ``min_score``), best first."""
    kinds = [kind] if kind else list(KINDS)
    with vault.session() as s:
        pairs = candidate_pairs(s, kinds)
        judged = _distinct(s)
        pairs = [p for p in pairs if p not in judged]
        found: list[DuplicatePair] = []
        for start in range(0, len(pairs), _LOAD_CHUNK):
            chunk = pairs[start:start + _LOAD_CHUNK]
            facts = load_facts(s, _flatten(chunk))
            for lo, hi in chunk:
                a, b = facts.get(lo), facts.get(hi)
                if a is None or b is None or a.kind != b.kind:
                    continue
                c = score_pair(a, b)
                if c.score >= min_score:
                    found.append(_pair(a.label, c, lo))
            if progress is not None:
                progress(min(start + _LOAD_CHUNK, len(pairs)), len(pairs))
    # Among equal scores: identifiers first, then pairs a date of birth confirms.
    found.sort(key=lambda p: (-p.score, p.decided_by != "identifier",
                              "same date of birth" not in p.reasons, -int(p.second_id)))
    return found[:limit]


def _flatten(pairs: Iterable[tuple[int, int]]) -> set[int]:
    return {i for pair in pairs for i in pair}


def _pair(first_label: str, c: MatchCandidate, first: int) -> DuplicatePair:
    return DuplicatePair(c.kind, EntityId(first), first_label, c.entity_id, c.label, c.score,
                         c.verdict, c.reasons, c.decided_by)
