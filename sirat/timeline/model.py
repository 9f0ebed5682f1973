"""Timeline items and lanes.

An item is an *interval* of whole days: a report's date of information ("about 2026-03" is
stored as earliest 2026-03-01, latest 2026-03-31, so it is a bar over the month, drawn fuzzy)
or its date of report (one day), and an entity event -- a link of an entity to a report or a
relation a report asserts -- dated by that report. Dates of birth are not events.

Days are proleptic Gregorian ordinals (``date.toordinal()``), so the view and the PDF do
integer arithmetic, never date parsing, while painting.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

ItemKind = Literal["report", "link", "relation"]
Axis = Literal["information", "report"]
LaneKind = Literal["none", "crime_area", "country", "operation", "entity"]

AXES: Final[tuple[Axis, ...]] = ("information", "report")
LANE_KINDS: Final[tuple[LaneKind, ...]] = ("none", "crime_area", "country", "operation", "entity")
LANE_WORDS: Final[dict[str, str]] = {
    "none": "One lane", "crime_area": "Crime area", "country": "Country",
    "operation": "Operation", "entity": "Entity",
}
#: Rows stacked in one lane before further overlapping items share the last row.
MAX_ROWS: Final = 8
NO_LANE: Final = ""


def day_of(iso: str | None) -> int | None:
    """The day ordinal of an ISO ``yyyy-mm-dd`` (None for None, empty or malformed)."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def iso_of(day: int) -> str:
    return date.fromordinal(max(1, min(day, date.max.toordinal()))).isoformat()


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity an item is about: ``label`` in its original script; ``public_label`` what an
    observer may read (from its kind and public fields only, decided by the service)."""

    id: int
    kind: str
    label: str
    public_label: str
    is_private: bool = False

    @property
    def lane(self) -> str:
        return f"entity:{self.id}"


@dataclass(frozen=True, slots=True)
class Item:
    """One bar (or point) on the timeline; ``start`` and ``end`` are inclusive day ordinals."""

    id: str
    kind: ItemKind
    start: int
    end: int
    label: str
    report_id: int
    reference: str
    crime_area: str = ""
    country: str = ""
    operation: str = ""
    entities: tuple[EntityRef, ...] = ()
    #: the date was given as approximate ("about 2026-03") or as a month or a year
    approximate: bool = False

    @property
    def fuzzy(self) -> bool:
        return self.approximate or self.end > self.start

    def lane_keys(self, by: LaneKind) -> tuple[str, ...]:
        if by == "crime_area":
            return (self.crime_area,)
        if by == "country":
            return (self.country,)
        if by == "operation":
            return (self.operation or NO_LANE,)
        if by == "entity":
            return tuple(e.lane for e in self.entities) or (NO_LANE,)
        return ("all",)


@dataclass(frozen=True, slots=True)
class Bin:
    """A histogram bar: ``count`` items starting in [start, end] (days), in one lane."""

    lane: str
    start: int
    end: int
    count: int


@dataclass(frozen=True, slots=True)
class TimelineData:
    """What the service found: items, the words for lane keys, and what it left out."""

    items: tuple[Item, ...]
    axis: Axis = "information"
    lane_labels: dict[str, str] = field(default_factory=dict)
    #: reports matching the filters that have no date on this axis (listed, not guessed)
    undated: int = 0
    #: items beyond the service's cap (the view then shows histogram bins)
    truncated: int = 0
    for_observer: bool = False

    def span(self) -> tuple[int, int] | None:
        if not self.items:
            return None
        return min(i.start for i in self.items), max(i.end for i in self.items)

    def lane_label(self, key: str, by: LaneKind) -> str:
        if by == "none":
            return "Reports"
        if key == NO_LANE:
            return {"operation": "(no operation)", "entity": "(no entity)"}.get(by, "(none)")
        return self.lane_labels.get(f"{by}:{key}" if by != "entity" else key, key)


@dataclass(slots=True)
class Lane:
    """One horizontal band: its items and, per item, the row it is stacked in."""

    key: str
    label: str
    items: list[Item] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    row_count: int = 1
    #: items that had no free row and share one with another (drawn over it)
    overlapping: int = 0


def pack_rows(items: Sequence[Item], min_days: float = 0.0) -> tuple[list[int], int]:
    rows, count, _shared = _pack(items, min_days)
    return rows, count


def _pack(items: Sequence[Item], min_days: float) -> tuple[list[int], int, int]:
    """Stack overlapping intervals greedily (first free row), in start order.

    ``min_days`` widens short items to what the view draws (a point is a few pixels wide),
    so points on neighbouring days do not overprint. Rows beyond MAX_ROWS share the last.
    """
    rows = [0] * len(items)
    free: list[tuple[float, int]] = []  # (end of last item, row) heap
    unused = shared = 0
    order = sorted(range(len(items)), key=lambda k: (items[k].start, items[k].end))
    for k in order:
        it = items[k]
        end = max(float(it.end + 1), it.start + min_days)
        if free and free[0][0] <= it.start:
            _, row = heapq.heappop(free)
        elif unused < MAX_ROWS:
            row, unused = unused, unused + 1
        else:
            _, row = heapq.heappop(free)  # all rows busy: share the one that frees first
            shared += 1
        rows[k] = row
        heapq.heappush(free, (end, row))
    return rows, max(1, unused), shared


def lanes_of(
    data: TimelineData, by: LaneKind, *, min_days: float = 0.0,
    items: Iterable[Item] | None = None,
) -> list[Lane]:
    """The lanes for grouping ``by``, largest first (then by label), items stacked in rows.

    An item with several entities appears in each entity's lane.
    """
    lanes: dict[str, Lane] = {}
    for it in data.items if items is None else items:
        for key in it.lane_keys(by):
            lane = lanes.get(key)
            if lane is None:
                lane = lanes[key] = Lane(key, data.lane_label(key, by))
            lane.items.append(it)
    ordered = sorted(lanes.values(),
                     key=lambda ln: (ln.key == NO_LANE, -len(ln.items), ln.label.casefold()))
    for lane in ordered:
        lane.items.sort(key=lambda it: (it.start, it.end))  # the view relies on start order
        lane.rows, lane.row_count, lane.overlapping = _pack(lane.items, min_days)
    return ordered
