"""Export a chart scene as PNG (QImage) or SVG (QSvgGenerator).

Exports render at full detail (labels on) whatever the current zoom, and
carry no user data in their metadata. The observer's export is rendered from
``redact_for_observer`` of the graph: the renderer never gets the persons.
The figure is drawn in memory and replaces the chosen file atomically
(:mod:`sirat.ui.figure_files`): a crash or a full disk leaves the old file whole.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter

from sirat.chart.boxes import Position
from sirat.chart.graph import ChartGraph
from sirat.chart.redact import redact_for_observer
from sirat.ui.chart.scene import ChartScene
from sirat.ui.figure_files import png_bytes, svg_bytes, write_figure

MAX_IMAGE_SIDE = 8000
_MARGIN = 24.0


def observer_scene(graph: ChartGraph, positions: dict[str, Position]) -> ChartScene:
    """A throwaway scene of the observer's view of ``graph``."""
    scene = ChartScene()
    safe = redact_for_observer(graph)
    scene.rebuild(safe, {k: v for k, v in positions.items() if k in safe})
    scene.set_visible_graph(safe)
    return scene


def _source_rect(scene: ChartScene) -> QRectF:
    rect = scene.visible_rect()
    if rect.isNull():
        rect = QRectF(0, 0, 100, 100)
    return rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)


def _render(scene: ChartScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    previous_zoom = scene._zoom
    selected = scene.selectedItems()
    scene.clearSelection()
    scene.set_zoom(1.0)  # full detail in exports
    try:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.set_zoom(previous_zoom)
        for item in selected:
            item.setSelected(True)


def export_png(scene: ChartScene, path: Path, *, scale: float = 1.5) -> Path:
    """Write the visible chart as a PNG, ``scale`` pixels per scene unit (capped)."""
    source = _source_rect(scene)
    scale = min(scale, MAX_IMAGE_SIDE / max(source.width(), source.height()))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    target = QRectF(0, 0, size.width(), size.height())
    return write_figure(path, png_bytes(size, lambda p: _render(scene, p, target, source)),
                        "png")


def export_svg(scene: ChartScene, path: Path) -> Path:
    """Write the visible chart as an SVG (vector, text kept as text)."""
    source = _source_rect(scene)
    size = QSize(max(1, round(source.width())), max(1, round(source.height())))
    target = QRectF(0, 0, source.width(), source.height())
    return write_figure(path, svg_bytes(size, "Link chart",
                                        lambda p: _render(scene, p, target, source)), "svg")
