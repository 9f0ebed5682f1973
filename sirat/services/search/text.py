"""Folding text for the search index, and finding the words a query matched.

Every word of a text is looked up by each of its search keys (:func:`sirat.names.search_keys`:
Đorđe is "djordje" and "dorde"; Христо is "khristo" and "hristo"). FTS5 has one position per
token, so the index holds two streams per text:

* the *primary* stream -- each word's :func:`sirat.names.search_key`, in order, so phrases
  match position by position;
* *alternate windows* -- each other spelling of a word between its neighbours' primary keys
  ("ivan dorde petrovic"), and the pairs where two neighbours both have other spellings.
  Windows are separated by :data:`SEP`, a token no query can produce, so a phrase never
  matches across two windows. They go to the FTS column ``alt``;
* a *bag* at the end of ``alt``: the other systems' readings of each word
  (:func:`sirat.names.variant_keys`: Iordan, Yiorgos, Papadopulos, Victor Ciobanu...) and,
  for words that look like names (capitalised inside a sentence; every word of an entity's
  names), the consonant skeleton (:func:`sirat.names.skeleton`, "0ptrf"). Single words
  match the bag, phrases do not; no neighbour is repeated, so frequent words do not grow.

Queries are folded by the same :func:`word_keys`, so both sides agree by construction.
Highlighting works on the original text: a word is marked when one of its keys is a query
token (or starts with a query prefix), whatever its script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from sirat.names import search_key, search_keys, skeleton, variant_keys

#: Separates windows and list items in an FTS column. Non-ASCII, so FTS5's ``ascii``
#: tokenizer makes it a token of its own; folded queries are ASCII, so never match it.
SEP: Final = "\u00a7"
#: Official other spellings kept per word, and the other systems' readings after them.
MAX_ALTERNATES: Final = 4
MAX_VARIANTS: Final = 5
#: Skeletons per word (its own and, if different, its first other spelling's).
MAX_SKELETONS: Final = 2
#: Alternates of two neighbours paired in windows (each side): bounds the windows.
_PAIRED: Final = 2
#: Letters (and combining marks, for text typed in decomposed form), digits, inner apostrophes.
_WORD: Final = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f])+(?:['\u2019`](?:[^\W_]|[\u0300-\u036f])+)*"
)


@lru_cache(maxsize=262_144)
def word_keys(word: str, expand: bool = True) -> tuple[str, tuple[str, ...]]:
    """(primary key, other keys) of one word; keys may hold spaces ("a-b" style words).

    Without ``expand`` only the primary key (the ``exact:`` operator)."""
    primary = search_key(word)
    if not expand:
        return primary, ()
    official = sorted(k for k in search_keys(word) if k and k != primary)[:MAX_ALTERNATES]
    variants = [k for k in variant_keys(word) if k != primary][:MAX_VARIANTS]
    return primary, (*official, *variants)


def all_keys(word: str, expand: bool = True) -> tuple[str, ...]:
    primary, others = word_keys(word, expand)
    return (primary, *others) if primary else others


@lru_cache(maxsize=262_144)
def word_skeletons(word: str) -> tuple[str, ...]:
    """The skeleton keys of one word ("0ptrf"): of its primary key and its first other
    spelling with a different one (Χατζής: chatzis and xatzis), at most MAX_SKELETONS."""
    out: list[str] = []
    for key in all_keys(word):
        if " " in key:
            continue
        skel = skeleton(key)
        if skel and skel not in out:
            out.append(skel)
        if len(out) >= MAX_SKELETONS:
            break
    return tuple(out)


def looks_like_name(word: str) -> bool:
    """Capitalised (in any script): worth a skeleton in a running text."""
    return word[:1].isupper()


@dataclass(frozen=True, slots=True)
class Folded:
    """A text as the index stores it: primary stream and alternate windows."""

    primary: str
    alternates: str


@lru_cache(maxsize=262_144)
def _index_keys(word: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(primary, official other spellings, other systems' readings) of one word."""
    primary, others = word_keys(word)
    official = tuple(k for k in others if k in search_keys(word))
    return primary, official, tuple(k for k in others if k not in official)


_SENTENCE_END: Final = frozenset(".!?\n")


