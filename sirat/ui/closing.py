"""Esc and Ctrl+W close every secondary view (entity, audit, chart, register, review...).

One helper so the convention holds everywhere: a window that is not the main window calls
:func:`close_keys` once. Editors keep their own Ctrl+W (it asks about unsaved changes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

CLOSE_KEYS = ("Esc", "Ctrl+W")


def close_keys(window: QWidget) -> list[QShortcut]:
    shortcuts = []
    for keys in CLOSE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(window.close)
        shortcuts.append(shortcut)
    return shortcuts


def ensure_close_keys(window: QWidget) -> None:
    """Give ``window`` the close keys it lacks (the main window calls this for every view it
    opens, so a view that forgot :func:`close_keys` still closes with Esc and Ctrl+W). A
    key the view already binds -- the chart's Esc clears a highlight first, an editor's
    Ctrl+W asks about changes -- is left to the view."""
    bound = {seq.toString() for action in window.findChildren(QAction)
             for seq in action.shortcuts()}
    bound |= {seq.toString() for action in window.actions() for seq in action.shortcuts()}
    bound |= {shortcut.key().toString() for shortcut in window.findChildren(QShortcut)}
    for keys in CLOSE_KEYS:
        if QKeySequence(keys).toString() not in bound:
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(window.close)
