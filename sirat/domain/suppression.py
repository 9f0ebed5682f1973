"""Small-cell suppression: which counts of a statistics table an observer may not read.

THE rule for statistics released to observers (PRODUCT.md: "suppress small cells (< 5 by
default) and any total that would reveal one"). Pure: numbers in, the set of hidden
positions out; the services apply it, the PDF prints what is left.

A table is a set of **lines**: each line is some cells and the total printed for them (a
one-way table is one line; a cross table has one line per row and per column, plus the
row totals and the column totals, each against the grand total). The rule:

1. **Primary.** Every count ``0 < n < threshold`` is hidden, totals included. Zero is
   printed: it names nobody.
2. **Secondary**, repeated until nothing changes: in every line, the hidden positions must
   not be computable from what is printed. A line whose total is printed and where exactly
   one cell is hidden gives it away (total minus the rest); a line whose hidden cells add
   up to less than the threshold gives away a small count (their sum). Each such line
   hides its smallest printed non-zero cell next (it then constrains its other lines
   too); a line with no such cell left hides its total instead. A line whose total is
   hidden and whose cells are all printed gives the total away: it hides a cell too.

This is the usual heuristic of statistical offices (hypercube-style complements are
better but need an optimiser); it guarantees no single hidden count can be read off one
line and no printed group sum is small. Tested in ``tests/unit/stats/test_suppression.py``.

**Nationality by short period** (a month or a quarter) is not released to observers at
all: one person of a rare nationality in one month names them even above the threshold
when the reader knows the case (:func:`observer_may_cross`).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

#: The default smallest count an observer may read; a vault setting may raise it.
DEFAULT_THRESHOLD: Final = 5
MIN_THRESHOLD: Final = 2
MAX_THRESHOLD: Final = 50
#: Dimensions that describe persons, and periods too short to release them by.
PERSON_DIMENSIONS: Final = frozenset({"nationality"})
SHORT_PERIODS: Final = frozenset({"month", "quarter"})


@dataclass(frozen=True, slots=True)
class Line:
    """Cells and the total printed for them (positions are any hashable ids)."""

    cells: tuple[Hashable, ...]
    total: Hashable


def suppress(values: Mapping[Hashable, int], lines: Sequence[Line],
             threshold: int = DEFAULT_THRESHOLD,
             forced: Collection[Hashable] = ()) -> frozenset[Hashable]:
    """The positions of ``values`` an observer may not read (see the module docstring).

    ``forced``: positions hidden whatever their value -- a count another table of the same
    product had to hide (:mod:`sirat.services.stats.release` hides a number shared by
    several tables everywhere once one hides it), secondary suppression then runs on."""
    hidden = {p for p, n in values.items() if 0 < n < threshold}
    hidden |= {p for p in forced if values.get(p, 0) > 0}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _protect(line, values, hidden, threshold):
                changed = True
    return frozenset(hidden)


def _protect(line: Line, values: Mapping[Hashable, int], hidden: set[Hashable],
             threshold: int) -> bool:
    """Hide one more position of ``line`` if it leaks; True when something was hidden."""
    cells_hidden = [c for c in line.cells if c in hidden]
    total_hidden = line.total in hidden
    if not cells_hidden and not total_hidden:
        return False
    if total_hidden and cells_hidden:
        return False  # two unknowns in one equation: nothing can be read off this line
    leaks = (total_hidden or len(cells_hidden) == 1
             or sum(values.get(c, 0) for c in cells_hidden) < threshold)
    if not leaks:
        return False
    candidates = [c for c in line.cells if c not in hidden and values.get(c, 0) > 0]
    if candidates:
        hidden.add(min(candidates, key=lambda c: (values.get(c, 0), str(c))))
        return True
    if not total_hidden and values.get(line.total, 0) > 0:
        hidden.add(line.total)
        return True
    return False


def one_way(keys: Sequence[Hashable], values: Sequence[int], total: int,
            threshold: int = DEFAULT_THRESHOLD,
            hide_total: bool = False) -> tuple[frozenset[int], bool]:
    """A one-way table: (indexes of hidden cells, whether the total is hidden);
    ``hide_total``: the total is hidden elsewhere, so here too (see :func:`suppress`)."""
    positions: dict[Hashable, int] = {("cell", i): n for i, n in enumerate(values)}
    positions["total"] = total
    hidden = suppress(positions, [Line(tuple(("cell", i) for i in range(len(keys))),
                                       "total")], threshold,
                      forced=("total",) if hide_total else ())
    return frozenset(i for i in range(len(keys)) if ("cell", i) in hidden), "total" in hidden


def observer_may_cross(dimensions: Sequence[str], granularity: str | None) -> bool:
    """False for a table describing persons by a short period (never for observers)."""
    return not (PERSON_DIMENSIONS & set(dimensions) and "period" in dimensions
                and granularity in SHORT_PERIODS)


def checked_threshold(value: object) -> int:
    """A stored threshold as an int within bounds; anything else gives the default."""
    try:
        number = int(str(value))
    except ValueError:
        return DEFAULT_THRESHOLD
    return number if MIN_THRESHOLD <= number <= MAX_THRESHOLD else DEFAULT_THRESHOLD
