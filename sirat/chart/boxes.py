"""Node boxes (icon plus labels) and removing overlaps between them.

A box is ``(left, top, right, bottom)`` relative to the node's position, which
is the centre of its icon; the labels hang below the icon. The UI passes boxes
measured with its real fonts; without them :func:`estimate_box` gives a
conservative estimate, so the pure layouts can promise "no overlap" too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final

import numpy as np

from sirat.chart.graph import Node

Position = tuple[float, float]
Box = tuple[float, float, float, float]

ICON_SIZE: Final = 36.0
LABEL_HEIGHT: Final = 15.0
SUBLABEL_HEIGHT: Final = 13.0
# Average advance of DejaVu Sans at the chart's 12 px label font is ~0.6 em;
# rounded up so the estimate stays a bound for Cyrillic and Greek too.
CHAR_WIDTH: Final = 7.6
SUB_CHAR_WIDTH: Final = 7.0
LABEL_LIMIT: Final = 28
#: Above this many nodes overlap removal is skipped (it is O(n^2) per round).
OVERLAP_LIMIT: Final = 300


def display_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, elided with an ellipsis past ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def estimate_box(node: Node) -> Box:
    """A generous box for ``node`` drawn with the chart's default fonts."""
    width = max(ICON_SIZE, CHAR_WIDTH * len(display_label(node.label)))
    height = ICON_SIZE / 2 + 2 + LABEL_HEIGHT
    if node.sublabel:
        width = max(width, SUB_CHAR_WIDTH * len(display_label(node.sublabel)))
        height += SUBLABEL_HEIGHT
    half = width / 2 + 2
    return (-half, -ICON_SIZE / 2, half, height)


def boxes_overlap(a: Position, box_a: Box, b: Position, box_b: Box) -> bool:
    """True when the two placed boxes share some area."""
    return (
        a[0] + box_a[0] < b[0] + box_b[2]
        and b[0] + box_b[0] < a[0] + box_a[2]
        and a[1] + box_a[1] < b[1] + box_b[3]
        and b[1] + box_b[1] < a[1] + box_a[3]
    )


def remove_overlaps(
    positions: Mapping[str, Position],
    boxes: Mapping[str, Box],
    *,
    fixed: Collection[str] = (),
    gap: float = 8.0,
    max_rounds: int = 60,
) -> dict[str, Position]:
    """Move boxes apart along the axis of least overlap until none overlap.

    Fixed nodes never move (two fixed boxes may stay overlapped). If pushing
    does not settle, the free nodes are spread out from the centre, which
    always ends it since the boxes keep their size.
    """
    ids = sorted(positions)
    n = len(ids)
    if n < 2:
        return dict(positions)
    xy = np.array([positions[i] for i in ids], np.float64)
    bx = np.array([boxes[i] for i in ids], np.float64)
    bx[:, :2] -= gap / 2
    bx[:, 2:] += gap / 2
    free = np.array([i not in fixed for i in ids])
    if not free.any():
        return dict(positions)
    for _spread in range(40):
        for _ in range(max_rounds):
            if not _push_apart(xy, bx, free):
                return {i: (float(x), float(y)) for i, (x, y) in zip(ids, xy, strict=True)}
        centre = xy[free].mean(axis=0)
        xy[free] = centre + (xy[free] - centre) * 1.1
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, xy, strict=True)}


def _push_apart(xy: np.ndarray, bx: np.ndarray, free: np.ndarray) -> bool:
    """One round of pushing; False when nothing overlapped."""
    n = len(xy)
    left, top = xy[:, 0] + bx[:, 0], xy[:, 1] + bx[:, 1]
    right, bottom = xy[:, 0] + bx[:, 2], xy[:, 1] + bx[:, 3]
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
    movable = free[:, None] | free[None, :]
    hit = (ox > 1e-6) & (oy > 1e-6) & movable
    np.fill_diagonal(hit, False)
    if not hit.any():
        return False
    cx, cy = (left + right) / 2, (top + bottom) / 2
    dx = cx[:, None] - cx[None, :]
    dy = cy[:, None] - cy[None, :]
    # Coincident centres: break the tie by index so the push is deterministic.
    order = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :]).astype(np.float64)
    sx = np.where(dx != 0, np.sign(dx), order)
    sy = np.where(dy != 0, np.sign(dy), order)
    along_x = ox < oy
    # Each free end moves half the overlap; a free end facing a fixed one moves all of it.
    share = np.where(free[None, :], 0.5, 1.0) * free[:, None]
    step_x = np.where(hit & along_x, sx * ox * share, 0.0)
    step_y = np.where(hit & ~along_x, sy * oy * share, 0.0)
    # Several overlaps on one node: average rather than sum, so it does not overshoot.
    count = np.maximum(1, hit.sum(axis=1))
    scale = np.where(count > 1, 1.0 / np.sqrt(count), 1.0)
    xy[:, 0] += step_x.sum(axis=1) * scale
    xy[:, 1] += step_y.sum(axis=1) * scale
    return True
