"""Vault rows -> the input types of the pure export layer (``sirat.export.types``).

Read inside the caller's session; returns frozen values only. Two entity lists are built:

* ``entities`` -- what a member state or an operational partner receives: every linked
  entity (and every entity a relation of the report names), with its fields and
  identifiers under the stable keys of :data:`sirat.export.types.FIELD_KEYS`;
* ``observer_entities`` -- the same, prepared for the observer's release view, which
  withholds persons and redacts their names and identifiers in the text. Two things the
  release view cannot know are added here: a person's own identifiers (national id,
  document number, e-mail: stored on the person) travel as withheld identity-document /
  online-account entities, so their values are redacted in the text too; and a vehicle
  that is personal data through a relation asserted in *another* report (a person owns or
  drives it) is marked private, so it is withheld with its plate and VIN; and a personal
  address typed only as a full line ("Vitosha 15, Sofia") also gets its numbered parts as
  street fields, so "Vitosha 15" alone in the narrative is redacted as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sirat.export.types import (
    EUROPOL_4X4,
    EntityField,
    EntityInput,
    EntityKind,
    GradeLevel,
    GradingKey,
    HandlingCode,
    ProviderPermission,
    RecipientInput,
    RelationInput,
    ReportInput,
)
from sirat.models import (
    Classification,
    CrimeArea,
    Entity,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    Grade,
    GradingScheme,
    HandlingCodeRef,
    LinkRole,
    Recipient,
    RelationType,
    Report,
    ReportEntity,
    ReportId,
    User,
)
from sirat.models.core import VaultMeta
from sirat.services.entity_types import KINDS, PERSONAL_VEHICLE_RELATIONS
from sirat.services.provenance import provenance_of

DEFAULT_ORIGINATOR = "Regional Operational Center"
#: vault_meta key an administrator may set to the originating organisation's name.
ORIGINATOR_KEY = "export.originator"

FIELD_LABELS = {
    "date_of_birth": "Date of birth", "place_of_birth": "Place of birth",
    "nationality": "Nationality", "gender": "Gender", "make": "Make", "model": "Model",
    "colour": "Colour", "year": "Year", "vehicle_type": "Vehicle type",
    "stolen": "Reported stolen", "flag": "Flag", "vessel_type": "Vessel type",
    "org_type": "Type of organisation", "country": "Country", "full": "Full address",
    "street": "Street", "city": "City", "postcode": "Postcode", "region": "Region",
    "doc_type": "Document type", "issuing_country": "Issuing country", "expiry": "Expiry",
    "bank": "Bank", "currency": "Currency", "service": "Service", "url": "Address (URL)",
    "vin": "VIN", "plate": "Registration plate", "plate_country": "Plate country",
    "imo": "IMO number", "mmsi": "MMSI", "call_sign": "Call sign", "number": "Number",
    "iban": "IBAN", "bic": "BIC", "account_number": "Account number",
    "document_number": "Document number", "mrz": "Machine-readable zone",
    "national_id": "National id number", "registration_number": "Registration number",
    "email": "E-mail", "handle": "User name / handle",
}  # fmt: skip
#: Identifier types stored under another key of FIELD_KEYS for some kinds.
_IDENTIFIER_KEYS: dict[tuple[str, str], str] = {
    ("phone", "phone"): "number",
    ("identity_document", "document_number"): "number",
    ("identity_document", "national_id"): "number",
}
#: A person's own identifiers, re-homed for the observer's release view.
_PERSON_IDENTIFIER_KINDS: dict[str, EntityKind] = {
    "national_id": "identity_document",
    "document_number": "identity_document",
    "email": "online_account",
}
_PERSONAL_KINDS = frozenset(k for k, spec in KINDS.items() if spec.personal)


@dataclass(frozen=True, slots=True)
class ExportInputs:
    """Everything the export layer needs about one report, read in one transaction."""

    report_id: ReportId
    author_id: int
    report: ReportInput
    entities: tuple[EntityInput, ...]
    observer_entities: tuple[EntityInput, ...]
    relations: tuple[RelationInput, ...]
    permissions: tuple[ProviderPermission, ...]


def originator(s: Session) -> str:
    """The originating organisation printed on every PDF (vault setting or default)."""
    value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == ORIGINATOR_KEY))
    return value.strip() if value and value.strip() else DEFAULT_ORIGINATOR


def recipient_input(s: Session, recipient: Recipient) -> RecipientInput:
    """A recipient row with what it may receive: classifications up to its highest."""
    ranks = {c.code: c.rank for c in s.scalars(select(Classification))}
    top = ranks.get(recipient.highest_classification, -1)
    return RecipientInput(
        code=recipient.code,
        name=recipient.name,
        kind=recipient.kind,  # type: ignore[arg-type]  # checked by the table constraint
        may_receive_classifications=frozenset(c for c, r in ranks.items() if r <= top),
        may_receive_handling_codes=frozenset(c for c in recipient.handling_codes.split(",") if c),
    )


def _grading_key(s: Session, scheme_code: str) -> GradingKey:
    scheme = s.get(GradingScheme, scheme_code)
    grades = list(s.scalars(select(Grade).where(Grade.scheme_code == scheme_code)
                            .order_by(Grade.position)))
    handling = tuple(GradeLevel(h.code, h.wording) for h in
                     s.scalars(select(HandlingCodeRef).order_by(HandlingCodeRef.position)))
    if scheme is None or not grades:
        return EUROPOL_4X4
    return GradingKey(
        name=scheme.name,
        source_reliability=tuple(GradeLevel(g.code, g.wording) for g in grades
                                 if g.axis == "source"),
        information_accuracy=tuple(GradeLevel(g.code, g.wording) for g in grades
                                   if g.axis == "information"),
        handling_codes=handling or EUROPOL_4X4.handling_codes,
    )


def _wording(levels: Iterable[GradeLevel], code: str) -> str:
    return next((level.wording for level in levels if level.code == code), "")


def _display_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {row.id: row.display_name for row in rows}


def _report_input(s: Session, report: Report, origin: str) -> ReportInput:
    key = _grading_key(s, report.grading_scheme)
    area = s.get(CrimeArea, report.crime_area)
    wordings = {h.code: h.wording for h in s.scalars(select(HandlingCodeRef))}
    handling = tuple(
        HandlingCode(code, wordings.get(code, code), report.h3_text if code == "H3" else None)
        for code in sorted(c for c in report.handling_codes.split(",") if c)
    )
    names = _display_names(s, (report.author_id, report.approved_by))
    return ReportInput(
        reference=report.reference, version=report.version, title=report.title,
        crime_area=area.name if area else report.crime_area,
        report_date=date.fromisoformat(report.report_date),
        information_date=report.info_date_text, places=tuple(json.loads(report.places)),
        reporting_country=report.reporting_country, agency=report.agency,
        operation=report.operation, source_reliability=report.source_reliability,
        source_reliability_wording=_wording(key.source_reliability, report.source_reliability),
        information_accuracy=report.information_accuracy,
        information_accuracy_wording=_wording(key.information_accuracy,
                                              report.information_accuracy),
        handling_codes=handling, classification=report.classification,
        summary=report.summary, narrative=report.narrative,
        analyst_comment=report.analyst_comment, keywords=tuple(json.loads(report.keywords)),
        author=report.origin_author or names.get(report.author_id, ""),
        # The local approver only: the source's approval is printed as provenance.
        approver=names.get(report.approved_by or 0, ""),
        status=report.status, originator=origin, grading_key=key,
        provenance=provenance_of(s, report.id),
    )  # fmt: skip


def _field(key: str, value: str) -> EntityField:
    return EntityField(key, FIELD_LABELS.get(key, key.replace("_", " ").capitalize()), value)


def _fields(entity: Entity, identifiers: list[EntityIdentifier]) -> list[EntityField]:
    out: list[EntityField] = []
    for ident in identifiers:
        out.append(_field(_IDENTIFIER_KEYS.get((entity.kind, ident.type), ident.type),
                          ident.value))
        if ident.type == "plate" and ident.country:
            out.append(_field("plate_country", ident.country))
    attributes: dict[str, str] = json.loads(entity.attributes)
    order = KINDS[entity.kind].fields if entity.kind in KINDS else tuple(attributes)
    out += [_field(k, str(attributes[k])) for k in order if str(attributes.get(k, "")).strip()]
    return out


def _address_parts(address: EntityInput) -> tuple[EntityField, ...]:
    """The numbered parts of a full address ("Vitosha 15" of "Vitosha 15, Sofia") as
    street fields, so the observer's release view also redacts the street alone."""
    known = {f.value.casefold() for f in address.fields}
    parts = [p.strip() for f in address.fields if f.key == "full" for p in f.value.split(",")]
    return tuple(_field("street", p) for p in parts
                 if p and any(c.isdigit() for c in p) and p.casefold() not in known)


