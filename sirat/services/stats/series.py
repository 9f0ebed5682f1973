"""A counted table as chart series: a line over time, or bars (for the app's chart).

Distinct counts do not add up across a multiplying dimension, so series are read from the
cells as counted, never summed: with two dimensions, each value of the other dimension
is one series (the eight largest, by reports).
"""

from __future__ import annotations

from sirat.export.stats_types import FigureSeries
from sirat.services.stats.types import LABELS, Dimension, StatsTable

MAX_SERIES = 8
MAX_BARS = 24


def chart_series(table: StatsTable, kind: str = "bar") -> FigureSeries:
    """Reports per category; ``kind`` "line" needs the period dimension (else bars)."""
    dims = table.query.dimensions
    over_time = Dimension.PERIOD in dims
    kind = "line" if kind == "line" and over_time else "bar"
    x = dims.index(Dimension.PERIOD) if kind == "line" else 0
    title = "Reports by " + " and ".join(LABELS[d].lower() for d in dims)
    if len(dims) == 1:
        cells = sorted(table.cells, key=lambda c: c.key if kind == "line" else (-c.reports,
                                                                                   c.key))
        cells = cells if kind == "line" else cells[:MAX_BARS]
        return FigureSeries(title, kind, tuple(c.key[0] for c in cells),
                            (("Reports", tuple(c.reports for c in cells)),))
    other = 1 - x
    totals: dict[str, int] = {}
    by_x: dict[str, int] = {}
    for c in table.cells:
        totals[c.key[other]] = totals.get(c.key[other], 0) + c.reports
        by_x[c.key[x]] = by_x.get(c.key[x], 0) + c.reports
    names = sorted(totals, key=lambda k: (-totals[k], k))[:MAX_SERIES]
    categories = sorted(by_x) if kind == "line" else sorted(
        by_x, key=lambda k: (-by_x[k], k))[:MAX_BARS]
    values = {(c.key[x], c.key[other]): c.reports for c in table.cells}
    return FigureSeries(title, kind, tuple(categories), tuple(
        (name, tuple(values.get((cat, name), 0) for cat in categories)) for name in names))
