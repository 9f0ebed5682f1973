"""Normalisation of identifiers for exact matching (not validation).

Two spellings of one identifier must normalise to one string, so that an
identifier can decide a match: "СА 1234 ВХ" typed on a Bulgarian keyboard (Cyrillic
С, А, В, Х) is the plate "CA1234BX".  Nothing here judges whether an identifier is
valid; that is python-stdnum's, phonenumbers' and vininfo's job elsewhere, and a
failed check is a warning the analyst can override.  Nothing here guesses either:
a letter O in a VIN stays an O, because changing it silently could merge two
vehicles.  :func:`vin_notes` says what looks wrong instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import phonenumbers
from stdnum import iban as stdnum_iban

__all__ = [
    "fold_lookalikes",
    "normalize_doc_number",
    "normalize_iban",
    "normalize_imo",
    "normalize_mmsi",
    "normalize_phone",
    "normalize_plate",
    "normalize_vin",
    "vin_notes",
]

# Cyrillic and Greek capitals that look like Latin ones.  Bulgarian plates use
# exactly the twelve Cyrillic letters А В Е К М Н О Р С Т У Х, Greek plates the
# fourteen Greek ones; analysts type them on whatever keyboard is active.
_LOOKALIKES: Final = str.maketrans(
    {
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "İ": "I",  # a Turkish keyboard's capital i; no plate or document has it
    }
)  # fmt: skip

_NOT_ALNUM: Final = re.compile(r"[^\w]+")

# Countries whose plates carry Latin letters with diacritics (Serbian ČA for Čačak,
# Montenegrin ŽB, Croatian and Slovenian Č Š Ž).  Elsewhere a diacritic on a plate
# is a typing slip and is folded away.
_PLATE_DIACRITIC_COUNTRIES: Final = frozenset({"RS", "ME", "HR", "SI"})


def fold_lookalikes(text: str) -> str:
    """Upper-case ``text`` (NFKC) and replace Cyrillic/Greek look-alike letters by Latin."""
    return unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKES)


def _compact(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_lookalikes(text)).replace("_", "")


def normalize_plate(plate: str, country: str | None = None) -> str:
    """A registration plate as one upper-case run of letters and digits.

    "СА 1234 ВХ" (Cyrillic) and "CA-1234-BX" give "CA1234BX".  With the issuing
    ``country`` (ISO 3166 alpha-2) given and known to use no diacritics on plates,
    Latin diacritics are folded too (a Turkish "İ" or a stray "Ç" becomes I, C).
    """
    compact = _compact(plate)
    if country is not None and country.strip().upper() not in _PLATE_DIACRITIC_COUNTRIES:
        compact = "".join(_LATIN_BASE.get(ch, ch) for ch in compact)
    return compact


def _latin_base(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base if base.isascii() else ch


# Upper-case Latin letters with diacritics → their base letter (Ç→C, Š→S).
_LATIN_BASE: Final = {
    chr(cp): _latin_base(chr(cp))
    for cp in range(0x00C0, 0x0250)
    if chr(cp).isupper() and _latin_base(chr(cp)) != chr(cp)
}


def normalize_vin(vin: str) -> str:
    """A VIN without spaces or dashes, upper case, look-alike letters made Latin.

    I, O and Q never occur in a VIN, but they are kept: see :func:`vin_notes`.
    """
    return _compact(vin)


def vin_notes(normalized_vin: str) -> tuple[str, ...]:
    """What looks wrong in a normalised VIN, in words that do not repeat the VIN."""
    notes: list[str] = []
    if len(normalized_vin) != 17:
        notes.append(f"a VIN has 17 characters, this one has {len(normalized_vin)}")
    if set(normalized_vin) & set("IOQ"):
        notes.append("contains I, O or Q, which no VIN uses (often a mistyped 1 or 0)")
    if not normalized_vin.isascii() or not normalized_vin.isalnum():
        notes.append("contains characters other than Latin letters and digits")
    return tuple(notes)


def normalize_doc_number(number: str) -> str:
    """An identity-document number without separators, upper case, look-alikes made Latin.

    Compare it together with the issuing country and document type: numbers are
    unique only within those.
    """
    return _compact(number)


def normalize_iban(iban: str) -> str:
    """An IBAN in python-stdnum's compact form ("BG80 BNBG 9661..." → "BG80BNBG9661...")."""
    compact: str = stdnum_iban.compact(unicodedata.normalize("NFKC", iban))
    return compact.translate(_LOOKALIKES)


def normalize_phone(raw: str, default_region: str | None = None) -> str | None:
    """A phone number in E.164 ("+359881234567"), or None if it cannot be one.

    ``default_region`` (ISO 3166 alpha-2) reads national numbers ("088 123 4567"
    with "BG").  Numbers written with the international prefix 00 are read without
    a region.  A number that is possible but not valid still normalises: the
    validity check is a separate, overridable warning.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if default_region is None and text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, default_region.upper() if default_region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _digits_after_prefix(text: str, prefix: str) -> str:
    compact = _compact(text)
    if compact.startswith(prefix):
        compact = compact[len(prefix) :]
    return compact


def normalize_imo(imo: str) -> str:
    """An IMO ship number as its digits ("IMO 9074729" → "9074729")."""
    return _digits_after_prefix(imo, "IMO")


def normalize_mmsi(mmsi: str) -> str:
    """An MMSI as its digits ("MMSI: 239 123 456" → "239123456")."""
    return _digits_after_prefix(mmsi, "MMSI")
