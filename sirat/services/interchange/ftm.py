"""Entities and relations as FollowTheMoney entities ``{"id", "schema", "properties",
"extra"}`` -- pure mapping, no database.

``properties`` hold what FtM can say, each value already in the form FtM's own cleaning
gives it (:mod:`sirat.services.interchange.ftm_forms`: ``IMO9472775``, E.164 phones,
lower-case country codes, ISO date prefixes, compact IBANs, squashed names...), so a
consumer that normalises through FtM sees exactly what SIRAT wrote; a value FtM would drop
is left out. ``extra`` holds what FtM lacks: the SIRAT kind, each name's original script
and alias flag, fields without an FtM property (VIN, make, colour, stolen...), values whose
typed form differs from the FtM form, and every identifier as typed with its country.
Reading back prefers ``extra`` and falls back to ``properties`` (so foreign FtM data works),
accepting a value in FtM's form or bare (``IMO9472775`` or ``9472775``, ``rs`` or ``RS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sirat.services.entities.checks import script_of
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.formats.identifiers import check_identifier, normalize
from sirat.services.interchange import ftm_forms as form


@dataclass(frozen=True, slots=True)
class KindMap:
    schema: str
    fields: Mapping[str, str]  # SIRAT field -> FtM property
    identifiers: Mapping[str, str]  # SIRAT identifier type -> FtM property
    name_prop: str | None = "name"


MAPS: Final[dict[str, KindMap]] = {
    "person": KindMap("Person", {"date_of_birth": "birthDate", "place_of_birth": "birthPlace",
                                 "nationality": "nationality", "gender": "gender"},
                      {"national_id": "idNumber", "document_number": "passportNumber",
                       "email": "email"}),
    "vehicle": KindMap("Vehicle", {"model": "model", "year": "buildDate",
                                   "vehicle_type": "type"},
                       {"plate": "registrationNumber"}, None),
    "vessel": KindMap("Vessel", {"flag": "flag", "vessel_type": "type"},
                      {"imo": "imoNumber", "mmsi": "mmsi", "call_sign": "callSign"}),
    "organization": KindMap("Organization", {"org_type": "legalForm", "country": "country"},
                            {"registration_number": "registrationNumber"}),
    "address": KindMap("Address", {"full": "full", "street": "street", "city": "city",
                                   "postcode": "postalCode", "region": "region",
                                   "country": "country"}, {}, None),
    "phone": KindMap("UserAccount", {"country": "country"}, {"phone": "phone"}, None),
    "identity_document": KindMap("Identification", {"doc_type": "type",
                                                    "issuing_country": "country",
                                                    "expiry": "endDate"},
                                 {"document_number": "number"}, None),
    "bank_account": KindMap("BankAccount", {"bank": "bankName", "currency": "currency"},
                            {"iban": "iban", "account_number": "accountNumber", "bic": "bic"},
                            None),
    "online_account": KindMap("UserAccount", {"service": "service"},
                              {"handle": "username", "email": "email"}, None),
}
COUNTRY_PROPS: Final = frozenset({"nationality", "country", "flag"})
_DATE_TIME: Final = re.compile(r"^(\d{4}-\d{2}-\d{2})T[\d:.]*(?:Z|[+-]\d{2}:?\d{2})?$")
#: The FtM form of each property's values; every other property is text FtM only sanitises.
PROP_FORMS: Final[dict[str, Callable[[str], str | None]]] = {
    "name": form.name_form, "alias": form.name_form,
    "birthDate": form.date_form, "buildDate": form.date_form, "endDate": form.date_form,
    "nationality": form.country_form, "country": form.country_form,
    "flag": form.country_form, "gender": form.gender_form, "full": form.address_form,
    "email": form.email_form, "imoNumber": form.imo_form, "iban": form.iban_form,
    "bic": form.bic_form,
}
#: FtM schemas of relation types, with (source property, target property, ranges).
RELATION_SCHEMAS: Final[dict[str, tuple[str, str, frozenset[str], frozenset[str]]]] = {
    "Associate": ("person", "associate", frozenset({"Person"}), frozenset({"Person"})),
    "Family": ("person", "relative", frozenset({"Person"}), frozenset({"Person"})),
    "Ownership": ("owner", "asset", frozenset({"Person", "Organization"}),
                  frozenset({"Vehicle", "Vessel", "BankAccount"})),
    "Employment": ("employee", "employer", frozenset({"Person"}),
                   frozenset({"Organization"})),
    "UnknownLink": ("subject", "object", frozenset(), frozenset()),
}
DEFAULT_RELATION: Final = {"Associate": "associate", "Family": "family",
                           "Ownership": "owner_of", "Employment": "employee_of",
                           "UnknownLink": "linked_to"}


def schema_of(draft: EntityDraft) -> str:
    if draft.kind == "identity_document" and "passport" in draft.fields.get(
            "doc_type", "").casefold():
        return "Passport"
    return MAPS[draft.kind].schema


def ftm_value(prop: str, value: str) -> str | None:
    """The FtM form of a value of ``prop``, or None if FtM cannot hold it."""
    return PROP_FORMS.get(prop, form.text_form)(value)


def _ftm_identifier(ident: IdentifierValue, prop: str) -> str | None:
    """An identifier's FtM form; one that fails its check stays out (FtM would drop it)."""
    if not ident.value.strip() or check_identifier(ident.type, ident.value, ident.country):
        return None
    if ident.type == "phone":
        return form.phone_form(ident.value, ident.country)
    if ident.type == "email":
        return form.email_form(normalize("email", ident.value))
    return ftm_value(prop, ident.value)


