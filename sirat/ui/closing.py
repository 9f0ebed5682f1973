"""Esc and Ctrl+W close every secondary view (entity, audit, chart, register, review...).

One helper so the convention holds everywhere: a window that is not the main window calls
:func:`close_keys` once. Editors keep their own Ctrl+W (it asks about unsaved changes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
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
