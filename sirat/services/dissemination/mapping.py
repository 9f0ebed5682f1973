"""Vault rows -> the input types of the pure export layer (``sirat.export.types``).

Read inside the caller's session; returns frozen values only. Two entity lists are built:

* ``entities`` -- what a member state or an operational partner receives: every linked
  entity (and every entity a relation of the report names), with its fields and
  identifiers under the stable keys of :data:`sirat.export.types.FIELD_KEYS`;
* ``observer_entities`` -- the same, plus a person's own identifiers (national id,
  document number, e-mail: stored on the person) as withheld identity-document /
  online-account entities, so their values are redacted in the text too;
* ``closure`` -- the personal closure of the release from the whole vault
  (:mod:`sirat.services.dissemination.closure`): which entities are tied to personal data anywhere
  and why, and ``outside``, the personal entities of other reports tied to them.

Link notes and relation notes travel with the entities and relations; the disclosure policy
decides what an observer reads of them. Dates are printed in one format, ISO unless the
vault chooses another (``vault_meta['export.date_format']``: ``iso`` or ``dmy``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.vocab import ROLE_WORDS, UserId
from sirat.errors import SiratError
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
from sirat.services.dissemination.closure import Closure, personal_closure
from sirat.services.entities.types import DATE_FIELDS, KINDS
from sirat.services.formats.dates import parse_partial_date
from sirat.services.reports.provenance import provenance_of

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
#: vault_meta key choosing the date format of every PDF (``iso`` by default, or ``dmy``).
DATE_FORMAT_KEY = "export.date_format"
DATE_FORMATS = {"iso": ("%Y-%m-%d", "{y}-{m:02d}"), "dmy": ("%d.%m.%Y", "{m:02d}.{y}")}


@dataclass(frozen=True, slots=True)
class ExportInputs:
    """Everything the export layer needs about one report, read in one transaction."""

    report_id: ReportId
    author_id: UserId
    report: ReportInput
    entities: tuple[EntityInput, ...]
    observer_entities: tuple[EntityInput, ...]
    relations: tuple[RelationInput, ...]
    permissions: tuple[ProviderPermission, ...]
    closure: Closure
    #: Personal entities of other reports tied to this report's entities (redacted too).
    outside: tuple[EntityInput, ...] = ()


def originator(s: Session) -> str:
    """The originating organisation printed on every PDF (vault setting or default)."""
    value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == ORIGINATOR_KEY))
    return value.strip() if value and value.strip() else DEFAULT_ORIGINATOR


def date_format(s: Session) -> str:
    """The vault's choice of date format (``iso`` unless an administrator set ``dmy``)."""
    value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == DATE_FORMAT_KEY))
    return value if value in DATE_FORMATS else "iso"


def format_date(text: str, style: str) -> str:
    """A (partial, approximate) date as typed, printed in the chosen style."""
    try:
        parsed = parse_partial_date(text)
    except (ValueError, SiratError):
        return text
    if parsed is None or not parsed.normalized:
        return text
    full, month = DATE_FORMATS.get(style, DATE_FORMATS["iso"])
    parts = [int(p) for p in parsed.normalized.split("-")]
    if len(parts) == 3:
        shown = date(*parts).strftime(full)
    elif len(parts) == 2:
        shown = month.format(y=parts[0], m=parts[1])
    else:
        shown = str(parts[0])
    return f"about {shown}" if parsed.approximate else shown


