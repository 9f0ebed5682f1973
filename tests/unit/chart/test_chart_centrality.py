"""Degree and betweenness centrality against published values."""

from __future__ import annotations

import pytest

from sirat.bench.chart_pure import synthetic_graph
from sirat.chart.centrality import Csr, betweenness_centrality, bfs_distances
from sirat.chart.graph import ChartGraph, Edge, Node

# Krackhardt's kite (Krackhardt 1990); normalised betweenness as published
# (and as networkx's own tests state it, to three decimals).
_KITE = {
    0: [1, 2, 3, 5],
    1: [0, 3, 4, 6],
    2: [0, 3, 5],
    3: [0, 1, 2, 4, 5, 6],
    4: [1, 3, 6],
    5: [0, 2, 3, 6, 7],
    6: [1, 3, 4, 5, 7],
    7: [5, 6, 8],
    8: [7, 9],
    9: [8],
}
_KITE_BETWEENNESS = {
    0: 0.023, 1: 0.023, 2: 0.000, 3: 0.102, 4: 0.000,
    5: 0.231, 6: 0.231, 7: 0.389, 8: 0.222, 9: 0.000,
}  # fmt: skip


def _graph(adjacency: dict[int, list[int]]) -> ChartGraph:
    graph = ChartGraph(Node(f"k{i}", "person", str(i)) for i in adjacency)
    for a, others in adjacency.items():
        for b in others:
            if a < b:
                graph.add_edge(Edge(f"k{a}", f"k{b}", "associate"))
    return graph


def test_kite_betweenness_matches_published_values() -> None:
    result = _graph(_KITE).betweenness_centrality()
    for i, expected in _KITE_BETWEENNESS.items():
        assert result[f"k{i}"] == pytest.approx(expected, abs=5e-4)


def test_kite_degree_centrality() -> None:
    result = _graph(_KITE).degree_centrality()
    assert result["k3"] == pytest.approx(6 / 9)
    assert result["k9"] == pytest.approx(1 / 9)


def test_star_and_path_raw_betweenness() -> None:
    star = _graph({0: [1, 2, 3, 4], 1: [], 2: [], 3: [], 4: []})
    assert star.betweenness_centrality(normalized=False)["k0"] == pytest.approx(6.0)
    assert star.betweenness_centrality()["k0"] == pytest.approx(1.0)
    path = _graph({0: [1], 1: [2], 2: [3], 3: []})
    raw = path.betweenness_centrality(normalized=False)
    assert [raw[f"k{i}"] for i in range(4)] == pytest.approx([0.0, 2.0, 2.0, 0.0])


def test_parallel_edges_count_once_and_components_are_separate() -> None:
    graph = _graph({0: [1], 1: [2], 2: [], 3: [4], 4: [5], 5: []})
    graph.add_edge(Edge("k1", "k0", "family"))
    raw = graph.betweenness_centrality(normalized=False)
    assert raw["k1"] == pytest.approx(1.0)
    assert raw["k4"] == pytest.approx(1.0)


def _reference_betweenness(graph: ChartGraph) -> dict[str, float]:
    """Textbook Brandes in plain Python, unnormalised, halved (undirected)."""
    score = dict.fromkeys(graph.node_ids(), 0.0)
    for s in graph.node_ids():
        order, preds = [], {v: [] for v in score}  # type: ignore[var-annotated]
        sigma = dict.fromkeys(score, 0.0)
        dist = dict.fromkeys(score, -1)
        sigma[s], dist[s] = 1.0, 0
        queue = [s]
        while queue:
            v = queue.pop(0)
            order.append(v)
            for w in graph.neighbours(v):
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(score, 0.0)
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                score[w] += delta[w]
    return {k: v / 2 for k, v in score.items()}


def test_batched_brandes_equals_textbook_brandes() -> None:
    graph = synthetic_graph(120, 300, seed=3)
    fast = graph.betweenness_centrality(normalized=False)
    slow = _reference_betweenness(graph)
    for node_id, value in slow.items():
        assert fast[node_id] == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_bfs_distances_batch() -> None:
    ids = ["a", "b", "c", "d"]
    csr = Csr(ids, [("a", "b"), ("b", "c")])
    dist = bfs_distances(csr, [0, 3])
    assert dist.tolist() == [[0, 1, 2, -1], [-1, -1, -1, 0]]


def test_tiny_graphs() -> None:
    assert betweenness_centrality([], []) == {}
    assert betweenness_centrality(["a"], []) == {"a": 0.0}
    assert betweenness_centrality(["a", "b"], [("a", "b")]) == {"a": 0.0, "b": 0.0}
