"""Scoring whether two name sets, or two people, are the same, with reasons an analyst can read.

Names are compared on their search keys (every spelling of :func:`search_keys` and of
:func:`sirat.names.variant_keys`, so Ђорђе, Đorđe, Djordje and Dorde are one name, and
Йордан is Yordan, Jordan and Iordan).  Words are paired regardless of order, so "PETROV
Ivan" meets "Ivan Petrov".  A word pair scores:

* 100 when equal in some spelling of an official or established system ("identical");
* 92 for a Greek formal/everyday given name (Georgios/Giorgos);
* at least 94 when only the transliteration differs (same :func:`spelling_key`:
  Tsvetkov/Cvetkov, Jordan/Yordan -- a "spelling variant");
* :data:`GENDER_FORM_SIMILARITY` for a male/female pair of one name (Petrov/Petrova,
  Papadopoulos/Papadopoulou, Ljubiša/Ljubica): related people, not one person;
* otherwise the rapidfuzz ratio with its distance from 100 doubled, because a real
  spelling difference in a name (Ivanov/Ivanović, Дечов/Дечков) usually means another name.

Two words that fold to one key but were both written with diacritics that differ (Šarić and
Sarić typed by someone who has ć) are *not* equal: folding hid a different letter.

Then :func:`score_person` weighs the name score with date of birth, gender and nationality,
and asks for **evidence** before "same": names identical in some official spelling, or a
spelling variant (or an initial) confirmed by the same full date of birth.  Names that are
merely alike -- a variant without that date, or any other difference -- are at most
"possible", whatever the score.  Thresholds are the constants below; the tables in
``tests/unit/names/test_names_match.py`` and the labelled set in ``tests/data/names`` are
what they were chosen against.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, NamedTuple

from rapidfuzz import fuzz

from sirat.names._short_forms import FORMAL
from sirat.names.fold import search_key, search_keys
from sirat.names.translit import detect_script, guess_language, transliterate
from sirat.names.variants import spelling_key, variant_keys

__all__ = [
    "GENDER_FORM_SIMILARITY",
    "MATCH_THRESHOLD",
    "NAME_MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "Evidence",
    "MatchResult",
    "NameScore",
    "PersonFacts",
    "Verdict",
    "compare_dates_of_birth",
    "score_names",
    "score_person",
]

#: A person score at or above this is "same".
MATCH_THRESHOLD: Final = 85
#: A person score at or above this (and below MATCH_THRESHOLD) is "possible".
POSSIBLE_THRESHOLD: Final = 65
#: Names scoring below this cannot make a "same" verdict, whatever else agrees.
NAME_MATCH_THRESHOLD: Final = 85
#: Word similarity of a male/female surname pair (Petrov/Petrova).
GENDER_FORM_SIMILARITY: Final = 60

_SOUND_ALIKE: Final = 94.0  # same sound key, different spelling
_SOUND_CHECK_FROM: Final = 60.0
_SHORT_WORD: Final = 3
_INITIAL: Final = 85.0  # "G." against "Giorgos"
_SHORT_FORM: Final = 92.0  # a formal given name and its everyday form
_EXTRA_WORD_PENALTY: Final = 4.0  # a middle name or patronymic on one side only
_ONE_WORD_CAP: Final = 75.0  # only one word in common with a longer name
_DOB_SAME_BONUS: Final = 8.0
_DOB_COMPATIBLE_BONUS: Final = 2.0
_DOB_TYPO_PENALTY: Final = 10.0
_NATIONALITY_BONUS: Final = 3.0
_NATIONALITY_PENALTY: Final = 5.0

Verdict = Literal["same", "possible", "different"]
#: How two names agree, weakest part deciding: "identical" in some official spelling (or a
#: formal/everyday given name), a "variant" spelling or an "initial" (both need a date of
#: birth to make "same"), or only "alike" (never "same").
Evidence = Literal["identical", "variant", "initial", "alike"]
_STRENGTH: Final[dict[str, int]] = {"identical": 3, "variant": 2, "initial": 1, "alike": 0}


@dataclass(frozen=True, slots=True)
class NameScore:
    """How alike two sets of name forms are: 0..100, and why, in words."""

    score: int
    explanation: str
    #: Indexes of the best-matching form on each side (0 = the main name).
    best: tuple[int, int] = (0, 0)
    evidence: Evidence = "identical"


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What matching knows of a person.  Dates: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or a date,
    optionally prefixed 'about '; gender: 'male'/'female' (or 'm'/'f'); nationalities:
    ISO 3166 codes."""

    names: Sequence[str]
    date_of_birth: str | dt.date | None = None
    nationalities: Sequence[str] = ()
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A scored candidate: 0..100, a verdict, and the reasons in the order they weigh."""

    score: int
    verdict: Verdict
    reasons: tuple[str, ...]
    #: The score before the evidence ceilings: orders candidates that share a capped score
    #: (the true Đurić spelled differently above Jurić, both "possible").
    similarity: float = 0.0


# ---------------------------------------------------------------------------
# Names

# (male ending, female ending, shortest stem): Slavic Petrov/Petrova, Ivan/Ivana,
# Aleksandar/Aleksandra, Gjorgjievski/Gjorgjievska, Russian -skiy/-skaya, Greek
# Papadopoulos/Papadopoulou and Kyriakidis/Kyriakidi.  The Greek -is/-i pair needs a
# long stem so that the given names Dimitris (Greek) and Dimitri (Russian) are not
# taken for a couple.
# Given names: Ljubiša/Ljubica, Marko/Marka, Andrei/Andreea, Georgios/Georgia.
_GENDER_SUFFIXES: Final = (
    ("", "a", 3), ("ar", "ra", 3), ("ski", "ska", 3), ("sky", "skaya", 3), ("iy", "aya", 3),
    ("os", "ou", 3), ("is", "i", 7), ("isa", "ica", 3), ("o", "a", 3), ("ei", "eea", 3),
    ("ios", "ia", 3), ("ov", "ova", 3), ("ev", "eva", 3), ("in", "ina", 3),
)  # fmt: skip


def _gendered_pair(x: str, y: str) -> bool:
    """Whether x and y are the male and female forms of one name (Petrov/Petrova)."""
    if x[:3] != y[:3] or abs(len(x) - len(y)) > 2:
        return False  # the common case, cheaply: every pair below shares a stem
    for male, female, shortest in _GENDER_SUFFIXES:
        for a, b in ((x, y), (y, x)):
            stem = a[: len(a) - len(male)]
            if a.endswith(male) and len(stem) >= shortest and b == stem + female:
                return True
    return False


_WordMatch = tuple[float, Evidence]


@lru_cache(maxsize=262144)
def _word_similarity(x: str, y: str) -> _WordMatch:
    if x == y:
        return 100.0, "identical"
    if len(x) == 1 or len(y) == 1:
        return (_INITIAL, "initial") if x[0] == y[0] else (0.0, "alike")
    if _gendered_pair(x, y):
        return float(GENDER_FORM_SIMILARITY), "alike"
    formal = FORMAL.get(x)
    if formal is not None and formal == FORMAL.get(y):
        return _SHORT_FORM, "identical"  # Georgios on the passport, Giorgos in the report
    ratio = fuzz.ratio(x, y)
    # Spellings of one sound stay close letter by letter (Tsvetan/Cvetan: 77), so the
    # spelling keys are worth computing only for pairs that are not far apart.  Unlike the
    # coarse sound key, they keep an extra consonant or vowel apart (Дечов/Дечков).
    if ratio >= _SOUND_CHECK_FROM and spelling_key(x) == spelling_key(y):
        if min(len(x), len(y)) <= _SHORT_WORD:
            return ratio, "alike"  # Kis/Kiss, Rus/Russ: in a short word, another name
        return max(ratio, _SOUND_ALIKE), "variant"
    return max(0.0, 100.0 - 2.0 * (100.0 - ratio)), "alike"


class _Form(NamedTuple):
    """A name form prepared for comparison: each word with every spelling of it."""

    words: tuple[frozenset[str], ...]
    lengths: tuple[int, ...]  # of the main spelling of each word: its weight
    joined: frozenset[str]  # every spelling without spaces
    script: str
    #: Each word in Latin letters with its diacritics (None when it has none): the letters
    #: folding would hide (Š/S, Ž/Z, Đ/D).
    marked: tuple[str | None, ...]


# Letters people swap without meaning another name; everything else with a mark counts.
_SAME_MARKS: Final = str.maketrans({"č": "ć", "ı": "i", "ő": "ö", "ű": "ü", "ş": "ș",
                                    "ţ": "ț", "ë": "e", "ç": "ć", "â": "a", "î": "i",
                                    "ð": "đ"})
_LATIN_WORD: Final = re.compile(r"[^\W\d_]+")


def _marked_words(form: str, count: int) -> tuple[str | None, ...]:
    """The words of ``form`` with their diacritics, if it is Latin or Serbian/Macedonian
    Cyrillic (whose letters map one to one onto Latin ones with marks)."""
    script = detect_script(form)
    if script == "cyrillic" and guess_language(form) in ("sr", "mk"):
        form = transliterate(form, "sr")
    elif script != "latin":
        return (None,) * count
    words = _LATIN_WORD.findall(unicodedata.normalize("NFC", form).lower())
    if len(words) != count:
        return (None,) * count
    # Dj is how Đ is typed where the letter is missing (Djurić): the same letter.
    return tuple(w.translate(_SAME_MARKS).replace("dj", "đ") if not w.isascii() else None
                 for w in words)


@lru_cache(maxsize=65536)
def _prepare(form: str) -> _Form | None:
    main = search_key(form).split()
    if not main:
        return None
    # Transliteration keeps word boundaries, so the spellings line up word by word.
    spellings = [key.split() for key in (*search_keys(form), *variant_keys(form))]
    words = tuple(
        frozenset(s[k] for s in spellings if len(s) == len(main)) | {main[k]}
        for k in range(len(main))
    )
    joined = frozenset("".join(s) for s in spellings)
    return _Form(words, tuple(len(w) for w in main), joined, detect_script(form),
                 _marked_words(form, len(main)))


def _best_spelling(a: frozenset[str], b: frozenset[str]) -> _WordMatch:
    if a & b:
        return 100.0, "identical"
    return max((_word_similarity(x, y) for x in a for y in b),
               key=lambda m: (m[0], _STRENGTH[m[1]]))


def _pair(fa: _Form, fb: _Form, i: int, j: int) -> _WordMatch:
    found = _best_spelling(fa.words[i], fb.words[j])
    ma, mb = fa.marked[i], fb.marked[j]
    if found[1] == "identical" and ma and mb and ma != mb and found[0] == 100.0:
        # Both written with diacritics, and they differ: Šarić is not Sarić.
        return max(0.0, 100.0 - 2.0 * (100.0 - fuzz.ratio(ma, mb))), "alike"
    return found


@lru_cache(maxsize=65536)
def _form_similarity(fa: _Form, fb: _Form) -> tuple[float, bool, Evidence]:
    """Similarity of two prepared forms, whether their word order differs, and the
    weakest evidence among the paired words."""
    wa, wb = fa.words, fb.words
    pairs = sorted(
        ((*_pair(fa, fb, i, j), i, j) for i in range(len(wa)) for j in range(len(wb))),
        key=lambda p: (p[0], _STRENGTH[p[1]]), reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched: list[tuple[float, int, int]] = []
    evidence: Evidence = "identical"
    for sim, kind, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((sim, i, j))
            if _STRENGTH[kind] < _STRENGTH[evidence]:
                evidence = kind
    # Long words weigh more (a surname says more than an initial), but every part of
    # a name must agree: the weakest pair counts half, so Marko/Mirko Marković differ.
    weights = [max(fa.lengths[i], fb.lengths[j]) for _, i, j in matched]
    average = sum(m[0] * w for m, w in zip(matched, weights, strict=True)) / sum(weights)
    score = (average + min(m[0] for m in matched)) / 2
    extra = [fa.lengths[k] for k in range(len(wa)) if k not in used_a]
    extra += [fb.lengths[k] for k in range(len(wb)) if k not in used_b]
    if extra and len(matched) == 1:
        score = min(score, _ONE_WORD_CAP)
    else:
        score -= sum(1.0 if n == 1 else _EXTRA_WORD_PENALTY for n in extra)
    # One side may have split a name the other wrote as one word (Abdul Rahman).
    if len(wa) != len(wb):
        joined = max(fuzz.ratio(x, y) for x in fa.joined for y in fb.joined)
        if 100.0 - 2.0 * (100.0 - joined) > score:
            score = 100.0 - 2.0 * (100.0 - joined)
            evidence = "identical" if joined == 100.0 else "alike"
    order = [j for _, _, j in sorted(matched, key=lambda m: m[1])]
    return max(score, 0.0), order != sorted(order), evidence


def score_names(a: Sequence[str], b: Sequence[str]) -> NameScore:
    """Best similarity between any name form of ``a`` and any of ``b`` (aliases included)."""
    best = (-1.0, False, 0, 0)
    evidence: Evidence = "alike"
    scripts = ("", "")
    for i, form_a in enumerate(a):
        fa = _prepare(form_a)
        if fa is None:
            continue
        for j, form_b in enumerate(b):
            fb = _prepare(form_b)
            if fb is None:
                continue
            found: tuple[float, bool, Evidence] = (
                (100.0, False, "identical") if fa == fb else _form_similarity(fa, fb))
            sim, swapped, kind = found
            if sim > best[0] or (sim == best[0] and _STRENGTH[kind] > _STRENGTH[evidence]):
                best = (sim, swapped, i, j)
                evidence = kind
                scripts = (fa.script, fb.script)
    sim, swapped, i, j = best
    if sim < 0:
        return NameScore(0, "no name to compare")
    score = round(sim)
    what = "name" if i == 0 and j == 0 else "alias"
    how = "identical" if score == 100 else f"{score}% similar"
    words = [what, how]
    if scripts[0] != scripts[1]:
        words.append("across scripts")
    if swapped:
        words.append("(name order differs)")
    return NameScore(score, " ".join(words), (i, j), evidence)


# ---------------------------------------------------------------------------
# Dates of birth

_DATE: Final = re.compile(r"^(about\s+|~\s*)?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", re.IGNORECASE)
_DateParts = tuple[int, int | None, int | None, bool]  # year, month, day, approximate
DobRelation = Literal["same", "compatible", "typo", "different", "unknown"]


def _parse_date(value: str | dt.date | None) -> _DateParts | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.year, value.month, value.day, False
    found = _DATE.match(value.strip())
    if found is None:
        return None  # unreadable: it says nothing either way
    approx, year, month, day = found.groups()
    return int(year), int(month) if month else None, int(day) if day else None, bool(approx)


def _looks_like_typo(a: _DateParts, b: _DateParts) -> bool:
    """Day and month swapped, or one mistyped digit in the day, the month or the
    year's last digit, between two full dates.  A slip in the century or decade
    (1990/1960) is ten years or more: another person, not a typo."""
    if a[1] == b[2] and a[2] == b[1] and a[0] == b[0]:
        return True
    da, db = f"{a[0]:04}{a[1]:02}{a[2]:02}", f"{b[0]:04}{b[1]:02}{b[2]:02}"
    differing = [k for k in range(8) if da[k] != db[k]]
    return len(differing) == 1 and differing[0] >= 3


def compare_dates_of_birth(a: str | dt.date | None, b: str | dt.date | None) -> DobRelation:
    """'same' (both full, equal), 'compatible' (agree as far as both go: '1980' and
    '1980-05-02'), 'typo' (full dates one digit or a day/month swap apart),
    'different' or 'unknown' (either missing or unreadable)."""
    pa, pb = _parse_date(a), _parse_date(b)
    if pa is None or pb is None:
        return "unknown"
    if pa[3] or pb[3]:
        # "about 1980": only the year is meant, give or take one.
        return "compatible" if abs(pa[0] - pb[0]) <= 1 else "different"
    full = None not in (pa[1], pa[2], pb[1], pb[2])
    if pa[:3] == pb[:3]:
        return "same" if full else "compatible"
    if full and _looks_like_typo(pa, pb):
        return "typo"
    for x, y in zip(pa[:3], pb[:3], strict=True):
        if x is not None and y is not None and x != y:
            return "different"
    return "compatible"


# ---------------------------------------------------------------------------
# People


def _gender(value: str | None) -> str | None:
    if not value:
        return None
    first = value.strip().lower()[:1]
    return first if first in ("m", "f") else None


def _verdict(score: float) -> Verdict:
    if score >= MATCH_THRESHOLD:
        return "same"
    if score >= POSSIBLE_THRESHOLD:
        return "possible"
    return "different"


def score_person(a: PersonFacts, b: PersonFacts) -> MatchResult:
    """Score two people on names, date of birth, nationality and gender.

    A different full date of birth, or a different gender, puts the pair below
    POSSIBLE_THRESHOLD; a date one typo away keeps it at most "possible"; names
    below NAME_MATCH_THRESHOLD never make "same", nor do names that are only alike, nor a
    spelling variant or an initial without the same full date of birth.
    """
    names = score_names(a.names, b.names)
    score = float(names.score)
    # Evidence against a match sets a ceiling that no bonus can lift the score over.
    ceiling = 100.0
    reasons: list[str] = []
    relation = compare_dates_of_birth(a.date_of_birth, b.date_of_birth)
    if relation == "same":
        score += _DOB_SAME_BONUS
        reasons.append("same date of birth")
    elif relation == "compatible":
        score += _DOB_COMPATIBLE_BONUS
        reasons.append("compatible date of birth")
    elif relation == "typo":
        score -= _DOB_TYPO_PENALTY
        ceiling = MATCH_THRESHOLD - 1
        reasons.append("date of birth one digit or a day/month swap apart")
    elif relation == "different":
        ceiling = POSSIBLE_THRESHOLD - 1
        reasons.append("different date of birth")
    reasons.append(names.explanation)
    if names.score < NAME_MATCH_THRESHOLD:
        ceiling = min(ceiling, MATCH_THRESHOLD - 1)
    # Evidence before "same": a spelling that only sounds alike proves nothing by itself.
    if names.evidence == "alike" and names.score >= NAME_MATCH_THRESHOLD:
        ceiling = min(ceiling, MATCH_THRESHOLD - 1)
        reasons.append("names alike but not one spelling of one name")
    elif names.evidence in ("variant", "initial") and relation != "same":
        ceiling = min(ceiling, MATCH_THRESHOLD - 1)
        reasons.append("spelling variant not confirmed by a date of birth"
                       if names.evidence == "variant"
                       else "an initial not confirmed by a date of birth")
    nat_a = {n.strip().upper() for n in a.nationalities if n.strip()}
    nat_b = {n.strip().upper() for n in b.nationalities if n.strip()}
    if nat_a and nat_b:
        if nat_a & nat_b:
            score += _NATIONALITY_BONUS
            reasons.append("same nationality")
        else:
            # Weak evidence: dual nationality is common in the region.
            score -= _NATIONALITY_PENALTY
            reasons.append("different nationality")
    ga, gb = _gender(a.gender), _gender(b.gender)
    if ga and gb and ga != gb:
        ceiling = POSSIBLE_THRESHOLD - 1
        reasons.append("different gender")
    final = round(min(max(score, 0.0), ceiling, 100.0))
    return MatchResult(final, _verdict(final), tuple(reasons), round(max(score, 0.0), 2))
