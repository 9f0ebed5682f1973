"""Idle auto-lock: any keyboard or mouse activity in the app restarts a countdown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride,
})


def _default_ms() -> int:
    # Imported when first needed: the services (and the vault libraries under them) load
    # after the sign-in window is shown.
    from sirat.services.access.preferences import DEFAULT_IDLE_MINUTES

    return DEFAULT_IDLE_MINUTES * 60_000


class IdleWatcher(QObject):
    """Emits ``timed_out`` after ``timeout_ms`` without user input, while running."""

    timed_out = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # not set yet: the default applies at start()
        self._timer.timeout.connect(self.timed_out)
        self._installed = False

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(max(ms, 1))
        if self._timer.isActive():
            self._timer.start()

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval() or _default_ms()

    def start(self) -> None:
        if not self._timer.interval():
            self._timer.setInterval(_default_ms())
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
