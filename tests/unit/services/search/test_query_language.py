"""The query language: what users type becomes a safe FTS5 expression, or a clear message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.errors import ValidationError
from sirat.services.search.query import parse_query
from sirat.services.search.text import SEP, fold_items, fold_text
from sirat.vault.migrations import v005_search

SAFE = re.compile(r'^(?:"[a-z0-9 ]+"\*?|AND|OR|NOT|- \{alt\} :|\(|\)|\s)+$')
_EXACT = re.compile(r'\(- \{alt\} : ("[^"]*"\*?)\)')


def structure(typed: str) -> str:
    """The expression with every word by its own spelling (the parse tree, plainly)."""
    return _EXACT.sub(r"\1", parse_query(typed, expand=False).fts)


@pytest.fixture(scope="module")
def fts() -> Iterator[Any]:
    """The schema-5 FTS tables in memory: what the expressions really run against."""
    conn = sqlcipher3.connect(":memory:")
    conn.execute(v005_search.STATEMENTS[0])
    conn.execute("INSERT INTO search_reports (rowid, title) VALUES (1, 'ivan petrov')")
    yield conn
    conn.close()


@pytest.mark.parametrize(("typed", "expected"), [
    ("petrov", '"petrov"'),
    ("Đorđe", '"djordje"'),
    ("petr*", '"petr"*'),
    ('"ivan petr"*', '"ivan petr"*'),
    ("heroin truck", '("heroin" AND "truck")'),
    ("heroin OR cocaine", '("heroin" OR "cocaine")'),
    ("heroin NOT truck", '("heroin" NOT "truck")'),
    ("heroin -truck", '("heroin" NOT "truck")'),
    ("SIRAT-2026-000001", '"sirat 2026 000001"'),
    ('"unbalanced', '"unbalanced"'),
    ("(heroin OR opium", '("heroin" OR "opium")'),
    ("heroin) truck", '("heroin" AND "truck")'),
    ("x AND", '"x"'),
    ('col:umn "quo"te" ^x', '("col umn" AND "quo" AND "te" AND "x")'),
])
def test_parsing(typed: str, expected: str) -> None:
    assert structure(typed) == expected


def test_words_are_looked_up_by_every_spelling_and_their_skeleton() -> None:
    assert parse_query("Đorđe").fts == '("djordje" OR "dorde" OR "gjorgje")'
    assert parse_query("Petrović").fts == (
        '("petrovic" OR "petrovich" OR "petrovikj" OR "0ptrfk")')
    assert parse_query("petrov").fts == '("petrov" OR "0ptrf")'
    # Prefixes and phrases have no skeleton: positions and prefixes of a skeleton mean nothing.
    assert parse_query("petr*").fts == '"petr"*'
    assert parse_query('"ivan petrov"').fts == '"ivan petrov"'


@pytest.mark.parametrize(("typed", "expected"), [
    ("exact:Đorđe", '(- {alt} : "djordje")'),
    ("EXACT:Đorđe heroin", '((- {alt} : "djordje") AND "heroin")'),
    ("EXACT:Đorđe Petrović", '((- {alt} : "djordje") AND ("petrovic" OR "petrovich" OR '
                             '"petrovikj" OR "0ptrfk"))'),
    ('exact:"ivan petr"*', '(- {alt} : "ivan petr"*)'),
    ("exact:", '("exact" OR "0ekskt")'),  # nothing after it: the word itself
    ("exact: petrov", '(("exact" OR "0ekskt") AND ("petrov" OR "0ptrf"))'),
])
def test_exact_switches_expansion_off(typed: str, expected: str) -> None:
    assert parse_query(typed).fts == expected


def test_exact_highlights_its_own_spelling_only() -> None:
    parsed = parse_query("exact:Dorde")
    assert parsed.matcher.matches("Dorde")
    assert not parsed.matcher.matches("Đorđe")
    assert parse_query("Dorde").matcher.matches("Đorđe")


def test_a_long_name_may_miss_one_word() -> None:
    relaxed = parse_query("Ivan Petrovich Sidorov").relaxed
    assert relaxed is not None
    assert relaxed.count(" OR (") == 2
    assert parse_query("Ivan Sidorov").relaxed == (
        '((("sidorov" OR "0sdrf")) OR ("ivan"))')
    assert parse_query("Sidorov").relaxed is None
    assert parse_query("Ivan AND Petrovich AND Sidorov").relaxed is None


@pytest.mark.parametrize(("typed", "message"), [
    ("", "nothing to search"),
    ("AND OR (", "nothing to search"),
    ('""', "nothing to search"),
    ("NOT petrov", "NOT needs"),
    ("-petrov", "NOT needs"),
    ("a OR NOT b", "NOT needs"),
    ("p*", "two letters"),
    ("x" * 501, "longer than"),
    (" ".join(f"w{i}" for i in range(40)), "more than 32"),
])
def test_what_cannot_mean_anything(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_query(typed)
    assert caught.value.problems[0].field == "query"
    assert caught.value.problems[0].hint


def test_plain_words_are_kept_for_identifier_lookups() -> None:
    assert parse_query("BG 1234 AB").plain == "BG 1234 AB"
    assert parse_query("BG AND 1234").plain is None
    assert parse_query('"BG 1234"').plain is None


def test_highlighting_tokens() -> None:
    parsed = parse_query('Đorđe "ivan petr"* -cash')
    assert {"djordje", "dorde", "ivan"} <= parsed.matcher.exact
    assert parsed.matcher.prefixes == ("petr",)
    assert parsed.matcher.matches("Ђорђе")
    assert parsed.matcher.matches("Петровић")
    assert not parsed.matcher.matches("cash")


def test_folded_streams_keep_phrases_whole() -> None:
    folded = fold_text("Ivan Đorđe Petrović")
    assert folded.primary == "ivan djordje petrovic"
    assert folded.alternates.startswith(f"ivan dorde petrovic {SEP}")
    assert "0ptrfk" in folded.alternates.split()  # the skeleton of a capitalised word
    items = fold_items(["cash", "courier"])
    assert items.primary == f"cash {SEP} courier"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ЂђΣσş"()*-:^+.,\'`{}[]NOTANDORxy0')),
               max_size=40))
def test_any_text_is_refused_plainly_or_runs(typed: str) -> None:
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute(v005_search.STATEMENTS[0])
        try:
            parsed = parse_query(typed)
        except ValidationError:
            return
        assert SAFE.match(parsed.fts), parsed.fts
        conn.execute("SELECT rowid FROM search_reports WHERE search_reports MATCH ?",
                     (parse_query(typed, expand=False).fts,)).fetchall()
        conn.execute("SELECT rowid FROM search_reports WHERE search_reports MATCH ?",
                     (parsed.fts,)).fetchall()
    finally:
        conn.close()


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_unicode_text(typed: str) -> None:
    try:
        parsed = parse_query(typed)
    except ValidationError:
        return
    assert SAFE.match(parsed.fts), parsed.fts


def test_the_expressions_find(fts: Any) -> None:
    for typed, found in (("ivan", 1), ("Иван Петр*", 1), ('"ivan petrov"', 1),
                         ('"petrov ivan"', 0), ("ivan NOT maria", 1), ("(ivan OR x) pe*", 1),
                         ("ivan -petrov", 0)):
        rows = fts.execute("SELECT rowid FROM search_reports WHERE search_reports MATCH ?",
                           (parse_query(typed).fts,)).fetchall()
        assert len(rows) == found, typed
