"""The timeline's data from the vault: report items, relation events and SQL histograms.

Reports are read with the report list's own filters (``ReportFilters``, the same
conditions as ``report_query``), so the timeline shows what the list shows. Each report is
an interval on the chosen axis: its date of information (earliest..latest as stored) or its
date of report (one day). Reports without a date of information are counted, not placed.
A relation a report asserts is an *event* between two entities, dated by that report; a
report linked to an entity appears in that entity's lane. Dates of birth are not events.

At low zoom the view asks :func:`histogram`: counts per month or year and per lane,
computed by ``GROUP BY`` in the database (``substr`` of ISO text, portable SQL), never by
loading every report into Python.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat.chart.redact import observer_label
from sirat.errors import ValidationError
from sirat.geo.countries import NAMES
from sirat.models import CrimeArea, EntityRelation, Report, ReportEntity
from sirat.services.audit import log as audit
from sirat.services.charts.network import _entity_nodes
from sirat.services.formats.dates import DateProblem, parse_partial_date
from sirat.services.reports.query import _conditions
from sirat.services.reports.types import ReportFilters
from sirat.timeline.model import (
    AXES,
    LANE_KINDS,
    Axis,
    Bin,
    EntityRef,
    Item,
    LaneKind,
    TimelineData,
    day_of,
)
from sirat.vault import Vault

#: More items than this are not loaded: the view shows SQL bins (and says how many).
MAX_ITEMS: Final = 20_000
UNITS: Final = ("month", "year")
_CHUNK: Final = 900  # ids per IN (...) list


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


def _check(axis: str, lane_by: str = "none") -> None:
    if axis not in AXES:
        raise ValidationError.single("axis", "Unknown timeline axis.",
                                     "Choose 'information' or 'report'.")
    if lane_by not in LANE_KINDS:
        raise ValidationError.single("lanes", "Unknown lane grouping.",
                                     "Choose one of: " + ", ".join(LANE_KINDS) + ".")


def _columns(axis: Axis) -> tuple[object, object]:
    if axis == "report":
        return Report.report_date, Report.report_date
    return Report.info_date_earliest, Report.info_date_latest


def _approximate(text: str) -> bool:
    try:
        return parse_partial_date(text).approximate if text.strip() else False
    except DateProblem:
        return False


def _entity_refs(s: Session, ids: Collection[int]) -> dict[int, EntityRef]:
    refs: dict[int, EntityRef] = {}
    ordered = sorted(ids)
    for part in _chunks(ordered):
        for key, node in _entity_nodes(s, part).items():
            public, sub = observer_label(node)
            refs[key] = EntityRef(key, node.kind, node.label,
                                  f"{public} ({sub})" if sub else public,
                                  is_private=node.kind == "address" and node.is_personal)
    return refs


def load_in(
    s: Session, filters: ReportFilters | None = None, *, axis: Axis = "information",
    events: bool = True, limit: int = MAX_ITEMS,
) -> TimelineData:
    """The timeline of the reports matching ``filters`` (see the module docstring)."""
    _check(axis)
    conditions = _conditions(filters or ReportFilters())
    first, last = _columns(axis)
    dated = [*conditions, first.is_not(None)]  # type: ignore[attr-defined]
    total = int(s.scalar(select(func.count()).select_from(Report).where(*dated)) or 0)
    missing = first.is_(None)  # type: ignore[attr-defined]
    undated = int(s.scalar(select(func.count()).select_from(Report)
                           .where(*conditions, missing)) or 0)
    rows = s.execute(
        select(Report.id, Report.reference, Report.title, Report.crime_area,
               Report.reporting_country, Report.operation, first, last,  # type: ignore[call-overload]
               Report.info_date_text)
        .where(*dated).order_by(first, Report.id).limit(max(0, limit))).all()
    report_ids = [int(r[0]) for r in rows]
    links: dict[int, list[int]] = {}
    relations: list[tuple[int, int, int, str]] = []
    for part in _chunks(report_ids):
        for rid, eid in s.execute(select(ReportEntity.report_id, ReportEntity.entity_id)
                                  .where(ReportEntity.report_id.in_(part))
                                  .order_by(ReportEntity.id)):
            if eid not in links.setdefault(rid, []):
                links[rid].append(eid)
        if events:
            relations += [(int(a), int(b), int(c), str(d)) for a, b, c, d in s.execute(
                select(EntityRelation.id, EntityRelation.source_id, EntityRelation.target_id,
                       EntityRelation.relation_type)
                .where(EntityRelation.report_id.in_(part)).order_by(EntityRelation.id))]
    rel_report: dict[int, int] = {}
    if relations:
        for part in _chunks([r[0] for r in relations]):
            rel_report.update(dict(s.execute(select(EntityRelation.id, EntityRelation.report_id)
                                             .where(EntityRelation.id.in_(part))).all()))
    wanted = {e for es in links.values() for e in es} | {
        e for _, a, b, _t in relations for e in (a, b)}
    refs = _entity_refs(s, wanted)
    items: list[Item] = []
    by_report: dict[int, Item] = {}
    for rid, reference, title, area, country, operation, lo, hi, text in rows:
        start, end = day_of(lo), day_of(hi)
        if start is None:
            continue
        end = start if end is None or end < start else end
        item = Item(f"report:{rid}", "report", start, end, title or reference, int(rid),
                    reference, area, country, operation.strip(),
                    tuple(refs[e] for e in links.get(rid, []) if e in refs),
                    approximate=axis == "information" and _approximate(text))
        items.append(item)
        by_report[int(rid)] = item
    for rel_id, a, b, kind in relations:
        owner = by_report.get(int(rel_report.get(rel_id, 0)))
        if owner is None or a not in refs or b not in refs:
            continue
        label = f"{refs[a].label} — {kind.replace('_', ' ')} — {refs[b].label}"
        items.append(Item(f"relation:{rel_id}", "relation", owner.start, owner.end, label,
                          owner.report_id, owner.reference, owner.crime_area, owner.country,
                          owner.operation, (refs[a], refs[b]), owner.approximate))
    labels = {f"crime_area:{a.code}": a.name for a in s.scalars(select(CrimeArea))}
    labels |= {e.lane: e.label for e in refs.values()}
    labels |= {f"country:{code}": f"{name} ({code})" for code, name in NAMES.items()}
    return TimelineData(tuple(items), axis, labels, undated=undated,
                        truncated=max(0, total - len(rows)))


def load(vault: Vault, filters: ReportFilters | None = None, *, axis: Axis = "information",
         events: bool = True, limit: int = MAX_ITEMS, record: bool = True) -> TimelineData:
    """The timeline under ``filters``; recorded as ``timeline.view`` (codes and counts only,
    :mod:`sirat.services.charts.views_audit`) unless ``record`` is False."""
    if not record:
        with vault.session() as s:
            return load_in(s, filters, axis=axis, events=events, limit=limit)
    from sirat.services.charts.views_audit import view_record

    return audit.consult(
        vault, lambda s: load_in(s, filters, axis=axis, events=events, limit=limit),
        lambda data: view_record("timeline", filters, axis=axis, items=len(data.items),
                                 undated=data.undated))


def _bucket_days(key: str, unit: str) -> tuple[int, int] | None:
    try:
        if unit == "year":
            year = int(key[:4])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        year, month = int(key[:4]), int(key[5:7])
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
    except (ValueError, IndexError):
        return None


def histogram_in(
    s: Session, filters: ReportFilters | None = None, *, axis: Axis = "information",
    unit: str = "month", lane_by: LaneKind = "none",
) -> list[Bin]:
    """Reports per ``unit`` (month or year) and lane, counted by the database.

    A report counts in the bin where its interval starts. With lanes by entity a report
    counts once in each linked entity's lane (the view's lanes do the same).
    """
    _check(axis, lane_by)
    if unit not in UNITS:
        raise ValidationError.single("unit", "Unknown histogram unit.", "Choose month or year.")
    first, _ = _columns(axis)
    bucket = func.substr(first, 1, 7 if unit == "month" else 4)
    lanes: dict[str, object] = {
        "crime_area": Report.crime_area, "country": Report.reporting_country,
        "operation": func.trim(Report.operation), "entity": ReportEntity.entity_id,
    }
    where = (*_conditions(filters or ReportFilters()), first.is_not(None))  # type: ignore[attr-defined]
    count = func.count(func.distinct(Report.id))
    if lane_by in lanes:
        lane_col = lanes[lane_by]
        q = select(lane_col, bucket, count).where(*where).group_by(lane_col, bucket)  # type: ignore[call-overload]
    else:
        q = select(bucket, bucket, count).where(*where).group_by(bucket)
    if lane_by == "entity":
        q = q.join(ReportEntity, ReportEntity.report_id == Report.id, isouter=True)
    else:
        q = q.select_from(Report)
    bins: list[Bin] = []
    for lane, key, count in s.execute(q):
        days = _bucket_days(str(key), unit)
        if days is None:
            continue
        if lane_by == "entity":
            lane_key = f"entity:{lane}" if lane is not None else ""
        elif lane_by == "none":
            lane_key = "all"
        else:
            lane_key = "" if lane is None else str(lane)
        bins.append(Bin(lane_key, days[0], days[1], int(count)))
    return bins


def histogram(vault: Vault, filters: ReportFilters | None = None, *, axis: Axis = "information",
              unit: str = "month", lane_by: LaneKind = "none") -> list[Bin]:
    with vault.session() as s:
        return histogram_in(s, filters, axis=axis, unit=unit, lane_by=lane_by)
