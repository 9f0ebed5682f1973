"""A statistics table as values per country, for the map's choropleth.

A table can go on the map when one of its dimensions names countries: the reporting
country (reports), the persons' nationality (persons) or the vessels' flag (vessels), all
ISO 3166 alpha-2 codes. With a second dimension, one of its values is chosen (the row the
user is on: "2026-H1", "thb_ms"), since distinct counts of different periods do not add
up. Keys that are not country codes ("(not recorded)", a stray value) are listed, never
placed.

**Suppression:** for an observer's map the values come from
:func:`sirat.services.stats.release.observer_table` -- the same small-cell and secondary
suppression as a saved observer copy, over the whole table -- and a hidden value stays
hidden on the map (``None``: hatched, no number, no class of the legend).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sirat.errors import SiratError
from sirat.services.stats.release import observer_table
from sirat.services.stats.types import LABELS, Dimension, StatsTable

#: Dimensions whose keys are countries, and what their map counts.
COUNTRY_DIMENSIONS: dict[Dimension, str] = {
    Dimension.COUNTRY: "reports", Dimension.NATIONALITY: "persons",
    Dimension.VESSEL_FLAG: "vessels",
}
_ISO2 = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class StatChoropleth:
    """What the map colours: ``values`` per ISO code (``None``: hidden from an observer)."""

    title: str
    measure: str  # "reports", "persons" or "vessels"
    values: dict[str, int | None]
    not_placed: tuple[str, ...] = ()
    observer_threshold: int | None = None
    other: tuple[str, ...] = field(default=())  # the second dimension's chosen value

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(code for code, v in self.values.items() if v is None)


def country_dimension(table: StatsTable) -> int | None:
    """The index of the dimension naming countries, or None: the table cannot be mapped."""
    return next((i for i, d in enumerate(table.query.dimensions) if d in COUNTRY_DIMENSIONS),
                None)


def other_values(table: StatsTable) -> list[str]:
    """The values of the second dimension, in the table's order (empty for one dimension)."""
    index = country_dimension(table)
    if index is None or len(table.query.dimensions) == 1:
        return []
    return list(dict.fromkeys(c.key[1 - index] for c in table.cells))


def choropleth(table: StatsTable, *, other: str | None = None,
               observer_threshold: int | None = None) -> StatChoropleth:
    """``table``'s counts per country (for ``other`` value of a second dimension)."""
    index = country_dimension(table)
    if index is None:
        raise SiratError("This table has no country dimension to show on the map.",
                         "Count by reporting country, nationality or vessel flag.")
    dims = table.query.dimensions
    dim = dims[index]
    measure = COUNTRY_DIMENSIONS[dim]
    slot = 0 if measure == "reports" else 2  # reports, or distinct persons / vessels
    rows: list[tuple[tuple[str, ...], tuple[int | None, int | None, int | None]]]
    if observer_threshold is None:
        rows = [(c.key, (c.reports, c.mentions, c.entities)) for c in table.cells]
    else:  # the total row is left out: only countries are drawn
        rows = list(observer_table(table, observer_threshold)[:-1])
    chosen: tuple[str, ...] = ()
    if len(dims) == 2:
        choices = other_values(table)
        if other is None:
            other = choices[0] if choices else ""
        if other not in choices:
            raise SiratError("That value is not in the table.", "Count the table again.")
        chosen = (other,)
        rows = [(k, v) for k, v in rows if k[1 - index] == other]
    values: dict[str, int | None] = {}
    not_placed: list[str] = []
    for key, counts in rows:
        code = key[index]
        if _ISO2.fullmatch(code):
            values[code] = counts[slot]
        else:
            not_placed.append(code)
    title = f"{measure.capitalize()} by {LABELS[dim].split(' (')[0].lower()}"
    if chosen:
        title += f", {LABELS[dims[1 - index]].lower()} {chosen[0]}"
    return StatChoropleth(title, measure, values, tuple(not_placed), observer_threshold,
                          chosen)
