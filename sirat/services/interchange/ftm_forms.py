"""FollowTheMoney's own value forms, computed by SIRAT.

An exported property value must already be what FtM's cleaning makes of it
(``proxy.add(prop, value, cleaned=False)``), or a consumer that normalises through FtM
sees a different value than SIRAT wrote. ``followthemoney`` itself cannot be a runtime
dependency (it needs PyICU, which has no wheels), so this module restates its rules for
the property types SIRAT exports, read from followthemoney 4.11 and the libraries it uses
(normality's text sanitising, rigour's IMO/IBAN/BIC formats, prefixdate, phonenumbers,
idna). ``tests/unit/services/interchange/test_ftm_value_forms.py`` runs every exported value through
FtM's model and fails on any value it rewrites or drops, so a new FtM release that
changes a rule is caught by ``make test-latest``.

Every function returns the FtM form, or None when FtM would drop the value (the typed
value then still travels in ``extra``). Text rules are applied until nothing changes:
FtM cleans once, and one pass is not always a fixed point (``"'x'"`` loses one pair of
quotes per pass).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

import idna
import phonenumbers
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import imo as stdnum_imo
from stdnum.exceptions import ValidationError as StdnumError

from sirat.names import identifiers as nid
from sirat.services.formats.dates import DateProblem, parse_partial_date

# normality.remove_unsafe_chars: space-like characters become a space, control and
# invisible formatting characters (and lone surrogates) are deleted.
_UNSAFE_SPACES: Final = (*range(0x2000, 0x200B), 0x2028, 0x2029, 0x0A00, 0x1680, 0x202F,
                         0x205F, 0x3000)
_UNSAFE_DELETE: Final = (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                         *range(0x80, 0xA0), *range(0x200B, 0x2010), 0x061C,
                         *range(0x2060, 0x2065), 0x00AD, 0xFEFF, *range(0xD800, 0xE000))
_UNSAFE: Final[dict[int, str | None]] = {
    **dict.fromkeys(_UNSAFE_DELETE), **dict.fromkeys(_UNSAFE_SPACES, " ")}
# normality.squash_spaces and strip_quotes (FtM's name type).
_SQUASH_REMOVE: Final = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad\u2060-\u2064]")
_SQUASH: Final = re.compile(r"[\s\u2028\u2000-\u200a\u2029\u0a00\u1680\u202f\u205f\u3000]+")
_QUOTES: Final = re.compile(r'^["\'](.*)["\']$')
# FtM's address type.
_LINE_BREAKS: Final = re.compile(r"(\r\n|\n|<BR/>|<BR>|\t|ESQ\.,|ESQ,|;)")
_COMMATA: Final = re.compile(r"(,\s?[,\.])")
# FtM's email type: the local part.
_EMAIL_LOCAL: Final = re.compile(r"^[^<>()\[\]\,;:\?\s@\"]{1,64}$")

#: ISO 3166-1 alpha-2 codes, and XK (Kosovo), each of which FtM keeps as itself.
COUNTRIES: Final = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS XK YE YT ZA ZM ZW
""".split())  # noqa: SIM905 -- a table is easier to check
#: Codes people write that are not ISO's: the EU's EL for Greece, UK for the United Kingdom.
COUNTRY_ALIASES: Final = {"EL": "GR", "UK": "GB"}
GENDERS: Final = frozenset({"male", "female", "other"})


def _fixed_point(step: Callable[[str], str | None], value: str) -> str | None:
    """Apply ``step`` until the value stops changing (or vanishes)."""
    current: str | None = value
    for _ in range(16):
        if current is None:
            return None
        following = step(current)
        if following == current:
            return current
        current = following
    return None  # not settling: leave it out rather than write a value FtM rewrites


