"""Identifier normalization and checks.

Normalization (the form matching compares) comes from :mod:`sirat.names.identifiers`.
Checks use well-kept libraries: python-stdnum (IMO, IBAN, BIC, national ids), phonenumbers
(E.164), vininfo (VIN structure and check digit); the MMSI's Maritime Identification Digits
and ICAO 9303 MRZ check digits are small enough to do here (:mod:`sirat.services.formats.mrz`).

A failed check is a *warning*: real documents carry odd numbers. Checks never raise on any
text and their messages never repeat the identifier (messages can reach logs and banners).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import phonenumbers
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import imo as stdnum_imo
from stdnum.bg import egn
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.gr import amka
from stdnum.md import idno
from stdnum.ro import cnp
from stdnum.tr import tckimlik
from vininfo import Vin
from vininfo.exceptions import ValidationError as VinValidationError

from sirat.names import identifiers as nid
from sirat.services.formats.mmsi import MID_COUNTRIES, mmsi_mid
from sirat.services.formats.mrz import mrz_problems

IDENTIFIER_TYPES: Final = (
    "vin", "plate", "imo", "mmsi", "call_sign", "phone", "iban", "bic", "account_number",
    "document_number", "mrz", "national_id", "registration_number", "email", "handle",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class IdentifierWarning:
    """One failed check. ``key`` names it for acknowledgement (``acknowledged=`` on save)."""

    identifier_type: str
    normalized: str
    code: str
    message: str
    hint: str = ""

    @property
    def key(self) -> str:
        return f"{self.identifier_type}:{self.normalized}:{self.code}"


def _upper_compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def normalize(identifier_type: str, value: str, country: str = "") -> str:
    """The normalized form of an identifier (never raises; falls back to a compact form)."""
    t, c = identifier_type, (country or None)
    if t == "vin":
        return nid.normalize_vin(value)
    if t == "plate":
        return nid.normalize_plate(value, c)
    if t == "imo":
        return nid.normalize_imo(value)
    if t == "mmsi":
        return nid.normalize_mmsi(value)
    if t == "phone":
        return nid.normalize_phone(value, c) or _upper_compact(value)
    if t == "iban":
        return nid.normalize_iban(value)
    if t in ("document_number", "national_id", "registration_number"):
        return nid.normalize_doc_number(value)
    if t == "mrz":
        lines = [_upper_compact(line) for line in value.strip().splitlines() if line.strip()]
        return "\n".join(lines)
    if t == "email":
        return unicodedata.normalize("NFKC", value).strip().casefold()
    if t == "handle":
        return unicodedata.normalize("NFKC", value).strip().lstrip("@").casefold()
    return _upper_compact(value)


def _w(t: str, n: str, code: str, message: str, hint: str = "") -> IdentifierWarning:
    return IdentifierWarning(t, n, code, message, hint)


def _check_vin(n: str, _country: str) -> list[IdentifierWarning]:
    try:
        vin = Vin(n)
    except VinValidationError:
        notes = nid.vin_notes(n) or ("it does not have the structure of a VIN",)
        return [_w("vin", n, "vin-format", f"This VIN looks wrong: {'; '.join(notes)}.",
                   "Compare it with the vehicle documents.")]
    if not vin.verify_checksum(check_year=False):
        return [_w("vin", n, "vin-check-digit",
                   "The VIN's check digit (9th character) does not match.",
                   "Many European VINs have no check digit; confirm it if the documents agree.")]
    return []


def _check_imo(n: str, _country: str) -> list[IdentifierWarning]:
    try:
        stdnum_imo.validate(n)
    except InvalidChecksum:
        return [_w("imo", n, "imo-check-digit", "The IMO number's check digit does not match.",
                   "Compare it with the ship's documents or a ship register.")]
    except ValidationError:
        return [_w("imo", n, "imo-format", "An IMO number has 7 digits.",
                   "Write it as 'IMO 9074729' or just the seven digits.")]
    return []


def _check_mmsi(n: str, country: str) -> list[IdentifierWarning]:
    if not (n.isascii() and n.isdigit() and len(n) == 9):
        return [_w("mmsi", n, "mmsi-format", "An MMSI has 9 digits.")]
    mid = mmsi_mid(n)
    if mid is None:
        return []
    flag = MID_COUNTRIES.get(mid)
    if flag is None:
        return [_w("mmsi", n, "mmsi-mid",
                   "The MMSI does not start with a known Maritime Identification Digit.",
                   "The first three digits of a ship's MMSI give its flag state.")]
    if country and country.upper() != flag:
        return [_w("mmsi", n, "mmsi-flag", "The MMSI belongs to a different flag state.",
                   "Check the flag, or whether the ship changed flag.")]
    return []


def _check_phone(n: str, country: str) -> list[IdentifierWarning]:
    try:
        parsed = phonenumbers.parse(n, country.upper() or None)
    except phonenumbers.NumberParseException:
        return [_w("phone", n, "phone-unreadable", "This is not a phone number SIRAT can read.",
                   "Write it with the country code, e.g. +381 64 123 4567.")]
    if not phonenumbers.is_valid_number(parsed):
        return [_w("phone", n, "phone-invalid",
                   "This number is not valid for its country's numbering plan.",
                   "Check the country code and the number of digits.")]
    return []


def _check_iban(n: str, _country: str) -> list[IdentifierWarning]:
    if not (15 <= len(n) <= 34 and n[:2].isalpha() and n[2:4].isdigit() and n.isalnum()):
        return [_w("iban", n, "iban-format", "An IBAN is a country code, two check digits "
                   "and 11 to 30 letters and digits.")]
    try:
        stdnum_iban.validate(n)
    except InvalidChecksum:
        return [_w("iban", n, "iban-checksum", "The IBAN's check digits do not match.",
                   "A single mistyped character gives this; compare with the source.")]
    except ValidationError:
        return [_w("iban", n, "iban-format",
                   "This IBAN does not have the length or structure of its country.")]
    return []


def _check_bic(n: str, _country: str) -> list[IdentifierWarning]:
    try:
        stdnum_bic.validate(n)
    except ValidationError:
        return [_w("bic", n, "bic-format", "A BIC (SWIFT code) has 8 or 11 letters and digits.")]
    return []


def _jmbg_valid(n: str) -> bool:
    """Unique Master Citizen Number of former Yugoslavia (RS, ME, MK, BA): mod-11 check."""
    if len(n) != 13 or not (n.isascii() and n.isdigit()):
        return False
    d = [int(c) for c in n]
    weights = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    m = 11 - sum(w * x for w, x in zip(weights, d, strict=False)) % 11
    return d[12] == (0 if m > 9 else m)


_NATIONAL_IDS: Final[dict[str, Callable[[str], bool]]] = {
    "BG": egn.is_valid,
    "RO": cnp.is_valid,
    "TR": tckimlik.is_valid,
    "GR": amka.is_valid,
    "MD": idno.is_valid,
    "RS": _jmbg_valid,
    "ME": _jmbg_valid,
    "MK": _jmbg_valid,
    "BA": _jmbg_valid,
}


def _check_national_id(n: str, country: str) -> list[IdentifierWarning]:
    validator = _NATIONAL_IDS.get(country.upper())
    if validator is None or validator(n):
        return []
    return [_w("national_id", n, "national-id-invalid",
               "This is not a valid personal number for the issuing country.",
               "Check the country and the digits against the document.")]


def _check_mrz(n: str, _country: str) -> list[IdentifierWarning]:
    return [_w("mrz", n, code, message, "Re-read the two or three lines at the foot of the "
               "document page; a '<' is easily misread.") for code, message in mrz_problems(n)]


_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(n: str, _country: str) -> list[IdentifierWarning]:
    if _EMAIL.match(n):
        return []
    return [_w("email", n, "email-format", "This does not look like an e-mail address.")]


def _check_call_sign(n: str, _country: str) -> list[IdentifierWarning]:
    if n.isascii() and n.isalnum() and 3 <= len(n) <= 7:
        return []
    return [_w("call_sign", n, "call-sign-format", "A call sign has 3 to 7 letters and digits.")]


def _check_plate(n: str, _country: str) -> list[IdentifierWarning]:
    if n.isalnum() and 2 <= len(n) <= 10:
        return []
    return [_w("plate", n, "plate-format",
               "A registration plate has 2 to 10 letters and digits.")]


_CHECKS: Final[dict[str, Callable[[str, str], list[IdentifierWarning]]]] = {
    "vin": _check_vin,
    "imo": _check_imo,
    "mmsi": _check_mmsi,
    "phone": _check_phone,
    "iban": _check_iban,
    "bic": _check_bic,
    "national_id": _check_national_id,
    "mrz": _check_mrz,
    "email": _check_email,
    "call_sign": _check_call_sign,
    "plate": _check_plate,
}


def check_identifier(
    identifier_type: str, value: str, country: str = ""
) -> list[IdentifierWarning]:
    """Every warning for one identifier (empty when it passes or cannot be checked)."""
    normalized = normalize(identifier_type, value, country)
    check = _CHECKS.get(identifier_type)
    if check is None or not normalized:
        return []
    return check(normalized, country or "")