def _load_entities(s: Session, report_id: int) -> tuple[list[Entity], dict[int, list[str]]]:
    """Linked entities in link order, then entities only a relation of the report names."""
    roles: dict[int, list[str]] = {}
    order: list[int] = []
    role_names = {r.code: r.name for r in s.scalars(select(LinkRole))}
    for entity_id, role in s.execute(select(ReportEntity.entity_id, ReportEntity.role)
                                     .where(ReportEntity.report_id == report_id)
                                     .order_by(ReportEntity.id)):
        if entity_id not in roles:
            order.append(entity_id)
        roles.setdefault(entity_id, []).append(role_names.get(role, role))
    for source, target in s.execute(select(EntityRelation.source_id, EntityRelation.target_id)
                                    .where(EntityRelation.report_id == report_id)
                                    .order_by(EntityRelation.id)):
        for entity_id in (source, target):
            if entity_id not in roles:
                roles[entity_id] = []
                order.append(entity_id)
    rows = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(order)))}
    return [rows[i] for i in order if i in rows], roles


def _personal_elsewhere(s: Session, entities: list[Entity], report_id: int) -> set[int]:
    """Vehicles a person owns or drives according to a relation of another report."""
    vehicles = {e.id for e in entities if e.kind == "vehicle"}
    if not vehicles:
        return set()
    rels = s.execute(select(EntityRelation.source_id, EntityRelation.target_id)
                     .where(EntityRelation.report_id != report_id,
                            EntityRelation.relation_type.in_(PERSONAL_VEHICLE_RELATIONS),
                            or_(EntityRelation.source_id.in_(vehicles),
                                EntityRelation.target_id.in_(vehicles)))).all()
    others = {a for pair in rels for a in pair} - vehicles
    persons = set(s.scalars(select(Entity.id).where(Entity.id.in_(others),
                                                    Entity.kind.in_(_PERSONAL_KINDS))))
    return {v for a, b in rels for v, p in ((a, b), (b, a)) if v in vehicles and p in persons}


