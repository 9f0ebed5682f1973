"""The image viewer: a JPEG the child process re-encoded (pixels only), in memory, with zoom.

Keys: Ctrl++ / Ctrl+- zoom, Ctrl+0 fit to the window, Ctrl+1 actual size; Ctrl+wheel zooms.
The title never names the file (file names may be personal data).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.ui.forms import named, plain_label

ZOOM_STEP = 1.25


class _View(QGraphicsView):
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP
            self.scale(factor, factor)
            event.accept()
            return
        super().wheelEvent(event)


class ImageViewer(QDialog):
    def __init__(self, jpeg: bytes, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — image")
        self.setObjectName("imageViewer")
        image = QImage()
        image.loadFromData(jpeg, "JPEG")
        self.image_size = image.size()
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = named(_View(self.scene, self), "imageView")
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoom_label: QLabel = named(plain_label("", self, wrap=False), "zoomLabel")
        self.zoom_label.setMinimumWidth(70)
        buttons = QHBoxLayout()
        for text, key, slot, name in (
            ("Zoom in", "Ctrl++", lambda: self.zoom(ZOOM_STEP), "zoomIn"),
            ("Zoom out", "Ctrl+-", lambda: self.zoom(1 / ZOOM_STEP), "zoomOut"),
            ("Fit", "Ctrl+0", self.fit, "zoomFit"),
            ("Actual size", "Ctrl+1", self.actual_size, "zoomActual"),
        ):
            button = named(QPushButton(text, self), name)
            button.setToolTip(f"{text} ({key})")
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.zoom_label)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(caption, self))
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(900, 700)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit()

    def scale_factor(self) -> float:
        return float(self.view.transform().m11())

    def _say(self) -> None:
        self.zoom_label.setText(f"{self.scale_factor() * 100:.0f} %")

    def zoom(self, factor: float) -> None:
        if 0.02 < self.scale_factor() * factor < 40:
            self.view.scale(factor, factor)
        self._say()

    def fit(self) -> None:
        self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self._say()

    def actual_size(self) -> None:
        self.view.resetTransform()
        self._say()

    def clear(self) -> None:
        self.scene.clear()
        self.close()
