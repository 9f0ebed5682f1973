"""Windows always fit the screen they open on (1280x800 laptops, 1000-px-high screens).

A window asks for the size it would like; it gets at most what the screen's available
geometry allows (taskbar excluded), and a restored geometry that no longer fits (a window
saved on a larger monitor) is brought back inside.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from sirat.domain.vocab import UserId
from sirat.ui.context import Context

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


class GeometryKeeper(QObject):
    """Remembers a window's size and place per user and kind of window.

    The key is ``windows/<user id>/<window kind>`` in the workstation's settings: an id and
    a name of ours, never a user name or anything from the vault. A restored geometry is
    brought back onto the screen it opens on.
    """

    def __init__(self, window: QWidget, settings: QSettings, user_id: UserId, kind: str) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._key = f"windows/{int(user_id)}/{kind}"
        saved = settings.value(self._key)
        if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
            keep_on_screen(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.Close,
                                                         QEvent.Type.Hide):
            self._settings.setValue(self._key, self._window.saveGeometry())
        return False


def remember(window: QWidget, context: Context, kind: str) -> GeometryKeeper:
    """Keep ``window``'s geometry for the signed-in user (``context``: the session's)."""
    return GeometryKeeper(window, context.settings, UserId(int(context.info.user_id)), kind)
