"""Search keys: one lower-case ASCII spelling of a name or word, whatever its script.

``search_key`` is what indexes store and what matching compares.  The pipeline:

1. NFKC, so compatibility forms (ﬁ, ǅ, full-width letters) become plain letters;
2. Cyrillic and Greek to Latin with :func:`sirat.names.translit.transliterate`;
3. our explicit Latin rules, *before* the generic folder, because the folder gets
   them wrong or inconsistently (FACTS.md, "Names"):
   Đ/đ→dj (anyascii maps Cyrillic Ђ to "Dj" but Latin Đ to "D"; Ð/ð, which old
   Windows code pages put in place of Đ/đ, likewise), Romanian cedilla ş ţ→comma
   ș ț, Turkish İ/ı→i (``"İ".lower()`` is "i" plus a combining dot), ß→ss,
   Hungarian ő ű→o u, Albanian ë ç→e c;
4. anyascii for every remaining non-ASCII character;
5. lower case; apostrophes vanish (O'Brien → obrien), other punctuation separates words.

``search_keys`` adds the other spellings a name is met under (Đorđe is also
written Dorde; Христо is Hristo in Bulgarian and Khristo in Russian usage), so an
index can store them all.  ``phonetic_key`` and ``blocking_keys`` give the coarse
keys a candidate search uses before scoring.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from anyascii import anyascii

from sirat.names.translit import romanizations, transliterate

__all__ = [
    "blocking_keys",
    "phonetic_key",
    "search_key",
    "search_keys",
    "sound_key",
    "tokens",
]

_LATIN_RULES: Final = str.maketrans(
    {
        "Đ": "Dj", "đ": "dj", "Ð": "Dj", "ð": "dj",
        "Ş": "Ș", "ş": "ș", "Ţ": "Ț", "ţ": "ț",
        "İ": "i", "ı": "i",
        "ß": "ss", "ẞ": "ss",
        "Ő": "O", "ő": "o", "Ű": "U", "ű": "u",
        "Ë": "E", "ë": "e", "Ç": "C", "ç": "c",
    }
)  # fmt: skip

_APOSTROPHES: Final = re.compile(r"['`]")
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_FOLDED: Final = re.compile(r"[a-z0-9]+")


def _fold_latin(text: str) -> str:
    """Steps 3-5 of the module docstring, on text already in Latin script."""
    text = text.translate(_LATIN_RULES)
    if not text.isascii():
        text = anyascii(text)
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def search_key(text: str) -> str:
    """The folded, script-independent key of ``text`` ("Ђорђе" → "djordje").

    Never raises; the result contains only a-z, 0-9 and single spaces, and
    ``search_key(search_key(x)) == search_key(x)``.
    """
    if text.isascii():
        return _fold_latin(text)
    return _fold_latin(transliterate(unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=65536)
def _search_keys(text: str) -> frozenset[str]:
    keys: set[str] = set()
    normal = unicodedata.normalize("NFKC", text)
    for latin in romanizations(normal):
        key = _fold_latin(latin)
        if key:
            keys.add(key)
            if "dj" in key:
                # Serbian/Croatian without diacritics writes Đ as D as often as Dj.
                keys.add(key.replace("dj", "d"))
    return frozenset(keys)


def search_keys(text: str) -> set[str]:
    """Every search key ``text`` may be looked up by; contains :func:`search_key` (if not empty).

    Index every key of a stored name and look a query up by every key of the
    query: Đorđe → {"djordje", "dorde"}; Христо → {"khristo", "hristo"}.
    """
    return set(_search_keys(text))


def tokens(text: str) -> list[str]:
    """The word keys of ``text`` in order ("Şükrü YILMAZ" → ["sukru", "yilmaz"])."""
    return search_key(text).split()


# ---------------------------------------------------------------------------
# Phonetic / blocking keys

# Spellings of one sound across the region's romanizations, longest first so that
# "dzh" wins over "dz" and "tsch" over "ts" (French "tch" is ч too: Stoitchkov).
# Afterwards c and k are merged too: Romanian and Moldovan Cyrillic write one name
# Popescu and Попеску (popesku), Konstantin is Constantin; the cost is a few more
# candidates per block.
_SOUNDS: Final[dict[str, str]] = {
    "tsch": "c", "dzh": "j", "sch": "s", "tch": "c",
    "dz": "j", "xh": "j", "dj": "d", "gj": "g", "kj": "k",
    "sh": "s", "zh": "z", "ch": "c", "cz": "c", "cs": "c", "ts": "c", "tz": "c",
    "sz": "s", "ph": "f", "th": "t", "kh": "h", "gh": "g", "ck": "k", "lj": "l",
    "nj": "n", "ou": "u",
    "q": "k", "w": "f", "v": "f", "x": "ks", "y": "i",
}  # fmt: skip
_SOUND_RE: Final = re.compile("|".join(sorted(_SOUNDS, key=len, reverse=True)))
# Greek ΜΠ, ΝΤ, ΓΚ at the start of a word are written MP/NT/GK on identity documents.
_GREEK_START: Final = re.compile(r"^(?:mp|nt|gk)")
_GREEK_START_SOUND: Final = {"mp": "b", "nt": "d", "gk": "g"}
_RUNS: Final = re.compile(r"(.)\1+")
_VOWELS: Final = frozenset("aeiou")


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """The folded word with the region's spellings of one sound merged, vowels kept.

    sh/š/ș→s, zh/ž→z, ch/č/ć/ts/c→k, v/w/ff→f, dj/đ→d, dzh/dž/xh→j, ou→u, y→i,
    doubled letters once: "Zhivkov" and "Živkov" → "zifkof", "Petrovich" and
    "Petrović" → "petrofik".  Two words with one sound key differ in spelling only.
    """
    # Words from tokens() are folded already; skip the fold for them (the hot path).
    folded = word if _FOLDED.fullmatch(word) else search_key(word).replace(" ", "")
    if not folded:
        return ""
    folded = _GREEK_START.sub(lambda m: _GREEK_START_SOUND[m[0]], folded)
    if folded[0] in "yi" and len(folded) > 1 and folded[1] in _VOWELS and folded[1] != "i":
        folded = "j" + folded[1:]  # Yordan / Iordan / Jordan, Yovanovic / Jovanović
    merged = _SOUND_RE.sub(lambda m: _SOUNDS[m[0]], folded).replace("c", "k")
    return _RUNS.sub(r"\1", merged)


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A coarse, language-neutral sound key of one word, for candidate blocking.

    :func:`sound_key` with the vowels after the first letter dropped:
    petrov, petrof, petroff → "ptrf"; papadopoulos, papadopulos → "ppdpls";
    djordje, dorde → "drd"; giorgos → "grgs".
    """
    sounds = sound_key(word)
    return sounds[:1] + "".join(ch for ch in sounds[1:] if ch not in _VOWELS)


def blocking_keys(full_name: str) -> set[str]:
    """Candidate-search keys of a person's name: "surname-sound:given-initial" both ways.

    A name's first and last words are taken for given name and surname and also
    the other way round, since registers differ on the order ("PETROV Ivan").
    Every spelling from :func:`search_keys` contributes, so Христо Петров and
    Hristo Petrov share keys.
    """
    keys: set[str] = set()
    for key in _search_keys(full_name):
        words = [w for w in key.split() if len(w) > 1] or key.split()
        if len(words) == 1:
            keys.add(phonetic_key(words[0]))
            continue
        first, last = phonetic_key(words[0]), phonetic_key(words[-1])
        keys.add(f"{last}:{first[0]}")
        keys.add(f"{first}:{last[0]}")
    return keys
