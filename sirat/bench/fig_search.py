"""Ranked full-text search (issue 5) and entity candidate matching on the bench vault.

The query words come from the vault's own FTS index (``fts5vocab``), so they do not depend on
what the generator writes: the most frequent term, a term in about 0.5% of the documents,
a three-letter prefix of the most frequent term, and two terms in 5-20% of the documents.
Each ranked query is measured beside the floor for the same words: the FTS query ordered by
rowid (recency) with ``LIMIT 50``, which does not have to score every match.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from sirat.bench.context import Context
from sirat.bench.core import Measurement, NotBuilt, Spec, time_calls
from sirat.vault import Vault
from sirat.vault import engine as eng

LIMIT = 50
QUERIES = ("one_word", "frequent", "prefix", "two_words")
_LABELS = {
    "one_word": "search ranked top-50: one word",
    "frequent": "search ranked top-50: frequent word",
    "prefix": "search ranked top-50: prefix",
    "two_words": "search ranked top-50: two words",
}
SEARCH_SPECS = {
    q: Spec(f"search.{q}", _LABELS[q], "ms", 50.0, "p95", "FTS by recency") for q in QUERIES
}
MATCH = Spec("match.person", "entity candidates for a new person", "ms", 20.0, "p95")
INDEX_BUILD = Spec("search.index_build", "search index + match keys built from scratch", "s")


def fts_tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND lower(sql) LIKE "
        "'create virtual table%using fts5%' ORDER BY name"
    )
    return [str(r[0]) for r in rows]


def _report_fts(conn: Any) -> str:
    names = fts_tables(conn)
    if not names:
        raise NotBuilt("an FTS5 index in the vault")
    for name in names:
        if "report" in name:
            return name
    return names[0]


def choose_queries(conn: Any, fts: str) -> dict[str, str]:
    """Query words picked from the index's own vocabulary (deterministic for one vault)."""
    conn.execute(f'CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab('
                 f'main, "{fts}", col)')
    docs = int(conn.execute(f'SELECT count(*) FROM "{fts}"').fetchone()[0])
    # Words of the text columns only (an index may keep extra forms in other columns).
    sql = ("SELECT term, max(doc) AS d FROM temp.bench_vocab WHERE length(term) >= 4 "
           "AND term NOT GLOB '*[^a-z]*' {cols} GROUP BY term ORDER BY d DESC, term")
    text_cols = "AND col IN ('title', 'summary', 'narrative')"
    vocab = [(str(t), int(d)) for t, d in conn.execute(sql.format(cols=text_cols))]
    if not vocab:
        vocab = [(str(t), int(d)) for t, d in conn.execute(sql.format(cols=""))]
    if not vocab or docs == 0:
        raise NotBuilt("a filled FTS5 index")

    def near(share: float, skip: set[str]) -> str:
        goal = share * docs
        left = (t for t in vocab if t[0] not in skip)
        return min(left, key=lambda t: (abs(t[1] - goal), t[0]))[0]

    frequent = vocab[0][0]
    one = near(0.005, {frequent})
    first = near(0.15, {frequent, one})
    second = near(0.06, {frequent, one, first})
    return {
        "one_word": one,
        "frequent": frequent,
        "prefix": frequent[:3] + "*",
        "two_words": f"{first} {second}",
    }


def _floor_query(fts: str) -> str:
    return f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH ? ORDER BY rowid DESC LIMIT {LIMIT}'


def _setup(ctx: Context) -> dict[str, Any]:
    if "search" in ctx.shared:
        return dict(ctx.shared["search"])
    vault = ctx.vault()
    # The floor query runs on a raw connection.
    conn = eng.connect(ctx.bench().db_path, ctx.key(), readonly=True)
    try:
        fts = _report_fts(conn)
        queries = choose_queries(conn, fts)
    except BaseException:
        conn.close()
        raise
    ctx.shared["search"] = {"vault": vault, "conn": conn, "fts": fts, "queries": queries}
    ctx.on_close(lambda: close(ctx))
    return dict(ctx.shared["search"])


def close(ctx: Context) -> None:
    state = ctx.shared.pop("search", None)
    if state:
        state["conn"].close()


