"""The statistics part of an analytical product, as one recipient may read it (pure).

The services build these from the stored figures (:mod:`sirat.services.stats.product`),
after small-cell suppression for observers (:mod:`sirat.domain.suppression`); the PDF
prints them as they are. ``None`` is a hidden count: printed as :data:`HIDDEN_MARK`, drawn
as a missing bar or point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

HIDDEN_MARK: Final = "c"


@dataclass(frozen=True, slots=True)
class FigureTable:
    """A table: header, rows (labels then counts), an optional total row."""

    title: str
    headers: tuple[str, ...]
    label_columns: int
    rows: tuple[tuple[str | int | None, ...], ...]
    total: tuple[str | int | None, ...] | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class FigureSeries:
    """A chart: categories on the x axis and one or more named series of counts."""

    title: str
    kind: str  # "line" or "bar"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int | None, ...]], ...]


@dataclass(frozen=True, slots=True)
class KeyFigure:
    label: str
    value: int | None


@dataclass(frozen=True, slots=True)
class StatisticsRelease:
    """Everything statistical the product prints for one recipient."""

    template: str
    period_label: str
    crime_areas: tuple[str, ...]
    key_figures: tuple[KeyFigure, ...]
    charts: tuple[FigureSeries, ...]
    tables: tuple[FigureTable, ...]
    #: How the numbers were counted (the date rule, reports vs mentions), printed as is.
    method: str
    #: The suppression statement (observers) or "" (partners see every count).
    suppression: str
    #: SHA-256 of the data used and the parameters, printed for reproducibility.
    data_digest: str
    parameters: str


def hidden_note(series: FigureSeries) -> tuple[str, bool]:
    """What a chart of an observer's copy says about its hidden counts, and whether it
    stands in the empty plot (nothing left to read) rather than beside the title; ("",
    False) when nothing is hidden. The PDF and the export preview print the same words."""
    values = [v for _n, vs in series.series for v in vs]
    hidden = sum(v is None for v in values)
    if series.categories and values and hidden == len(values):
        return "Every count of this chart is hidden in this copy (small counts).", True
    if hidden and not any(v for v in values if v is not None):
        return "Every count above zero is hidden in this copy (small counts).", True
    if hidden:  # some points or bars missing: the reader must not take them for zero
        return "Counts hidden in this copy are left out.", False
    return "", False