def _entity_inputs(
    s: Session, report_id: int
) -> tuple[list[EntityInput], list[EntityInput], list[RelationInput]]:
    entities, roles = _load_entities(s, report_id)
    ids = [e.id for e in entities]
    names: dict[int, list[str]] = {}
    for n in s.scalars(select(EntityName).where(EntityName.entity_id.in_(ids))
                       .order_by(EntityName.entity_id, EntityName.position)):
        names.setdefault(n.entity_id, []).append(n.name)
    idents: dict[int, list[EntityIdentifier]] = {}
    for i in s.scalars(select(EntityIdentifier).where(EntityIdentifier.entity_id.in_(ids))
                       .order_by(EntityIdentifier.entity_id, EntityIdentifier.position)):
        idents.setdefault(i.entity_id, []).append(i)
    types = {t.code: t.name for t in s.scalars(select(RelationType))}
    own = list(s.scalars(select(EntityRelation).where(EntityRelation.report_id == report_id)
                         .order_by(EntityRelation.id)))
    # Vehicles related to personal data in this report: the release view strips them.
    kinds = {e.id: e.kind for e in entities}
    here = {a for r in own for a, b in ((r.source_id, r.target_id), (r.target_id, r.source_id))
            if kinds.get(b) in _PERSONAL_KINDS}
    elsewhere = _personal_elsewhere(s, entities, report_id) - here
    full: list[EntityInput] = []
    observer: list[EntityInput] = []
    for e in entities:
        item = EntityInput(
            id=str(e.id), kind=e.kind,  # type: ignore[arg-type]  # table constraint
            label=e.label, fields=tuple(_fields(e, idents.get(e.id, []))),
            name_forms=tuple(names.get(e.id, ())), is_private=e.is_private,
            role=", ".join(roles[e.id]),
        )  # fmt: skip
        full.append(item)
        if e.id in elsewhere:
            item = replace(item, is_private=True)
        elif e.kind == "address" and (e.is_private or e.id in here):
            item = replace(item, fields=item.fields + _address_parts(item))
        observer.append(item)
        if e.kind == "person":
            observer += [
                EntityInput(f"{e.id}/{n}", _PERSON_IDENTIFIER_KINDS[i.type], i.value,
                            fields=(_field("number" if i.type != "email" else "email",
                                           i.value),))
                for n, i in enumerate(idents.get(e.id, []), start=1)
                if i.type in _PERSON_IDENTIFIER_KINDS
            ]
    relations = [RelationInput(str(r.source_id), str(r.target_id),
                               types.get(r.relation_type, r.relation_type)) for r in own]
    return full, observer, relations


def load_export_inputs(s: Session, report: Report) -> ExportInputs:
    """Map ``report`` (a row of the caller's session) into the export layer's inputs."""
    full, observer, relations = _entity_inputs(s, report.id)
    permissions: tuple[ProviderPermission, ...] = ()
    if report.h2_permission_recorded_at and report.h2_permission_note.strip():
        # The domain records the provider's permission per report, for every recipient.
        permissions = (ProviderPermission("H2", None),)
    return ExportInputs(
        report_id=ReportId(report.id), author_id=report.author_id,
        report=_report_input(s, report, originator(s)), entities=tuple(full),
        observer_entities=tuple(observer), relations=tuple(relations),
        permissions=permissions,
    )  # fmt: skip
