"""Layouts around a chosen node: radial rings and top-down layers.

Both start from a BFS tree rooted at the chosen node (neighbours in sorted
order, so the result is deterministic). Nodes the root cannot reach hang from
the root as extra subtrees, so nothing is lost. Positions are scene pixels.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from typing import Final

from sirat.chart.boxes import OVERLAP_LIMIT, Box, Position, estimate_box, remove_overlaps
from sirat.chart.graph import ChartGraph

RING_GAP: Final = 150.0
NODE_GAP: Final = 24.0
_SWEEPS: Final = 4


def _bfs_tree(graph: ChartGraph, root: str) -> tuple[list[str], dict[str, str], dict[str, int]]:
    """BFS order, parent and depth of every node; unreached parts hang off root."""
    if root not in graph:
        raise KeyError(root)
    order: list[str] = []
    parent: dict[str, str] = {}
    depth: dict[str, int] = {root: 0}
    for k, start in enumerate([root, *graph.node_ids()]):
        if k and start in depth:
            continue
        if k:
            parent[start] = root
            depth[start] = 1
        queue = deque([start])
        while queue:
            current = queue.popleft()
            order.append(current)
            for other in graph.neighbours(current):
                if other not in depth:
                    depth[other] = depth[current] + 1
                    parent[other] = current
                    queue.append(other)
    return order, parent, depth


def _boxes(graph: ChartGraph, boxes: Mapping[str, Box] | None) -> dict[str, Box]:
    given = boxes or {}
    return {i: given.get(i) or estimate_box(graph.node(i)) for i in graph.node_ids()}


def _finish(
    graph: ChartGraph, pos: dict[str, Position], boxes: dict[str, Box]
) -> dict[str, Position]:
    if len(pos) <= OVERLAP_LIMIT:
        pos = remove_overlaps(pos, boxes)
    return {k: (round(x, 2), round(y, 2)) for k, (x, y) in pos.items() if k in graph}


def radial(
    graph: ChartGraph,
    center: str,
    *,
    boxes: Mapping[str, Box] | None = None,
    ring_gap: float = RING_GAP,
) -> dict[str, Position]:
    """``center`` in the middle, nodes at BFS depth d on ring d.

    A ring's nodes are spaced evenly, ordered by their parent's angle (so
    branches stay together and cross little) and turned to sit as close to
    their parents as the even spacing allows. A ring is long enough for the
    boxes on it: a box's extent along the ring is ``w |sin a| + h |cos a|``,
    and the widest pair of angular neighbours must fit on one step.
    """
    order, parent, depth = _bfs_tree(graph, center)
    sized = _boxes(graph, boxes)
    rings: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for node_id in order:
        rings[depth[node_id]].append(node_id)
    angle: dict[str, float] = {center: -math.pi / 2}
    radius = 0.0
    pos: dict[str, Position] = {center: (0.0, 0.0)}
    for ring in rings[1:]:
        ring.sort(key=lambda i: angle[parent[i]] % (2 * math.pi))
        step = 2 * math.pi / len(ring)
        # Circular mean of how far each node would turn to face its parent.
        turn = sum(
            complex(math.cos(angle[parent[i]] - k * step), math.sin(angle[parent[i]] - k * step))
            for k, i in enumerate(ring)
        )
        offset = math.atan2(turn.imag, turn.real) if abs(turn) > 1e-9 else -math.pi / 2
        for k, node_id in enumerate(ring):
            angle[node_id] = offset + k * step
        extent = []
        for node_id in ring:
            left, top, right, bottom = sized[node_id]
            a = angle[node_id]
            extent.append((right - left) * abs(math.sin(a)) + (bottom - top) * abs(math.cos(a)))
        radius += ring_gap
        if len(ring) > 1:
            # Evenly spaced: the widest pair of angular neighbours sets the radius.
            sep = max((extent[k] + extent[k - 1]) / 2 + NODE_GAP for k in range(len(ring)))
            radius = max(radius, sep / (2 * math.sin(min(step, math.pi) / 2)))
        for node_id in ring:
            pos[node_id] = (radius * math.cos(angle[node_id]), radius * math.sin(angle[node_id]))
    return _finish(graph, pos, sized)


def hierarchical(
    graph: ChartGraph,
    root: str,
    *,
    boxes: Mapping[str, Box] | None = None,
    layer_gap: float | None = None,
) -> dict[str, Position]:
    """``root`` on top, then one layer per BFS depth, ordered to cut crossings.

    Layers are ordered by barycentre sweeps (down, then up, a few times); each
    node is then placed under the mean of its neighbours in the layer above,
    pushed right as little as its neighbours' boxes require.
    """
    order, _parent, depth = _bfs_tree(graph, root)
    sized = _boxes(graph, boxes)
    layers: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for node_id in order:
        layers[depth[node_id]].append(node_id)
    index = {i: k for layer in layers for k, i in enumerate(layer)}

    def sweep(layer: list[str], towards: int) -> None:
        def key(node_id: str) -> float:
            near = [index[o] for o in graph.neighbours(node_id) if depth[o] == towards]
            return sum(near) / len(near) if near else float(index[node_id])

        layer.sort(key=key)  # stable: ties keep their current order
        for k, node_id in enumerate(layer):
            index[node_id] = k

    for _ in range(_SWEEPS):
        for d in range(1, len(layers)):
            sweep(layers[d], d - 1)
        for d in range(len(layers) - 2, -1, -1):
            sweep(layers[d], d + 1)

    tallest = max(b[3] - b[1] for b in sized.values())
    gap_y = layer_gap if layer_gap is not None else tallest + 90.0
    x: dict[str, float] = {}
    for d, layer in enumerate(layers):
        wanted = []
        for k, node_id in enumerate(layer):
            above = [x[o] for o in graph.neighbours(node_id) if depth[o] == d - 1 and o in x]
            wanted.append(sum(above) / len(above) if above else float(k) * ring_unit(sized))
        placed: list[float] = []
        for k, node_id in enumerate(layer):
            want = wanted[k]
            if placed:
                prev = layer[k - 1]
                need = sized[prev][2] - sized[node_id][0] + NODE_GAP
                want = max(want, placed[-1] + need)
            placed.append(want)
        # Pushing right drifts the layer; shift it back so it stays centred on its wish.
        shift = sum(w - p for w, p in zip(wanted, placed, strict=True)) / max(1, len(layer))
        for node_id, px in zip(layer, placed, strict=True):
            x[node_id] = px + shift
    pos = {i: (x[i], depth[i] * gap_y) for i in order}
    return _finish(graph, pos, sized)


def ring_unit(sized: Mapping[str, Box]) -> float:
    """Typical horizontal room one node needs."""
    widths = sorted(b[2] - b[0] for b in sized.values())
    return widths[len(widths) // 2] + NODE_GAP


def ring_around(
    center: Position, ids: list[str], *, radius: float = RING_GAP, spread: bool = False
) -> dict[str, Position]:
    """``ids`` evenly on a circle around ``center``: provisional places, e.g. for
    new nodes until the layout arrives. ``spread`` grows the circle with the count."""
    n = max(1, len(ids))
    if spread:
        radius *= max(1.0, n / (2 * math.pi)) * 0.5
    return {
        i: (
            center[0] + radius * math.cos(2 * math.pi * k / n),
            center[1] + radius * math.sin(2 * math.pi * k / n),
        )
        for k, i in enumerate(ids)
    }


def best_connected(graph: ChartGraph) -> str:
    """The node with most neighbours (ties: smallest id), a sensible default centre."""
    return min(graph.node_ids(), key=lambda i: (-graph.degree(i), i))
