"""Find names and identifiers in free text, in any script or spelling, and replace them.

The text is tokenised into words; each word is *folded* on its own (lower-case ASCII,
script- and diacritic-insensitive) while its character span in the original is kept,
so a replacement cuts exactly the matched words and leaves the rest as written.
Folded words are then reduced to a spelling *skeleton* (dj→d, ou→u, y→i, doubled
letters once ...) so that the usual romanisations of one name meet: Петров / Petrov /
PETROV, Ђорђе / Đorđe / Djordje, Παπαδόπουλος / Papadopoulos.

Name forms match as whole word sequences and, for persons, also token by token (every
token of three folded letters or more), including case endings (Petrov → Petrova,
Papadopoulos → Papadopoulou, Marko → Markom — but not Mark → market). Identifiers
(phone numbers, document numbers, IBANs, plates) match on their letters and digits
whatever the separators, with look-alike Cyrillic and Greek plate letters read as Latin.

Street addresses are matched as street name + house number in either order, with or
without the street words of the region's languages (:mod:`sirat.export.redact_places`);
dates of birth in every common numeric and written form (:mod:`sirat.export.redact_dates`).
A replacement never leaves half a pair of brackets: "(+30) 694 ..." becomes "[PHONE]",
not "([PHONE]".

The failure mode is chosen: over-redaction (a word that happens to equal a person's given
name) is acceptable, a leak is not.

The folding function can be injected; by default it is ``sirat.names.fold.search_key``
(which also applies the region's rules: Đ→dj, Romanian cedilla forms, Turkish İ/ı).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sirat.export.redact_dates import date_pattern
from sirat.export.redact_places import NUMBER_WORDS, STREET_WORDS
from sirat.names.fold import search_key

FoldFn = Callable[[str], str]

# A word: letters/digits plus combining marks and invisible joiners, so that a soft
# hyphen or a decomposed accent inside a name does not split it into harmless pieces.
_WORD = re.compile(
    "[\\w\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u200b-\u200d\u2060]+"
)
_SKELETON_RULES = {
    "dzh": "z", "tch": "c", "dj": "d", "gj": "g", "zh": "z", "sh": "s", "ch": "c",
    "kh": "h", "ts": "c", "tz": "c", "ph": "f", "th": "t", "ck": "k", "ou": "u",
    "x": "ks", "w": "v", "y": "i", "j": "i", "q": "k",
    # Greek spellings of foreign names: μπ for b, ντ for d, γκ for g, -οφ for -ov.
    "mp": "b", "nt": "d", "gk": "g", "f": "v",
}  # fmt: skip
_SKELETON = re.compile("|".join(sorted(_SKELETON_RULES, key=len, reverse=True)))
_DOUBLED = re.compile(r"(.)\1+")
# Plate letters that look alike across scripts (Bulgarian and Greek plates use them).
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТУХавекмнорстухΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEKMHOPCTYXabekmhopctyxABEZHIKMNOPTYX"
)
_INFLECTION_ENDINGS = ("os", "as", "is", "es", "us", "a", "e", "i", "o", "u")
# Case and possessive endings of the region's languages (Slavic, Greek, Romanian,
# Albanian, Turkish, Hungarian) and English, as skeletons: a name plus one of these is
# the name; a name plus anything else ("Mark" + "et") is another word.
_SUFFIX_LIST = (
    "a e i o u s om em im ov ev ova eva ove ovi ih ima oi ei in ina ini on os es is as us "
    "ul lui ului ii it ve un nin nun ia ie da de ta te dan den tan ten la le "
    "nak nek ot val vel nal nel hoz tol rol ba be ban ben"
)
_SUFFIXES = frozenset(_SUFFIX_LIST.split())
_MIN_TOKEN = 3
_MIN_STEM = 4
_MIN_IDENTIFIER = 5
_BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”"}
_LEADING_DIGITS = re.compile(r"^(\d+).*$")
_CLOSERS = {close: open_ for open_, close in _BRACKETS.items()}


def default_fold(text: str) -> str:
    """``sirat.names.fold.search_key`` without its spaces: one word's folded letters."""
    return search_key(text).replace(" ", "")


def skeleton(key: str) -> str:
    """Reduce a folded word to the letters its romanisations share."""
    reduced = _SKELETON.sub(lambda m: _SKELETON_RULES[m.group()], key)
    return _DOUBLED.sub(r"\1", reduced)


