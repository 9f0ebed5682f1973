"""A small painted chart (bars, or lines over time) that also saves as PNG and SVG.

Painted with QPainter so the same code draws on screen, into a PNG image and into an SVG
file (QSvgGenerator): no chart library, the application's own font (labels in Cyrillic
and Greek render as on screen).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from sirat.export.stats_types import FigureSeries

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a50021",
           "#00786f")
SAVE_SIZE = QSize(1000, 560)


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def paint_series(p: QPainter, rect: QRectF, series: FigureSeries | None) -> None:
    """Draw ``series`` into ``rect`` (white background, axes, legend)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("white"))
    font = QFont(p.font())
    font.setPointSizeF(8)
    p.setFont(font)
    if series is None or not series.categories:
        p.setPen(QColor("#5b6470"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Count a table to see its chart.")
        p.restore()
        return
    legend_w = 150.0 if len(series.series) > 1 else 0.0
    plot = QRectF(rect.left() + 44, rect.top() + 26, rect.width() - 60 - legend_w,
                  rect.height() - 96)
    p.setPen(QColor("#1f2a44"))
    bold = QFont(font)
    bold.setBold(True)
    p.setFont(bold)
    p.drawText(QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, 18),
               Qt.AlignmentFlag.AlignLeft, series.title)
    p.setFont(font)
    values = [v for _n, vs in series.series for v in vs if v is not None]
    peak = max(values, default=0)
    top = max(4, peak + max(1, peak // 8))
    step = max(1, top // 5)
    grid = QPen(QColor("#d8dce2"))
    for tick in range(0, top + 1, step):
        y = plot.bottom() - plot.height() * tick / top
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QColor("#5b6470"))
        p.drawText(QRectF(rect.left(), y - 7, 40, 14),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))
    n = len(series.categories)
    slot = plot.width() / n
    for i, name in enumerate(series.categories):
        x = plot.left() + slot * (i + 0.5)
        if n <= 12 or i % max(1, n // 12) == 0:
            p.save()
            p.translate(x, plot.bottom() + 6)
            p.rotate(35)
            p.setPen(QColor("#1b1f24"))
            p.drawText(QPointF(0, 8), _short(name))
            p.restore()
    for k, (_name, vs) in enumerate(series.series):
        colour = QColor(PALETTE[k % len(PALETTE)])
        if series.kind == "line":
            p.setPen(QPen(colour, 2))
            path, started = QPainterPath(), False
            for i, v in enumerate(vs):
                if v is None:
                    started = False
                    continue
                point = QPointF(plot.left() + slot * (i + 0.5),
                                plot.bottom() - plot.height() * v / top)
                if started:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    started = True
                path.addEllipse(point, 2.5, 2.5)  # a lone point is visible too
                path.moveTo(point)
            p.drawPath(path)
        else:
            width = slot * 0.8 / len(series.series)
            for i, v in enumerate(vs):
                if v is None:
                    continue
                h = plot.height() * v / top
                p.fillRect(QRectF(plot.left() + slot * (i + 0.1) + width * k,
                                  plot.bottom() - h, width, h), colour)
    if legend_w:
        for k, (name, _vs) in enumerate(series.series):
            y = plot.top() + 16 * k
            p.fillRect(QRectF(plot.right() + 14, y + 3, 10, 10),
                       QColor(PALETTE[k % len(PALETTE)]))
            p.setPen(QColor("#1b1f24"))
            p.drawText(QPointF(plot.right() + 30, y + 12), _short(name, 22))
    p.restore()


class ChartView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: FigureSeries | None = None
        self.setMinimumHeight(240)

    def set_series(self, series: FigureSeries | None) -> None:
        self.series = series
        self.update()

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        paint_series(p, QRectF(self.rect()), self.series)
        p.end()

    def png_bytes(self) -> bytes:
        """The chart as PNG, rendered in memory (the caller writes the file atomically)."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        image = QImage(SAVE_SIZE, QImage.Format.Format_ARGB32)
        p = QPainter(image)
        paint_series(p, QRectF(0, 0, SAVE_SIZE.width(), SAVE_SIZE.height()), self.series)
        p.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide wants str
        buffer.close()
        return bytes(data.data())

    def svg_bytes(self) -> bytes:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(SAVE_SIZE)
        generator.setViewBox(QRectF(0, 0, SAVE_SIZE.width(), SAVE_SIZE.height()))
        generator.setTitle(self.series.title if self.series else "SIRAT statistics")
        p = QPainter(generator)
        paint_series(p, QRectF(0, 0, SAVE_SIZE.width(), SAVE_SIZE.height()), self.series)
        p.end()
        buffer.close()
        return bytes(data.data())
