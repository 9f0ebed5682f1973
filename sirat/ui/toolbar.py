"""One way to put a command on a window's toolbar (the timeline and map windows' bars)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget


def tool_action(window: QWidget, bar: QToolBar, text: str, slot: Callable[[], object],
                shortcut: str = "") -> QAction:
    """A toolbar button calling ``slot``, its ``shortcut`` working anywhere in ``window``
    (the action is the window's too, so the key works while the bar is hidden)."""
    action = QAction(text, window)
    action.triggered.connect(lambda _=False: slot())
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))  # a window shortcut (Qt's default)
    bar.addAction(action)
    window.addAction(action)
    return action
