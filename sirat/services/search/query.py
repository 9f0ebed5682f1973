"""The search box's language, parsed here and written out as a *safe* FTS5 expression.

What an analyst may type::

    petrov                 a word, in any script (Петров, ΠΕΤΡΟΦ... see search_text)
    petr*                  a prefix (at least two letters)
    "ivan petrov"          a phrase
    heroin truck           both words (AND is implied)
    heroin OR cocaine      either
    heroin NOT truck       heroin, without truck (also: heroin -truck)
    (heroin OR cocaine) AND (truck OR van)
    exact:Dorde            this spelling only: no other romanization, no variant, no skeleton
    exact:"ivan petrov"    (also for a phrase; ``parse_query(..., expand=False)`` for all)

A word is looked up by every key of it: its folded form, its other official romanizations,
the other systems' readings (:func:`sirat.names.variant_keys`) and -- for a single word --
its consonant skeleton (:func:`sirat.names.skeleton`), which the index holds for names only.

User text never reaches FTS5 as syntax: every word is folded to its search keys, and the
expression is rebuilt from the parse tree with every key in double quotes. Keys hold only
``a-z``, ``0-9`` and spaces, so the output cannot carry a quote or an operator of its own.
The parser is forgiving: a missing closing quote or bracket is added, a stray operator or
bracket is ignored. What cannot mean anything (no words at all, only NOT, a one-letter
prefix) raises a :class:`ValidationError` with a hint.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Final

from sirat.errors import ValidationError
from sirat.services.search.text import Matcher, all_keys, word_skeletons

MAX_QUERY_CHARS: Final = 500
MAX_TERMS: Final = 32
MAX_PHRASE_SPELLINGS: Final = 16
MIN_PREFIX: Final = 2
EXACT: Final = "exact:"
#: A name typed with this many words may miss one of them (a middle name, a patronymic).
RELAX_WORDS: Final = range(2, 7)
_OPERATORS: Final = frozenset({"AND", "OR", "NOT"})
_LEX: Final = re.compile(r'\s+|"|\(|\)|[^\s"()]+')


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    prefix: bool = False
    phrase: bool = False
    exact: bool = False  # no other spelling: exact:word, exact:"a phrase"


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed search: the FTS5 expression, what to highlight, and plain words."""

    fts: str
    matcher: Matcher
    #: The positive words as typed, when the query is only words (no operator, phrase or
    #: prefix) -- an identifier typed with spaces ("BG 1234 AB") is looked up whole too.
    plain: str | None
    terms: int
    #: For a plain query of 2-6 words (a full name): the expression that lets one word be
    #: missing (an extra given name or patronymic on one side); None otherwise.
    relaxed: str | None = None


def _problem(message: str, hint: str) -> ValidationError:
    return ValidationError.single("query", message, hint)


