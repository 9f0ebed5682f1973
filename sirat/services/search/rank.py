"""Ranked FTS5 queries that stay fast however many rows match.

FTS5's bm25 scores *every* matching row before ``ORDER BY rank LIMIT 50`` can return
(FACTS.md: p95 ~150 ms for frequent words at 100,000 reports). Walking the index in rowid
order, newest first, is cheap instead. So ranking happens in two steps:

1. the rowid of the :data:`RANK_WINDOW`-th most recent match (``ORDER BY rowid DESC LIMIT 1
   OFFSET N-1``): the *bound*;
2. bm25 over the matches with ``rowid >= bound`` only -- at most N rows are scored.

Ids grow with creation, so the window is "the N most recent matches". A query with fewer
matches is ranked whole; one with more ranks its most recent N, and older matches follow
them in recency order when the analyst pages on (:func:`ranked_page`). That is the trade:
an old document that would score best over the whole vault is found, but after the recent
ones -- narrow the query or add a filter to bring it into the window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from sirat.services.search.facets import with_facets

RANK_WINDOW: Final = 2000

#: bm25 column weights, in the order of the FTS columns (see the schema 5 migration).
#: The last column, ``facets`` (schema 12: filter tokens), weighs nothing.
REPORT_WEIGHTS: Final = (10.0, 4.0, 1.0, 6.0, 1.5, 0.5, 0.0)
ENTITY_WEIGHTS: Final = (10.0, 8.0, 1.0, 0.5, 0.0)


@dataclass(frozen=True, slots=True)
class Table:
    """One FTS table and how to join it to the rows it indexes (for filters)."""

    name: str
    weights: tuple[float, ...]
    join: str  # joined as ``r``; used only when there are conditions


REPORTS: Final = Table("search_reports", REPORT_WEIGHTS, "reports")
ENTITIES: Final = Table("search_entities", ENTITY_WEIGHTS, "entities")


@dataclass(frozen=True, slots=True)
class Page:
    """Row ids of one page, best first, with their scores (higher is better; 0 when the
    row came after the ranked window), and how many rows match in all."""

    ids: tuple[int, ...]
    scores: tuple[float, ...]
    total: int
    #: False when ``total`` is only a lower bound (more matches than the window).
    total_exact: bool


def ranked_page(
    s: Session, table: Table, fts: str, conditions: Sequence[str] = (),
    params: Mapping[str, Any] | None = None, *, limit: int = 50, offset: int = 0,
    facets: str | None = None,
) -> Page:
    """One page of matches of the FTS expression ``fts`` (already safe: see search_query),
    filtered by SQL ``conditions`` on the joined row ``r`` (bound through ``params``) and/or
    by ``facets``, a filter on the facet tokens (:mod:`.search_facets`; '' for none) that
    joins the MATCH. With ``facets`` given, the user's words never match the facets
    column. The search uses facets only; ``conditions`` are the join they replaced, kept
    for the entity-name matcher and as the reference the tests compare with."""
    name = table.name
    if facets is not None:
        fts = with_facets(fts, facets)
    join = (f" CROSS JOIN {table.join} r ON r.id = f.rowid" if conditions else "")
    where = "".join(f" AND ({c})" for c in conditions)
    base = f"FROM {name} f{join} WHERE {name} MATCH :q{where}"
    args: dict[str, Any] = {**(params or {}), "q": fts}
    bound_row = s.execute(text(f"SELECT f.rowid {base} ORDER BY f.rowid DESC LIMIT 1 "
                               f"OFFSET {RANK_WINDOW - 1}"), args).first()
    if bound_row is None:
        bound = 0
        total = int(s.execute(text(f"SELECT count(*) {base}"), args).scalar_one())
        exact = True
    else:
        bound, total, exact = int(bound_row[0]), RANK_WINDOW, False
    ranked = min(total, RANK_WINDOW)
    ids: list[int] = []
    scores: list[float] = []
    if offset < ranked:
        weights = ", ".join(f"{w:g}" for w in table.weights)
        rows = s.execute(text(
            f"SELECT f.rowid, bm25({name}, {weights}) AS score {base} AND f.rowid >= :bound "
            f"ORDER BY score, f.rowid DESC LIMIT :limit OFFSET :offset"),
            {**args, "bound": bound, "limit": limit, "offset": offset})
        for rowid, score in rows:
            ids.append(int(rowid))
            scores.append(round(-float(score), 3))
    rest = limit - len(ids)
    if rest > 0 and not exact:
        # Past the ranked window: older matches, newest first.
        tail_offset = max(0, offset - ranked)
        rows = s.execute(text(
            f"SELECT f.rowid {base} AND f.rowid < :bound ORDER BY f.rowid DESC "
            f"LIMIT :limit OFFSET :offset"),
            {**args, "bound": bound, "limit": rest, "offset": tail_offset})
        for (rowid,) in rows:
            ids.append(int(rowid))
            scores.append(0.0)
    return Page(tuple(ids), tuple(scores), total, exact)
