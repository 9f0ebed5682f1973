"""Synthetic identifiers in the real formats of the region, with valid check digits:
VINs (ISO 3779 check digit), IMO and MMSI numbers, plates of the member states, E.164
phone numbers, IBANs, national personal numbers and passport MRZs. Deterministic: every
function draws only from the ``random.Random`` it is given."""

from __future__ import annotations

import random
import re
import string
from typing import Final

import phonenumbers
from stdnum import iban as stdnum_iban

from sirat.names.fold import search_key
from sirat.services.formats.mrz import check_digit

VIN_CHARS: Final = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUES: Final = {**{str(d): d for d in range(10)},
                      **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
                      **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
                      **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS: Final = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES: Final = "ABCDEFGHJKLMNPRS"  # 2010..2025


def vin(rng: random.Random, wmi: str, year: int) -> str:
    """A 17-character VIN with a correct check digit (position 9)."""
    vds = "".join(rng.choice(VIN_CHARS) for _ in range(5))
    year_code = _YEAR_CODES[(year - 2010) % len(_YEAR_CODES)] if year >= 2010 else "Y"
    serial = f"{rng.choice(VIN_CHARS)}{rng.randrange(10**6):06d}"
    body = f"{wmi}{vds}0{year_code}{serial}"
    total = sum(_VIN_VALUES[c] * w for c, w in zip(body, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return body[:8] + check + body[9:]


def imo(rng: random.Random) -> str:
    digits = [9, *[rng.randrange(10) for _ in range(5)]]
    digits[1] = rng.choice((0, 1, 2, 3, 4, 5, 6, 7))
    check = sum(d * (7 - i) for i, d in enumerate(digits)) % 10
    return "".join(map(str, digits)) + str(check)


def mmsi(rng: random.Random, mid: int) -> str:
    return f"{mid}{rng.randrange(10**6):06d}"


def call_sign(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(string.ascii_uppercase + string.digits)
                            for _ in range(4 - len(prefix) + 2))


_BG_LETTERS: Final = "ABEKMHOPCTYX"


def plate(rng: random.Random, country: str) -> str:
    """A registration plate as printed in ``country`` (one of the member states)."""
    def up(n: int, alphabet: str = string.ascii_uppercase) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    def num(n: int) -> str:
        return "".join(rng.choice(string.digits) for _ in range(n))

    if country == "AL":
        return f"{up(2)} {num(3)} {up(2)}"
    if country == "BA":
        return f"{rng.choice('AEJKMOT')}{num(2)}-{rng.choice('AEJKMOT')}-{num(3)}"
    if country == "BG":
        region = rng.choice(["CA", "CB", "PB", "B", "A", "BP", "EH", "PA", "CO", "H"])
        return f"{region} {num(4)} {up(2, _BG_LETTERS)}"
    if country == "GR":
        return f"{up(3, 'ABEZHIKMNOPTYX')}-{num(4)}"
    if country == "HU":
        return f"{up(3)}-{num(3)}" if rng.random() < 0.6 else f"{up(2)} {up(2)}-{num(3)}"
    if country == "MD":
        return f"{up(3)} {num(3)}"
    if country == "ME":
        return f"{rng.choice(['PG', 'BD', 'NK', 'BR', 'HN', 'KO'])} {up(2)}{num(3)}"
    if country == "MK":
        return f"{rng.choice(['SK', 'BT', 'OH', 'KU', 'TE', 'ST'])} {num(4)} {up(2)}"
    if country == "RO":
        county = rng.choice(["B", "CJ", "IS", "CT", "TM", "BV", "GL", "DJ"])
        digits = num(3) if county == "B" else num(2)
        return f"{county} {digits} {up(3)}"
    if country == "RS":
        city = rng.choice(["BG", "NS", "NI", "KG", "SU", "ČA", "ŠA", "PA", "VA"])
        letters = up(2, "ABCDEFGHIJKLMNOPRSTUVZČĆŠŽĐ")
        return f"{city} {num(3)}-{letters}"
    if country == "TR":
        return f"{rng.choice(['34', '06', '35', '16', '01', '07', '22', '33'])} {up(3)} {num(3)}"
    return f"{up(2)} {num(4)}"


#: Mobile prefixes (after the country code) and national significant number lengths.
_MOBILE: Final[dict[str, tuple[tuple[str, ...], int]]] = {
    "AL": (("67", "68", "69"), 9), "BA": (("61", "62", "63", "65", "66"), 8),
    "BG": (("87", "88", "89", "98"), 9), "GR": (("690", "693", "694", "697", "698", "699"), 10),
    "HU": (("20", "30", "70"), 9), "MD": (("60", "68", "69", "78", "79"), 8),
    "ME": (("67", "68", "69"), 8), "MK": (("70", "71", "72", "75", "76", "77", "78"), 8),
    "RO": (("721", "722", "723", "740", "744", "745", "751", "755", "766", "771"), 9),
    "RS": (("60", "61", "62", "63", "64", "65", "66"), 9),
    "TR": (("530", "532", "533", "535", "541", "542", "505", "555"), 10),
}


def phone(rng: random.Random, region: str) -> str:
    """A valid mobile number of ``region``, written the international way (+381 64 ...)."""
    prefixes, length = _MOBILE[region]
    code = phonenumbers.country_code_for_region(region)
    for _ in range(200):
        prefix = rng.choice(prefixes)
        national = prefix + "".join(rng.choice(string.digits)
                                    for _ in range(length - len(prefix)))
        number = phonenumbers.parse(f"+{code}{national}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    raise RuntimeError("no valid phone number found")  # pragma: no cover


#: BBAN structure per country as in the IBAN registry (n digit, a letter, c either).
_BBAN: Final = {
    "AL": "8!n16!c", "BA": "3!n3!n8!n2!n", "BG": "4!a4!n2!n8!c", "GR": "3!n4!n16!c",
    "HU": "3!n4!n1!n15!n1!n", "MD": "2!c18!c", "ME": "3!n13!n2!n", "MK": "3!n10!c2!n",
    "RO": "4!a16!c", "RS": "3!n13!n2!n", "TR": "5!n1!n16!c",
}
_CLASSES: Final = {"n": string.digits, "a": string.ascii_uppercase,
                   "c": string.digits + string.ascii_uppercase}


def _bban(rng: random.Random, structure: str) -> str:
    out = []
    for count, cls in re.findall(r"(\d+)!([nac])", structure):
        # Mostly digits where either is allowed, as real account numbers are.
        chars = string.digits if cls == "c" and rng.random() < 0.9 else _CLASSES[cls]
        out.append("".join(rng.choice(chars) for _ in range(int(count))))
    return "".join(out)


def iban(rng: random.Random, country: str) -> str:
    """A structurally valid IBAN (mod-97) of ``country``, grouped by four as printed."""
    for _ in range(100):
        bban = _bban(rng, _BBAN[country])
        if country in ("ME", "RS"):
            # National check digits: the whole account number is 1 modulo 97.
            bban = bban[:-2] + f"{(1 - int(bban[:-2]) * 100) % 97:02d}"
        numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
        value = f"{country}{98 - int(numeric) % 97:02d}{bban}"
        if stdnum_iban.is_valid(value):
            return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    raise RuntimeError("no valid IBAN found")  # pragma: no cover


def national_id(rng: random.Random, country: str, birth: tuple[int, int, int]) -> str | None:
    """A personal number with a valid check digit for BG (EGN), RO (CNP), RS/ME/MK/BA (JMBG)
    and TR (T.C. Kimlik); None elsewhere."""
    y, m, d = birth
    if country == "BG":
        month = m + 40 if y >= 2000 else m
        body = f"{y % 100:02d}{month:02d}{d:02d}{rng.randrange(1000):03d}"
        check = sum(int(c) * w for c, w in zip(body, (2, 4, 8, 5, 10, 9, 7, 3, 6),
                                                strict=True)) % 11
        return body + str(check % 10)
    if country == "RO":
        sex = rng.choice("12") if y < 2000 else rng.choice("56")
        county = rng.randrange(1, 47)
        body = f"{sex}{y % 100:02d}{m:02d}{d:02d}{county:02d}{rng.randrange(1000):03d}"
        check = sum(int(c) * int(w) for c, w in zip(body, "279146358279", strict=True)) % 11
        return body + ("1" if check == 10 else str(check))
    if country in ("RS", "ME", "MK", "BA"):
        region = {"RS": 71, "ME": 21, "MK": 41, "BA": 17}[country]
        body = f"{d:02d}{m:02d}{y % 1000:03d}{region:02d}{rng.randrange(1000):03d}"
        weights = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
        k = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
        return body + str(0 if k > 9 else k)
    if country == "TR":
        digits = [rng.randrange(1, 10), *[rng.randrange(10) for _ in range(8)]]
        d10 = ((sum(digits[0:9:2]) * 7) - sum(digits[1:8:2])) % 10
        d11 = (sum(digits) + d10) % 10
        return "".join(map(str, digits)) + f"{d10}{d11}"
    return None


ALPHA3: Final = {"AL": "ALB", "BA": "BIH", "BG": "BGR", "GR": "GRC", "HU": "HUN", "MD": "MDA",
                 "ME": "MNE", "MK": "MKD", "RO": "ROU", "RS": "SRB", "TR": "TUR"}


def passport_number(rng: random.Random, country: str) -> str:
    if country in ("GR", "TR", "AL"):
        return rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase) + \
            f"{rng.randrange(10**7):07d}"
    return f"{rng.randrange(10**9):09d}"


def passport_mrz(number: str, country: str, surname: str, given: str, sex: str,
                 birth: tuple[int, int, int], expiry: tuple[int, int, int]) -> str:
    """An ICAO 9303 TD3 machine-readable zone with every check digit right."""
    def fit(text: str) -> str:
        return "".join(c if c.isalpha() else "<" for c in search_key(text).upper())

    code = ALPHA3[country]
    line1 = f"P<{code}{fit(surname)}<<{fit(given)}".ljust(44, "<")[:44]
    doc = number.ljust(9, "<")[:9]
    dob = f"{birth[0] % 100:02d}{birth[1]:02d}{birth[2]:02d}"
    exp = f"{expiry[0] % 100:02d}{expiry[1]:02d}{expiry[2]:02d}"
    optional = "<" * 14
    part = f"{doc}{check_digit(doc)}{code}{dob}{check_digit(dob)}{sex}{exp}{check_digit(exp)}"
    part += optional + check_digit(optional)
    composite = part[0:10] + part[13:20] + part[21:43]
    return f"{line1}\n{part}{check_digit(composite)}"
