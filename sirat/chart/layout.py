"""Chart layouts returning ``{node_id: (x, y)}`` in scene pixels (y grows down).

:func:`force_directed` is Fruchterman–Reingold in vectorised numpy float32,
started from a Pivot-MDS placement (Brandes & Pich, 2006): BFS distances from
a few dozen pivots, double-centred, projected on their two main axes. That
start is already close to the final shape, so far fewer force iterations are
needed than from random positions, and each iteration computes all-pairs
repulsion as whole-array numpy operations instead of n² Python-level work. Everything
is ordered by sorted node id and drawn from a seeded ``numpy.random.Generator``,
so the same graph and seed give the same positions -- on any machine: the iterations use
element-wise operations and numpy's own reductions only, never a BLAS product, whose
rounding depends on the CPU's kernels and thread count (FR amplifies a last-bit difference
into another picture: a chart test passed here and failed on a fresh workstation), and the
Pivot-MDS axes get a fixed sign and are rounded before the iterations start.

:func:`radial` and :func:`hierarchical` live in :mod:`sirat.chart.layout_tree`
and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import numpy.typing as npt

from sirat.chart.blas import one_blas_thread
from sirat.chart.boxes import (
    OVERLAP_LIMIT,
    Box,
    Position,
    estimate_box,
    remove_overlaps,
)
from sirat.chart.centrality import Csr, bfs_distances
from sirat.chart.graph import ChartGraph
from sirat.chart.layout_tree import hierarchical, radial

__all__ = ["EDGE_LENGTH", "force_directed", "hierarchical", "ideal_edge_length", "radial"]

F32 = npt.NDArray[np.float32]

#: Ideal edge length in scene pixels (charts of SMALL_CHART nodes and more).
EDGE_LENGTH: Final = 130.0
#: Smaller charts get longer edges, up to EDGE_LENGTH + SMALL_CHART_EXTRA: there is room,
#: and their edge labels ("account used", "vehicle used") need it between two nodes.
SMALL_CHART: Final = 30
SMALL_CHART_EXTRA: Final = 60.0


def ideal_edge_length(node_count: int) -> float:
    return EDGE_LENGTH + SMALL_CHART_EXTRA * max(0.0, 1.0 - node_count / SMALL_CHART)
_PIVOTS: Final = 40
# All-pairs work budget per layout: iterations = clamp(budget / n^2).
_PAIR_BUDGET: Final = 1.6e8
_MIN_ITERATIONS: Final = 30
_MAX_ITERATIONS: Final = 300
_GRAVITY: Final = 0.1


def force_directed(
    graph: ChartGraph,
    *,
    seed: int = 0,
    pinned: Mapping[str, Position] | None = None,
    iterations: int | None = None,
    edge_length: float | None = None,
    boxes: Mapping[str, Box] | None = None,
) -> dict[str, Position]:
    """Force-directed positions for every node of ``graph``.

    ``pinned`` nodes keep exactly the given positions and the others are laid
    out around them, each starting beside its placed neighbours: after an
    expand the view pins what is already drawn, so the picture does not jump.
    For at most ``OVERLAP_LIMIT`` nodes the boxes (measured by the UI, else
    estimated) are then moved apart until none overlap.
    """
    with one_blas_thread():  # spinning BLAS threads tripled the CPU time (blas.py)
        return _force_directed(graph, seed, pinned, iterations, edge_length, boxes)


def _force_directed(
    graph: ChartGraph, seed: int, pinned: Mapping[str, Position] | None,
    iterations: int | None, edge_length: float | None, boxes: Mapping[str, Box] | None,
) -> dict[str, Position]:
    ids = graph.node_ids()
    n = len(ids)
    if n == 0:
        return {}
    if edge_length is None:
        edge_length = ideal_edge_length(n)
    pins = {k: v for k, v in (pinned or {}).items() if k in graph}
    rng = np.random.default_rng(seed)
    csr = Csr(ids, graph.undirected_pairs())
    if n == 1:
        return {ids[0]: pins.get(ids[0], (0.0, 0.0))}
    pos = _seeded_start(ids, csr, pins, edge_length, rng) if pins else _pivot_mds(csr, rng)
    fixed = np.array([i in pins for i in ids])
    if iterations is None:
        iterations = int(np.clip(_PAIR_BUDGET / (n * n), _MIN_ITERATIONS, _MAX_ITERATIONS))
    # Around pins only the new nodes settle; a fresh start gets the full heat.
    _fruchterman_reingold(pos, csr, fixed, iterations, 0.3 if pins else 1.0)
    if not pins:
        pos /= _median_edge(pos, csr)
    out = {
        i: (float(x) * edge_length, float(y) * edge_length)
        for i, (x, y) in zip(ids, pos, strict=True)
    }
    out.update(pins)
    if n <= OVERLAP_LIMIT:
        node_boxes = {i: (boxes or {}).get(i) or estimate_box(graph.node(i)) for i in ids}
        out = remove_overlaps(out, node_boxes, fixed=pins.keys())
        out.update(pins)
    return {k: (round(x, 2), round(y, 2)) for k, (x, y) in out.items()}


def _median_edge(pos: F32, csr: Csr) -> np.float32:
    """Median edge length: FR stretches sparse graphs past the ideal length."""
    tails = np.repeat(np.arange(csr.n), csr.degree)
    if tails.size == 0:
        return np.float32(1.0)
    lengths = np.linalg.norm(pos[csr.indices] - pos[tails], axis=1)
    return np.float32(max(float(np.median(lengths)), 1e-3))


def _pivot_mds(csr: Csr, rng: np.random.Generator) -> F32:
    """Pivot-MDS start in units of one ideal edge, slightly jittered."""
    n = csr.n
    k = min(n, _PIVOTS)
    pivots = [int(rng.integers(n))]
    rows = [bfs_distances(csr, pivots).astype(np.float64)[0]]
    nearest = np.where(rows[0] < 0, np.inf, rows[0])
    while len(pivots) < k:
        # Farthest-first; unreachable nodes come first, so every component gets a pivot.
        nxt = int(np.argmax(nearest))
        if nearest[nxt] <= 0:
            break
        pivots.append(nxt)
        row = bfs_distances(csr, [nxt]).astype(np.float64)[0]
        rows.append(row)
        nearest = np.minimum(nearest, np.where(row < 0, np.inf, row))
    dist = np.array(rows).T  # n x k
    reach = dist >= 0
    dist = np.where(reach, dist, dist.max() + 1.0)
    sq = dist**2
    c = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    if c.shape[1] >= 2:
        _, vectors = np.linalg.eigh(c.T @ c)
        axes = vectors[:, [-1, -2]]
        # An eigenvector's sign is the LAPACK build's choice: fix it (largest entry positive).
        axes *= np.where(axes[np.abs(axes).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)
        xy = c @ axes
    else:
        xy = np.zeros((n, 2))
    spread = float(np.abs(xy).max()) or 1.0
    # About sqrt(n) edges across, the size FR settles at anyway.
    xy *= 0.5 * np.sqrt(n) / spread
    # BLAS rounding (above) differs in the last bits between machines: cut it off.
    xy = np.round(xy, 6)
    xy += rng.normal(scale=0.05, size=xy.shape)
    start: F32 = xy.astype(np.float32)
    return start


def _seeded_start(
    ids: list[str],
    csr: Csr,
    start: Mapping[str, Position],
    edge_length: float,
    rng: np.random.Generator,
) -> F32:
    """Known nodes where they are; each new node next to its placed neighbours."""
    n = len(ids)
    pos = np.zeros((n, 2), np.float64)
    placed = np.zeros(n, bool)
    for i, node_id in enumerate(ids):
        if node_id in start:
            pos[i] = np.asarray(start[node_id]) / edge_length
            placed[i] = True
    while not placed.all():
        wave: list[tuple[int, npt.NDArray[np.float64]]] = []
        for i in (int(k) for k in np.flatnonzero(~placed)):
            nbrs = csr.indices[csr.indptr[i] : csr.indptr[i + 1]]
            nbrs = nbrs[placed[nbrs]]
            if nbrs.size:
                wave.append((i, pos[nbrs].mean(axis=0)))
        if not wave:  # a component with nothing placed: beside the picture
            i = int(np.flatnonzero(~placed)[0])
            centre = pos[placed].mean(axis=0) if placed.any() else np.zeros(2)
            wave.append((i, centre + np.array([np.sqrt(n), 0.0])))
        for i, centre in wave:
            angle = rng.uniform(0.0, 2 * np.pi)
            pos[i] = centre + np.array([np.cos(angle), np.sin(angle)])
            placed[i] = True
    return pos.astype(np.float32)


def _fruchterman_reingold(
    pos: F32, csr: Csr, fixed: npt.NDArray[np.bool_], iterations: int, heat: float
) -> None:
    """Move ``pos`` in place; the ideal edge length is 1."""
    n = len(pos)
    free = (~fixed).astype(np.float32)[:, None]
    tails = np.repeat(np.arange(n), csr.degree)
    heads = csr.indices
    keep = tails < heads
    tails, heads = tails[keep], heads[keep]
    start_t = np.float32(heat * max(1.0, 0.1 * np.sqrt(n)))
    end_t = np.float32(0.01)
    work = np.empty((n, n), np.float32)
    dx = np.empty((n, n), np.float32)
    dy = np.empty((n, n), np.float32)
    disp = np.empty((n, 2), np.float32)
    for it in range(iterations):
        temp = start_t + (end_t - start_t) * np.float32(it / max(1, iterations - 1))
        # Repulsion k^2/d along (p_i - p_j)/d, i.e. weight w_ij = 1/d^2 on (p_i - p_j),
        # summed over j. Element-wise (exact IEEE operations) and numpy's row sums: no BLAS.
        np.subtract(pos[:, 0, None], pos[None, :, 0], out=dx)
        np.subtract(pos[:, 1, None], pos[None, :, 1], out=dy)
        np.multiply(dx, dx, out=work)
        work += dy * dy
        np.maximum(work, np.float32(1e-2), out=work)
        np.reciprocal(work, out=work)
        np.fill_diagonal(work, 0.0)
        dx *= work
        dy *= work
        dx.sum(axis=1, out=disp[:, 0])
        dy.sum(axis=1, out=disp[:, 1])
        # Attraction d^2/k along the edge, i.e. weight d on (p_j - p_i).
        delta = pos[heads] - pos[tails]
        pull = delta * np.sqrt(np.einsum("ij,ij->i", delta, delta))[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(tails, pull[:, axis], n).astype(np.float32)
            disp[:, axis] -= np.bincount(heads, pull[:, axis], n).astype(np.float32)
        disp -= np.float32(_GRAVITY) * (pos - pos.mean(axis=0))
        disp *= free
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        np.maximum(length, np.float32(1e-9), out=length)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
