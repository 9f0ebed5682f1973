"""The mouse wheel never changes a drop-down or spin box the user has not clicked into.

Scrolling a long form passes the pointer over grading and code lists; Qt's default turns
each notch over a combo box into a new value (Information accuracy changed without notice
in the first release). One filter on the application covers every window: a wheel event
over an unfocused :class:`QComboBox` or :class:`QAbstractSpinBox` goes to the scroll area
around it instead, so the form scrolls and the value stays. Spin boxes take focus from the
wheel by default (before any filter sees the event), so the filter also turns their focus
policy to click-or-Tab when they are polished.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, GUARDED):
            return False
        if watched.hasFocus():
            return False  # clicked or tabbed into: the wheel may change it
        area = scroll_area_of(watched)
        if area is not None:
            # A scroll area takes wheel events through its viewport (viewportEvent).
            QApplication.sendEvent(area.viewport(), event)
        return True


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def install(app: QApplication) -> None:
    """Install once per application (the controller does, at start)."""
    if app.findChild(WheelGuard, "wheelGuard") is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheelGuard")
        app.installEventFilter(guard)
