"""Counting approved reports: one SQL ``GROUP BY`` per table, frozen cells out.

Only approved and disseminated reports count (never drafts, submitted or returned ones),
and never the analytical products themselves. Every table is built in two steps: a
**facts** subquery with one row per report (or per report and entity, place or route
leg, for the dimension that multiplies a report) carrying its counting period and whether
that period is uncertain, then an outer ``GROUP BY`` over the chosen dimensions. Drill-down
reads the same facts with the cell's key as a condition, so the reports behind a cell are
exactly the ones it counted.

**The date rule** (docs/statistics.md): a report counts on the earliest bound of its date
of information (``2026-03`` → 2026-03-01; ``about 2026-03`` → 2026-02-01), or on its date
of report when it has none; it is *uncertain* when the latest bound falls into another
period of the table's granularity, and is then counted once, in the earliest period.

Store seam: everything here is SQLAlchemy Core except ``json_extract``/``json_each`` over
the JSON text columns (SQLite's JSON1; a server store maps them to ``->>`` and
``jsonb_array_elements_text``).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import table as sql_table
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlalchemy.sql.selectable import Join

from sirat.errors import SiratError
from sirat.models import CrimeArea, Report, ReportEntity
from sirat.models.analysis import AnalysisProduct
from sirat.services.stats.types import (
    COUNTED_STATUSES,
    ENTITY_DIMENSIONS,
    MULTI_DIMENSIONS,
    Cell,
    Dimension,
    Granularity,
    ReportBehind,
    StatsFilters,
    StatsQuery,
    StatsTable,
)
from sirat.vault import Vault

#: What an empty key prints as (no operation, no nationality recorded ...).
NONE_LABEL = "(not recorded)"
ARROWS = ("→", "->", "⟶", "—>")
_ROUTE_SPLIT = re.compile(r"\s*(?:→|->|⟶|—>)\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_DIMENSIONS = 2


def check_query(query: StatsQuery) -> None:
    """Refuse a table the service cannot count, in one sentence."""
    dims = query.dimensions
    if not 1 <= len(dims) <= MAX_DIMENSIONS or len(set(dims)) != len(dims):
        raise SiratError("A statistics table has one or two different dimensions.",
                         "Choose one dimension, or two different ones.")
    if sum(d in MULTI_DIMENSIONS for d in dims) > 1:
        raise SiratError("Nationality, vehicle make, vessel flag, place and route cannot be "
                         "combined in one table.", "Choose one of them, with a report "
                         "dimension (crime area, country, period, operation).")
    for name in ("date_from", "date_to"):
        value = getattr(query.filters, name)
        if value is not None and not _is_date(value):
            raise SiratError(f"The {name.replace('_', ' ')} filter is not a date.",
                             "Give it as YYYY-MM-DD.")


_COUNTRY = re.compile(r"[A-Z]{2}")


def crime_areas(s: Session) -> dict[str, str]:
    """The vault's crime areas, code -> name (what a crime-area filter may name)."""
    return {str(code): str(name) for code, name in s.execute(
        select(CrimeArea.code, CrimeArea.name).order_by(CrimeArea.position, CrimeArea.code))}


def check_filters(s: Session, filters: StatsFilters) -> None:
    """Refuse a filter that would silently count nothing: a crime area the vault does not
    know ("thb" for thb_ms), a country that is not an ISO code. The typed value is not
    echoed (user text); the hint says where the codes are."""
    if filters.crime_areas - set(crime_areas(s)):
        raise SiratError("A crime-area filter is not a crime area code of this vault.",
                         "See the codes with `sirat stats areas` (e.g. thb_ms, drugs).")
    if any(not _COUNTRY.fullmatch(c) for c in filters.countries):
        raise SiratError("A country filter is not a two-letter country code.",
                         "Give ISO 3166 codes such as BG or RS.")


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(_ISO_DATE.fullmatch(value))


def counting_date() -> ColumnElement[str]:
    return func.coalesce(Report.info_date_earliest, Report.report_date)


def _latest_date() -> ColumnElement[str]:
    return func.coalesce(Report.info_date_latest, Report.info_date_earliest, Report.report_date)


