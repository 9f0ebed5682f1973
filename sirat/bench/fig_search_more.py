"""Search as the windows use it (issue 16): many words, every filter, both scopes.

:mod:`sirat.bench.fig_search` times four fixed words; an analyst types other words, filters
them and searches reports *and* entities. Here every sample is a different query:

* **frequency bands** -- words drawn at random (seeded) from the index's vocabulary in four
  bands of document frequency (rare < 0.1 %, 0.1-1 %, 1-10 %, frequent > 10 %), searched
  with ``scope="all"``, the search window's default; a band the generator's vocabulary
  leaves empty is measured on the words nearest to it (the note says their shares);
* **co-occurring words** -- two words of one report's title (so they meet somewhere);
* **filtered** -- a frequent or mid-band word with every filter and combination of filters
  (crime area, two crime areas, status, date range, open date range and their pairs and
  triple), ``scope="all"``; the extra lists each combination's p95;
* **filter bar** -- the report list's search box as the list model runs it:
  ``search_report_ids(limit=500)`` within the list's crime areas, statuses and dates (facets)
  as an id filter beside the list's filters, then count and the first 100 rows.

Each search writes its consultation record, as in the app. The p95 is judged on CPU time
(the machine is shared; see docs/bench.md).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from sirat.bench.context import Context
from sirat.bench.core import Measurement, NotBuilt, Spec, percentile, time_calls
from sirat.bench.fig_search import _report_fts
from sirat.vault import engine as eng

BANDS: dict[str, tuple[float, float]] = {
    "rare": (0.0, 0.001), "low": (0.001, 0.01), "mid": (0.01, 0.10), "frequent": (0.10, 1.0),
}
BAND_SPECS = {b: Spec(f"search.band_{b}", f"search scope=all: random {b} words", "ms", 50.0,
                      "p95") for b in BANDS}
CO_WORDS = Spec("search.co_words", "search scope=all: two co-occurring words", "ms", 50.0,
                "p95")
FILTERED = Spec("search.filtered", "search scope=all: every filter combination", "ms", 50.0,
                "p95")
FILTER_BAR = Spec("search.filter_bar", "list filter bar: 500 best + the list's first screen",
                  "ms", 50.0, "p95")
_WORD = re.compile(r"^[a-z]{4,}$")


def _state(ctx: Context) -> dict[str, Any]:
    if "search_more" in ctx.shared:
        return dict(ctx.shared["search_more"])
    conn = eng.connect(ctx.bench().db_path, ctx.key(), readonly=True)
    try:
        fts = _report_fts(conn)
        conn.execute(f'CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_rows USING fts5vocab('
                     f'main, "{fts}", row)')
        docs = int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        vocab = [(str(t), int(d)) for t, d in conn.execute(
            "SELECT term, doc FROM temp.bench_rows") if _WORD.match(str(t))]
        titles = [str(t) for (t,) in conn.execute(
            "SELECT title FROM reports ORDER BY random() LIMIT 400")]
        areas = [str(a) for (a,) in conn.execute(
            "SELECT crime_area FROM reports GROUP BY crime_area ORDER BY count(*) DESC")]
        statuses = [str(a) for (a,) in conn.execute(
            "SELECT status FROM reports GROUP BY status ORDER BY count(*) DESC")]
        low, high = conn.execute("SELECT min(report_date), max(report_date) FROM reports"
                                 ).fetchone()
    finally:
        conn.close()
    if not vocab or docs == 0 or not areas:
        raise NotBuilt("a filled FTS5 index")
    state = {"docs": docs, "vocab": vocab, "titles": titles, "areas": areas,
             "statuses": statuses, "dates": (str(low), str(high))}
    ctx.shared["search_more"] = state
    return dict(state)


#: How many words stand in for a band the generator's vocabulary leaves empty.
NEAREST = 20


def _band_words(ctx: Context, band: str, n: int) -> tuple[list[str], str]:
    """``n`` words drawn from the band, and a note when the band had to be approximated."""
    st = _state(ctx)
    lo, hi = (share * st["docs"] for share in BANDS[band])
    # A small vault has no word under 0.1 %: "rare" is then a word of one report.
    lo, hi = (max(lo, 2.0) if band != "rare" else lo), (max(hi, 2.0))
    words = sorted(t for t, d in st["vocab"] if lo <= d < hi)
    note = ""
    if not words and st["vocab"]:
        # The generator's vocabulary may leave a band empty (its words are either rare or
        # common): measure the words nearest to the band, and say which shares they have.
        def distance(td: tuple[str, int]) -> float:
            return math.log(lo / td[1]) if td[1] < lo else math.log(td[1] / hi)

        nearest = sorted(st["vocab"], key=distance)[:NEAREST]
        words = sorted(t for t, _ in nearest)
        shares = sorted(100 * d / st["docs"] for _, d in nearest)
        note = (f"no word of the vault in the band; the {len(words)} nearest words "
                f"({shares[0]:.2g}-{shares[-1]:.2g} % of reports)")
    if not words:
        raise NotBuilt(f"words in the {band} band")
    rng = random.Random(f"{ctx.seed}-{band}")
    return [rng.choice(words) for _ in range(n)], note


def _timed(queries: Sequence[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """One sample per query (the first is the warm-up): never the same query twice."""
    cycle = iter([*queries, *queries])

    def call() -> None:
        next(cycle)()

    cpu: list[float] = []
    wall = time_calls(call, len(queries) - 1, warmup=1, cpu=cpu)
    return wall, cpu


def _search() -> Any:
    from sirat.services.search import fulltext as search

    return search


def band(ctx: Context, which: str) -> Measurement:
    search = _search()
    vault = ctx.vault()
    words, approximated = _band_words(ctx, which, ctx.samples + 1)
    calls = [partial(search.search, vault, w, scope="all", limit=50) for w in words]
    wall, cpu = _timed(calls)
    note = "; ".join(filter(None, [f"{len(set(words))} different words", approximated]))
    return Measurement(wall, cpu=cpu, note=note,
                       extra={"words": len(set(words))})


def co_words(ctx: Context) -> Measurement:
    search = _search()
    vault = ctx.vault()
    rng = random.Random(f"{ctx.seed}-co")
    pairs = []
    for title in _state(ctx)["titles"]:
        words = sorted({w for w in title.lower().split() if _WORD.match(w)})
        if len(words) >= 2:
            pairs.append(" ".join(rng.sample(words, 2)))
    if not pairs:
        raise NotBuilt("titles with two words")
    pairs = pairs[:ctx.samples + 1]
    found: list[int] = []

    def one(q: str) -> None:
        found.append(len(search.search(vault, q, scope="all", limit=50).reports))

    wall, cpu = _timed([partial(one, q) for q in pairs])
    return Measurement(wall, cpu=cpu, extra={
        "pairs": len(pairs), "with_results": round(sum(1 for f in found if f) / len(found), 2)})


def combinations(ctx: Context) -> dict[str, Any]:
    """Every filter and combination of filters (the search window's and list's filters)."""
    from sirat.services.search.fulltext import SearchFilters

    st = _state(ctx)
    low, high = st["dates"]
    mid_year = str((int(low[:4]) + int(high[:4])) // 2)
    area, areas2 = frozenset(st["areas"][:1]), frozenset(st["areas"][1:3])
    status = frozenset(st["statuses"][:1])
    start, end, since = f"{mid_year}-02-17", f"{mid_year}-11-03", f"{mid_year}-06-01"
    return {
        "crime_area": SearchFilters(crime_areas=area),
        "two_crime_areas": SearchFilters(crime_areas=areas2),
        "status": SearchFilters(statuses=status),
        "date_range": SearchFilters(date_from=start, date_to=end),
        "date_from": SearchFilters(date_from=since),
        "area+status": SearchFilters(crime_areas=area, statuses=status),
        "area+dates": SearchFilters(crime_areas=area, date_from=start, date_to=end),
        "status+dates": SearchFilters(statuses=status, date_from=start, date_to=end),
        "area+status+dates": SearchFilters(crime_areas=areas2, statuses=status,
                                           date_from=since),
        "entity_kind": SearchFilters(kinds=frozenset({"person"})),
    }


def filtered(ctx: Context) -> Measurement:
    search = _search()
    vault = ctx.vault()
    combos = combinations(ctx)
    per = max(3, ctx.samples // 4)
    words = _band_words(ctx, "frequent", per)[0] + _band_words(ctx, "mid", per)[0]
    wall: list[float] = []
    cpu: list[float] = []
    by_combo: dict[str, float] = {}
    for name, f in combos.items():
        calls = [partial(search.search, vault, w, filters=f, scope="all", limit=50)
                 for w in words]
        w_, c_ = _timed(calls)
        wall += w_
        cpu += c_
        by_combo[name] = round(percentile(c_, 95), 1)
    return Measurement(wall, cpu=cpu, note="frequent and mid-band words x each combination",
                       extra={"combinations": len(combos), "cpu_p95_by_combination":
                              by_combo})


def _filter_bar_once(vault: Any, words: str, filters: Any) -> None:
    """What the report list does with words in its filter bar (``ui.report_model``:
    ``resolve_words`` then the first screen): the ids of the best 500 reports for the words
    within the list's crime areas, statuses and dates (``search_report_ids`` with those
    filters as facets: no snippets) become an id filter beside the list's filters; then
    count and the first 100 rows."""
    from sirat.services.reports import query as report_query
    from sirat.services.search import fulltext as search

    facets = search.SearchFilters(crime_areas=filters.crime_areas, statuses=filters.statuses,
                                  date_from=filters.date_from, date_to=filters.date_to)
    ids = search.search_report_ids(vault, words, filters=facets, limit=500)
    narrowed = replace(filters, ids=frozenset(ids))
    report_query.count_reports(vault, narrowed)
    report_query.list_reports(vault, narrowed, "updated", True, 0, 100)


def filter_bar(ctx: Context) -> Measurement:
    from sirat.services.reports.types import ReportFilters

    vault = ctx.vault()
    st = _state(ctx)
    words = _band_words(ctx, "mid", ctx.samples + 1)[0]
    area, status = frozenset(st["areas"][:1]), frozenset(st["statuses"][:1])
    filters = [ReportFilters(crime_areas=area), ReportFilters(statuses=status),
               ReportFilters(crime_areas=area, statuses=status), ReportFilters()]
    chosen = [filters[i % len(filters)] for i in range(len(words))]
    calls = [partial(_filter_bar_once, vault, w, f) for w, f in zip(words, chosen, strict=True)]
    wall, cpu = _timed(calls)
    return Measurement(wall, cpu=cpu, note="mid-band words: search_report_ids(limit=500) within "
                       "the list's facets as its id filter, then count + first 100 rows")


def _band_figure(which: str) -> Callable[[Context], Measurement]:
    return lambda ctx: band(ctx, which)


FIGURES: list[tuple[Spec, Callable[[Context], Measurement]]] = [
    *((BAND_SPECS[b], _band_figure(b)) for b in BANDS),
    (CO_WORDS, co_words),
    (FILTERED, filtered),
    (FILTER_BAR, filter_bar),
]