def entity_to_ftm(uid: str, draft: EntityDraft, label: str, holder: str | None) -> dict[str, Any]:
    m = MAPS[draft.kind]
    props: dict[str, list[str]] = {}
    extra_fields: dict[str, str] = {}

    def put(prop: str, value: str | None) -> None:
        if value is not None and value not in props.setdefault(prop, []):
            props[prop].append(value)

    names = [n.text for n in draft.names if not n.is_alias]
    aliases = [n.text for n in draft.names if n.is_alias]
    if m.name_prop is not None:
        formed: list[str | None] = [form.name_form(n) for n in names or aliases[:1]]
        if not any(formed):
            formed = [form.name_form(label)]  # FtM requires a name: the label stands in
        for n in formed:
            put("name", n)
        for n in aliases:
            put("alias", form.name_form(n))
    for key, value in sorted(draft.fields.items()):
        prop = m.fields.get(key)
        ftm = ftm_value(prop, value) if prop else None
        if prop:
            put(prop, ftm)
        # Import reads a country property back upper-case: anything else is kept as typed.
        read_back = ftm.upper() if ftm is not None and prop in COUNTRY_PROPS else ftm
        if read_back != value:
            extra_fields[key] = value
    for ident in draft.identifiers:
        iprop = m.identifiers.get(ident.type)
        ivalue = _ftm_identifier(ident, iprop) if iprop else None
        if iprop:
            put(iprop, ivalue)
        if ident.type == "plate" and ident.country and ivalue is not None:
            put("country", form.country_form(ident.country))
    if draft.kind in ("phone", "online_account") and not props.get("username"):
        put("username", form.text_form(label))
    if draft.kind == "phone":
        put("service", "telephone")
    if holder is not None and draft.kind == "identity_document":
        put("holder", holder)
    extra: dict[str, Any] = {
        "kind": draft.kind,
        "names": [{"text": n.text, "alias": n.is_alias, "script": script_of(n.text)}
                  for n in draft.names],
        "fields": extra_fields,
        "identifiers": [{"type": i.type, "value": i.value, "country": i.country}
                        for i in draft.identifiers],
        "is_private": draft.is_private,
    }
    return {"id": uid, "schema": schema_of(draft), "properties": props, "extra": extra}


def relation_to_ftm(uid: str, schema: str, source: str, target: str, relation_type: str,
                    name: str, report: str, note: str) -> dict[str, Any]:
    """An entity-to-entity relation as an FtM interval entity of ``schema``."""
    src_prop, dst_prop, _, _ = RELATION_SCHEMAS[schema]
    props: dict[str, list[str]] = {src_prop: [source], dst_prop: [target]}
    word = "relationship" if schema in ("Associate", "Family") else "role"
    for prop, value in ((word, name), ("description", note)):
        formed = form.text_form(value)
        if formed is not None:
            props[prop] = [formed]
    return {"id": uid, "schema": schema, "properties": props,
            "extra": {"relation_type": relation_type, "report": report, "note": note}}


