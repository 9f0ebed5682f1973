"""Greek to Latin after ELOT 743 (the Greek standard, also the UN-adopted system).

Two variants:

* transcription (the default, ELOT 743:2001 type 2 / ISO 843): ΜΠ→B at the start
  of a word and MB inside it, ΝΤ→D/ND, ΓΚ→G/NG;
* identity documents (``identity_documents=True``): Greek passports and ID cards
  write ΜΠ→MP, ΝΤ→NT, ΓΚ→GK everywhere (Αντετοκούνμπο → Antetokounmpo).

Common to both: ΓΓ→NG, ΓΞ→NX, ΓΧ→NCH, ΟΥ→OU, ΑΥ/ΕΥ/ΗΥ→AV/EV/IV before a vowel or
a voiced consonant and AF/EF/IF before a voiceless one or at the end of a word.
Accents and breathings are dropped; a diaeresis breaks a digraph (Ταΰγετος →
Taygetos), and so does an accent on the first vowel (άυλος → aylos).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, NamedTuple

from anyascii import anyascii

__all__ = ["GREEK_LETTERS", "greek_to_latin"]

_SINGLE: Final[dict[str, str]] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip

_VOWELS: Final = frozenset("αεηιουω")
_GREEK_BLOCK: Final = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_VOICED: Final = frozenset("βγδζλμνρ")


class _Letter(NamedTuple):
    base: str  # lower-case letter without accents or breathings
    upper: bool
    diaeresis: bool
    accent: bool


def _build() -> dict[str, _Letter]:
    """Map every precomposed Greek letter to its base letter and marks."""
    table: dict[str, _Letter] = {}
    for cp in (*range(0x0370, 0x0400), *range(0x1F00, 0x2000)):
        ch = chr(cp)
        if not ch.isalpha():
            continue
        # NFKD also reads the symbol variants (ϐ ϑ ϕ ϰ ϱ ϵ) as their letters.
        decomposed = unicodedata.normalize("NFKD", ch)
        base = decomposed[0].lower()
        if base == "ϲ":  # lunate sigma
            base = "σ"
        if base not in _SINGLE:
            continue
        marks = decomposed[1:]
        table[ch] = _Letter(
            base=base,
            upper=ch != ch.lower(),
            diaeresis="\u0308" in marks,
            accent=any(m in marks for m in "\u0301\u0300\u0342"),
        )
    return table


GREEK_LETTERS: Final[dict[str, _Letter]] = _build()


def _cased(out: str, letters: list[_Letter], after: _Letter | None, before: _Letter | None) -> str:
    """Case a group's output like its source letters ("Θ"→"Th", "ΘΕ"→"THE")."""
    if not letters[0].upper:
        return out
    if len(letters) > 1:
        all_upper = letters[1].upper
    elif after is not None:
        all_upper = after.upper
    else:
        all_upper = before is not None and before.upper
    return out.upper() if all_upper else out[:1].upper() + out[1:]


def _digraph(
    first: _Letter, second: _Letter, after: _Letter | None, word_start: bool, ids: bool
) -> str | None:
    """Latin for a two-letter group, or None when the two letters stand apart."""
    if second.diaeresis:
        return None
    pair = first.base + second.base
    if pair == "μπ":
        return "mp" if ids else ("b" if word_start else "mb")
    if pair == "ντ":
        return "nt" if ids else ("d" if word_start else "nd")
    if pair == "γκ":
        return "gk" if ids else ("g" if word_start else "ng")
    if pair in ("γγ", "γξ", "γχ"):
        return "n" + _SINGLE[second.base]
    if pair == "ου":
        return "ou"
    if second.base == "υ" and first.base in "αεη" and not first.accent:
        voiced = after is not None and (after.base in _VOWELS or after.base in _VOICED)
        return _SINGLE[first.base] + ("v" if voiced else "f")
    return None


def greek_to_latin(text: str, *, identity_documents: bool = False) -> str:
    """Replace Greek letters in ``text`` by Latin ones; everything else is kept."""
    out: list[str] = []
    n = len(text)
    i = 0
    prev: _Letter | None = None
    while i < n:
        cur = GREEK_LETTERS.get(text[i])
        if cur is None:
            ch = text[i]
            # Archaic letters (digamma, koppa, sampi...) have no ELOT value.
            out.append(anyascii(ch) if _GREEK_BLOCK.match(ch) and ch.isalpha() else ch)
            prev = None
            i += 1
            continue
        word_start = prev is None and (i == 0 or not text[i - 1].isalpha())
        nxt = GREEK_LETTERS.get(text[i + 1]) if i + 1 < n else None
        if nxt is not None:
            after = GREEK_LETTERS.get(text[i + 2]) if i + 2 < n else None
            group = _digraph(cur, nxt, after, word_start, identity_documents)
            if group is not None:
                out.append(_cased(group, [cur, nxt], after, prev))
                prev = nxt
                i += 2
                continue
        out.append(_cased(_SINGLE[cur.base], [cur], nxt, prev))
        prev = cur
        i += 1
    return "".join(out)
