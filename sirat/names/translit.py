"""Transliteration of the region's scripts (Cyrillic, Greek) to the Latin alphabet.

Small, tested tables do the languages where general-purpose folders are wrong
(see FACTS.md, "Names": no library gives the official Bulgarian 2009, Macedonian
or ELOT 743 output for every letter):

* ``sr``  Serbian Cyrillic, one-to-one with Gaj's Latin alphabet (Ђ→Đ, Ћ→Ć, Џ→Dž).
* ``mk``  Macedonian: the Latin alphabet of road signs and plates, with ѓ ќ written
  Gj Kj as most writers do (Ѓ→Gj, Ќ→Kj, Џ→Dž, Ѕ→Dz, Ж→Ž, Ч→Č, Ш→Š).  The digraph
  system of the 2008 government rules (passports: Ж→Zh, Ч→Ch, Ш→Sh, Џ→Dj) is the
  alternative ``mk-2008``, offered by :func:`romanizations`.
* ``bg``  Bulgarian Transliteration Act 2009 (Щ→Sht, Ъ→A, Ь→Y, word-final -ия→ia).
* ``el``  Greek ELOT 743 transcription (ΜΠ→B/MB, ΝΤ→D/ND, ΓΚ→G/NG, ΓΓ→NG,
  ΑΥ/ΕΥ/ΗΥ→AV/EV/IV or AF/EF/IF, ΟΥ→OU).  Greek identity documents keep
  ΜΠ→MP, ΝΤ→NT, ΓΚ→GK; that is the alternative ``el-id``.
* ``ru``/``uk`` and any Cyrillic of unknown language: anyascii (generic, Russian-like).

Greek letters are always done with the ELOT tables, whatever ``lang`` says, so a
text mixing scripts still comes out whole.  Latin letters pass through unchanged:
diacritics are kept here and folded later by :mod:`sirat.names.fold`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, Literal

from anyascii import anyascii

from sirat.names._greek import greek_to_latin

__all__ = [
    "CYRILLIC_SYSTEMS",
    "LANGUAGES",
    "Script",
    "detect_script",
    "guess_language",
    "romanizations",
    "transliterate",
]

Script = Literal["latin", "cyrillic", "greek", "mixed", "other"]

LANGUAGES: Final = frozenset({"sr", "mk", "bg", "ru", "uk", "el"})

_COMMON: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h",
}  # fmt: skip

_SERBIAN: Final[dict[str, str]] = _COMMON | {
    "ђ": "đ", "ж": "ž", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "ć", "ц": "c", "ч": "č",
    "џ": "dž", "ш": "š",
}  # fmt: skip

_MACEDONIAN: Final[dict[str, str]] = _COMMON | {
    "ѓ": "gj", "ж": "ž", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ќ": "kj", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip

# The 2008 government digraph system, used in North Macedonian passports.
_MACEDONIAN_2008: Final[dict[str, str]] = _MACEDONIAN | {
    "ж": "zh", "ч": "ch", "џ": "dj", "ш": "sh",
}  # fmt: skip

_BULGARIAN: Final[dict[str, str]] = _COMMON | {
    "ж": "zh", "й": "y", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y",
    "ю": "yu", "я": "ya",
}  # fmt: skip

# None = generic (anyascii); the others are our own tables.
CYRILLIC_SYSTEMS: Final[dict[str, dict[str, str] | None]] = {
    "sr": _SERBIAN,
    "mk": _MACEDONIAN,
    "mk-2008": _MACEDONIAN_2008,
    "bg": _BULGARIAN,
    "ru": None,
    "uk": None,
    "generic": None,
}

_BULGARIA: Final = re.compile(r"(?<!\w)(?:България|БЪЛГАРИЯ)(?!\w)")

# Letters that only one of the region's Cyrillic orthographies has.
_MK_ONLY: Final = frozenset("ѓќѕЃЌЅ")
_SR_LETTERS: Final = frozenset("ђћџјљњЂЋЏЈЉЊ")
_BG_LETTERS: Final = frozenset("щъЩЪ")
# Щ and Ъ are also Russian/Ukrainian letters; these tell those texts apart.
_RU_UK_ONLY: Final = frozenset("ыэёіїєґЫЭЁІЇЄҐ")


def _is_cyrillic(ch: str) -> bool:
    cp = ord(ch)
    return 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0xA640 <= cp <= 0xA69F


def _is_greek(ch: str) -> bool:
    cp = ord(ch)
    return 0x0370 <= cp <= 0x03FF or 0x1F00 <= cp <= 0x1FFF


def _script_of(ch: str) -> str:
    if ch.isascii():
        return "latin"
    if _is_cyrillic(ch):
        return "cyrillic"
    if _is_greek(ch):
        return "greek"
    cp = ord(ch)
    if (
        0x00C0 <= cp <= 0x024F
        or 0x1E00 <= cp <= 0x1EFF
        or 0x2C60 <= cp <= 0x2C7F
        or 0xA720 <= cp <= 0xA7FF
        or 0xFB00 <= cp <= 0xFB06
        or 0xFF21 <= cp <= 0xFF5A
    ):
        return "latin"
    return "other"


def detect_script(text: str) -> Script:
    """The script of the letters in ``text``; digits, marks and punctuation are ignored."""
    scripts = {_script_of(ch) for ch in text if ch.isalpha()}
    if not scripts:
        return "other"
    if len(scripts) > 1:
        return "mixed"
    only = scripts.pop()
    if only == "latin":
        return "latin"
    if only == "cyrillic":
        return "cyrillic"
    if only == "greek":
        return "greek"
    return "other"


def guess_language(text: str) -> str | None:
    """Guess the language from letters only one orthography has; None if it cannot tell.

    Returns 'mk', 'sr', 'bg', 'el' or None (Cyrillic of unknown language, or no
    Cyrillic/Greek at all).  Macedonian is checked first because it shares
    Џ Ј Љ Њ with Serbian.
    """
    letters = set(text)
    if letters & _MK_ONLY:
        return "mk"
    if letters & _SR_LETTERS:
        return "sr"
    if letters & _BG_LETTERS and not letters & _RU_UK_ONLY:
        return "bg"
    if any(_is_greek(ch) for ch in letters) and not any(_is_cyrillic(ch) for ch in letters):
        return "el"
    return None


def _case_like(out: str, upper: bool, word_upper: bool) -> str:
    if not upper:
        return out
    # Љ in "Љубица" is "Lj", in "ЉУБИЦА" it is "LJ".
    return out.upper() if word_upper else out[:1].upper() + out[1:]


def _neighbour_upper(text: str, i: int) -> bool:
    """Whether the letters around position i are capitals (for digraph casing)."""
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[i + 1].isupper()
    return i > 0 and text[i - 1].isalpha() and text[i - 1].isupper()


def _cyrillic_to_latin(text: str, system: str) -> str:
    table = CYRILLIC_SYSTEMS[system]
    bulgarian = system == "bg"
    if bulgarian:
        # The 2009 Act's one exception: the country's name keeps its established form.
        text = _BULGARIA.sub(lambda m: "BULGARIA" if m[0].isupper() else "Bulgaria", text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if not _is_cyrillic(ch):
            out.append(ch)
            continue
        low = ch.lower()
        latin = table.get(low) if table is not None else None
        if latin is None:
            # The generic system, or a letter outside our table (ы, є...).
            latin = anyascii(low)
        if (
            bulgarian
            and low == "я"
            and i > 0
            and text[i - 1] in "иИ"
            and (i + 1 == len(text) or not text[i + 1].isalpha())
        ):
            latin = "a"  # 2009 Act: word-final -ия is written -ia (България → Bulgaria)
        out.append(_case_like(latin, ch != low, _neighbour_upper(text, i)))
    return "".join(out)


@lru_cache(maxsize=32768)
def _transliterate(text: str, cyrillic: str, greek_system: str) -> str:
    if any(_is_greek(ch) for ch in text):
        text = greek_to_latin(text, identity_documents=greek_system == "el-id")
    if any(_is_cyrillic(ch) for ch in text):
        text = _cyrillic_to_latin(text, cyrillic)
    return text


def _cyrillic_system(text: str, lang: str | None) -> str:
    if lang is None:
        lang = guess_language(text)
    if lang in CYRILLIC_SYSTEMS:
        return lang
    return "generic"


def transliterate(text: str, lang: str | None = None) -> str:
    """Cyrillic and Greek letters of ``text`` in Latin; other characters unchanged.

    ``lang`` is one of 'sr', 'mk', 'bg', 'ru', 'uk', 'el' (or the alternatives
    'mk-2008', 'el-id'); None guesses it with :func:`guess_language`.
    """
    if text.isascii():
        return text
    if lang is not None and lang not in LANGUAGES and lang not in ("mk-2008", "el-id"):
        raise ValueError(f"unknown transliteration language {lang!r}")
    text = unicodedata.normalize("NFC", text)
    greek_system = "el-id" if lang == "el-id" else "el"
    return _transliterate(text, _cyrillic_system(text, lang), greek_system)


def romanizations(text: str) -> tuple[str, ...]:
    """Every plausible Latin rendering of ``text``; the first is :func:`transliterate`'s.

    Used to index a name under each spelling a report may carry: for Cyrillic the
    guessed language plus the generic (Russian-like) reading, plus Bulgarian and
    Serbian when the language cannot be told, plus the passport digraphs for
    Macedonian; for Greek the ELOT 743 transcription and the identity-document form.
    """
    if text.isascii():
        return (text,)
    text = unicodedata.normalize("NFC", text)
    has_greek = any(_is_greek(ch) for ch in text)
    has_cyrillic = any(_is_cyrillic(ch) for ch in text)
    if not has_greek and not has_cyrillic:
        return (text,)
    first = _cyrillic_system(text, None)
    cyrillic = [first]
    if has_cyrillic:
        extra = {"mk": ["mk-2008", "generic"], "generic": ["bg", "sr"]}.get(first, ["generic"])
        cyrillic += extra
    greek = ["el", "el-id"] if has_greek else ["el"]
    variants: list[str] = []
    for k in range(max(len(cyrillic), len(greek))):
        cyr = cyrillic[k] if k < len(cyrillic) else first
        gr = greek[k] if k < len(greek) else "el"
        latin = _transliterate(text, cyr, gr)
        if latin not in variants:
            variants.append(latin)
    return tuple(variants)
