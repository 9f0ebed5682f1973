"""Repaint timing of the chart for ``make bench`` (needs Qt; offscreen is fine).

``repaint_time(graph)`` builds a scene for ``graph`` (laid out if no positions
are given), fits it into a 1280x800 view and returns the best time, in
seconds, of rendering the whole view into a QImage: what a full repaint costs
at the default fit-to-view zoom. ``build_time`` is exposed beside it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from sirat.chart.boxes import Position
from sirat.chart.graph import ChartGraph


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def repaint_times(
    graph: ChartGraph | None = None,
    positions: Mapping[str, Position] | None = None,
    *,
    size: tuple[int, int] = (1280, 800),
    repeats: int = 5,
) -> dict[str, float]:
    """Seconds: scene build, best full repaint at fit zoom, best repaint at 100%."""
    _app()
    from PySide6.QtGui import QImage, QPainter

    from sirat.bench.chart_pure import synthetic_graph
    from sirat.chart.layout import force_directed
    from sirat.ui.chart.view import ChartView

    graph = graph if graph is not None else synthetic_graph()
    placed = dict(positions) if positions is not None else force_directed(graph)
    start = time.perf_counter()
    view = ChartView(graph, positions=placed)
    build = time.perf_counter() - start
    view.resize(*size)
    view.fit_all()
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)

    def best() -> float:
        result = float("inf")
        for _ in range(repeats):
            painter = QPainter(image)
            painter.setRenderHints(QPainter.RenderHint.Antialiasing)
            start = time.perf_counter()
            view.render(painter)
            painter.end()
            result = min(result, time.perf_counter() - start)
        return result

    fit = best()
    view.zoom_by(1.0 / view.zoom)
    full_zoom = best()
    view.deleteLater()
    return {"build_s": build, "repaint_s": fit, "repaint_100_s": full_zoom}


def repaint_time(
    graph: ChartGraph | None = None,
    positions: Mapping[str, Position] | None = None,
    *,
    size: tuple[int, int] = (1280, 800),
    repeats: int = 5,
) -> float:
    """Best full-repaint time in seconds at fit-to-view zoom (see module doc)."""
    return repaint_times(graph, positions, size=size, repeats=repeats)["repaint_s"]
