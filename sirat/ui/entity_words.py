"""Entity kinds, fields and identifier types in words (labels and input hints).

The kinds themselves and their titles live once, in :mod:`sirat.domain.vocab`.
"""

from __future__ import annotations

from sirat.domain.vocab import kind_spec

FIELD_LABELS = {
    "date_of_birth": "Date of birth",
    "place_of_birth": "Place of birth",
    "nationality": "Nationality",
    "gender": "Gender",
    "make": "Make",
    "model": "Model",
    "colour": "Colour",
    "year": "Year",
    "vehicle_type": "Vehicle type",
    "stolen": "Reported stolen",
    "flag": "Flag",
    "vessel_type": "Vessel type",
    "org_type": "Type of organization",
    "country": "Country",
    "full": "Full address",
    "street": "Street",
    "city": "City",
    "postcode": "Postcode",
    "region": "Region",
    "doc_type": "Document type",
    "issuing_country": "Issuing country",
    "expiry": "Expiry",
    "bank": "Bank",
    "currency": "Currency",
    "service": "Service",
    "url": "Address (URL)",
}

FIELD_HINTS = {
    "date_of_birth": "1984-07-02, 1984, about 1984",
    "expiry": "2031-05-01 or 2031-05",
    "nationality": "Two-letter code, e.g. RS",
    "country": "Two-letter code, e.g. GR",
    "flag": "Two-letter code, e.g. MT",
    "issuing_country": "Two-letter code, e.g. BG",
    "year": "Four digits",
}

IDENTIFIER_LABELS = {
    "vin": "VIN",
    "plate": "Registration plate",
    "imo": "IMO number",
    "mmsi": "MMSI",
    "call_sign": "Call sign",
    "phone": "Phone number",
    "iban": "IBAN",
    "bic": "BIC",
    "account_number": "Account number",
    "document_number": "Document number",
    "mrz": "Machine-readable zone",
    "national_id": "National id number",
    "registration_number": "Registration number",
    "email": "E-mail",
    "handle": "User name / handle",
}

IDENTIFIER_HINTS = {
    "vin": "17 characters",
    "plate": "As written, e.g. BG 123-AB",
    "imo": "IMO 9074729 or 9074729",
    "mmsi": "Nine digits",
    "phone": "International form, e.g. +381 64 123 4567",
    "iban": "e.g. RS35 2600 0560 1001 6113 79",
}

#: Identifier types with a country beside them.
COUNTRY_IDENTIFIERS = frozenset({"plate", "document_number", "national_id", "phone"})


def kind_label(kind: str) -> str:
    """The kind's title (``sirat.domain.vocab``); a kind this version does not know, in words."""
    spec = kind_spec(kind)
    return spec.title if spec is not None else kind.replace("_", " ").capitalize()


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def identifier_label(itype: str) -> str:
    return IDENTIFIER_LABELS.get(itype, itype.replace("_", " ").capitalize())
