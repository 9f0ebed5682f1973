"""Link chart at 2,000 nodes / 5,000 edges: force layout and betweenness (pure, in this
process, on ``sirat.bench.chart_pure.synthetic_graph``) and a full repaint (Qt, in a child)."""

from __future__ import annotations

import statistics
from typing import Any

from sirat.bench import probes
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls

LAYOUT = Spec("chart.layout", "link chart force layout, 2k nodes / 5k edges", "s", 0.6, "median")
BETWEENNESS = Spec("chart.betweenness", "link chart betweenness, 2k / 5k", "s")
REPAINT = Spec("chart.repaint", "link chart full repaint, 2k / 5k (Qt)", "ms", 100.0, "median")


def _chart_bench() -> Any:
    from sirat.bench import chart_pure

    return chart_pure


def _graph(ctx: Context) -> Any:
    if "chart_graph" not in ctx.shared:
        ctx.shared["chart_graph"] = _chart_bench().synthetic_graph(seed=ctx.seed)
    return ctx.shared["chart_graph"]


def layout(ctx: Context) -> Measurement:
    from sirat.chart.layout import force_directed

    graph = _graph(ctx)
    cpu: list[float] = []
    samples = time_calls(
        lambda: force_directed(graph, seed=ctx.seed), ctx.runs, warmup=0, scale=1.0, cpu=cpu
    )
    return Measurement(samples, extra={"nodes": len(graph), "edges": graph.edge_count},
                       latency=False, cpu=cpu,
                       note="BLAS limited to one thread while laying out (sirat.chart.blas)")


def betweenness(ctx: Context) -> Measurement:
    graph = _graph(ctx)
    cpu: list[float] = []
    samples = time_calls(graph.betweenness_centrality, ctx.runs, warmup=0, scale=1.0,
                         cpu=cpu)
    return Measurement(samples, latency=False, cpu=cpu)


REPAINT_PROBE = """
from sirat.ui.chart.view import ChartView
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from sirat.bench.chart_pure import synthetic_graph
from sirat.chart.layout import force_directed
app = QApplication.instance() or QApplication([])
seed = int(os.environ["BENCH_SEED"])
n = int(os.environ["BENCH_N"])
graph = synthetic_graph(seed=seed)
placed = force_directed(graph, seed=seed)
t = time.perf_counter()
view = ChartView(graph, positions=placed)
build = time.perf_counter() - t
view.resize(1280, 800)
view.fit_all()
image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)
def paint():
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing)
    t = time.perf_counter()
    view.render(painter)
    painter.end()
    return time.perf_counter() - t
first = paint()
fit = [paint() for _ in range(n)]
view.zoom_by(1.0 / view.zoom)
full = [paint() for _ in range(n)]
_emit({"samples_s": fit, "first_s": first, "build_s": build, "full_zoom_s": full})
"""


def repaint(ctx: Context) -> Measurement:
    """Warm full repaints of one built scene, as ``sirat.ui.chart.bench.repaint_times`` does
    them (render into a 1280x800 image at fit-to-view), as a distribution instead of a
    best-of; the scene build and the first paint after it are reported beside."""
    _chart_bench()
    out = probes.run(
        ctx.python, REPAINT_PROBE,
        {"BENCH_SEED": str(ctx.seed), "BENCH_N": str(max(5, ctx.samples // 4))},
    )
    samples = [float(s) * 1000.0 for s in out["samples_s"]]
    full = statistics.median(out["full_zoom_s"]) * 1000.0
    return Measurement(samples, note="fit-to-view render into a 1280x800 image, offscreen",
                       extra={"scene_build_ms": round(float(out["build_s"]) * 1000.0, 1),
                              "first_paint_ms": round(float(out["first_s"]) * 1000.0, 1),
                              "repaint_100pct_ms": round(full, 1)})


FIGURES = [(LAYOUT, layout), (BETWEENNESS, betweenness), (REPAINT, repaint)]
