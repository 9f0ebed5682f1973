"""The map's data from the vault: report places and addresses geocoded, counts per country.

Reports are read with the report list's filters (as the timeline's). Each report's
``places`` are geocoded with the shipped gazetteer (:mod:`sirat.geo.geocode`, the report's
reporting country and its addresses' countries narrowing ambiguous names); each address
entity linked to those reports is placed by its city (with its country), and so is each
address a relation of those reports ties to another entity -- a vessel or a company
*located at* it, a person who *resides at* it -- the point then holding that entity too
(and withheld for observers when that entity is). A person's place of birth is not mapped:
like the date of birth it is not an event, and it is personal; an organisation's country or
a vessel's flag is a country, not a place, and is never turned into a point. Whatever cannot be
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
from sirat.models import Entity, EntityRelation, Report, ReportEntity
from sirat.services.audit import log as audit
from sirat.services.reports.query import _conditions
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault

#: Reports placed at most (the counts always cover every report matching the filters).
MAX_REPORTS: Final = 20_000
_CHUNK: Final = 900


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


#: An address of a report: entity id, city, country, withheld; then the entity located there.
_Located = tuple[int, str, str, bool, int]


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


def _related_addresses(s: Session, ids: Sequence[int]) -> dict[int, list[_Located]]:
    """Addresses related to another entity by a relation one of the reports asserts (a vessel
    or a company *located at*, a person *resides at*), per asserting report: the address's
    city, its country, and withheld when the address or the entity located there is withheld
    whole by the disclosure policy (a person's home is a place of that person)."""
    relations: list[tuple[int, int, int]] = []
    for part in _chunks(ids):
        relations += [(int(r), int(a), int(b)) for r, a, b in s.execute(
            select(EntityRelation.report_id, EntityRelation.source_id, EntityRelation.target_id)
            .where(EntityRelation.report_id.in_(part)).order_by(EntityRelation.id))]
    wanted = sorted({e for _, a, b in relations for e in (a, b)})
    kinds: dict[int, tuple[str, dict[str, object], bool]] = {}
    for part in _chunks(wanted):
        for eid, kind, attributes, private in s.execute(
                select(Entity.id, Entity.kind, Entity.attributes, Entity.is_private)
                .where(Entity.id.in_(part))):
            kinds[int(eid)] = (str(kind), json.loads(attributes or "{}"), bool(private))
    out: dict[int, list[_Located]] = {}
    for rid, a, b in relations:
        for here, other in ((a, b), (b, a)):
            if here not in kinds or other not in kinds or kinds[here][0] != "address":
                continue
            _kind, fields, private = kinds[here]
            o_kind, _o_fields, o_private = kinds[other]
            withheld = withheld_whole("address", private) or withheld_whole(o_kind, o_private)
            out.setdefault(rid, []).append((here, str(fields.get("city", "")),
                                            str(fields.get("country", "")), withheld, other))
    return out


def load_in(s: Session, filters: ReportFilters | None = None, *,
            gazetteer: Gazetteer | None = None, limit: int = MAX_REPORTS) -> MapData:
    gaz = gazetteer or load_gazetteer()
    rows = s.execute(select(Report.id, Report.places, Report.reporting_country)
                     .where(*_conditions(filters or ReportFilters()))
                     .order_by(Report.id).limit(max(0, limit))).all()
    ids = [int(r[0]) for r in rows]
    addresses: dict[int, list[tuple[int, str, str, bool] | _Located]] = {}
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
    for report, located in _related_addresses(s, ids).items():
        addresses.setdefault(report, []).extend(located)
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
        for eid, city, a_country, withheld, *others in mine:
            if not city.strip():
                continue
            found = geocode(gaz, city, [a_country])
            if found.place is None:
                if not withheld:  # a private address's city is not listed either
                    unplaced.append(Unplaced(city, found.reason, int(rid)))
                continue
            point = acc.setdefault(found.place.id, _Acc(found.place))
            point.entities.add(eid)
            point.entities.update(others)  # the vessel or company located there
            if not withheld:
                point.spellings.setdefault(city.strip())  # "Пловдив" as the address wrote it
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
         gazetteer: Gazetteer | None = None, record: bool = True) -> MapData:
    """The map under ``filters``; recorded as ``map.view`` (codes and counts only,
    :mod:`sirat.services.charts.views_audit`) unless ``record`` is False."""
    gaz = gazetteer or load_gazetteer()  # outside the transaction: ~1 s the first time
    if not record:
        with vault.session() as s:
            return load_in(s, filters, gazetteer=gaz)
    from sirat.services.charts.views_audit import view_record

    return audit.consult(
        vault, lambda s: load_in(s, filters, gazetteer=gaz),
        lambda data: view_record("map", filters, places=len(data.points),
                                 not_placed=len(data.unplaced)))