# ---- lexing and parsing ------------------------------------------------------------------
def _lex(text: str) -> list[tuple[str, str]]:
    """Tokens: ("word", w) ("phrase", text) ("op", AND/OR/NOT) ("(", "") (")", "")."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _LEX.match(text, pos)
        if m is None:  # pragma: no cover - the pattern matches any character
            break
        tok, pos = m.group(), m.end()
        if tok.isspace():
            continue
        if tok == '"':
            end = text.find('"', pos)
            end = len(text) if end < 0 else end  # a missing closing quote is added
            phrase, pos = text[pos:end], end + 1
            if text.startswith("*", pos):  # "ivan petr"* -- the last word is a prefix
                phrase, pos = phrase + "*", pos + 1
            out.append(("phrase", phrase))
        elif tok in "()":
            out.append((tok, ""))
        elif tok in _OPERATORS:
            out.append(("op", tok))
        elif tok.lower() == EXACT and text.startswith('"', pos):
            out.append(("exact", ""))  # exact:"a phrase"
        elif tok.lower().startswith(EXACT) and len(tok) > len(EXACT):
            out.append(("exact", ""))
            out.append(("word", tok[len(EXACT):]))
        else:
            out.append(("word", tok))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        while self.peek() is not None:  # a stray ")" -- skip it and go on
            self.i += 1
            more = self.or_expr()
            node = _and(node, more)
        return node

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            parts.append(self.and_expr())
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else Or(kept)

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok[0] != ")" and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                self.i += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return None if not parts else parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        tok = self.tokens[self.i]
        if tok == ("op", "NOT"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt[0] == ")" or nxt[0] == "op":
                return None  # "NOT" with nothing after it means nothing
            child = self.unary()
            return Not(child) if child is not None else None
        if tok[0] == "word" and tok[1].startswith("-") and len(tok[1]) > 1:
            self.i += 1
            child = _term(tok[1][1:])
            return Not(child) if child is not None else None
        return self.primary()

    def primary(self) -> Node | None:
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind == "exact":
            nxt = self.peek()
            if nxt is None or nxt[0] not in ("word", "phrase"):
                return None
            node = self.primary()
            return replace(node, exact=True) if isinstance(node, Term) else node
        if kind == "(":
            inner = self.or_expr()
            if self.peek() is not None and self.peek() == (")", ""):
                self.i += 1  # a missing ")" is added at the end
            return inner
        if kind == "phrase":
            prefix = value.rstrip().endswith("*")
            words = tuple(w for w in re.split(r"[\s*]+", value) if w)
            return Term(words, prefix=prefix, phrase=True) if words else None
        if kind == "word":
            return _term(value)
        return None  # a stray ")" or operator


def _term(word: str) -> Term | None:
    prefix = word.endswith("*")
    word = word.replace("*", "")
    return Term((word,), prefix=prefix) if word else None


def _and(a: Node | None, b: Node | None) -> Node | None:
    if a is None or b is None:
        return a or b
    return And((a, b))


# ---- writing FTS5 -------------------------------------------------------------------------
class _Writer:
    def __init__(self, expand: bool = True) -> None:
        self.expand = expand
        self.exact: set[str] = set()
        self.loose: set[str] = set()
        self.own: set[str] = set()
        self.prefixes: set[str] = set()
        self.terms = 0

    def node(self, n: Node, positive: bool = True) -> str | None:
        if isinstance(n, Term):
            return self.term(n, positive)
        if isinstance(n, Or):
            parts = [p for c in n.children if (p := self.node(c, positive))]
            return None if not parts else parts[0] if len(parts) == 1 else (
                "(" + " OR ".join(parts) + ")")
        if isinstance(n, Not):
            raise _problem("NOT needs a word to search for before it.",
                           "For example: smuggling NOT cigarettes.")
        pos = [p for c in n.children if not isinstance(c, Not) and (p := self.node(c, positive))]
        neg = [p for c in n.children if isinstance(c, Not) and (p := self.node(c.child, False))]
        if not pos:
            if neg:
                raise _problem("NOT needs a word to search for before it.",
                               "For example: smuggling NOT cigarettes.")
            return None
        expr = pos[0] if len(pos) == 1 else "(" + " AND ".join(pos) + ")"
        if neg:
            expr = f"({expr} NOT {neg[0] if len(neg) == 1 else '(' + ' OR '.join(neg) + ')'})"
        return expr

    def term(self, t: Term, positive: bool) -> str | None:
        expand = self.expand and not t.exact
        spellings = [all_keys(w, expand) for w in t.words]
        spellings = [s for s in spellings if s]
        if not spellings:
            return None
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise _problem(f"The search has more than {MAX_TERMS} words.",
                           "Search for fewer words at a time.")
        if t.prefix and len(spellings[-1][0].split()[-1]) < MIN_PREFIX:
            raise _problem("A prefix needs at least two letters before the *.",
                           "For example: petr* finds Petrov and Petrović.")
        options: list[str] = []
        for combo in itertools.islice(itertools.product(*spellings), MAX_PHRASE_SPELLINGS):
            tokens = " ".join(combo)
            # exact: the folded spelling as stored in the text itself, not in ``alt``.
            quoted = f'"{tokens}"' + ("*" if t.prefix else "")
            options.append(quoted if expand else f"(- {{alt}} : {quoted})")
            if positive:
                *whole, last = tokens.split()
                exact = self.exact if expand else self.own
                exact.update(whole)
                (self.prefixes if t.prefix else exact).add(last)
        if expand and len(t.words) == 1 and not t.prefix and not t.phrase:
            for skel in word_skeletons(t.words[0]):
                options.append(f'"{skel}"')
                if positive:
                    self.loose.add(skel)
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def _relaxed(words: list[str], expand: bool) -> str | None:
    """Every word but one, for each word: a name with one word fewer (or more) still matches."""
    if len(words) not in RELAX_WORDS:
        return None
    writer = _Writer(expand)
    exprs = [writer.term(Term((w,)), True) for w in words]
    if any(e is None for e in exprs):
        return None
    groups = ["(" + " AND ".join(e for j, e in enumerate(exprs) if j != i and e) + ")"
              for i in range(len(exprs))]
    return "(" + " OR ".join(groups) + ")"


def parse_query(text: str, *, expand: bool = True) -> ParsedQuery:
    """Parse what the analyst typed; raise ValidationError when it cannot mean anything.

    ``expand=False`` reads every word as ``exact:`` (the search window's "Exact spelling")."""
    text = text.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise _problem(f"The search is longer than {MAX_QUERY_CHARS} characters.",
                       "Search for fewer words at a time.")
    tokens = _lex(text)
    tree = _Parser(tokens).parse() if tokens else None
    writer = _Writer(expand)
    fts = writer.node(tree) if tree is not None else None
    if not fts:
        raise _problem("There is nothing to search for.",
                       "Type a word, a name or a number (any script).")
    simple = all(k == "word" and not v.startswith("-") and "*" not in v for k, v in tokens)
    plain = " ".join(v for _k, v in tokens) if simple else None
    relaxed = _relaxed([v for _k, v in tokens], expand) if simple else None
    matcher = Matcher(frozenset(writer.exact), tuple(sorted(writer.prefixes)),
                      frozenset(writer.loose), frozenset(writer.own))
    return ParsedQuery(fts, matcher, plain, writer.terms, relaxed)
