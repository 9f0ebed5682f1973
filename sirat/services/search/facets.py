"""Search filters written as tokens into the full-text rows (schema 12), and read back as
part of the MATCH.

A filter that is not part of the FTS5 MATCH makes SQLite look every matching row up in
``reports`` before it can keep or drop it: for a frequent word at 100,000 reports, three
passes (bound, count, bm25) of ~30,000 primary-key lookups each -- 414 ms CPU p95 measured
(docs/bench.md). Written into the row's last column, ``facets``, the filter is one more
term of the MATCH and FTS5 intersects the two doclists instead.

Tokens (the ``ascii`` tokenizer keeps letters and digits only, so reference codes -- which
may hold ``_`` or ``-`` -- are written in hex; no two codes share a token):

* crime area ``ca<hex>``, status ``st<hex>``, report date ``y2026``, ``m202603``,
  ``d20260314`` (year, month and day: a date range is the fewest of them that cover it
  exactly -- whole years, then whole months, then days at the edges);
* entity kind ``k<hex>``.

The user's words are kept out of the ``facets`` column (``- {facets} : (...)``), so typing
``ca64`` never matches a filter token, and bm25 gives the column weight 0: the scores and
the order are those of the join the filters replace (``tests/unit/search/
test_search_facets.py`` compares both on a real vault).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat.models import Report

_ISO: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
#: The MATCH of a filter nothing can satisfy (a range that ends before it begins).
NOTHING: Final = '"x0"'


def _hex(prefix: str, code: str) -> str:
    return prefix + code.encode("utf-8").hex()


def _parse(value: str | None) -> date | None:
    m = _ISO.match(value or "")
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def date_tokens(value: str | None) -> list[str]:
    """``y2026 m202603 d20260314`` for ``2026-03-14``; nothing for a date that is not ISO
    (such a report is not found by a date filter -- nor by the SQL comparison it replaces,
    for every well-formed report; the services only store ISO dates)."""
    d = _parse(value)
    if d is None:
        return []
    return [f"y{d.year:04d}", f"m{d.year:04d}{d.month:02d}",
            f"d{d.year:04d}{d.month:02d}{d.day:02d}"]


def report_facets(crime_area: str, status: str, report_date: str | None) -> str:
    """The ``facets`` column of one report's row."""
    return " ".join([_hex("ca", crime_area or ""), _hex("st", status or ""),
                     *date_tokens(report_date)])


def entity_facets(kind: str) -> str:
    """The ``facets`` column of one entity's row."""
    return _hex("k", kind or "")


def _month_end(d: date) -> date:
    first_next = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def range_tokens(first: date, last: date) -> list[str]:
    """The fewest year, month and day tokens whose dates are exactly ``first..last``."""
    out: list[str] = []
    cur = first
    while cur <= last:
        if cur.month == 1 and cur.day == 1 and date(cur.year, 12, 31) <= last:
            out.append(f"y{cur.year:04d}")
            cur = date(cur.year + 1, 1, 1)
        elif cur.day == 1 and _month_end(cur) <= last:
            out.append(f"m{cur.year:04d}{cur.month:02d}")
            cur = _month_end(cur) + timedelta(days=1)
        else:
            out.append(f"d{cur.year:04d}{cur.month:02d}{cur.day:02d}")
            cur += timedelta(days=1)
    return out


def _any(tokens: Collection[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in sorted(tokens)) + ")"


def report_filter(s: Session, crime_areas: Collection[str], statuses: Collection[str],
                  date_from: str | None, date_to: str | None) -> str:
    """The facet part of a report MATCH ('' when nothing is filtered; :data:`NOTHING` when
    the filter excludes every report). Dates are ISO (checked by the caller)."""
    parts = []
    if crime_areas:
        parts.append(_any({_hex("ca", c) for c in crime_areas}))
    if statuses:
        parts.append(_any({_hex("st", c) for c in statuses}))
    if date_from or date_to:
        # An open end is the vault's own first or last report date (two index seeks), so
        # the cover stays a handful of tokens.
        low, high = s.execute(select(func.min(Report.report_date),
                                     func.max(Report.report_date))).one()
        first = max(filter(None, (_parse(date_from), _parse(low))), default=None)
        last = min(filter(None, (_parse(date_to), _parse(high))), default=None)
        if first is None or last is None or first > last:
            return NOTHING
        parts.append(_any(range_tokens(first, last)))
    return " AND ".join(parts)


def entity_filter(kinds: Collection[str]) -> str:
    """The facet part of an entity MATCH ('' when every kind is wanted)."""
    return _any({entity_facets(k) for k in kinds}) if kinds else ""


def with_facets(fts: str, facets: str) -> str:
    """The user's expression kept out of the facets column, and the filter, in one MATCH."""
    if not facets:
        return f"- {{facets}} : ({fts})"
    return f"(- {{facets}} : ({fts})) AND ({{facets}} : ({facets}))"