_VOWELS = frozenset("aeiou")
_MIN_CONSONANT_TOKEN = 5


def consonants(key: str) -> str:
    """A skeleton's consonants, with whether it starts with a vowel: spellings that differ
    only in their vowels (Yılmaz / Йълмаз, Georgiou / Georgio) meet here."""
    return ("_" if key[:1] in _VOWELS else "") + "".join(c for c in key if c not in _VOWELS)


def _stem(token: str) -> str:
    """Drop one common inflectional ending, keeping at least ``_MIN_STEM`` letters."""
    for ending in _INFLECTION_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM:
            return token[: -len(ending)]
    return token


def _inflected(word: str, stem: str) -> bool:
    """``word`` is ``stem`` with a case ending (Petrov/Petrova, Papadopoulos/-ou)."""
    return word.startswith(stem) and skeleton(word[len(stem) :]) in _SUFFIXES


@dataclass(frozen=True, slots=True)
class _Term:
    tokens: tuple[str, ...]
    placeholder: str
    stem: str | None  # set for single person tokens that also match inflected


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    key: str  # skeleton of the folded word


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    placeholder: str


class Redactor:
    """Collects what must disappear from free text, then redacts any number of texts."""

    def __init__(self, fold: FoldFn | None = None) -> None:
        self._fold = fold or default_fold
        self._cache: dict[str, str] = {}
        self._persons: list[tuple[tuple[str, ...], str]] = []
        self._names: list[tuple[str, str]] = []
        self._identifiers: dict[str, str] = {}
        self._terms: dict[str, list[_Term]] | None = None
        self._stems: dict[str, list[_Term]] = {}
        self._consonants: dict[str, list[_Term]] = {}
        self._dates: list[tuple[re.Pattern[str], str]] = []
        self._streets: list[tuple[tuple[str, ...], str, str]] = []  # name, number, placeholder
        self._street_words: frozenset[str] | None = None
        self._number_words: frozenset[str] = frozenset()

    def add_date(self, value: str, placeholder: str) -> None:
        """A date (of birth): every common numeric and written form of it."""
        pattern = date_pattern(value, self._fold_chars)
        if pattern is not None:
            self._dates.append((pattern, placeholder))

    def add_address(self, text: str, placeholder: str) -> None:
        """A street address: each numbered part of ``text`` ("Ermou 25", "ул. Витоша 15")
        as street name + number in either order, with or without street words."""
        words = self._street_vocabulary()
        for part in re.split(r"[,;\n]", text):
            names: list[str] = []
            numbers: list[str] = []
            for match in _WORD.finditer(part):
                key = skeleton(self._fold_word(match.group()))
                if any(ch.isdigit() for ch in key):
                    numbers.append(key)
                elif key and key not in words and key not in self._number_words:
                    names.append(key)
            if names and numbers:  # the house number ends it ("28is Oktovriou 15")
                self._streets.append((tuple(names), numbers[-1], placeholder))

    def add_person(self, forms: tuple[str, ...], placeholder: str) -> None:
        """A person: every full form, and every token of three letters or more."""
        self._persons.append((forms, placeholder))
        self._terms = None

    def add_name(self, form: str, placeholder: str) -> None:
        """A non-person name (street address, vessel name ...): only the whole form."""
        self._names.append((form, placeholder))
        self._terms = None

    def add_identifier(self, value: str, placeholder: str) -> None:
        """An identifier: matched on its letters and digits, whatever the separators."""
        key = "".join(self._char_keys(value))
        if len(key) >= _MIN_IDENTIFIER:
            self._identifiers.setdefault(key, placeholder)
            self.add_name(value, placeholder)
        elif len(key) >= _MIN_TOKEN and any(ch.isdigit() for ch in key):
            self.add_name(value, placeholder)  # a short call sign or plate: as a whole word

    def _fold_chars(self, text: str) -> str:
        """Each letter folded on its own, other characters kept: the stream dates use."""
        return "".join(self._fold_word(ch) if ch.isalnum() else ch for ch in text.lower())

    def _street_vocabulary(self) -> frozenset[str]:
        if self._street_words is None:
            self._street_words = frozenset(skeleton(self._fold_word(w)) for w in STREET_WORDS)
            self._number_words = frozenset(skeleton(self._fold_word(w)) for w in NUMBER_WORDS)
        return self._street_words

    def _fold_word(self, word: str) -> str:
        key = self._cache.get(word)
        if key is None:
            key = self._fold(word)
            self._cache[word] = key
        return key

    def _words(self, text: str) -> list[_Word]:
        words = []
        for match in _WORD.finditer(text):
            key = self._fold_word(match.group())
            if key:
                words.append(_Word(match.start(), match.end(), skeleton(key)))
        return words

    def _char_keys(self, text: str) -> list[str]:
        return [self._fold_word(ch.translate(_HOMOGLYPHS)) if ch.isalnum() else "" for ch in text]

    def _compile(self) -> dict[str, list[_Term]]:
        terms: dict[str, list[_Term]] = {}
        self._stems = {}
        self._consonants = {}
        owners: dict[str, list[str]] = {}
        for forms, placeholder in self._persons:
            for form in forms:
                words = self._words(form)
                short = len(words) == 1 and len(self._fold_word(form.strip())) < _MIN_TOKEN
                if len(words) > 1 or short:
                    tokens = tuple(w.key for w in words)
                    terms.setdefault(tokens[0], []).append(_Term(tokens, placeholder, None))
                for word in words:
                    if len(self._fold_word(form[word.start : word.end])) >= _MIN_TOKEN:
                        holders = owners.setdefault(word.key, [])
                        if placeholder not in holders:
                            holders.append(placeholder)
        for token, holders in owners.items():
            # A token two persons share (brothers' surname) must not name the wrong one.
            placeholder = holders[0] if len(holders) == 1 else _joined(holders)
            stem = _stem(token)
            term = _Term((token,), placeholder, stem if len(stem) >= _MIN_STEM else None)
            terms.setdefault(token, []).append(term)
            if term.stem:
                self._stems.setdefault(term.stem[:_MIN_STEM], []).append(term)
            shape = consonants(token)
            if len(token) >= _MIN_CONSONANT_TOKEN and len(shape.strip("_")) >= _MIN_TOKEN:
                self._consonants.setdefault(shape, []).append(term)
        for form, placeholder in self._names:
            tokens = tuple(w.key for w in self._words(form))
            if tokens:
                terms.setdefault(tokens[0], []).append(_Term(tokens, placeholder, None))
        return terms

    def _match_at(
        self, terms: dict[str, list[_Term]], words: list[_Word], i: int
    ) -> tuple[int, str]:
        """Longest term starting at word ``i``: (number of words or 0, placeholder)."""
        key = words[i].key
        candidates = list(terms.get(key, ()))
        candidates += [
            t for t in self._stems.get(key[:_MIN_STEM], ()) if t.stem and _inflected(key, t.stem)
        ]
        if not candidates and len(key) >= _MIN_STEM:
            candidates = list(self._consonants.get(consonants(key), ()))
        best, placeholder = 0, ""
        for term in candidates:
            n = len(term.tokens)
            fits = i + n <= len(words) and all(
                words[i + k].key == term.tokens[k] for k in range(1, n)
            )
            if fits and n > best:
                best, placeholder = n, term.placeholder
        return best, placeholder

    def _name_spans(self, text: str) -> list[_Span]:
        terms = self._terms if self._terms is not None else self._compile()
        self._terms = terms
        words = self._words(text)
        spans: list[_Span] = []
        i = 0
        while i < len(words):
            n, placeholder = self._match_at(terms, words, i)
            if n:
                spans.append(_Span(words[i].start, words[i + n - 1].end, placeholder))
                i += n
            else:
                i += 1
        return spans

    def _identifier_spans(self, text: str) -> list[_Span]:
        if not self._identifiers:
            return []
        stream: list[str] = []
        positions: list[int] = []
        for index, key in enumerate(self._char_keys(text)):
            stream.append(key)
            positions.extend([index] * len(key))
        joined = "".join(stream)
        spans = []
        for key, placeholder in self._identifiers.items():
            found = joined.find(key)
            while found != -1:
                first, last = positions[found], positions[found + len(key) - 1] + 1
                while first > 0 and (text[first - 1].isalnum() or text[first - 1] == "+"):
                    first -= 1
                while last < len(text) and text[last].isalnum():
                    last += 1
                spans.append(_Span(first, last, placeholder))
                found = joined.find(key, found + 1)
        return spans

    def _date_spans(self, text: str) -> list[_Span]:
        if not self._dates:
            return []
        stream: list[str] = []
        positions: list[int] = []
        for index, ch in enumerate(text):
            folded = self._fold_word(ch) if ch.isalnum() else (" " if ch.isspace() else ch)
            stream.append(folded.lower())
            positions.extend([index] * len(folded))
        joined = "".join(stream)
        spans = []
        for pattern, placeholder in self._dates:
            for found in pattern.finditer(joined):
                if found.end() > found.start():
                    end = positions[found.end() - 1] + 1
                    spans.append(_Span(positions[found.start()], end, placeholder))
        return spans

    def _street_spans(self, text: str) -> list[_Span]:
        if not self._streets:
            return []
        streets = self._street_vocabulary()
        fillers = streets | self._number_words
        words = self._words(text)
        keys = [w.key for w in words]
        spans = []

        def number_at(j: int, number: str) -> bool:
            return 0 <= j < len(keys) and _same_number(keys[j], number)

        for name, number, placeholder in self._streets:
            n = len(name)
            for i in range(len(keys) - n + 1):
                if not all(_same_word(keys[i + k], name[k]) for k in range(n)):
                    continue
                first, last = i, i + n - 1
                after = last + 1
                while after < len(keys) and after - last <= 3 and keys[after] in fillers:
                    after += 1
                before = first - 1
                while before >= 0 and first - before <= 3 and keys[before] in fillers:
                    before -= 1
                if number_at(after, number):
                    last = after
                elif number_at(before, number):
                    first = before
                else:
                    continue
                while first > 0 and keys[first - 1] in streets:
                    first -= 1
                while last + 1 < len(keys) and keys[last + 1] in streets:
                    last += 1
                spans.append(_Span(words[first].start, words[last].end, placeholder))
        return spans

    def redact(self, text: str) -> tuple[str, int]:
        """Return ``text`` with every match replaced, and the number of replacements."""
        found = (self._name_spans(text) + self._identifier_spans(text)
                 + self._date_spans(text) + self._street_spans(text))
        spans = sorted((_balanced(text, s) for s in found), key=lambda s: (s.start, -s.end))
        merged: list[_Span] = []
        for span in spans:
            last = merged[-1] if merged else None
            if last is not None and span.start < last.end:
                last.end = max(last.end, span.end)
            elif (
                last is not None
                and last.placeholder == span.placeholder
                and span.placeholder.startswith("[PERSON")
                and text[last.end : span.start].strip(" \u00a0,") == ""
            ):
                last.end = span.end  # "Petrov, Ivan": one placeholder, not two
            else:
                merged.append(_Span(span.start, span.end, span.placeholder))
        out: list[str] = []
        cursor = 0
        for span in merged:
            out += [text[cursor : span.start], span.placeholder]
            cursor = span.end
        out.append(text[cursor:])
        return "".join(out), len(merged)


