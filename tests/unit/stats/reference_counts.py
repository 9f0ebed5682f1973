"""The statistics counting of schema 12, kept as the reference the faster one must match.

A verbatim copy of ``sirat.services.stats.query`` before schema 13 (entity links read
through ``entities``' expression, totals counted by a second pass, ``LIKE`` for routes):
``test_stats_equivalence`` counts every table both ways on a generated vault and after
edits that exercise schema 13's triggers. Not used by the application.
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
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from sirat.errors import SiratError
from sirat.models import Entity, Report, ReportEntity
from sirat.models.analysis import AnalysisProduct
from sirat.services.stats.types import (
    COUNTED_STATUSES,
    ENTITY_DIMENSIONS,
    MULTI_DIMENSIONS,
    Cell,
    Dimension,
    Granularity,
    StatsQuery,
    StatsTable,
)

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


def python_period(iso: str, granularity: Granularity) -> str:
    """The same labels in Python (period pickers, tests)."""
    month = int(iso[5:7])
    return {Granularity.YEAR: iso[:4], Granularity.MONTH: iso[:7],
            Granularity.QUARTER: f"{iso[:4]}-Q{(month + 2) // 3}",
            Granularity.HALF: f"{iso[:4]}-H{(month + 5) // 6}"}[granularity]


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
        is_route = or_(*(value.contains(arrow) for arrow in ARROWS))
        conditions.append(is_route if multi is Dimension.ROUTE else ~is_route)
        return select(*columns).select_from(Report).join(places, true()).where(*conditions)
    # One pass over the links' covering index, joined: a correlated count per report
    # cost ten times more at 100,000 reports.
    links = (select(ReportEntity.report_id.label("rid"),
                    func.count(func.distinct(ReportEntity.entity_id)).label("n"))
             .group_by(ReportEntity.report_id).subquery("links"))
    columns += [func.coalesce(links.c.n, 0).label("links")]
    return (select(*columns).select_from(Report)
            .outerjoin(links, links.c.rid == Report.id).where(*conditions))


def _entity_facts(query: StatsQuery, multi: Dimension, columns: list[Any],
                  conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Counted reports and entities of one kind, each read from its covering index, then
    joined through the links' index (materialised: the planner would otherwise read one
    report row per link, 2-7 s at 100,000 reports instead of 0.3 s)."""
    kind, attribute = ENTITY_DIMENSIONS[multi]
    reports = (select(*columns).select_from(Report).where(*conditions)
               .cte("r").prefix_with("MATERIALIZED"))
    # A literal path, so the expression is the one ix_entities_stats_* indexes.
    value = func.json_extract(Entity.attributes, literal_column(f"'$.{attribute}'"))
    entities = (select(Entity.id.label("eid"), value.label("v")).where(Entity.kind == kind)
                .cte("e").prefix_with("MATERIALIZED"))
    index = query.dimensions.index(multi)
    keys = [reports.c[f"k{i}"] for i in range(len(query.dimensions)) if i != index]
    return (select(reports.c.report_id, reports.c.uncertain, *keys,
                   func.trim(func.coalesce(entities.c.v, "")).label(f"k{index}"),
                   entities.c.eid.label("entity_id")).distinct()
            .select_from(ReportEntity)
            .join(reports, reports.c.report_id == ReportEntity.report_id)
            .join(entities, entities.c.eid == ReportEntity.entity_id))


def _measures(f: Any, query: StatsQuery) -> list[Any]:
    multi = query.multiplier
    reports = func.count(func.distinct(f.c.report_id))
    uncertain = func.count(func.distinct(case((f.c.uncertain == 1, f.c.report_id))))
    if multi in ENTITY_DIMENSIONS:
        return [reports, func.count(), func.count(func.distinct(f.c.entity_id)), uncertain]
    if multi is not None:
        return [reports, func.count(), literal(None), uncertain]
    return [reports, func.coalesce(func.sum(f.c.links), 0), literal(None), uncertain]


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
    f = facts(query).subquery("f")
    keys = [f.c[f"k{i}"] for i in range(len(query.dimensions))]
    measures = _measures(f, query)
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
    total = _cell((), s.execute(select(*measures)).one())
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
    for row in s.execute(select(f.c.report_id, f.c.uncertain, *keys)):
        for leg in legs(str(row[2 + index] or "")):
            key = [_label(v) for v in row[2:]]
            key[index] = route_label(leg)
            found[tuple(key)].append((int(row[0]), int(row[1])))
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


# The derived table of schema 13, rebuilt from the links (what its triggers must keep).
REBUILT = """SELECT e.kind, re.report_id, re.entity_id,
CASE WHEN json_valid(e.attributes) THEN CASE e.kind
WHEN 'person' THEN json_extract(e.attributes, '$.nationality')
WHEN 'vehicle' THEN json_extract(e.attributes, '$.make')
WHEN 'vessel' THEN json_extract(e.attributes, '$.flag') END END
FROM report_entities re JOIN entities e ON e.id = re.entity_id
WHERE e.kind IN ('person', 'vehicle', 'vessel')"""
