"""Degree and betweenness for the chart view: tooltips and "size nodes by".

Degree is instant; betweenness on a big chart (hundreds of nodes and up) is
computed on the thread pool and applied when it arrives, if still current.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sirat.chart.graph import ChartGraph
from sirat.ui.chart.scene import ChartScene

T = TypeVar("T")

SIZE_MODES = ("none", "degree", "betweenness")
_SYNC_BETWEENNESS_LIMIT = 300


class MetricsMixin:
    """Mixed into ChartView (which provides _visible, _start and chart_scene)."""

    _visible: ChartGraph
    chart_scene: ChartScene

    if TYPE_CHECKING:
        def _start(self, work: Callable[[], T], done: Callable[[T], None],
                   failed: Callable[[BaseException], None] | None = None, *,
                   worker: str = ...) -> None: ...

    def _init_metrics(self) -> None:
        self.size_by = "none"
        self._degree: dict[str, int] = {}
        self._betweenness: dict[str, float] | None = None
        self._metric_generation = 0

    def set_size_by(self, mode: str) -> None:
        """Size nodes by 'none', 'degree' or 'betweenness' so brokers stand out."""
        if mode not in SIZE_MODES:
            raise ValueError(f"unknown size mode {mode!r}")
        self.size_by = mode
        self._apply_sizes()

    def metrics(self) -> tuple[dict[str, int], dict[str, float] | None]:
        """Degree and (when computed) betweenness of the visible nodes."""
        return dict(self._degree), None if self._betweenness is None else dict(self._betweenness)

    def refresh_metrics(self) -> None:
        graph = self._visible
        self._degree = {i: graph.degree(i) for i in graph.node_ids()}
        self._metric_generation += 1
        generation = self._metric_generation
        if len(graph) <= _SYNC_BETWEENNESS_LIMIT:
            self._betweenness = graph.betweenness_centrality()
        else:
            self._betweenness = None
            snapshot = graph.copy()
            self._start(
                snapshot.betweenness_centrality,
                lambda result: self._betweenness_done(generation, result),
            )
        self._apply_sizes()

    def _betweenness_done(self, generation: int, result: dict[str, float]) -> None:
        if generation == self._metric_generation:
            self._betweenness = result
            self._apply_sizes()

    def _apply_sizes(self) -> None:
        metric: dict[str, float] | None = None
        if self.size_by == "degree":
            metric = {k: float(v) for k, v in self._degree.items()}
        elif self.size_by == "betweenness":
            metric = self._betweenness
        self.chart_scene.set_sizes(metric, self._degree, self._betweenness)