def _measure_query(ctx: Context, which: str) -> Measurement:
    state = _setup(ctx)
    query = state["queries"][which]
    conn, fts = state["conn"], state["fts"]
    floor_sql = _floor_query(fts)
    floor_match = query if which != "two_words" else " AND ".join(query.split())
    baseline = time_calls(lambda: conn.execute(floor_sql, (floor_match,)).fetchall(),
                          ctx.samples, warmup=1)
    # The services are imported, not probed: they are SIRAT's own (imported here, where a
    # figure needs them, so listing the figures stays light).
    from sirat.services.search.fulltext import search_reports as search

    vault = state["vault"]
    cpu: list[float] = []
    samples = time_calls(lambda: search(vault, query, limit=LIMIT), ctx.samples, warmup=1,
                         cpu=cpu)
    hits = int(conn.execute(f'SELECT count(*) FROM "{fts}" WHERE "{fts}" MATCH ?',
                            (floor_match,)).fetchone()[0])
    return Measurement(samples, baseline=baseline, cpu=cpu,
                       extra={"matches": hits, "index": fts, "query": _shape(which, query)})


def _shape(which: str, query: str) -> str:
    """The query's shape for the output (synthetic words, but the shape is what matters)."""
    return {"prefix": f"{len(query) - 1} letters + *", "two_words": "two words"}.get(
        which, f"{len(query)} letters")


def _query_figure(which: str) -> Callable[[Context], Measurement]:
    return lambda ctx: _measure_query(ctx, which)


def _new_persons(ctx: Context, conn: Any, n: int) -> list[tuple[str, str, str]]:
    """Existing persons as a colleague would enter them anew: the name in Latin letters
    (Cyrillic and Greek transliterated), the same date of birth and nationality."""
    from sirat.names.translit import transliterate

    top = int(conn.execute("SELECT max(id) FROM entities").fetchone()[0] or 0)
    rng = random.Random(ctx.seed)
    out: list[tuple[str, str, str]] = []
    for _ in range(n * 20):
        if len(out) >= n or top == 0:
            break
        row = conn.execute("SELECT label, attributes FROM entities WHERE id >= ? AND "
                           "kind = 'person' ORDER BY id LIMIT 1", (rng.randint(1, top),)
                           ).fetchone()
        if row:
            attrs = json.loads(row[1] or "{}")
            out.append((transliterate(str(row[0])), str(attrs.get("date_of_birth", "")),
                        str(attrs.get("nationality", ""))))
    if not out:
        raise NotBuilt("persons in the bench vault")
    return out


def _matcher() -> tuple[Callable[[Vault, str, str, str], int], str]:
    """Issue 5's scored matcher (blocked candidates, scored and explained)."""
    from sirat.services.entities.types import EntityDraft, NameForm
    from sirat.services.resolution.candidates import candidates_for_draft

    def scored(vault: Vault, name: str, dob: str, nationality: str) -> int:
        fields = {k: v for k, v in (("date_of_birth", dob), ("nationality", nationality)) if v}
        draft = EntityDraft("person", names=(NameForm(name),), fields=fields)
        return len(candidates_for_draft(vault, draft, limit=10))

    return scored, "resolution.candidates_for_draft (blocked, scored)"


def match_person(ctx: Context) -> Measurement:
    """Candidates for a person entered anew, against every entity of the vault."""
    match, which = _matcher()
    vault = ctx.vault()
    conn = eng.connect(ctx.bench().db_path, ctx.key(), readonly=True)
    try:
        people = _new_persons(ctx, conn, max(ctx.samples, 5 * ctx.samples // 2))
    finally:
        conn.close()
    found: list[int] = []
    cycle = iter(people * 3)

    def once() -> None:
        found.append(match(vault, *next(cycle)))

    cpu: list[float] = []
    samples = time_calls(once, len(people), warmup=3, cpu=cpu)
    hit_rate = sum(1 for f in found if f) / max(1, len(found))
    return Measurement(samples, note=which, cpu=cpu,
                       extra={"queries": len(people), "with_candidates": round(hit_rate, 2)})


def index_build(ctx: Context) -> Measurement:
    """The search index and match keys rebuilt from scratch (issue 5 asks for the figure)."""
    from sirat.services.search.index import rebuild_index

    result = rebuild_index(ctx.vault())
    return Measurement([float(result.seconds)], latency=False,
                       extra={"reports": result.reports, "entities": result.entities,
                              "match_keys": result.match_keys})


FIGURES: list[tuple[Spec, Callable[[Context], Measurement]]] = [
    *((SEARCH_SPECS[q], _query_figure(q)) for q in QUERIES),
    (MATCH, match_person),
    (INDEX_BUILD, index_build),
]
