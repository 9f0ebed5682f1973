"""Filters inside the MATCH (schema 9) find exactly what the join they replaced found.

On a real encrypted vault filled by the demo generator: every filter and combination of
filters, for frequent, rare, prefix and two-word queries, with a small ranking window so the
bound and the tail past it are exercised; a workflow step moves a report between status
filters; a user's word never matches a filter token; a schema-8 vault with data migrates
and its index is rebuilt on first use.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from sirat.services.access import users
from sirat.services.access.session import create_vault
from sirat.services.demo.generate import generate
from sirat.services.reports.records import create_report
from sirat.services.search import rank as search_rank
from sirat.services.search.facets import entity_filter, range_tokens, report_filter
from sirat.services.search.fulltext import (
    SearchFilters,
    _entity_conditions,
    _report_conditions,
    search,
)
from sirat.services.search.index import INDEX_VERSION, index_state
from sirat.services.search.query import parse_query
from sirat.services.search.rank import ENTITIES, REPORTS, ranked_page
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import ADMIN, ANALYST, SUPERVISOR, open_as
from tests.unit.services.search.search_helpers import report


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One vault of 400 generated reports for the whole module (read-only tests)."""
    path = tmp_path_factory.mktemp("facets") / "vault"
    v = create_vault(path, ADMIN[0], ADMIN[1], display_name="Ada Admin", kdf=KDF_FLOOR)
    users.add_user(v, ANALYST[0], ANALYST[1], "analyst", "Ana Analyst", kdf=KDF_FLOOR)
    generate(v, reports=400, seed=7)
    yield v
    v.lock()
    shutil.rmtree(path, ignore_errors=True)


def _vocabulary(v: Vault) -> list[str]:
    """Words of the index by document frequency, most frequent first."""
    with v.session(write=True) as s:
        s.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_words "
                       "USING fts5vocab(main, search_reports, row)"))
        words = [str(w) for (w,) in s.execute(text(
            "SELECT term FROM temp.v_words WHERE term GLOB '[a-z][a-z][a-z]*' "
            "AND term NOT GLOB '*[0-9]*' ORDER BY doc DESC, term"))]
        s.execute(text("DROP TABLE temp.v_words"))
    return words


def _filters(v: Vault) -> list[SearchFilters]:
    with v.session() as s:
        areas = sorted(str(a) for (a,) in s.execute(text(
            "SELECT DISTINCT crime_area FROM reports")))
        statuses = sorted(str(a) for (a,) in s.execute(text(
            "SELECT DISTINCT status FROM reports")))
        low, high = s.execute(text("SELECT min(report_date), max(report_date) "
                                   "FROM reports")).one()
    mid = (date.fromisoformat(low) + (date.fromisoformat(high) - date.fromisoformat(low)) / 2)
    dates = [(low, None), (None, high), ("2025-02-17", "2025-11-03"),
             (mid.isoformat(), None), (None, mid.isoformat()), ("2024-01-01", "2025-12-31"),
             ("2025-03-01", "2025-03-31"), ("2025-05-09", "2025-05-09"),
             ("2026-01-10", "2025-01-10"), ("1990-01-01", "1990-12-31")]
    out = [SearchFilters(crime_areas=frozenset({areas[0]})),
           SearchFilters(crime_areas=frozenset(areas[1:3])),
           SearchFilters(statuses=frozenset({statuses[0]})),
           SearchFilters(statuses=frozenset(statuses[:2])),
           SearchFilters(crime_areas=frozenset({areas[-1]}), statuses=frozenset({statuses[-1]}))]
    out += [SearchFilters(date_from=a, date_to=b) for a, b in dates]
    out += [SearchFilters(crime_areas=frozenset(areas[:2]), statuses=frozenset(statuses[1:]),
                          date_from=dates[2][0], date_to=dates[2][1]),
            SearchFilters(crime_areas=frozenset({"no_such_area"}))]
    return out


