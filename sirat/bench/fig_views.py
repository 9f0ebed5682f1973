"""Timeline and map repaints (Qt, in a child process): 10,000 timeline items fitted into a
1280x800 canvas, and the map of the region with 3,000 places fitted into 1280x800."""

from __future__ import annotations

import statistics

from sirat.bench import probes
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec

TIMELINE = Spec("timeline.repaint", "timeline full repaint, 10k items (Qt)", "ms", 100.0,
                "median")
MAP = Spec("map.repaint", "map full repaint, region + 3k places (Qt)", "ms", 100.0, "median")

TIMELINE_PROBE = """
from sirat.ui.timeline.canvas import TimelineCanvas
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from sirat.timeline.bench import synthetic_timeline
app = QApplication.instance() or QApplication([])
n = int(os.environ["BENCH_N"])
data = synthetic_timeline(10_000, seed=int(os.environ["BENCH_SEED"]))
canvas = TimelineCanvas()
canvas.resize(1280, 800)
t = time.perf_counter()
canvas.set_data(data, "crime_area")
build = time.perf_counter() - t
image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)
def paint():
    painter = QPainter(image)
    t = time.perf_counter()
    canvas.paint_to(painter, QRectF(0, 0, 1280, 800))
    painter.end()
    return time.perf_counter() - t
first = paint()
samples = [paint() for _ in range(n)]
drawn = canvas.bars_painted
_emit({"samples_s": samples, "first_s": first, "build_s": build, "drawn": drawn})
"""

MAP_PROBE = """
from sirat.ui.map.scene import MapScene
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
import random
from sirat.geo.basemap import load_basemap
from sirat.geo.gazetteer import load_gazetteer
from sirat.geo.points import MapData, MapPoint
from sirat.ui.map.window import MapView
app = QApplication.instance() or QApplication([])
n = int(os.environ["BENCH_N"])
rng = random.Random(int(os.environ["BENCH_SEED"]))
t = time.perf_counter()
gaz = load_gazetteer()
gaz_s = time.perf_counter() - t
places = rng.sample(sorted(gaz.places.values(), key=lambda p: p.id), 3000)
points = tuple(MapPoint(p.id, p.name, p.country, p.lon, p.lat, (k,)) for k, p in enumerate(places))
t = time.perf_counter()
scene = MapScene(load_basemap())
view = MapView(scene)
view.resize(1280, 800)
view.fit()
scene.set_data(MapData(points, (), {"RS": 10, "GR": 5, "BG": 1}, 3000))
build = time.perf_counter() - t
image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)
def paint():
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing)
    t = time.perf_counter()
    view.render(painter)
    painter.end()
    return time.perf_counter() - t
first = paint()
samples = [paint() for _ in range(n)]
_emit({"samples_s": samples, "first_s": first, "build_s": build, "gazetteer_s": gaz_s,
       "clusters": len(scene.cluster_items)})
"""


def _run(ctx: Context, body: str) -> dict[str, object]:
    return probes.run(ctx.python, body, {"BENCH_SEED": str(ctx.seed),
                                         "BENCH_N": str(max(5, ctx.samples // 4))})


def timeline_repaint(ctx: Context) -> Measurement:
    out = _run(ctx, TIMELINE_PROBE)
    samples = [float(s) * 1000.0 for s in out["samples_s"]]  # type: ignore[attr-defined]
    return Measurement(samples, note="10,000 items fitted into 1280x800, lanes by crime area",
                       extra={"lanes_and_rows_ms": round(float(out["build_s"]) * 1000, 1),  # type: ignore[arg-type]
                              "first_paint_ms": round(float(out["first_s"]) * 1000, 1),  # type: ignore[arg-type]
                              "bars_painted": out["drawn"]})


def map_repaint(ctx: Context) -> Measurement:
    out = _run(ctx, MAP_PROBE)
    samples = [float(s) * 1000.0 for s in out["samples_s"]]  # type: ignore[attr-defined]
    return Measurement(samples, note="region fitted into 1280x800, 3,000 places clustered",
                       extra={"scene_build_ms": round(float(out["build_s"]) * 1000, 1),  # type: ignore[arg-type]
                              "first_paint_ms": round(float(out["first_s"]) * 1000, 1),  # type: ignore[arg-type]
                              "gazetteer_load_s": round(float(out["gazetteer_s"]), 2),  # type: ignore[arg-type]
                              "clusters": out["clusters"],
                              "median_ms": round(statistics.median(samples), 1)})


FIGURES = [(TIMELINE, timeline_repaint), (MAP, map_repaint)]
