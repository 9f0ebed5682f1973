"""Frozen values of the statistics service: what to count, by what, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Dimension(StrEnum):
    """What a table is broken down by. Entity, place and route dimensions exclude each other."""

    CRIME_AREA = "crime_area"
    COUNTRY = "country"  # the reporting country
    PERIOD = "period"
    OPERATION = "operation"
    NATIONALITY = "nationality"  # persons linked to the reports
    VEHICLE_MAKE = "vehicle_make"
    VESSEL_FLAG = "vessel_flag"
    PLACE = "place"  # a place a report names
    ROUTE = "route"  # a place written as "A → B" (or "A -> B"): each leg


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


#: The entity kind and its attribute each entity dimension counts.
ENTITY_DIMENSIONS: dict[Dimension, tuple[str, str]] = {
    Dimension.NATIONALITY: ("person", "nationality"),
    Dimension.VEHICLE_MAKE: ("vehicle", "make"),
    Dimension.VESSEL_FLAG: ("vessel", "flag"),
}
#: Dimensions that multiply a report into several rows (at most one per table).
MULTI_DIMENSIONS = frozenset({*ENTITY_DIMENSIONS, Dimension.PLACE, Dimension.ROUTE})

LABELS: dict[Dimension, str] = {
    Dimension.CRIME_AREA: "Crime area", Dimension.COUNTRY: "Reporting country",
    Dimension.PERIOD: "Period", Dimension.OPERATION: "Operation",
    Dimension.NATIONALITY: "Nationality (persons)", Dimension.VEHICLE_MAKE: "Vehicle make",
    Dimension.VESSEL_FLAG: "Vessel flag", Dimension.PLACE: "Place", Dimension.ROUTE: "Route",
}  # fmt: skip
#: What "mentions" counts for a table, by the multiplying dimension (None: report dims).
MENTION_WORDS: dict[Dimension | None, str] = {
    None: "entity mentions (report–entity pairs)",
    Dimension.NATIONALITY: "person mentions (report–person pairs)",
    Dimension.VEHICLE_MAKE: "vehicle mentions (report–vehicle pairs)",
    Dimension.VESSEL_FLAG: "vessel mentions (report–vessel pairs)",
    Dimension.PLACE: "place mentions", Dimension.ROUTE: "route legs mentioned",
}  # fmt: skip
#: Only these reports are ever counted: approved data (PRODUCT.md life cycle).
COUNTED_STATUSES = ("approved", "disseminated")


@dataclass(frozen=True, slots=True)
class StatsFilters:
    """Which approved reports to count. Dates are ISO ``yyyy-mm-dd``, inclusive, and apply
    to the counting date (see docs/statistics.md); empty sets mean "any"."""

    date_from: str | None = None
    date_to: str | None = None
    crime_areas: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    operations: frozenset[str] = frozenset()

    def as_json(self) -> dict[str, Any]:
        return {"date_from": self.date_from, "date_to": self.date_to,
                "crime_areas": sorted(self.crime_areas), "countries": sorted(self.countries),
                "operations": sorted(self.operations)}


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """One table: its dimensions (one or two), the period granularity, the filters."""

    dimensions: tuple[Dimension, ...]
    granularity: Granularity = Granularity.MONTH
    filters: StatsFilters = field(default_factory=StatsFilters)

    def as_json(self) -> dict[str, Any]:
        return {"dimensions": [d.value for d in self.dimensions],
                "granularity": self.granularity.value, "filters": self.filters.as_json()}

    @property
    def multiplier(self) -> Dimension | None:
        return next((d for d in self.dimensions if d in MULTI_DIMENSIONS), None)


@dataclass(frozen=True, slots=True)
class Cell:
    """One row of a table: its key (one value per dimension) and its counts.

    ``reports``: distinct reports; ``mentions``: see :data:`MENTION_WORDS`; ``entities``:
    distinct entities (entity dimensions, else distinct linked entities); ``uncertain``:
    reports whose date of information spans more than one period (counted in the period
    of its earliest bound).
    """

    key: tuple[str, ...]
    reports: int
    mentions: int
    entities: int | None
    uncertain: int


@dataclass(frozen=True, slots=True)
class StatsTable:
    query: StatsQuery
    cells: tuple[Cell, ...]
    total: Cell

    @property
    def headers(self) -> tuple[str, ...]:
        return (*(LABELS[d] for d in self.query.dimensions), "Reports", "Mentions",
                "Entities", "Uncertain date")

    @property
    def mention_words(self) -> str:
        return MENTION_WORDS[self.query.multiplier]


@dataclass(frozen=True, slots=True)
class ReportBehind:
    """A report behind a cell (drill-down)."""

    id: int
    reference: str
    title: str
    crime_area: str
    country: str
    counted_on: str
    uncertain: bool
