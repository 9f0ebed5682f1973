"""Figures of the timeline and the map written as files: drawn in memory, then written at once.

QSvgGenerator with a file name and QImage.save write straight into the target: a crash or a
full disk mid-way left a half-written file in place of the one the user chose to replace,
and a folder that cannot be written made QSvgGenerator fail *silently* (the export was then
recorded in the audit trail although no file existed). Here the figure is painted into a
QBuffer and the bytes go through :func:`sirat.files.atomic_write_bytes` (temp file, fsync,
rename): the old file or the new one, never a mix, and every failure an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from sirat.errors import SiratError
from sirat.files import atomic_write_bytes


def chosen_path(name: str, fmt: str) -> Path:
    """The file a save dialog's ``name`` means for ``fmt``: the ending added when missing
    (kept when there: "week.12" becomes "week.12.svg", not "week.svg"). A name the dialog did
    not show -- the ending added and that file already there -- is refused: the dialog asked
    about replacing another file, not this one."""
    path = Path(name)
    if path.suffix.lower() == f".{fmt}":
        return path
    path = path.with_name(f"{path.name}.{fmt}")
    if path.exists() or path.is_symlink():
        raise SiratError(f"{path.name} already exists.",
                         "Choose it in the dialog to replace it, or give another name.")
    return path


def checked_target(path: Path) -> Path:
    """Refuse a folder or a link before anything is drawn (the rename would replace a link
    with a file, which is not what the user picked)."""
    if path.is_symlink() or path.is_dir():
        raise SiratError(f"{path.name} is a folder or a link; SIRAT writes only regular files.",
                         "Choose another file name.")
    return path


def svg_bytes(size: QSize, title: str, paint: Callable[[QPainter], None]) -> bytes:
    """``paint`` into an SVG of ``size`` pixels, in memory."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription(f"SIRAT {title.lower()}")
    painter = QPainter()
    if not painter.begin(generator):
        raise SiratError("The SVG could not be drawn.", "Try a smaller view, or PNG.")
    try:
        paint(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def png_bytes(size: QSize, paint: Callable[[QPainter], None]) -> bytes:
    """``paint`` onto a white image of ``size`` pixels, encoded as PNG in memory."""
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise SiratError("The image is too large to draw.", "Export a smaller view, or SVG.")
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    try:
        paint(painter)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise SiratError("The PNG could not be encoded.", "Try SVG or PDF.")
    buffer.close()
    return bytes(data.data())


def write_figure(path: Path, data: bytes, fmt: str) -> Path:
    """Replace ``path`` with ``data`` atomically (the old file or the new, never a mix)."""
    atomic_write_bytes(checked_target(path), data, fmt.upper())
    return path
