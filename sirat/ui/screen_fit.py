"""Windows always fit the screen they open on (1280x800 laptops, 1000-px-high screens).

A window asks for the size it would like; it gets at most what the screen's available
geometry allows (taskbar excluded), and a restored geometry that no longer fits (a window
saved on a larger monitor) is brought back inside.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 0.96  # leave a little of the desktop visible around a fitted window


def available(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height`` or the screen's available size, whichever is less,
    and keep the whole frame on the screen."""
    area = available(window)
    w = min(width, int(area.width() * MARGIN))
    h = min(height, int(area.height() * MARGIN))
    window.resize(max(w, 200), max(h, 150))
    keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move (and if needed shrink) the window so that all of it is on its screen."""
    area = available(window)
    frame = window.frameGeometry()
    w = min(window.width(), area.width())
    h = min(window.height(), area.height())
    if (w, h) != (window.width(), window.height()):
        window.resize(w, h)
        frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))
