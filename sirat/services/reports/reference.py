"""Reference data as frozen values: crime areas, grading schemes, handling codes,
classifications, link roles, relation types and recipients (tables seeded by schema 2)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.disclosure import may_receive_personal_data
from sirat.errors import ValidationError
from sirat.models import (
    Classification,
    CrimeArea,
    Grade,
    GradingScheme,
    HandlingCodeRef,
    LinkRole,
    Recipient,
    RelationType,
)
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault

DEFAULT_SCHEME = "europol-4x4"


@dataclass(frozen=True, slots=True)
class CodeName:
    """A code with its display name (crime areas, link roles, classifications...)."""

    code: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class GradeLevel:
    code: str
    wording: str


@dataclass(frozen=True, slots=True)
class GradingSchemeView:
    code: str
    name: str
    is_default: bool
    source_reliability: tuple[GradeLevel, ...]
    information_accuracy: tuple[GradeLevel, ...]


@dataclass(frozen=True, slots=True)
class HandlingCodeView:
    code: str
    wording: str
    needs_text: bool


@dataclass(frozen=True, slots=True)
class RelationTypeView:
    code: str
    name: str
    reverse_name: str
    ftm_schema: str


@dataclass(frozen=True, slots=True)
class RecipientView:
    code: str
    name: str
    kind: str  # member-state | operational-partner | observer
    highest_classification: str
    handling_codes: tuple[str, ...]
    active: bool

    @property
    def may_receive_personal_data(self) -> bool:
        """Asks the one disclosure policy (:mod:`sirat.domain.disclosure`)."""
        return may_receive_personal_data(self.kind)


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Everything validation and forms need, read in one go."""

    crime_areas: tuple[CodeName, ...]
    classifications: tuple[CodeName, ...]  # ordered by rank, lowest first
    handling_codes: tuple[HandlingCodeView, ...]
    grading_schemes: tuple[GradingSchemeView, ...]
    link_roles: tuple[CodeName, ...]
    relation_types: tuple[RelationTypeView, ...]

    def scheme(self, code: str) -> GradingSchemeView | None:
        return next((s for s in self.grading_schemes if s.code == code), None)

    @property
    def default_scheme(self) -> str:
        return next((s.code for s in self.grading_schemes if s.is_default), DEFAULT_SCHEME)

    def relation_type(self, code: str) -> RelationTypeView | None:
        return next((r for r in self.relation_types if r.code == code), None)


def load_reference(s: Session, *, include_inactive: bool = False) -> ReferenceData:
    """Read the reference tables inside the caller's session."""
    areas = select(CrimeArea).order_by(CrimeArea.position, CrimeArea.code)
    if not include_inactive:
        areas = areas.where(CrimeArea.active.is_(True))
    grades = s.scalars(select(Grade).order_by(Grade.scheme_code, Grade.axis, Grade.position))
    by_scheme: dict[tuple[str, str], list[GradeLevel]] = {}
    for g in grades:
        by_scheme.setdefault((g.scheme_code, g.axis), []).append(GradeLevel(g.code, g.wording))
    schemes = tuple(
        GradingSchemeView(
            sc.code, sc.name, sc.is_default,
            tuple(by_scheme.get((sc.code, "source"), ())),
            tuple(by_scheme.get((sc.code, "information"), ())),
        )
        for sc in s.scalars(select(GradingScheme).order_by(GradingScheme.position))
    )
    return ReferenceData(
        crime_areas=tuple(CodeName(a.code, a.name, a.description) for a in s.scalars(areas)),
        classifications=tuple(
            CodeName(c.code, c.name)
            for c in s.scalars(select(Classification).order_by(Classification.rank))
        ),
        handling_codes=tuple(
            HandlingCodeView(h.code, h.wording, h.needs_text)
            for h in s.scalars(select(HandlingCodeRef).order_by(HandlingCodeRef.position))
        ),
        grading_schemes=schemes,
        link_roles=tuple(
            CodeName(r.code, r.name)
            for r in s.scalars(select(LinkRole).order_by(LinkRole.position))
        ),
        relation_types=tuple(
            RelationTypeView(r.code, r.name, r.reverse_name, r.ftm_schema)
            for r in s.scalars(select(RelationType).order_by(RelationType.position))
        ),
    )


def reference_data(vault: Vault) -> ReferenceData:
    with vault.session() as s:
        return load_reference(s)


def crime_areas(vault: Vault) -> list[tuple[CodeName, bool]]:
    """Every crime area, retired ones included, with whether it is in use (for editing)."""
    with vault.session() as s:
        rows = s.scalars(select(CrimeArea).order_by(CrimeArea.position, CrimeArea.code))
        return [(CodeName(a.code, a.name, a.description), bool(a.active)) for a in rows]


def _recipient_view(r: Recipient) -> RecipientView:
    codes = tuple(c for c in r.handling_codes.split(",") if c)
    return RecipientView(r.code, r.name, r.kind, r.highest_classification, codes, r.active)


def list_recipients(
    vault: Vault, kind: str | None = None, *, include_inactive: bool = False
) -> list[RecipientView]:
    with vault.session() as s:
        q = select(Recipient).order_by(Recipient.position, Recipient.code)
        if kind is not None:
            q = q.where(Recipient.kind == kind)
        if not include_inactive:
            q = q.where(Recipient.active.is_(True))
        return [_recipient_view(r) for r in s.scalars(q)]


def save_crime_area(
    vault: Vault, code: str, name: str, *, description: str = "", active: bool = True
) -> CodeName:
    """Add or rename a crime area, or retire it (``active=False``); administrators only."""
    require_role(vault, "administrator")
    code, name = code.strip(), name.strip()
    if not code or not name or not code.replace("_", "").isalnum():
        raise ValidationError.single(
            "crime_area", "A crime area needs a short code (letters, digits, _) and a name."
        )
    with vault.session(write=True) as s:
        area = s.get(CrimeArea, code)
        if area is None:
            count = len(s.scalars(select(CrimeArea.code)).all())
            area = CrimeArea(code=code, name=name, description=description, position=count,
                             active=active)
            s.add(area)
        else:
            area.name, area.description, area.active = name, description, active
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="reference.crime_area",
                     object_type="crime_area", object_id=code, details={"active": active})
        return CodeName(area.code, area.name, area.description)
