"""What entity resolution knows of an entity, and how two entities are scored.

Identifiers decide where they exist: the same VIN, IMO number, MMSI, IBAN, phone (E.164) or
e-mail is the same object; a plate, document, national id or registration number must also
agree on its country (a plate without a country on one side is only "possible"). For a
person or an organization a shared number decides only while names, date of birth and
gender do not say otherwise: one number on two different people is "possible" -- a typing
error or a stolen identity, for the analyst to judge. Two different VINs or IMO numbers are
two objects, whatever the names say. Without a shared identifier, persons are scored by
:func:`sirat.names.score_person` (names across scripts, date of birth, nationality,
gender); organizations and vessels by their names, capped at "possible" when their
countries (flag) differ -- and vessels always, since many ships share a name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sirat.models import Entity, EntityId, EntityIdentifier
from sirat.names import (
    MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    MatchResult,
    PersonFacts,
    score_names,
    score_person,
)
from sirat.services.entities.types import EntityDraft
from sirat.services.formats.identifiers import normalize

Verdict = Literal["same", "possible", "different"]
DecidedBy = Literal["identifier", "name"]

#: Identifier types that identify one object, and whether their country must agree.
DECISIVE: Final[dict[str, bool]] = {
    "vin": False, "imo": False, "mmsi": False, "iban": False, "phone": False, "email": False,
    "plate": True, "document_number": True, "national_id": True, "registration_number": True,
}  # fmt: skip
#: Identifier types an object has exactly one of: two different values mean two objects.
UNIQUE_PER_OBJECT: Final = frozenset({"vin", "imo"})
_LABELS: Final = {"vin": "VIN", "imo": "IMO number", "mmsi": "MMSI", "iban": "IBAN",
                  "national_id": "national id", "document_number": "document number",
                  "registration_number": "registration number", "email": "e-mail"}


#: Evidence that makes a shared identifier only "possible" (the person details disagree).
_AGAINST: Final = ("different date of birth", "different gender")
#: Names scoring below this are different names (a shared number is then not enough).
_NAMES_APART: Final = 50


def identifier_label(itype: str) -> str:
    return _LABELS.get(itype, itype.replace("_", " "))


#: Facts not (yet) tied to a stored entity: what is being typed.
_NO_ENTITY: Final = EntityId(0)


@dataclass(frozen=True, slots=True)
class Facts:
    """An entity (stored or typed) as matching sees it."""

    kind: str
    names: tuple[str, ...] = ()
    date_of_birth: str | None = None
    nationalities: tuple[str, ...] = ()
    gender: str | None = None
    country: str = ""  # an organization's country or a vessel's flag
    #: (type, normalized, country)
    identifiers: tuple[tuple[str, str, str], ...] = ()
    entity_id: EntityId = _NO_ENTITY
    label: str = ""


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """A scored candidate with its reasons, strongest first."""

    entity_id: EntityId
    kind: str
    label: str
    score: int
    verdict: Verdict
    reasons: tuple[str, ...]
    decided_by: DecidedBy
    #: Which of the candidate's name forms matched best (0 = its main name).
    name_index: int = field(default=0)
    #: The name evidence before the ceilings (sirat.names.MatchResult.similarity): orders
    #: candidates with one capped score (a variant of the true name above a look-alike).
    similarity: float = field(default=0.0)

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def facts_of_draft(draft: EntityDraft) -> Facts:
    f = draft.fields
    return Facts(
        kind=draft.kind, names=tuple(n.text for n in draft.names if n.text.strip()),
        date_of_birth=f.get("date_of_birth") or None,
        nationalities=tuple(x for x in (f.get("nationality", ""),) if x),
        gender=f.get("gender") or None,
        country=f.get("country") or f.get("flag") or "",
        identifiers=tuple((i.type, normalize(i.type, i.value, i.country), i.country.upper())
                          for i in draft.identifiers if i.value.strip()),
    )


_IDS: Final = "(SELECT value FROM json_each(:ids))"
_FACT_NAMES: Final = text(
    f"SELECT entity_id, name FROM entity_names WHERE entity_id IN {_IDS} "
    "ORDER BY entity_id, position")
_FACT_IDENTS: Final = text(
    "SELECT entity_id, type, normalized, country FROM entity_identifiers "
    f"WHERE entity_id IN {_IDS}")
_FACT_ROWS: Final = text(f"SELECT id, kind, label, attributes FROM entities WHERE id IN {_IDS}")


def load_facts(s: Session, ids: Iterable[int]) -> dict[int, Facts]:
    """Facts of stored entities: three indexed queries whatever the number of ids (passed
    as one JSON array: no statement per id count, no parameter per id)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    arg = {"ids": json.dumps(wanted)}
    names: dict[int, list[str]] = {i: [] for i in wanted}
    for eid, name in s.execute(_FACT_NAMES, arg):
        names[eid].append(name)
    idents: dict[int, list[tuple[str, str, str]]] = {i: [] for i in wanted}
    for eid, itype, norm, country in s.execute(_FACT_IDENTS, arg):
        idents[eid].append((itype, norm, (country or "").upper()))
    out: dict[int, Facts] = {}
    for eid, kind, label, attributes in s.execute(_FACT_ROWS, arg):
        try:
            f = json.loads(attributes or "{}")
        except ValueError:
            f = {}
        nat = f.get("nationality") or ""
        out[eid] = Facts(kind, tuple(names[eid]), f.get("date_of_birth") or None,
                         (nat,) if nat else (), f.get("gender") or None,
                         f.get("country") or f.get("flag") or "", tuple(idents[eid]),
                         eid, label)
    return out