def recipient_input(s: Session, recipient: Recipient) -> RecipientInput:
    """A recipient row with what it may receive: classifications up to its highest."""
    ranks = {c.code: c.rank for c in s.scalars(select(Classification))}
    top = ranks.get(recipient.highest_classification, -1)
    return RecipientInput(
        code=recipient.code,
        name=recipient.name,
        kind=recipient.kind,  # checked by the table constraint
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


def _roles(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    rows = s.execute(select(User.id, User.role).where(User.id.in_(wanted)))
    return {row.id: ROLE_WORDS.get(row.role, row.role.capitalize()) for row in rows}


def _span(report: Report) -> tuple[date, date] | None:
    """The stored bounds of the date of information, for the timeline figure."""
    if not (report.info_date_earliest and report.info_date_latest):
        return None
    return (date.fromisoformat(report.info_date_earliest[:10]),
            date.fromisoformat(report.info_date_latest[:10]))


def _report_input(s: Session, report: Report, origin: str) -> ReportInput:
    key = _grading_key(s, report.grading_scheme)
    area = s.get(CrimeArea, report.crime_area)
    wordings = {h.code: h.wording for h in s.scalars(select(HandlingCodeRef))}
    handling = tuple(
        HandlingCode(code, wordings.get(code, code), report.h3_text if code == "H3" else None)
        for code in sorted(c for c in report.handling_codes.split(",") if c)
    )
    names = _display_names(s, (report.author_id, report.approved_by))
    functions = _roles(s, (report.author_id, report.approved_by))
    style = date_format(s)
    return ReportInput(
        reference=report.reference, version=report.version, title=report.title,
        crime_area=area.name if area else report.crime_area,
        report_date=date.fromisoformat(report.report_date),
        information_date=format_date(report.info_date_text, style),
        places=tuple(json.loads(report.places)),
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
        author_function=functions.get(report.author_id, "Analyst"),
        approver_function=functions.get(report.approved_by or 0, "Supervisor"),
        date_format=DATE_FORMATS[style][0],
        information_span=_span(report),
    )  # fmt: skip


def _field(key: str, value: str) -> EntityField:
    return EntityField(key, FIELD_LABELS.get(key, key.replace("_", " ").capitalize()), value)


def _fields(entity: Entity, identifiers: list[EntityIdentifier],
            style: str = "iso") -> list[EntityField]:
    out: list[EntityField] = []
    for ident in identifiers:
        out.append(_field(_IDENTIFIER_KEYS.get((entity.kind, ident.type), ident.type),
                          ident.value))
        if ident.type == "plate" and ident.country:
            out.append(_field("plate_country", ident.country))
    attributes: dict[str, str] = json.loads(entity.attributes)
    order = KINDS[entity.kind].fields if entity.kind in KINDS else tuple(attributes)
    out += [_field(k, format_date(str(attributes[k]), style) if k in DATE_FIELDS
                   else str(attributes[k]))
            for k in order if str(attributes.get(k, "")).strip()]
    return out


def _load_entities(
    s: Session, report_id: ReportId
) -> tuple[list[Entity], dict[int, list[str]], dict[int, list[str]]]:
    """Linked entities in link order, then entities only a relation of the report names;
    their roles and link notes."""
    roles: dict[int, list[str]] = {}
    notes: dict[int, list[str]] = {}
    order: list[int] = []
    role_names = {r.code: r.name for r in s.scalars(select(LinkRole))}
    for entity_id, role, note in s.execute(
            select(ReportEntity.entity_id, ReportEntity.role, ReportEntity.note)
            .where(ReportEntity.report_id == report_id).order_by(ReportEntity.id)):
        if entity_id not in roles:
            order.append(entity_id)
        roles.setdefault(entity_id, []).append(role_names.get(role, role))
        if note and note.strip():
            notes.setdefault(entity_id, []).append(note.strip())
    for source, target in s.execute(select(EntityRelation.source_id, EntityRelation.target_id)
                                    .where(EntityRelation.report_id == report_id)
                                    .order_by(EntityRelation.id)):
        for entity_id in (source, target):
            if entity_id not in roles:
                roles[entity_id] = []
                order.append(entity_id)
    rows: dict[int, Entity] = {e.id: e for e in s.scalars(select(Entity)
                                                          .where(Entity.id.in_(order)))}
    return [rows[i] for i in order if i in rows], roles, notes


def _inputs_of(s: Session, entities: list[Entity], roles: dict[int, list[str]],
               notes: dict[int, list[str]], style: str) -> list[EntityInput]:
    """Export inputs of ``entities``: fields, every name form, roles and link notes."""
    ids = [e.id for e in entities]
    names: dict[int, list[str]] = {}
    for n in s.scalars(select(EntityName).where(EntityName.entity_id.in_(ids))
                       .order_by(EntityName.entity_id, EntityName.position)):
        names.setdefault(n.entity_id, []).append(n.name)
    idents: dict[int, list[EntityIdentifier]] = {}
    for i in s.scalars(select(EntityIdentifier).where(EntityIdentifier.entity_id.in_(ids))
                       .order_by(EntityIdentifier.entity_id, EntityIdentifier.position)):
        idents.setdefault(i.entity_id, []).append(i)
    return [
        EntityInput(
            id=str(e.id), kind=e.kind, label=e.label,
            fields=tuple(_fields(e, idents.get(e.id, []), style)),
            name_forms=tuple(names.get(e.id, ())), is_private=e.is_private,
            role=", ".join(roles.get(e.id, ())), note="; ".join(notes.get(e.id, ())),
        )
        for e in entities
    ]  # fmt: skip


def _person_identifiers(item: EntityInput) -> list[EntityInput]:
    """A person's own identifiers as withheld entities of their kind (for the redactor)."""
    wanted = {"national_id", "document_number", "email"}
    return [EntityInput(f"{item.id}/{n}", _PERSON_IDENTIFIER_KINDS[f.key], f.value,
                        fields=(_field("number" if f.key != "email" else "email", f.value),))
            for n, f in enumerate((f for f in item.fields if f.key in wanted), start=1)]


def _entity_inputs(
    s: Session, report_id: ReportId
) -> tuple[list[EntityInput], list[EntityInput], list[RelationInput], Closure,
           list[EntityInput]]:
    entities, roles, notes = _load_entities(s, report_id)
    style = date_format(s)
    full = _inputs_of(s, entities, roles, notes, style)
    observer: list[EntityInput] = []
    for item in full:
        observer.append(item)
        if item.kind == "person":
            observer += _person_identifiers(item)
    types = {t.code: t.name for t in s.scalars(select(RelationType))}
    own = list(s.scalars(select(EntityRelation).where(EntityRelation.report_id == report_id)
                         .order_by(EntityRelation.id)))
    relations = [RelationInput(str(r.source_id), str(r.target_id),
                               types.get(r.relation_type, r.relation_type), r.note or "")
                 for r in own]
    closure = personal_closure(s, report_id, [e.id for e in entities])
    rows = list(s.scalars(select(Entity).where(Entity.id.in_(closure.outside))))
    outside = _inputs_of(s, rows, {}, {}, style)
    outside += [x for item in outside if item.kind == "person"
                for x in _person_identifiers(item)]
    return full, observer, relations, closure, outside


def load_export_inputs(s: Session, report: Report) -> ExportInputs:
    """Map ``report`` (a row of the caller's session) into the export layer's inputs."""
    full, observer, relations, closure, outside = _entity_inputs(s, report.id)
    permissions: tuple[ProviderPermission, ...] = ()
    if report.h2_permission_recorded_at and report.h2_permission_note.strip():
        # The domain records the provider's permission per report, for every recipient.
        permissions = (ProviderPermission("H2", None),)
    return ExportInputs(
        report_id=ReportId(report.id), author_id=UserId(report.author_id),
        report=_report_input(s, report, originator(s)), entities=tuple(full),
        observer_entities=tuple(observer), relations=tuple(relations),
        permissions=permissions, closure=closure, outside=tuple(outside),
    )  # fmt: skip