class RecordProblem(ValueError):
    """A record of an interchange file cannot be read: ``field`` and a message to show."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _strings(value: Any, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordProblem(field, "must be a list of texts")
    return list(value)


def _kind_of(schema: str, extra: Mapping[str, Any], props: Mapping[str, Any]) -> str:
    kind = extra.get("kind")
    if isinstance(kind, str):
        if kind not in MAPS:
            raise RecordProblem("extra.kind", "is not a kind of entity SIRAT knows")
        return kind
    if schema == "Passport":
        return "identity_document"
    if schema == "UserAccount":
        return "phone" if props.get("service") == ["telephone"] else "online_account"
    for kind, m in MAPS.items():
        if m.schema == schema:
            return kind
    raise RecordProblem("schema", f"SIRAT cannot hold FollowTheMoney {schema!r} entities")


def ftm_to_entity(data: Mapping[str, Any]) -> EntityDraft:
    """The EntityDraft an FtM entity describes (raises RecordProblem naming the field)."""
    schema = data.get("schema")
    if not isinstance(schema, str):
        raise RecordProblem("schema", "is missing")
    props = data.get("properties", {})
    extra = data.get("extra", {})
    if not isinstance(props, dict):
        raise RecordProblem("properties", "must be an object")
    if not isinstance(extra, dict):
        raise RecordProblem("extra", "must be an object")
    kind = _kind_of(schema, extra, props)
    m = MAPS[kind]
    names: list[NameForm] = []
    if "names" in extra:
        raw_names = extra["names"]
        if not isinstance(raw_names, list):
            raise RecordProblem("extra.names", "must be a list")
        for i, n in enumerate(raw_names):
            if not isinstance(n, dict) or not isinstance(n.get("text"), str):
                raise RecordProblem(f"extra.names[{i}]", "needs a text")
            names.append(NameForm(n["text"], bool(n.get("alias", False))))
    elif m.name_prop is not None:
        names = [NameForm(n) for n in _strings(props.get("name", []), "properties.name")]
        names += [NameForm(n, True) for n in _strings(props.get("alias", []), "properties.alias")]
    fields: dict[str, str] = {}
    for key, prop in m.fields.items():
        values = _strings(props.get(prop, []), f"properties.{prop}")
        if values:
            fields[key] = stored_value(prop, values[0])
    raw_fields = extra.get("fields", {})
    if not isinstance(raw_fields, dict) or not all(
            isinstance(v, str) for v in raw_fields.values()):
        raise RecordProblem("extra.fields", "must be an object of texts")
    fields.update(raw_fields)
    if "identifiers" in extra:
        idents = _identifiers_from_extra(extra["identifiers"])
    else:
        idents = _identifiers_from_properties(kind, props)
    return EntityDraft(kind=kind, names=tuple(names), identifiers=tuple(idents),
                       fields=fields, is_private=bool(extra.get("is_private", False)))


def stored_value(prop: str, value: str) -> str:
    """What SIRAT stores for a property value given in FtM's form or bare: ``IMO9472775``
    and ``9472775`` both give ``9472775``, ``rs`` and ``RS`` both ``RS``, a date with a time
    (FtM allows one) its day."""
    if prop in COUNTRY_PROPS:
        return value.strip().upper()
    if prop == "imoNumber":
        return form.imo_digits(value)
    if prop in PROP_FORMS and PROP_FORMS[prop] is form.date_form:
        return _DATE_TIME.sub(r"\1", value)  # SIRAT's dates stop at the day
    return value


def _identifiers_from_properties(kind: str, props: Mapping[str, Any]) -> list[IdentifierValue]:
    """Identifiers of a foreign FtM entity (no ``extra``); a vehicle's plate and a phone
    number take the entity's country."""
    countries = _strings(props.get("country", []), "properties.country")
    country = stored_value("country", countries[0]) if countries else ""
    return [IdentifierValue(t, stored_value(prop, v),
                            country if t in ("plate", "phone") else "")
            for t, prop in MAPS[kind].identifiers.items()
            for v in _strings(props.get(prop, []), f"properties.{prop}")]


def _identifiers_from_extra(raw: Any) -> list[IdentifierValue]:
    if not isinstance(raw, list):
        raise RecordProblem("extra.identifiers", "must be a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not all(
                isinstance(item.get(k, ""), str) for k in ("type", "value", "country")):
            raise RecordProblem(f"extra.identifiers[{i}]", "needs a type, a value and a country")
        out.append(IdentifierValue(item.get("type", ""), item.get("value", ""),
                                   item.get("country", "")))
    return out


def relation_schema(ftm_schema: str, source_schema: str, target_schema: str) -> str:
    """The relation type's FtM schema if both ends fit its ranges, else UnknownLink."""
    spec = RELATION_SCHEMAS.get(ftm_schema)
    if spec is None or ftm_schema == "UnknownLink":
        return "UnknownLink"
    _, _, sources, targets = spec
    return ftm_schema if source_schema in sources and target_schema in targets else "UnknownLink"
