"""Where to put each edge's label along its edge so it covers no node and no other label.

An edge label sits on its edge, by default halfway. On a busy chart the midpoint often
falls on another node's name or on the label of a neighbouring edge; sliding the label
along its own edge (it stays unambiguous) almost always finds a free spot. Greedy, in a
stable order, with a grid of cells so each test only looks at nearby rectangles: a few
milliseconds for a few hundred edges. Pure geometry, shared by the Qt view and the PDF.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sirat.chart.boxes import Position

#: (left, top, right, bottom) in the same units as the positions.
Rect = tuple[float, float, float, float]

#: Fractions of the edge tried in turn, from the midpoint outwards, on the line first,
#: then just beside it (side -1 or 1: a label height off the line).
CANDIDATES: Final = tuple(
    (t, side)
    for side in (0, -1, 1)
    for t in (0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75)
)


@dataclass(frozen=True, slots=True)
class LabelSpot:
    """One edge label to place: its edge, its size and any sideways shift (parallel edges)."""

    key: Hashable
    start: Position
    end: Position
    size: tuple[float, float]
    shift: Position = (0.0, 0.0)


class ObstacleGrid:
    """Rectangles bucketed into square cells, so overlap tests only look nearby."""

    def __init__(self, cell: float = 120.0) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], list[Rect]] = defaultdict(list)

    def _keys(self, r: Rect) -> Iterable[tuple[int, int]]:
        c = self._cell
        for i in range(math.floor(r[0] / c), math.floor(r[2] / c) + 1):
            for j in range(math.floor(r[1] / c), math.floor(r[3] / c) + 1):
                yield i, j

    def add(self, r: Rect) -> None:
        for key in self._keys(r):
            self._cells[key].append(r)

    def overlap(self, r: Rect) -> tuple[int, float]:
        """How many rectangles of the grid ``r`` overlaps, and the area they cover."""
        found = {
            o
            for key in self._keys(r)
            for o in self._cells.get(key, ())
            if o[0] < r[2] and r[0] < o[2] and o[1] < r[3] and r[1] < o[3]
        }
        return len(found), sum(
            (min(r[2], o[2]) - max(r[0], o[0])) * (min(r[3], o[3]) - max(r[1], o[1]))
            for o in found
        )


def label_centre(spot: LabelSpot, t: float, side: int = 0) -> Position:
    """Where the label's centre is at fraction ``t`` of its edge, ``side`` off the line."""
    (ax, ay), (bx, by) = spot.start, spot.end
    length = math.dist(spot.start, spot.end) or 1.0
    off = side * spot.size[1]
    return (
        ax + (bx - ax) * t + spot.shift[0] - (by - ay) / length * off,
        ay + (by - ay) * t + spot.shift[1] + (bx - ax) / length * off,
    )


def label_rect(spot: LabelSpot, t: float, side: int = 0) -> Rect:
    """The label's rectangle when centred at fraction ``t`` of its edge."""
    cx, cy = label_centre(spot, t, side)
    w, h = spot.size
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def place_edge_labels(
    spots: Sequence[LabelSpot], obstacles: Iterable[Rect], *, cell: float = 120.0
) -> dict[Hashable, tuple[float, int]]:
    """``(t, side)`` for each label: centred at fraction ``t`` of its edge, ``side``
    label heights off the line (see :func:`label_centre`).

    Each label takes the first candidate that overlaps nothing (obstacles, labels placed
    before it), else the one that overlaps fewest, then least; labels are placed
    shortest edge first, since a short edge has the fewest free spots.
    """
    grid = ObstacleGrid(cell)
    for r in obstacles:
        grid.add(r)
    placed: dict[Hashable, tuple[float, int]] = {}
    for spot in sorted(spots, key=lambda s: (math.dist(s.start, s.end), repr(s.key))):
        best, least = CANDIDATES[0], (math.inf, math.inf)
        for candidate in CANDIDATES:
            covered = grid.overlap(label_rect(spot, *candidate))
            if covered < least:
                best, least = candidate, covered
                if covered[0] == 0:
                    break
        placed[spot.key] = best
        grid.add(label_rect(spot, *best))
    return placed
