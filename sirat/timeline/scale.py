"""Zoom levels from a day to a decade, the viewport arithmetic and the axis ticks.

The view keeps ``days_per_px``; the tick level follows so ticks stay readable, and past
:data:`BIN_ABOVE` days per pixel single items are no longer told apart: the view shows
histogram bins the service counted in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from sirat.timeline.model import iso_of


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    days: float  # about how long one tick step is


LEVELS: Final[tuple[Level, ...]] = (
    Level("day", 1), Level("week", 7), Level("month", 30.44), Level("quarter", 91.3),
    Level("year", 365.25), Level("decade", 3652.5),
)
#: Closest zoom: one day spans 160 px. Farthest: ten decades fit in ~1,000 px.
MIN_DAYS_PER_PX: Final = 1 / 160
MAX_DAYS_PER_PX: Final = 40.0
#: Ticks at least this far apart.
MIN_TICK_PX: Final = 70.0
#: Above this many days per pixel the view draws SQL histogram bins instead of items.
BIN_ABOVE: Final = 3.0
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                  "Nov", "Dec")


def level_for(days_per_px: float) -> Level:
    """The finest level whose ticks stay MIN_TICK_PX apart."""
    for level in LEVELS:
        if level.days / days_per_px >= MIN_TICK_PX:
            return level
    return LEVELS[-1]


def bin_unit(days_per_px: float) -> str:
    """The histogram's bin at this zoom: month, else year."""
    return "month" if days_per_px <= 12 else "year"


@dataclass(frozen=True, slots=True)
class Viewport:
    """Which days a ``width``-pixel-wide view shows: day at x = start + x * days_per_px."""

    start: float
    days_per_px: float
    width: int

    @property
    def end(self) -> float:
        return self.start + self.width * self.days_per_px

    def x_of(self, day: float) -> float:
        return (day - self.start) / self.days_per_px

    def day_at(self, x: float) -> float:
        return self.start + x * self.days_per_px

    def zoomed(self, factor: float, anchor_x: float | None = None) -> Viewport:
        """Zoom in (factor > 1) or out around ``anchor_x`` (default: the middle)."""
        x = self.width / 2 if anchor_x is None else anchor_x
        anchor = self.day_at(x)
        dpp = min(MAX_DAYS_PER_PX, max(MIN_DAYS_PER_PX, self.days_per_px / factor))
        return Viewport(anchor - x * dpp, dpp, self.width)

    def panned(self, dx_px: float) -> Viewport:
        return Viewport(self.start - dx_px * self.days_per_px, self.days_per_px, self.width)

    def resized(self, width: int) -> Viewport:
        return Viewport(self.start, self.days_per_px, max(1, width))

    @staticmethod
    def fitting(first: int, last: int, width: int, margin: float = 0.04) -> Viewport:
        """Show days ``first``..``last`` (inclusive) across ``width`` pixels."""
        width = max(1, width)
        span = max(1.0, (last + 1 - first) * (1 + 2 * margin))
        dpp = min(MAX_DAYS_PER_PX, max(MIN_DAYS_PER_PX, span / width))
        middle = (first + last + 1) / 2
        return Viewport(middle - width * dpp / 2, dpp, width)


def _tick_label(d: date, level: str) -> str:
    if level in ("day", "week"):
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d.day == 1 or level == "week" \
            else str(d.day)
    if level == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}" if d.month == 1 else _MONTHS[d.month - 1]
    if level == "quarter":
        return f"Q{(d.month - 1) // 3 + 1} {d.year}"
    return str(d.year)


def _step(d: date, level: str) -> date:
    if level == "day":
        return date.fromordinal(d.toordinal() + 1)
    if level == "week":
        return date.fromordinal(d.toordinal() + 7)
    months = {"month": 1, "quarter": 3}.get(level)
    if months:
        m = d.month - 1 + months
        return date(d.year + m // 12, m % 12 + 1, 1)
    return date(d.year + (10 if level == "decade" else 1), 1, 1)


def _first(d: date, level: str) -> date:
    if level == "day":
        return d
    if level == "week":  # Mondays
        return date.fromordinal(d.toordinal() - d.weekday())
    if level == "month":
        return date(d.year, d.month, 1)
    if level == "quarter":
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if level == "year":
        return date(d.year, 1, 1)
    return date(d.year - d.year % 10, 1, 1)


def ticks(first: float, last: float, level: Level, limit: int = 400) -> list[tuple[int, str]]:
    """(day, label) of each tick from ``first`` to ``last`` (day ordinals) at ``level``."""
    lo = max(1, int(first))
    hi = min(date.max.toordinal() - 4000, int(last))
    if hi < lo:
        return []
    d = _first(date.fromordinal(lo), level.name)
    out: list[tuple[int, str]] = []
    while d.toordinal() <= hi and len(out) < limit:
        if d.toordinal() >= lo:
            out.append((d.toordinal(), _tick_label(d, level.name)))
        d = _step(d, level.name)
    return out


def describe(day: int) -> str:
    """A day as ISO text (for tooltips and captions)."""
    return iso_of(day)
