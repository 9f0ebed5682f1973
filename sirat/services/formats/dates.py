"""Partial and approximate dates as analysts type them: ``2026``, ``2026-03``,
``about 2026-03``, ``2026-03-14``, ``14.03.2026`` (also ``14.03.2026.``, ``03.2026``,
``14/03/2026``).

A date is stored with the text exactly as typed plus sortable ISO bounds ``earliest`` and
``latest``; filters compare the bounds. The calendar check and the precision come from
``prefixdate`` (FollowTheMoney's own partial-date library); this module only adds the
day-first formats used in the region and the "about" marker, which widens the bounds by one
unit of the precision (a year, a month, or seven days).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

import prefixdate

Precision = Literal["year", "month", "day"]

MIN_YEAR: Final = 1800
MAX_YEAR: Final = 2199

_APPROX: Final = re.compile(
    r"^(?:about|approx\.?|approximately|around|circa|ca\.?|c\.|cca\.?|~)\s*", re.IGNORECASE
)
_ISO: Final = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", re.ASCII)
_DAY_FIRST: Final = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})\.?$", re.ASCII)

HINT: Final = "Write the date as 2026-03-14, 14.03.2026, 2026-03 or 2026; add 'about' if unsure."


class DateProblem(ValueError):
    """The text is not a date SIRAT understands; ``args[0]`` is safe to show."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a year, a month or a day, possibly only approximately."""

    text: str  # as typed (outer whitespace removed)
    normalized: str  # ISO prefix: "2026", "2026-03", "2026-03-14"
    precision: Precision
    approximate: bool
    earliest: str  # ISO date, inclusive
    latest: str  # ISO date, inclusive

    def display(self) -> str:
        return f"about {self.normalized}" if self.approximate else self.normalized


def _parts(body: str) -> tuple[int, int | None, int | None]:
    iso = _ISO.match(body)
    if iso:
        y, m, d = iso.groups()
        return int(y), (int(m) if m else None), (int(d) if d else None)
    day_first = _DAY_FIRST.match(body)
    if day_first:
        d, m, y = day_first.groups()
        return int(y), int(m), (int(d) if d else None)
    raise DateProblem(f"This is not a date SIRAT understands. {HINT}")


def parse_partial_date(text: str) -> PartialDate:
    """Parse what an analyst typed; raise :class:`DateProblem` with a message to show."""
    stripped = text.strip()
    match = _APPROX.match(stripped)
    approximate = match is not None
    body = stripped[match.end():] if match else stripped
    year, month, day = _parts(body.strip())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateProblem(f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem("The month must be between 1 and 12.")
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    parsed = prefixdate.parse(iso)
    if parsed.text != iso:
        raise DateProblem(f"There is no day {day} in {calendar.month_name[month or 1]} {year}.")
    if day is not None and month is not None:
        precision: Precision = "day"
        low = high = date(year, month, day)
        margin = timedelta(days=7)
        if approximate:
            low, high = low - margin, high + margin
    elif month is not None:
        precision = "month"
        if approximate:
            month_lo = month - 1 or 12
            low = date(year - (month == 1), month_lo, 1)
            month_hi = month % 12 + 1
            year_hi = year + (month == 12)
            high = date(year_hi, month_hi, calendar.monthrange(year_hi, month_hi)[1])
        else:
            low = date(year, month, 1)
            high = date(year, month, calendar.monthrange(year, month)[1])
    else:
        precision = "year"
        widen = 1 if approximate else 0
        low, high = date(year - widen, 1, 1), date(year + widen, 12, 31)
    return PartialDate(
        text=stripped,
        normalized=iso,
        precision=precision,
        approximate=approximate,
        earliest=low.isoformat(),
        latest=high.isoformat(),
    )


def parse_full_date(text: str) -> date:
    """A complete calendar date (the date of a report): day, month and year, not 'about'."""
    parsed = parse_partial_date(text)
    if parsed.approximate or parsed.precision != "day":
        raise DateProblem("Give the full date: day, month and year (2026-03-14 or 14.03.2026).")
    return date.fromisoformat(parsed.normalized)
