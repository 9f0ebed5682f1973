"""Spelling variants of names: the other romanization systems, and keys that absorb the rest.

:func:`sirat.names.search_keys` gives the *official* readings of a name (Serbian, Macedonian,
Bulgarian 2009, ELOT 743 and their documented alternatives).  Reports carry many more:

* other transliteration systems of each language -- the scholarly/ISO 9 style
  (Jordan, Ljubomir, Stoičkov, Šterev), the i-forms of BGN/PCGN and French usage (Iordan,
  Liubomir, Nikolai), English phonetic forms (Lyudmila/Ludmila, -y endings, Petrovich,
  Milosh), the Romanian reading of Moldovan Cyrillic (Виктор Чобану → Victor Ciobanu), the
  Albanian reading of Albanian names in Cyrillic (Арбен Хоџа → Arben Hoxha) and the
  Macedonian reading of Ђ/Ћ (Gj/Kj);
* Greek beyond ELOT: the English phonetic form (Yiorgos, Kiriakidis), Greeklish
  (Papadopulos, Xatzis, Aleksandros), Χ as H (Hatzis), and the formal given name of an
  everyday one (Giorgos → Georgios, :mod:`._short_forms`);
* Latin with diacritics as typed on an English or German keyboard: Petrović → Petrovich,
  Đorđe → Gjorgje, Öztürk → Oeztuerk (and the other way round for ue/oe/ae typed).

:func:`variant_keys` gives those readings as search keys (bounded: :data:`MAX_VARIANTS`).
What no table can list -- a vowel heard differently, a doubled letter, Greeklish of one's own
-- is absorbed by :func:`skeleton`, a consonant skeleton with the digraphs of the region
merged (:func:`sirat.names.phonetic_key`).  :func:`spelling_key` is the finer key that
matching uses to tell "only the transliteration differs" (Tsvetkov/Cvetkov) from "another
name" (Дечов/Дечков, Стоичков/Стойков): it merges the spellings of one sound but never
drops or merges letters that make another surname.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from sirat.names._greek import greek_to_latin
from sirat.names._short_forms import FORMAL
from sirat.names.fold import _fold_latin, phonetic_key, search_key, search_keys
from sirat.names.translit import guess_language

__all__ = ["MAX_VARIANTS", "skeleton", "spelling_key", "variant_keys"]

#: Extra readings kept per word (beyond the official ones): bounds index size and query width.
MAX_VARIANTS: Final = 6

_CYRILLIC: Final = re.compile("[\u0400-\u04ff]")
_GREEK: Final = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")

_COMMON: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ј": "j", "љ": "lj", "њ": "nj", "ы": "y",
    "э": "e", "ё": "yo", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ѕ": "dz",
}  # fmt: skip

# Bulgarian and Russian-like Cyrillic, the scholarly (ISO 9 / Czech-style) reading:
# Jordan, Ljubomir, Živkov, Stoičkov, Šterev, Nikolaj.
_SCHOLARLY: Final = _COMMON | {
    "ж": "ž", "ч": "č", "ш": "š", "щ": "št", "ц": "c", "й": "j", "ю": "ju", "я": "ja",
    "ъ": "ă", "ь": "j", "ђ": "đ", "ћ": "ć", "џ": "dž", "ѓ": "gj", "ќ": "kj", "ё": "jo",
}  # fmt: skip

# The i-forms of BGN/PCGN and French usage: Iordan, Liubomir, Nikolai, Maria.
_I_FORMS: Final = _COMMON | {
    "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sht", "ц": "ts", "й": "i", "ю": "iu", "я": "ia",
    "ъ": "a", "ь": "", "ђ": "dj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj", "ё": "io",
}  # fmt: skip

# English phonetic forms: Yuriy -> Yury, Lyudmila -> Ludmila, ъ as U (BGN/PCGN for
# Bulgarian before 2009), Serbian ć/č as ch (Petrovich), š as sh (Milosh).
_ENGLISH: Final = _COMMON | {
    "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sht", "ц": "ts", "й": "y", "ю": "yu", "я": "ya",
    "ъ": "u", "ь": "", "ђ": "dj", "ћ": "ch", "џ": "dzh", "ѓ": "gj", "ќ": "kj", "ј": "j",
}  # fmt: skip

# Albanian names written in Serbian or Macedonian Cyrillic: Хоџа -> Hoxha, Шеху -> Shehu.
_ALBANIAN: Final = _COMMON | {
    "ж": "zh", "ч": "ç", "ш": "sh", "ц": "c", "џ": "xh", "ђ": "gj", "ѓ": "gj", "ћ": "q",
    "ќ": "q", "ѕ": "x", "ъ": "ë",
}  # fmt: skip

# Macedonian written with the Serbian letters Ђ/Ћ (or a Macedonian reading of a Serbian
# spelling): Ђорђиевски -> Gjorgjievski.  And the Serbian reading of Macedonian Ѓ/Ќ.
_MK_READING: Final = _COMMON | {
    "ж": "ž", "ч": "č", "ш": "š", "ц": "c", "џ": "dž", "ђ": "gj", "ћ": "kj", "ѓ": "gj",
    "ќ": "kj",
}  # fmt: skip
_SR_READING: Final = _MK_READING | {"ѓ": "đ", "ќ": "ć", "ђ": "đ", "ћ": "ć"}
# The 2008 Macedonian passport system for a name in letters Serbian shares (Џафероски ->
# Djaferoski): any such name could be Macedonian.
_MK_PASSPORT: Final = _MK_READING | {"ж": "zh", "ч": "ch", "ш": "sh", "џ": "dj"}

# Ukrainian, national system of 2010 (Тимошенко -> Tymoshenko, Григорій -> Hryhorii).
_UKRAINIAN: Final = _COMMON | {
    "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "є": "ie", "ж": "zh", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia", "й": "i", "ь": "",
}  # fmt: skip

# Moldovan Cyrillic read the Romanian way (the context rules are in _romanian()).
_ROMANIAN: Final = _COMMON | {
    "ж": "j", "ш": "ș", "щ": "șt", "ц": "ț", "й": "i", "ы": "î", "э": "ă", "ъ": "ă",
    "я": "ia", "ю": "iu", "ё": "io", "ь": "", "х": "h", "ч": "ci", "к": "c",
}  # fmt: skip
_RO_CONTEXT: Final = (
    (re.compile(r"ч(?=[еиь])"), "c"),  # ce, ci: Чебан -> Ceban
    (re.compile(r"к(?=[еи])"), "ch"),  # che, chi: Кишинэу -> Chișinău
    (re.compile(r"г(?=[еи])"), "gh"),  # Георге -> Gheorghe
)

_ENGLISH_CONTEXT: Final = (
    # Людмила -> Ludmila, Любомир -> Lubomir; Turkish ü in Cyrillic: Озтюрк -> Ozturk.
    (re.compile(r"(?<=[бвгдзклмнпрстфхцчшщж])ю"), "u"),
    (re.compile(r"[иы]й\b"), "y"),  # Юрий -> Yury, Дмитрий -> Dmitry
)


def _table(mapping: dict[str, str]) -> dict[int, str]:
    return {ord(k): v for k, v in mapping.items()}


_TABLES: Final = {
    name: _table(m) for name, m in (
        ("scholarly", _SCHOLARLY), ("i", _I_FORMS), ("english", _ENGLISH),
        ("albanian", _ALBANIAN), ("mk", _MK_READING), ("sr", _SR_READING),
        ("romanian", _ROMANIAN), ("ukrainian", _UKRAINIAN), ("mk-2008", _MK_PASSPORT),
    )
}


def _read(text: str, system: str) -> str:
    lower = text.lower()
    if system == "romanian":
        for pattern, latin in _RO_CONTEXT:
            lower = pattern.sub(latin, lower)
    elif system == "english":
        for pattern, latin in _ENGLISH_CONTEXT:
            lower = pattern.sub(latin, lower)
    return lower.translate(_TABLES[system])


def _cyrillic_readings(text: str) -> list[str]:
    lang = guess_language(text)
    if lang in ("sr", "mk"):
        systems = ["english", "mk-2008", "albanian"]
        if set(text.lower()) & set("ђћѓќ"):
            systems.insert(0, "sr" if lang == "mk" else "mk")
    else:
        systems = ["scholarly", "i", "english"]
        if lang is None:
            systems[:0] = ["romanian", "ukrainian"]  # plain Cyrillic may be either
    return [_read(text, s) for s in systems]


_GI: Final = re.compile(r"\bgi(?=[aeiouy])")
_GI_INSIDE: Final = re.compile(r"(?<=[a-z])gi(?=[aeou])")
_OF: Final = re.compile(r"(?<=[^\W\d_]{3})of\b")


def _greek_readings(text: str) -> list[str]:
    elot = greek_to_latin(text).lower()
    passport = greek_to_latin(text, identity_documents=True).lower()
    # Γι is "Yi" at the start of a word in English usage and "y" inside one (Bakoyannis,
    # Panayotis); υ is read i (Kyriakidis -> Kiriakidis); Slavic -ov is written -οφ in
    # Greek (Πετρόφ): read back as -ov.
    phonetic = _OF.sub("ov", _GI_INSIDE.sub("y", _GI.sub("yi", elot.replace("y", "i"))))
    # Greeklish: ξ as ks, χ as x, ου as u, γγ as gg (Papadopulos, Xatzis, Aggelopoulos).
    greeklish = (elot.replace("x", "ks").replace("ch", "x").replace("ou", "u")
                 .replace("ng", "gg"))
    # Χ as H (Hatzis, Haralampos: also on the passport form).
    return [phonetic, greeklish, elot.replace("ch", "h"), elot.replace("ng", "gg"),
            passport.replace("ch", "h")]


# English spellings of the region's letters: Petrović -> Petrovich, Şükrü -> Shukru,
# Çelik -> Chelik, Ceaușescu -> Ceaushescu.
_LATIN_ENGLISH: Final = str.maketrans(
    {"ć": "ch", "č": "ch", "ç": "ch", "š": "sh", "ş": "sh", "ș": "sh", "ž": "zh", "đ": "dj",
     "Ć": "Ch", "Č": "Ch", "Ç": "Ch", "Š": "Sh", "Ş": "Sh", "Ș": "Sh", "Ž": "Zh", "Đ": "Dj"})
# Turkish names as Serbian, Bosnian and Macedonian Latin write them: Recep -> Redžep,
# Yılmaz -> Jilmaz, Erdoğan -> Erdogan.  Only for text with letters only Turkish has.
_TURKISH_ONLY: Final = frozenset("ğĞıİ")
_TURKISH_SLAVIC: Final = str.maketrans(
    {"c": "dž", "C": "Dž", "ç": "č", "Ç": "Č", "ş": "š", "Ş": "Š", "ğ": "g", "Ğ": "G",
     "ı": "i", "I": "I", "İ": "I", "y": "j", "Y": "J", "j": "ž", "J": "Ž"})
_LATIN_MACEDONIAN: Final = str.maketrans({"đ": "gj", "ć": "kj", "Đ": "Gj", "Ć": "Kj"})
_LATIN_GERMAN: Final = str.maketrans(
    {"ü": "ue", "ö": "oe", "ä": "ae", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae"})
_UE_OE: Final = re.compile(r"([uoa])e(?=[^aeiou\W])")
_GJ_KJ: Final = (("gj", "dj"), ("kj", "c"))


def _latin_readings(text: str) -> list[str]:
    out: list[str] = []
    if not text.isascii():
        out.append(text.translate(_LATIN_ENGLISH))
        if set(text) & set("đćĐĆ"):
            out.append(text.translate(_LATIN_MACEDONIAN))
        if set(text) & set("üöäÜÖÄ"):
            out.append(text.translate(_LATIN_GERMAN))
        if set(text) & _TURKISH_ONLY:
            out.append(text.translate(_TURKISH_SLAVIC))
        return out
    low = text.lower()
    if _UE_OE.search(low):  # Oeztuerk, Mueller typed for Öztürk, Müller
        out.append(_UE_OE.sub(r"\1", low))
    for mk, sr in _GJ_KJ:
        if mk in low:  # Gjorgjevikj typed for Đorđević
            out.append(low.replace(mk, sr))
    return out


@lru_cache(maxsize=131072)
def _variants(text: str) -> tuple[str, ...]:
    normal = unicodedata.normalize("NFC", text)
    if _GREEK.search(normal):
        readings = _greek_readings(normal)
    elif _CYRILLIC.search(normal):
        readings = _cyrillic_readings(normal)
    else:
        readings = _latin_readings(normal)
    official = search_keys(normal)
    out: list[str] = []
    for latin in readings:
        key = _fold_latin(latin)
        if key and key not in official and key not in out:
            out.append(key)
    # The formal given name of an everyday one (Giorgos -> Georgios), word by word.
    words = (search_key(normal) or "").split()
    if any(w in FORMAL for w in words):
        formal = " ".join(FORMAL.get(w, w) for w in words)
        if formal not in official and formal not in out:
            out.append(formal)
    return tuple(out[:MAX_VARIANTS])


def variant_keys(text: str) -> tuple[str, ...]:
    """Search keys of ``text`` under the other spelling systems, not already among
    :func:`sirat.names.search_keys` (at most :data:`MAX_VARIANTS`, most usual first).

    Word boundaries are kept, so the keys line up word by word with the official ones:
    "Йордан" → ("iordan", "jordan"...), "Виктор Чобану" → ("victor ciobanu", ...),
    "Παπαδόπουλος" → ("papadopulos", ...), "Petrović" → ("petrovich",).
    """
    return _variants(text) if text else ()


# ---------------------------------------------------------------------------
# Finer and coarser keys

_SPELLING: Final = (
    (re.compile(r"shch|sht"), "st"), (re.compile(r"tsch"), "C"), (re.compile(r"dzh|xh"), "J"),
    (re.compile(r"dj|gj"), "D"), (re.compile(r"kj"), "C"),
    (re.compile(r"ch|ts|tz|cz|cs"), "C"), (re.compile(r"sh|sz"), "s"),
    (re.compile(r"zh|zs"), "z"), (re.compile(r"kh"), "h"), (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"), (re.compile(r"q"), "k"), (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"), (re.compile(r"ou"), "u"), (re.compile(r"dz"), "J"),
    (re.compile(r"lj|ly"), "L"), (re.compile(r"nj|ny"), "N"),
)  # fmt: skip
_DOUBLE: Final = re.compile(r"(.)\1+")
_GLIDE_AFTER_VOWEL: Final = re.compile(r"(?<=[aeiou])[jy]")
_INITIAL_GLIDE: Final = re.compile(r"^[iyj](?=[aeou])")
_PALATAL_GLIDE: Final = re.compile(r"(?<=[LN])[iy]?(?=[aeiou])|(?<=[ln])[iy](?=[aeou])")


@lru_cache(maxsize=262144)
def spelling_key(word: str) -> str:
    """One folded word with only its *transliteration* differences removed.

    Merged: the region's spellings of one sound (š/sh/ș, ž/zh, č/ć/ch/ts/c, dž/dzh/xh,
    dj/đ/gj, lj/ly, nj/ny, kh/h, ph/f, th/t, w/v, x/ks, ou/u),
    the glides of я/ю/й (Yordan/Jordan/Iordan, Stojan/Stoyan, Liubomir/Ljubomir/Lubomir,
    Marija/Maria/Mariya), doubled letters and a final -ff.  Kept apart, unlike
    :func:`sirat.names.sound_key`: c and k (folded č and Romanian c look alike), an extra
    consonant (Дечов/Дечков), a
    vowel (Todorov/Teodorov), a suffix (Rus/Rusu) -- those make another name.
    """
    w = _DOUBLE.sub(r"\1", word)
    w = _INITIAL_GLIDE.sub("j", w)
    w = w.replace("y", "i") if not w.startswith("y") else "y" + w[1:].replace("y", "i")
    w = _DOUBLE.sub(r"\1", _GLIDE_AFTER_VOWEL.sub("i", w))
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    w = _PALATAL_GLIDE.sub("", w)
    w = w.replace("ij", "i").replace("ji", "i")
    if w.endswith("f") and len(w) > 3:
        w = w[:-1] + "v"  # Petroff, Petrof: the German/French -ов
    return _DOUBLE.sub(r"\1", w).lower()


SKELETON_MARK: Final = "0"
#: Shorter skeletons ("grg": Giurgiu, George, Gregor) match too many other words to help.
MIN_SKELETON: Final = 4
_GLIDE_J: Final = re.compile(r"(?<=[^dlngkz])j")


def skeleton(word: str) -> str:
    """The coarse search key of one folded word: its consonant skeleton (the region's
    digraphs merged, vowels after the first letter dropped), marked with a leading "0" so
    it can never equal a word.  "" for words whose skeleton is shorter than
    :data:`MIN_SKELETON` (Ivan, Maria: their spellings are variant keys instead)."""
    if len(word) < 3 or not word.isalpha():
        return ""
    # A J inside a word that is no digraph's is a glide, as Y and I are (Stojković,
    # Stoykovich; Marija, Maria): dropped like the vowels.
    key = phonetic_key(_GLIDE_J.sub("", word))
    return SKELETON_MARK + key if len(key) >= MIN_SKELETON else ""