def _identifier_evidence(a: Facts, b: Facts) -> tuple[list[str], list[str], list[str]]:
    """(decisive matches, matches with a country missing, conflicts) as reasons."""
    same: list[str] = []
    weak: list[str] = []
    conflict: list[str] = []
    theirs = {(t, n): c for t, n, c in b.identifiers if n}
    for t, n, c in a.identifiers:
        if not n or t not in DECISIVE or (t, n) not in theirs:
            continue
        other = theirs[(t, n)]
        label = identifier_label(t)
        if not DECISIVE[t] or (c and c == other):
            same.append(f"same {label}" + (f" ({c})" if DECISIVE[t] else ""))
        elif c and other:
            continue  # the same number in two countries: two documents
        else:
            weak.append(f"same {label} (country not given on one side)")
    for t in UNIQUE_PER_OBJECT:
        mine = {n for tt, n, _c in a.identifiers if tt == t and n}
        yours = {n for tt, n, _c in b.identifiers if tt == t and n}
        if mine and yours and not mine & yours:
            conflict.append(f"different {identifier_label(t)}")
    return same, weak, conflict


def _verdict(score: int) -> Verdict:
    return "same" if score >= MATCH_THRESHOLD else (
        "possible" if score >= POSSIBLE_THRESHOLD else "different")


def _by_names(a: Facts, b: Facts) -> tuple[MatchResult, int]:
    if a.kind == "person":
        pa = PersonFacts(a.names, a.date_of_birth, a.nationalities, a.gender)
        pb = PersonFacts(b.names, b.date_of_birth, b.nationalities, b.gender)
        return score_person(pa, pb), 0  # which name matched: asked for the results only
    if not a.names or not b.names:
        return MatchResult(0, "different", ()), 0
    names = score_names(a.names, b.names)
    score, reasons = names.score, [names.explanation]
    if a.country and b.country:
        if a.country.upper() == b.country.upper():
            reasons.append("same flag" if a.kind == "vessel" else "same country")
        else:
            score = min(score, MATCH_THRESHOLD - 1)
            reasons.append("different flag" if a.kind == "vessel" else "different country")
    if a.kind == "vessel":
        score = min(score, MATCH_THRESHOLD - 1)  # many ships share a name
    return MatchResult(score, _verdict(score), tuple(reasons)), names.best[1]


def score_pair(a: Facts, b: Facts) -> MatchCandidate:
    """How likely ``b`` (a stored entity) is the entity ``a`` describes, and why."""
    same, weak, conflict = _identifier_evidence(a, b)
    by_name, best = _by_names(a, b) if a.names and b.names else (
        MatchResult(0, "different", ()), 0)
    name_reasons = tuple(r for r in by_name.reasons if r)
    if conflict:
        score = min(by_name.score, POSSIBLE_THRESHOLD - 1, 40)
        return MatchCandidate(EntityId(b.entity_id), b.kind, b.label, score, "different",
                              (*conflict, *same, *name_reasons), "identifier", best)
    if same:
        against = [r for r in name_reasons if r in _AGAINST]
        if a.names and b.names and score_names(a.names, b.names).score < _NAMES_APART:
            against.append("the names differ")
        if against:
            # One number, two different people: a typing error or a stolen identity.
            return MatchCandidate(EntityId(b.entity_id), b.kind, b.label,
                                  MATCH_THRESHOLD - 1, "possible",
                                  (*same, "but " + " and ".join(against),
                                   *(r for r in name_reasons if r not in _AGAINST)),
                                  "identifier", best)
        return MatchCandidate(EntityId(b.entity_id), b.kind, b.label, 100, "same",
                              (*same, *name_reasons), "identifier", best)
    if weak:
        score = max(by_name.score, 80)
        return MatchCandidate(EntityId(b.entity_id), b.kind, b.label, min(score, 84),
                              "possible", (*weak, *name_reasons), "identifier", best)
    return MatchCandidate(EntityId(b.entity_id), b.kind, b.label, by_name.score,
                          by_name.verdict, name_reasons, "name", best,
                          by_name.similarity or float(by_name.score))


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def shared_identifier_ids(s: Session, facts: Facts, kinds: Sequence[str]) -> set[int]:
    """Stored entities sharing a decisive identifier (indexed lookups)."""
    found: set[int] = set()
    for itype, norm, _country in facts.identifiers:
        if itype not in DECISIVE or not norm:
            continue
        q = (select(EntityIdentifier.entity_id)
             .join(Entity, Entity.id == EntityIdentifier.entity_id)
             .where(EntityIdentifier.type == itype, EntityIdentifier.normalized == norm,
                    Entity.kind.in_(kinds)).limit(200))
        found.update(int(i) for i in s.scalars(q))
    return found
