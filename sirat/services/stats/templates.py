"""Templates of periodic analytical products: which crime areas, which period length.

Data, not code paths: a template names a period length and the crime areas it covers by
default; the analyst may change both when drafting.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Final

from sirat.errors import SiratError


@dataclass(frozen=True, slots=True)
class Template:
    code: str
    title: str
    period: str  # "half", "quarter", "year"
    crime_areas: tuple[str, ...]


TEMPLATES: Final[dict[str, Template]] = {t.code: t for t in (
    Template("thb-ms-half-year",
             "Trafficking in human beings and migrant smuggling — half-year", "half",
             ("thb_ms",)),
    Template("drugs-half-year", "Drug trafficking — half-year", "half", ("drugs",)),
    Template("regional-threat-year", "Regional threat assessment — year", "year", ()),
    Template("operations-quarter", "Operation results — quarter", "quarter", ()),
)}
_PERIOD = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]))?")
_MONTHS = {"H1": (1, 6), "H2": (7, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9),
           "Q4": (10, 12)}


def template(code: str) -> Template:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise SiratError("There is no analytical product template of that name.",
                         "Choose one of: " + ", ".join(TEMPLATES) + ".") from None


def period_bounds(label: str) -> tuple[str, str]:
    """``2026-H1`` → (2026-01-01, 2026-06-30); also ``2026-Q3`` and ``2026``."""
    found = _PERIOD.fullmatch(label.strip().upper())
    if found is None or not 1990 <= int(found.group(1)) <= 2200:
        raise SiratError("That period is not one SIRAT knows.",
                         "Write it as 2026-H1, 2026-Q3 or 2026.")
    year = int(found.group(1))
    first, last = _MONTHS.get(found.group(2) or "", (1, 12))
    end_day = calendar.monthrange(year, last)[1]
    return f"{year:04d}-{first:02d}-01", f"{year:04d}-{last:02d}-{end_day:02d}"


def period_matches(label: str, length: str) -> bool:
    part = label.strip().upper()[5:6]
    return {"half": part == "H", "quarter": part == "Q", "year": part == ""}.get(length, False)
