"""The map's data from the vault: report places and addresses geocoded, counts per country.

Reports are read with the report list's filters (as the timeline's). Each report's
``places`` are geocoded with the shipped gazetteer (:mod:`sirat.geo.geocode`, the report's
reporting country and its addresses' countries narrowing ambiguous names); each address
entity linked to those reports is placed by its city (with its country). Whatever cannot be
placed is listed with the reason, never guessed. The choropleth's counts -- reports per
reporting country under the filters -- are a ``GROUP BY`` in the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat.domain.disclosure import withheld_whole
from sirat.geo.gazetteer import Gazetteer, Place, load_gazetteer
from sirat.geo.geocode import geocode
from sirat.geo.points import MapData, MapPoint, Unplaced
from sirat.models import Entity, Report, ReportEntity
from sirat.services.reports.query import _conditions
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault

#: Reports placed at most (the counts always cover every report matching the filters).
MAX_REPORTS: Final = 20_000
_CHUNK: Final = 900


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


@dataclass
class _Acc:
    place: Place
    reports: set[int] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)
    withheld: set[int] = field(default_factory=set)
    spellings: dict[str, None] = field(default_factory=dict)  # ordered set


def _places(raw: str) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else []


def counts_in(s: Session, filters: ReportFilters | None = None) -> dict[str, int]:
    q = (select(Report.reporting_country, func.count())
         .where(*_conditions(filters or ReportFilters()))
         .group_by(Report.reporting_country))
    return {str(code): int(n) for code, n in s.execute(q) if code}


def load_in(s: Session, filters: ReportFilters | None = None, *,
            gazetteer: Gazetteer | None = None, limit: int = MAX_REPORTS) -> MapData:
    gaz = gazetteer or load_gazetteer()
    rows = s.execute(select(Report.id, Report.places, Report.reporting_country)
                     .where(*_conditions(filters or ReportFilters()))
                     .order_by(Report.id).limit(max(0, limit))).all()
    ids = [int(r[0]) for r in rows]
    addresses: dict[int, list[tuple[int, str, str, bool]]] = {}
    for part in _chunks(ids):
        for rid, entity, attributes, private in s.execute(
                select(ReportEntity.report_id, Entity.id, Entity.attributes, Entity.is_private)
                .join(Entity, Entity.id == ReportEntity.entity_id)
                .where(ReportEntity.report_id.in_(part), Entity.kind == "address")
                .order_by(ReportEntity.id)):
            fields = json.loads(attributes or "{}")
            addresses.setdefault(int(rid), []).append(
                (int(entity), str(fields.get("city", "")), str(fields.get("country", "")),
                 withheld_whole("address", bool(private))))
    acc: dict[int, _Acc] = {}
    unplaced: list[Unplaced] = []
    for rid, raw, country in rows:
        mine = addresses.get(int(rid), [])
        hints = [country, *(a[2] for a in mine)]
        for text in _places(raw):
            found = geocode(gaz, text, hints)
            if found.place is None:
                unplaced.append(Unplaced(text, found.reason, int(rid)))
                continue
            point = acc.setdefault(found.place.id, _Acc(found.place))
            point.reports.add(int(rid))
            point.spellings.setdefault(text.strip())
        for eid, city, a_country, withheld in mine:
            if not city.strip():
                continue
            found = geocode(gaz, city, [a_country])
            if found.place is None:
                if not withheld:  # a private address's city is not listed either
                    unplaced.append(Unplaced(city, found.reason, int(rid)))
                continue
            point = acc.setdefault(found.place.id, _Acc(found.place))
            point.entities.add(eid)
            point.reports.add(int(rid))
            if withheld:
                point.withheld.add(int(rid))
    points = tuple(
        MapPoint(a.place.id, a.place.name, a.place.country, a.place.lon, a.place.lat,
                 tuple(sorted(a.reports)), tuple(sorted(a.entities)), tuple(sorted(a.withheld)),
                 tuple(t for t in a.spellings if t != a.place.name))
        for _, a in sorted(acc.items()))
    return MapData(points, tuple(unplaced), counts_in(s, filters), len(rows))


def load(vault: Vault, filters: ReportFilters | None = None, *,
         gazetteer: Gazetteer | None = None) -> MapData:
    gaz = gazetteer or load_gazetteer()  # outside the transaction: ~1 s the first time
    with vault.session() as s:
        return load_in(s, filters, gazetteer=gaz)