@pytest.mark.parametrize("window", [2000, 25])
def test_report_filters_in_the_match_find_what_the_join_found(
        filled: Vault, monkeypatch: pytest.MonkeyPatch, window: int) -> None:
    monkeypatch.setattr(search_rank, "RANK_WINDOW", window)
    words = _vocabulary(filled)
    queries = [words[0], words[1], words[len(words) // 3], words[len(words) // 2],
               words[0][:3] + "*", f"{words[0]} {words[2]}", f"{words[1]} OR {words[40]}",
               f"{words[0]} NOT {words[1]}"]
    compared = 0
    for q in queries:
        fts = parse_query(q).fts
        for f in _filters(filled):
            cond, params = _report_conditions(f)
            with filled.session() as s:
                facets = report_filter(s, f.crime_areas, f.statuses, f.date_from, f.date_to)
                for offset, limit in ((0, 50), (0, 500), (30, 20)):
                    old = ranked_page(s, REPORTS, fts, cond, params, limit=limit, offset=offset)
                    new = ranked_page(s, REPORTS, fts, limit=limit, offset=offset, facets=facets)
                    assert (new.ids, new.total, new.total_exact) == (
                        old.ids, old.total, old.total_exact), (q, f, offset)
                    assert new.scores == pytest.approx(old.scores), (q, f)
                    compared += len(old.ids)
    assert compared > 1000  # the comparison is not of empty pages


def test_entity_kind_filter_in_the_match_finds_what_the_join_found(filled: Vault) -> None:
    with filled.session() as s:
        kinds = sorted(str(k) for (k,) in s.execute(text("SELECT DISTINCT kind FROM entities")))
    assert len(kinds) >= 5
    for q in ("ma*", "ivan", "petrov OR marko", "bg"):
        fts = parse_query(q).fts
        for chosen in ([kinds[0]], kinds[1:4], kinds):
            f = SearchFilters(kinds=frozenset(chosen))
            cond, params = _entity_conditions(f)
            with filled.session() as s:
                old = ranked_page(s, ENTITIES, fts, cond, params, limit=200)
                new = ranked_page(s, ENTITIES, fts, limit=200, facets=entity_filter(f.kinds))
            assert (new.ids, new.total) == (old.ids, old.total)
            assert new.scores == pytest.approx(old.scores)


def test_search_with_filters_matches_the_reports_rows(filled: Vault) -> None:
    """Every hit of a filtered search (scope=all) satisfies the filter, read from reports."""
    f = _filters(filled)[-2]
    res = search(filled, _vocabulary(filled)[0], filters=f, scope="all", limit=500)
    assert res.reports
    with filled.session() as s:
        for hit in res.reports:
            area, status, day = s.execute(text(
                "SELECT crime_area, status, report_date FROM reports WHERE id = :i"),
                {"i": hit.report_id}).one()
            assert area in f.crime_areas
            assert status in f.statuses
            assert f.date_from is not None
            assert f.date_to is not None
            assert f.date_from <= day <= f.date_to


def test_a_word_that_looks_like_a_filter_token_matches_nothing(filled: Vault) -> None:
    with filled.session() as s:
        area = str(s.execute(text("SELECT crime_area FROM reports LIMIT 1")).scalar_one())
    token = "ca" + area.encode().hex()
    assert search(filled, token).reports == ()
    assert search(filled, "y2025").reports == ()
    assert search(filled, "stc*").reports == ()


def test_range_tokens_cover_exactly_the_range() -> None:
    rng = random.Random(3)
    for _ in range(300):
        first = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        last = first + timedelta(days=rng.randrange(800))
        tokens = range_tokens(first, last)
        covered: set[date] = set()
        day = date(2022, 12, 1)
        while day <= date(2027, 12, 31):
            mine = {f"y{day:%Y}", f"m{day:%Y%m}", f"d{day:%Y%m%d}"}
            if mine & set(tokens):
                covered.add(day)
            day += timedelta(days=1)
        expected = {first + timedelta(days=i) for i in range((last - first).days + 1)}
        assert covered == expected
        assert len(tokens) <= 2 * (11 + 30) + (last.year - first.year + 1)


def test_a_workflow_step_moves_the_report_between_status_filters(vault_path: Path) -> None:
    v = open_as(vault_path, ANALYST[0])
    rid = create_report(v, report(title="Ferry container Durres")).id
    draft, submitted = (SearchFilters(statuses=frozenset({s})) for s in ("draft", "submitted"))
    assert [h.report_id for h in search(v, "durres", filters=draft).reports] == [rid]
    workflow.submit(v, rid)
    assert search(v, "durres", filters=draft).reports == ()
    assert [h.report_id for h in search(v, "durres", filters=submitted).reports] == [rid]
    v.lock()
    sup = open_as(vault_path, SUPERVISOR[0])
    workflow.return_report(sup, rid, "Add the plate.")
    assert [h.report_id for h in search(sup, "durres", filters=draft).reports] == [rid]
    sup.lock()


def test_a_schema_11_vault_with_data_is_migrated_and_reindexed(vault_path: Path) -> None:
    from sirat.vault.migrations.v005_search import STATEMENTS as V5

    v = open_as(vault_path, ANALYST[0])
    rid = create_report(v, report(title="Heroin in Bar", crime_area="drugs")).id
    with v.session(write=True) as s:  # back to schema 11: the FTS tables without facets
        s.execute(text("DROP TABLE search_reports"))
        s.execute(text("DROP TABLE search_entities"))
        for statement in V5[:2]:
            s.execute(text(statement))
        s.execute(text("UPDATE vault_meta SET value = '3' WHERE key = 'search.index'"))
        s.execute(text("PRAGMA user_version = 11"))
    v.lock()
    v = open_as(vault_path, ANALYST[0])
    assert index_state(v) == ""  # marked unbuilt by the migration
    f = SearchFilters(crime_areas=frozenset({"drugs"}), date_from="2026-03-01")
    assert [h.report_id for h in search(v, "heroin", filters=f).reports] == [rid]
    assert index_state(v) == INDEX_VERSION
    v.lock()


def test_report_ids_only_are_the_ids_of_the_hits_and_audited_once(filled: Vault) -> None:
    from sirat.services.search.fulltext import search_report_ids, search_reports

    word = _vocabulary(filled)[3]
    f = _filters(filled)[0]
    with filled.session() as s:
        before = int(s.execute(text(
            "SELECT count(*) FROM audit_log WHERE action = 'search'")).scalar_one())
    ids = search_report_ids(filled, word, filters=f, limit=500)
    hits = search_reports(filled, word, filters=f, limit=500)
    assert ids == [h.report_id for h in hits]
    assert len(ids) > 10
    with filled.session() as s:
        rows = [str(d) for (d,) in s.execute(text(
            "SELECT details FROM audit_log WHERE action = 'search' ORDER BY id"))][before:]
    assert len(rows) == 2
    assert f'"reports": {len(ids)}' in rows[0] or f'"reports":{len(ids)}' in rows[0]
    assert word not in rows[0]