def _same_word(word: str, wanted: str) -> bool:
    """One word of a street name: the same skeleton, or for longer words the same
    consonants (Durrësit / Дуръсит differ in a vowel only)."""
    long_enough = len(word) >= _MIN_STEM and len(wanted) >= _MIN_STEM
    return word == wanted or (long_enough and consonants(word) == consonants(wanted))


def _same_number(word: str, number: str) -> bool:
    """A house number as written ("25", "25a") against the stored one: same digits."""
    return _LEADING_DIGITS.sub(r"\1", word) == _LEADING_DIGITS.sub(r"\1", number)


def _balanced(text: str, span: _Span) -> _Span:
    """Widen ``span`` so that it never keeps one bracket of a pair and cuts the other."""
    start, end = span.start, span.end
    inside = text[start:end]
    for close, open_ in _CLOSERS.items():
        if inside.count(close) > inside.count(open_):
            left = start
            while left > 0 and text[left - 1] in " \u00a0+":
                left -= 1
            if left > 0 and text[left - 1] == open_:
                start = left - 1
    for open_, close in _BRACKETS.items():
        if inside.count(open_) > inside.count(close):
            right = end
            while right < len(text) and text[right] in " \u00a0":
                right += 1
            if right < len(text) and text[right] == close:
                end = right + 1
    return _Span(start, end, span.placeholder)


def _joined(placeholders: list[str]) -> str:
    return "[" + " or ".join(p.strip("[]") for p in placeholders) + "]"