def period_of(column: ColumnElement[str], granularity: Granularity) -> ColumnElement[str]:
    """The period label of an ISO date column: 2026-03, 2026-Q1, 2026-H1, 2026."""
    year = func.substr(column, 1, 4)
    if granularity is Granularity.YEAR:
        return year
    if granularity is Granularity.MONTH:
        return func.substr(column, 1, 7)
    month = cast(func.substr(column, 6, 2), Integer)
    if granularity is Granularity.QUARTER:
        return year + literal("-Q") + cast((month + 2) // 3, String)
    return year + literal("-H") + cast((month + 5) // 6, String)


def _report_filters(query: StatsQuery) -> list[ColumnElement[bool]]:
    f = query.filters
    when = counting_date()
    conditions: list[ColumnElement[bool]] = [
        Report.status.in_(COUNTED_STATUSES),
        ~exists().where(AnalysisProduct.report_id == Report.id),
    ]
    if f.date_from:
        conditions.append(when >= f.date_from)
    if f.date_to:
        conditions.append(when <= f.date_to)
    if f.crime_areas:
        conditions.append(Report.crime_area.in_(sorted(f.crime_areas)))
    if f.countries:
        conditions.append(Report.reporting_country.in_(sorted(f.countries)))
    if f.operations:
        conditions.append(Report.operation.in_(sorted(f.operations)))
    return conditions


def _report_column(dim: Dimension, query: StatsQuery) -> Any:
    if dim is Dimension.CRIME_AREA:
        return Report.crime_area
    if dim is Dimension.COUNTRY:
        return Report.reporting_country
    if dim is Dimension.OPERATION:
        return func.trim(Report.operation)
    return period_of(counting_date(), query.granularity)


def facts(query: StatsQuery) -> Select[Any]:
    """One row per counted report (× entity / place), its keys, period certainty, links."""
    check_query(query)
    uncertain = case((period_of(counting_date(), query.granularity)
                      != period_of(_latest_date(), query.granularity), 1), else_=0)
    columns: list[Any] = [Report.id.label("report_id"), uncertain.label("uncertain")]
    for i, dim in enumerate(query.dimensions):
        if dim not in MULTI_DIMENSIONS:
            columns.append(_report_column(dim, query).label(f"k{i}"))
    multi = query.multiplier
    conditions = _report_filters(query)
    if multi is not None and multi in ENTITY_DIMENSIONS:
        return _entity_facts(query, multi, columns, conditions)
    if multi is not None and multi in (Dimension.PLACE, Dimension.ROUTE):
        places = func.json_each(Report.places).table_valued("value").alias("pl")
        value = func.trim(cast(places.c.value, String))
        columns += [value.label(f"k{query.dimensions.index(multi)}"),
                    literal(None).label("entity_id")]
        conditions.append(_is_route(value) if multi is Dimension.ROUTE
                          else ~_is_route(value))
        return select(*columns).select_from(Report).join(places, true()).where(*conditions)
    # A correlated count per report, read from the links' (report, entity, role) index: at
    # 100,000 reports 120 ms, against 185 ms for a grouped pass over every link joined.
    links = (select(func.count(func.distinct(ReportEntity.entity_id)))
             .where(ReportEntity.report_id == Report.id).scalar_subquery())
    columns += [links.label("links")]
    return select(*columns).select_from(Report).where(*conditions)


def _is_route(value: ColumnElement[str]) -> ColumnElement[bool]:
    """The place is written as a route ("A → B"): ``instr``, not ``LIKE '%→%'`` (same
    answer -- no arrow has a letter or a wildcard in it -- in less time)."""
    return or_(*(func.instr(value, arrow) > 0 for arrow in ARROWS))


#: Schema 13's derived table: one row per (report, person/vehicle/vessel) pair with the
#: attribute counted, kept in step by triggers in the writing transaction.
_LINKS = sql_table("stats_entity_links", sql_column("kind", String),
                   sql_column("report_id", Integer), sql_column("entity_id", Integer),
                   sql_column("value", String))


class _OuterFirst(Join):
    """``left CROSS JOIN right ON ...``: SQLite's way to keep ``left`` the outer loop.

    The planner has no statistics for a materialised CTE; left free it drove the join from
    ``stats_entity_links`` (one index range of the kind, ~150,000 persons at 100,000
    reports) and scanned the CTE for each: 4.7 s CPU for persons by nationality with a
    half-year and one crime area (an analytical product counted four such tables: 13 s).
    From the counted reports, each one's links are one primary-key range: 4 ms; 85 ms
    unfiltered, against 104 ms (docs/statistics.md)."""

    inherit_cache = True


@compiles(_OuterFirst, "sqlite")
def _outer_first(join: _OuterFirst, compiler: Any, from_linter: Any = None,
                 **kw: Any) -> str:
    """As SQLAlchemy renders an inner join (``visit_join``), with SQLite's CROSS JOIN."""
    kw.pop("asfrom", None)
    assert join.onclause is not None  # noqa: S101 - built with one below
    if from_linter:
        from_linter.edges.update(itertools.product(join.left._from_objects,
                                                   join.right._from_objects))
    return (join.left._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
            + " CROSS JOIN "
            + join.right._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter,
                                            **kw)
            + " ON " + join.onclause._compiler_dispatch(compiler, from_linter=from_linter,
                                                        **kw))


def _entity_facts(query: StatsQuery, multi: Dimension, columns: list[Any],
                  conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Counted reports (materialised from their covering index) joined to one index range
    of ``stats_entity_links``: each (report, entity) pair once, whatever its roles, with the
    attribute beside it (joining the links to 290,000 entities cost 250 ms at 100,000
    reports before anything was counted; this reads 60 ms)."""
    kind, _attribute = ENTITY_DIMENSIONS[multi]
    reports = (select(*columns).select_from(Report).where(*conditions)
               .cte("r").prefix_with("MATERIALIZED"))
    index = query.dimensions.index(multi)
    keys = [reports.c[f"k{i}"] for i in range(len(query.dimensions)) if i != index]
    return (select(reports.c.report_id, reports.c.uncertain, *keys,
                   func.trim(func.coalesce(_LINKS.c.value, "")).label(f"k{index}"),
                   _LINKS.c.entity_id.label("entity_id"))
            .select_from(_OuterFirst(reports, _LINKS,
                                     reports.c.report_id == _LINKS.c.report_id))
            .where(_LINKS.c.kind == kind))


def _measures(f: Any) -> list[Any]:
    """Reports, mentions, entities (none), uncertain of a group of report facts (one row
    per report: plain sums). Multiplying dimensions: :func:`_multiplied_table`."""
    return [func.count(), func.coalesce(func.sum(f.c.links), 0), literal(None),
            func.coalesce(func.sum(f.c.uncertain), 0)]


def _label(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return text or NONE_LABEL


def _cell(key: tuple[str, ...], row: Sequence[Any]) -> Cell:
    reports, mentions, entities, uncertain = row
    return Cell(key, int(reports or 0), int(mentions or 0),
                None if entities is None else int(entities), int(uncertain or 0))


def count_table(s: Session, query: StatsQuery) -> StatsTable:
    """Count ``query`` in the caller's session (see :func:`table`)."""
    if query.multiplier is Dimension.ROUTE:
        return _route_table(s, query)
    if query.multiplier is not None:
        return _multiplied_table(s, query)
    f = facts(query).subquery("f")
    keys = [f.c[f"k{i}"] for i in range(len(query.dimensions))]
    measures = _measures(f)
    rows = s.execute(select(*keys, *measures).group_by(*keys).order_by(*keys)).all()
    merged: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        key = tuple(_label(v) for v in row[: len(keys)])
        counts = row[len(keys):]
        if key in merged:  # '' and NULL both print as "(not recorded)"
            merged[key] = [a + int(b or 0) for a, b in zip(merged[key], counts, strict=True)]
        else:
            merged[key] = [int(c) if c is not None else -1 for c in counts]
    cells = tuple(Cell(k, v[0], v[1], None if v[2] < 0 else v[2], v[3])
                  for k, v in sorted(merged.items()))
    # One fact row per report, each in exactly one group: the total is the groups' sum.
    sums = [sum(v[i] for v in merged.values()) for i in (0, 1, 3)]
    return StatsTable(query, cells, Cell((), sums[0], sums[1], None, sums[2]))


def _ids(text: str | None) -> set[str]:
    return set(text.split(",")) if text else set()


def _multiplied_table(s: Session, query: StatsQuery) -> StatsTable:
    """A table whose rows a report can fall into several times (entities, places).

    One ``GROUP BY`` hands each group its report ids, uncertain report ids and entity ids
    as ``group_concat`` lists; distinct counts are Python sets of them, and the total is
    their union -- one pass, where ``count(DISTINCT ...)`` per group and again for the
    total cost twice as much at 100,000 reports (docs/statistics.md). Groups whose keys
    print alike ('' and NULL: "(not recorded)") are merged as sets, so a report or an
    entity in both is counted once.
    """
    f = facts(query).subquery("f")
    keys = [f.c[f"k{i}"] for i in range(len(query.dimensions))]
    entity = query.multiplier in ENTITY_DIMENSIONS
    lists = [func.group_concat(f.c.report_id),
             func.group_concat(case((f.c.uncertain == 1, f.c.report_id))),
             func.group_concat(f.c.entity_id) if entity else literal(None)]
    rows = s.execute(select(*keys, func.count(), *lists).group_by(*keys)).all()
    n = len(keys)
    groups: dict[tuple[str, ...], tuple[set[str], list[int], set[str], set[str]]] = {}
    for row in rows:
        key = tuple(_label(v) for v in row[:n])
        reports, mentions, uncertain, entities = groups.setdefault(
            key, (set(), [0], set(), set()))
        mentions[0] += int(row[n])
        reports |= _ids(row[n + 1])
        uncertain |= _ids(row[n + 2])
        entities |= _ids(row[n + 3])
    cells = tuple(Cell(k, len(r), m[0], len(e) if entity else None, len(u))
                  for k, (r, m, u, e) in sorted(groups.items()))
    every = [set().union(*(g[i] for g in groups.values())) for i in (0, 2, 3)]
    total = Cell((), len(every[0]), sum(g[1][0] for g in groups.values()),
                 len(every[2]) if entity else None, len(every[1]))
    return StatsTable(query, cells, total)


def legs(text: str) -> list[tuple[str, str]]:
    """The legs of a route written "A → B → C": [(A, B), (B, C)] (blank stops dropped)."""
    stops = [p.strip() for p in _ROUTE_SPLIT.split(text) if p.strip()]
    return [(a, b) for a, b in itertools.pairwise(stops) if a != b]


def route_label(leg: tuple[str, str]) -> str:
    return f"{leg[0]} → {leg[1]}"


def _route_rows(s: Session, query: StatsQuery) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Key -> [(report id, uncertain)] per route leg mentioned (one entry per mention)."""
    f = facts(query).subquery("f")
    index = query.dimensions.index(Dimension.ROUTE)
    keys = [f.c[f"k{i}"] for i in range(len(query.dimensions))]
    found: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    # Few route texts, many reports naming each (663 legs from 30,000 reports at 100,000):
    # each text is split once, and the rows come through Core, not the ORM's row loader.
    labels: dict[str, list[str]] = {}
    for row in s.connection().execute(select(f.c.report_id, f.c.uncertain, *keys)):
        text = str(row[2 + index] or "")
        mine = labels.get(text)
        if mine is None:
            mine = labels[text] = [route_label(leg) for leg in legs(text)]
        if not mine:
            continue
        key = [_label(v) for v in row[2:]]
        hit = (int(row[0]), int(row[1]))
        for label in mine:
            key[index] = label
            found[tuple(key)].append(hit)
    return found


def _route_table(s: Session, query: StatsQuery) -> StatsTable:
    found = _route_rows(s, query)
    cells = []
    every: dict[int, int] = {}
    mentions = 0
    for key in sorted(found):
        hits = found[key]
        reports = dict(hits)
        every.update(reports)
        mentions += len(hits)
        cells.append(Cell(key, len(reports), len(hits), None, sum(reports.values())))
    total = Cell((), len(every), mentions, None, sum(every.values()))
    return StatsTable(query, tuple(cells), total)


def table(vault: Vault, query: StatsQuery) -> StatsTable:
    """Count approved reports by ``query``'s dimensions (one read transaction)."""
    with vault.session() as s:
        check_filters(s, query.filters)
        return count_table(s, query)


def reports_behind(vault: Vault, query: StatsQuery, key: tuple[str, ...],
                   limit: int = 1000) -> list[ReportBehind]:
    """The reports a cell of ``query`` counted (``key`` as in :attr:`Cell.key`)."""
    if len(key) != len(query.dimensions):
        raise SiratError("That cell does not belong to this table.", "Count the table again.")
    with vault.session() as s:
        check_filters(s, query.filters)
        if query.multiplier is Dimension.ROUTE:
            ids = sorted({rid for rid, _u in _route_rows(s, query).get(key, [])})
        else:
            f = facts(query).subquery("f")
            conditions = []
            for i, value in enumerate(key):
                column = f.c[f"k{i}"]
                conditions.append(or_(column.is_(None), func.trim(column) == "")
                                  if value == NONE_LABEL else column == value)
            ids = list(s.scalars(select(f.c.report_id).distinct().where(*conditions)))
        return _behind(s, query, sorted(ids)[:limit])


def _behind(s: Session, query: StatsQuery, ids: list[int]) -> list[ReportBehind]:
    if not ids:
        return []
    uncertain: KeyedColumnElement[Any] = case(
        (period_of(counting_date(), query.granularity)
         != period_of(_latest_date(), query.granularity), True), else_=False).label("u")
    rows = s.execute(select(Report.id, Report.reference, Report.title, Report.crime_area,
                            Report.reporting_country, counting_date(), uncertain)
                     .where(Report.id.in_(ids)).order_by(Report.reference)).all()
    return [ReportBehind(int(r[0]), r[1], r[2], r[3], r[4], str(r[5]), bool(r[6]))
            for r in rows]