def fold_text(text: str, *, names: bool = False) -> Folded:
    """Fold one text (a title, a narrative, a name) into its two streams.

    Official other spellings go to windows (phrases find them); the other systems' readings
    and skeletons go to a bag at the end of ``alt`` (single words find them). Skeletons are
    added for the words that look like names -- capitalised, but not at the start of a
    sentence -- or for every word when ``names`` (an entity's names)."""
    if not text:
        return Folded("", "")
    words: list[tuple[str, tuple[str, ...]]] = []
    bag: list[str] = []
    end = -1  # where the previous word ended; -1: none yet, a sentence starts
    for m in _WORD.finditer(text):
        word = m.group()
        primary, official, variants = _index_keys(word)
        if primary:
            words.append((primary, official))
            bag.extend(variants)
            starts = end < 0 or not _SENTENCE_END.isdisjoint(text[end:m.start()])
            if names or (looks_like_name(word) and not starts):
                bag.extend(word_skeletons(word))
        end = m.end()
    if not words:
        return Folded("", "")
    primary = " ".join(p for p, _ in words)
    alternates = " ".join(_windows(words))
    if bag:
        keys = " ".join(dict.fromkeys(bag))
        alternates = f"{alternates} {keys} {SEP}" if alternates else f"{keys} {SEP}"
    return Folded(primary, alternates)


def _windows(words: list[tuple[str, tuple[str, ...]]]) -> Iterator[str]:
    sep = f" {SEP}"
    for i, (_p, others) in enumerate(words):
        if not others:
            continue
        before = words[i - 1][0].rsplit(" ", 1)[-1] if i else ""
        after = words[i + 1][0].split(" ", 1)[0] if i + 1 < len(words) else ""
        for alt in others:
            yield f"{before} {alt} {after}".strip() + sep
        if i + 1 < len(words) and words[i + 1][1]:
            for alt in others[:_PAIRED]:
                for nxt in words[i + 1][1][:_PAIRED]:
                    yield f"{alt} {nxt}" + sep


def fold_items(items: Iterable[str], *, names: bool = False) -> Folded:
    """Fold a list (keywords, name forms): items separated so no phrase spans two."""
    parts = [fold_text(item, names=names) for item in items if item]
    sep = f" {SEP} "
    return Folded(sep.join(p.primary for p in parts if p.primary),
                  " ".join(p.alternates for p in parts if p.alternates))


# ---- highlighting --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Matcher:
    """Query tokens a word may equal, and prefixes it may start with (folded)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...] = ()
    #: Skeleton keys ("0ptrf") a word may have: a looser match, marked all the same.
    loose: frozenset[str] = frozenset()
    #: Tokens of ``exact:`` words: matched against a word's own spelling only.
    own: frozenset[str] = frozenset()
    #: Answers so far, by word as written (one query's hits repeat many words).
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.loose or self.own)

    def matches(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            exact, prefixes = self.exact, self.prefixes
            found = any(token in exact or (prefixes and token.startswith(prefixes))
                        for key in all_keys(word) for token in key.split())
            if not found and self.loose and looks_like_name(word):
                # Only names carry skeletons in the index (see fold_text).
                found = not self.loose.isdisjoint(word_skeletons(word))
            if not found and self.own:
                found = not self.own.isdisjoint(search_key(word).split())
            if len(self._seen) < 100_000:
                self._seen[word] = found
        return found


Span = tuple[int, int]


def find_spans(text: str, matcher: Matcher) -> list[Span]:
    """Character spans of the words of ``text`` the query matched, in order."""
    if not matcher or not text:
        return []
    return [m.span() for m in _WORD.finditer(text) if matcher.matches(m.group())]


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text with the spans to highlight (offsets into ``text``)."""

    text: str
    spans: tuple[Span, ...]
    #: Text was left out before / after the snippet.
    cut_start: bool = False
    cut_end: bool = False


def snippet(text: str, matcher: Matcher, width: int = 220) -> Snippet:
    """The part of ``text`` around its first match (or its start), at most ``width`` long.

    Words are examined only up to the end of the snippet: a long narrative costs no more
    than a short one once its first match is found.
    """
    if len(text) <= width:
        return Snippet(text, tuple(find_spans(text, matcher)))
    first = 0
    if matcher:
        first = next((m.start() for m in _WORD.finditer(text) if matcher.matches(m.group())), 0)
    start = max(0, first - width // 4)
    if start:
        # Start on a word boundary.
        space = text.find(" ", start, first) if first > start else -1
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 30), end)
        end = space if space > start else end
    part = text[start:end]
    return Snippet(part, tuple(find_spans(part, matcher)), start > 0, end < len(text))


def first_match(text: str, matcher: Matcher) -> bool:
    """Whether any word of ``text`` matches (stops at the first)."""
    # findall builds no match objects: the hot loop of building hits.
    return bool(matcher) and any(map(matcher.matches, _WORD.findall(text)))
