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


_CYRILLIC_RANGES: Final = ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0xA640, 0xA69F))
_CYRILLIC_RE: Final = re.compile(
    "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CYRILLIC_RANGES) + "]"
)
_GREEK_RE: Final = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


# Letters of each script (the blocks' punctuation, numerals and marks left out).
_LATIN_LETTER: Final = re.compile(
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
    "\u2c60-\u2c7f\ua720-\ua7ff\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a]"
)
_CYRILLIC_LETTER: Final = re.compile(
    "[\u0400-\u0481\u048a-\u052f\u1c80-\u1c8f\ua640-\ua66e\ua680-\ua69d]"
)
_GREEK_LETTER: Final = re.compile(
    "[\u0370-\u0373\u0376\u0377\u037a-\u037d\u037f\u0386\u0388-\u03f5\u03f7-\u03ff"
    "\u1f00-\u1fbc\u1fbe\u1fc2-\u1fcc\u1fd0-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ffc]"
)
_SCRIPTS: Final[tuple[tuple[Script, re.Pattern[str]], ...]] = (
    ("latin", _LATIN_LETTER),
    ("cyrillic", _CYRILLIC_LETTER),
    ("greek", _GREEK_LETTER),
)


def detect_script(text: str) -> Script:
    """The script of the letters in ``text``; digits, marks and punctuation are ignored."""
    found: list[Script] = [name for name, letters in _SCRIPTS if letters.search(text)]
    if not text.isascii():
        rest = text
        for _, letters in _SCRIPTS:
            rest = letters.sub("", rest)
        if any(ch.isalpha() for ch in rest):
            found.append("other")
    if not found:
        return "other"
    return found[0] if len(found) == 1 else "mixed"


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
    if _GREEK_RE.search(text) and not _CYRILLIC_RE.search(text):
        return "el"
    return None


# Ъ before a consonant or at the end of a word is a Bulgarian vowel; Russian writes it only
# before е, ё, ю, я, as a silent sign.
_BG_HARD_SIGN: Final = re.compile(r"[ъЪ](?![еёюяЕЁЮЯ])")

# Word-final -ия, which the 2009 Act writes -ia: the я becomes a plain a.
_BG_FINAL_IA: Final = re.compile(r"(?<=[иИ])[яЯ](?![^\W\d_])")


def _build_table(system: str) -> tuple[dict[int, str], re.Pattern[str] | None, dict[str, str]]:
    """str.translate table for one system, plus the capitals that become two letters.

    Those capitals depend on their neighbours (Љ in "Љубица" is "Lj", in "ЉУБИЦА"
    "LJ"), so a regex handles them before the table does the rest.
    """
    own = CYRILLIC_SYSTEMS[system] or {}
    table: dict[int, str] = {}
    digraph_capitals: dict[str, str] = {}
    for start, end in _CYRILLIC_RANGES:
        for cp in range(start, end + 1):
            ch = chr(cp)
            low = ch.lower()
            # Letters outside our table (ы, є...) and the generic system: anyascii.
            latin = own.get(low) or anyascii(low)
            if ch != low:
                latin = latin[:1].upper() + latin[1:]
                if len(latin) > 1:
                    digraph_capitals[ch] = latin
            table[cp] = latin
    pattern = re.compile("[" + "".join(digraph_capitals) + "]") if digraph_capitals else None
    return table, pattern, digraph_capitals


_TABLES: Final = {system: _build_table(system) for system in CYRILLIC_SYSTEMS}


def _neighbour_upper(text: str, i: int) -> bool:
    """Whether the letters around position i are capitals (for digraph casing)."""
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[i + 1].isupper()
    return i > 0 and text[i - 1].isalpha() and text[i - 1].isupper()


def _cyrillic_to_latin(text: str, system: str) -> str:
    if system == "bg":
        # The 2009 Act's one exception: the country's name keeps its established form.
        text = _BULGARIA.sub(lambda m: "BULGARIA" if m[0].isupper() else "Bulgaria", text)
        text = _BG_FINAL_IA.sub(lambda m: "a" if m[0] == "я" else "A", text)
    table, capitals, digraphs = _TABLES[system]
    if capitals is not None:
        original = text

        def capital(m: re.Match[str]) -> str:
            latin = digraphs[m[0]]
            return latin.upper() if _neighbour_upper(original, m.start()) else latin

        text = capitals.sub(capital, text)
    return text.translate(table)


@lru_cache(maxsize=32768)
def _transliterate(text: str, cyrillic: str, greek_system: str) -> str:
    if _GREEK_RE.search(text):
        text = greek_to_latin(text, identity_documents=greek_system == "el-id")
    if _CYRILLIC_RE.search(text):
        text = _cyrillic_to_latin(text, cyrillic)
    return text


def _cyrillic_system(text: str, lang: str | None) -> str:
    if lang is None:
        lang = guess_language(text)
    if lang in CYRILLIC_SYSTEMS:
        return lang
    return "generic"


def transliterate(text: str, lang: str | None = None) -> str:
    """Cyrillic and Greek letters of ``text`` in Latin; other characters unchanged (NFC).

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
    has_greek = _GREEK_RE.search(text) is not None
    has_cyrillic = _CYRILLIC_RE.search(text) is not None
    if not has_greek and not has_cyrillic:
        return (text,)
    first = _cyrillic_system(text, None)
    cyrillic = [first]
    if has_cyrillic:
        extra = {"mk": ["mk-2008", "generic"], "generic": ["bg", "sr"]}.get(first, ["generic"])
        if first == "bg" and _BG_HARD_SIGN.search(text):
            extra = []  # Ъ as a vowel: Bulgarian; the Russian reading would drop it (Балъков)
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