def _sanitize(value: str) -> str | None:
    """FtM's first step for every value: NFC, unsafe characters removed, stripped."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).translate(_UNSAFE))
    text = text.strip()
    return text or None


def text_form(value: str) -> str | None:
    """String, text and plain identifier properties (FtM only sanitises them)."""
    return _fixed_point(_sanitize, value)


def _squash(text: str) -> str:
    return _SQUASH.sub(" ", _SQUASH_REMOVE.sub("", text)).strip(" ")


def _name_step(value: str) -> str | None:
    text = _sanitize(value)
    if text is None:
        return None
    return _squash(_QUOTES.sub(r"\1", text)) or None


def name_form(value: str) -> str | None:
    """Names and aliases: quotes around the whole name dropped, white space squashed."""
    return _fixed_point(_name_step, value)


def _address_step(value: str) -> str | None:
    text = _sanitize(value)
    if text is None:
        return None
    return _squash(_COMMATA.sub(", ", _LINE_BREAKS.sub(", ", text))) or None


def address_form(value: str) -> str | None:
    """A full address on one line: line breaks and semicolons become commas."""
    return _fixed_point(_address_step, value)


def country_form(value: str) -> str | None:
    """A country as FtM's lower-case code: ``RS`` -> ``rs``, ``EL`` -> ``gr``."""
    code = value.strip().upper()
    code = COUNTRY_ALIASES.get(code, code)
    return code.lower() if code in COUNTRIES else None


def date_form(value: str) -> str | None:
    """An ISO date prefix (``2026``, ``2026-03``, ``2026-03-14``); approximate dates have
    none (FtM has no 'about')."""
    try:
        parsed = parse_partial_date(value)
    except DateProblem:
        return None
    return None if parsed.approximate else parsed.normalized


def gender_form(value: str) -> str | None:
    code = value.strip().casefold()
    return code if code in GENDERS else None


def phone_form(value: str, country: str = "") -> str | None:
    """E.164, for a number valid in its numbering plan (FtM drops any other)."""
    try:
        parsed = phonenumbers.parse(value, country.strip().upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def _email_step(value: str) -> str | None:
    text = _sanitize(value)
    if text is None:
        return None
    local, at, domain = text.removeprefix("mailto:").rpartition("@")
    if not at or _EMAIL_LOCAL.match(local) is None:
        return None
    try:
        # IDNA 2008 with UTS 46 mapping, as FtM does (not the stdlib's IDNA 2003 codec).
        ascii_domain = idna.encode(domain.rstrip(".").lower(), uts46=True).decode("ascii")
        _, dot, tld = ascii_domain.rpartition(".")
        if not dot or len(tld) < 2 or tld.isdigit():
            return None
        return f"{local}@{idna.decode(ascii_domain)}"
    except (idna.IDNAError, UnicodeError):
        return None


def email_form(value: str) -> str | None:
    """An e-mail address with its domain in lower-case Unicode (IDNA 2008)."""
    return _fixed_point(_email_step, value)


def imo_form(value: str) -> str | None:
    """A ship's IMO number as ``IMO9472775`` (only a number whose check digit holds)."""
    digits = nid.normalize_imo(value)
    return f"IMO{digits}" if stdnum_imo.is_valid(digits) and len(digits) == 7 else None


def iban_form(value: str) -> str | None:
    """An IBAN in compact form (only a valid one)."""
    try:
        return str(stdnum_iban.compact(stdnum_iban.validate(nid.normalize_iban(value))))
    except StdnumError:
        return None


def bic_form(value: str) -> str | None:
    """A BIC as its first eight characters (FtM names the institution, not the branch)."""
    try:
        compact = str(stdnum_bic.compact(stdnum_bic.validate(value)))[:8].upper()
    except StdnumError:
        return None
    return compact if stdnum_bic.is_valid(compact) else None


def imo_digits(value: str) -> str:
    """What SIRAT stores for an IMO number given as ``IMO9472775`` or ``9472775``."""
    digits = nid.normalize_imo(value)
    return digits if digits.isascii() and digits.isdigit() else value.strip()
