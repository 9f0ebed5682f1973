"""What the map shows: points (one per gazetteer place), what could not be placed, counts per
country; clustering at a zoom; and the observer's map.

A point gathers the reports that name the place and the address entities that lie there.
``withheld`` marks a point that exists because of an address the disclosure policy withholds
(a private address): :func:`redact_for_observer` drops those, and with them any point of the
same place in the same report (the report's own "Belgrade" would point at the home next to
it). Texts that were not placed are free text: an observer's map lists none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sirat.geo.mercator import project


@dataclass(frozen=True, slots=True)
class MapPoint:
    place_id: int
    name: str
    country: str
    lon: float
    lat: float
    report_ids: tuple[int, ...] = ()
    entity_ids: tuple[int, ...] = ()
    #: report ids whose point here comes (also) from a withheld address
    withheld_for: tuple[int, ...] = ()
    #: the place as the reports wrote it ("Солун", "Θεσσαλονίκη"), original scripts kept
    spellings: tuple[str, ...] = ()

    @property
    def xy(self) -> tuple[float, float]:
        return project(self.lon, self.lat)

    @property
    def weight(self) -> int:
        return len(self.report_ids) + len(self.entity_ids)


@dataclass(frozen=True, slots=True)
class Unplaced:
    text: str
    reason: str
    report_id: int


@dataclass(frozen=True, slots=True)
class MapData:
    points: tuple[MapPoint, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    #: reports per reporting country (ISO alpha-2) under the current filters
    counts: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    for_observer: bool = False


@dataclass(frozen=True, slots=True)
class Cluster:
    x: float
    y: float
    points: tuple[MapPoint, ...]

    @property
    def weight(self) -> int:
        return sum(p.weight for p in self.points)

    @property
    def report_ids(self) -> frozenset[int]:
        return frozenset(r for p in self.points for r in p.report_ids)


def cluster(points: Sequence[MapPoint], cell: float) -> list[Cluster]:
    """Points grouped by a grid of ``cell`` projected metres (the view picks the cell from
    its zoom: ~40 px), each cluster at its members' weighted centre. Deterministic."""
    cells: dict[tuple[int, int], list[MapPoint]] = {}
    for p in sorted(points, key=lambda p: p.place_id):
        x, y = p.xy
        cells.setdefault((int(x // cell), int(y // cell)), []).append(p)
    out: list[Cluster] = []
    for key in sorted(cells):
        members = cells[key]
        total = sum(max(1, m.weight) for m in members)
        cx = sum(m.xy[0] * max(1, m.weight) for m in members) / total
        cy = sum(m.xy[1] * max(1, m.weight) for m in members) / total
        out.append(Cluster(cx, cy, tuple(members)))
    return out


def redact_for_observer(data: MapData) -> MapData:
    """The map an observer may see (see the module docstring)."""
    points: list[MapPoint] = []
    for p in data.points:
        if p.withheld_for:
            reports = tuple(r for r in p.report_ids if r not in p.withheld_for)
            if not reports:
                continue
            p = replace(p, report_ids=reports)  # noqa: PLW2901
        # As written in the reports is free text: the gazetteer's name only.
        points.append(replace(p, entity_ids=(), withheld_for=(), spellings=()))
    return MapData(tuple(points), (), dict(data.counts), data.reports, for_observer=True)
