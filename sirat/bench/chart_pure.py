"""Chart benchmark figures for ``make bench``: synthetic graph, timings, no asserts.

``run_chart_bench()`` times the pure parts (layouts, betweenness) on a
2,000-node / 5,000-edge graph. The repaint figure needs Qt and lives in
``sirat.ui.chart.bench.repaint_time``.
"""

from __future__ import annotations

import time
from typing import Final, get_args

import numpy as np

from sirat.chart.graph import ChartGraph, Edge, Node, NodeKind
from sirat.chart.layout import force_directed, hierarchical, radial

BENCH_NODES: Final = 2_000
BENCH_EDGES: Final = 5_000
_RELATIONS: Final = ("associate", "family", "owner of", "driver of", "crew of", "employee")


def synthetic_graph(
    n_nodes: int = BENCH_NODES, n_edges: int = BENCH_EDGES, *, seed: int = 0
) -> ChartGraph:
    """A connected, clustered random graph with a few hubs (like real charts).

    A random spanning tree keeps it connected; the other edges prefer nodes of
    the same cluster and, one time in ten, a hub.
    """
    rng = np.random.default_rng(seed)
    kinds: tuple[NodeKind, ...] = get_args(NodeKind)
    nodes = [
        Node(
            id=f"n{i:05d}",
            kind=kinds[int(rng.integers(len(kinds)))],
            label=f"Node {i}",
            sublabel=f"ID-{i:05d}" if i % 3 == 0 else "",
        )
        for i in range(n_nodes)
    ]
    graph = ChartGraph(nodes)
    pairs: set[tuple[int, int]] = set()
    for i in range(1, n_nodes):
        pairs.add((int(rng.integers(max(0, i - 40), i)), i))
    clusters = max(1, n_nodes // 50)
    hubs = rng.choice(n_nodes, size=max(1, n_nodes // 100), replace=False)
    target = min(n_edges, n_nodes * (n_nodes - 1) // 2)
    while len(pairs) < target:
        a = int(rng.integers(n_nodes))
        if rng.random() < 0.1:
            b = int(rng.choice(hubs))
        else:
            cluster = a * clusters // n_nodes
            low = cluster * n_nodes // clusters
            high = (cluster + 1) * n_nodes // clusters
            b = int(rng.integers(low, high))
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    for a, b in sorted(pairs):
        label = _RELATIONS[int(rng.integers(len(_RELATIONS)))]
        graph.add_edge(Edge(nodes[a].id, nodes[b].id, label))
    return graph


def _timed(func: object, repeats: int) -> float:
    """Best of ``repeats`` wall-clock runs of ``func()``, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def run_chart_bench(
    seed: int = 0,
    *,
    repeats: int = 3,
    n_nodes: int = BENCH_NODES,
    n_edges: int = BENCH_EDGES,
) -> dict[str, float]:
    """Best-of-``repeats`` timings in seconds (default: 2,000 nodes, 5,000 edges)."""
    graph = synthetic_graph(n_nodes, n_edges, seed=seed)
    root = graph.node_ids()[0]
    return {
        "nodes": float(len(graph)),
        "edges": float(graph.edge_count),
        "layout_s": _timed(lambda: force_directed(graph, seed=seed), repeats),
        "radial_s": _timed(lambda: radial(graph, root), repeats),
        "hierarchical_s": _timed(lambda: hierarchical(graph, root), repeats),
        "betweenness_s": _timed(graph.betweenness_centrality, repeats),
        "degree_s": _timed(graph.degree_centrality, repeats),
    }
