"""Fixtures of the desktop-app tests: real widgets (offscreen), real vaults, real workers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sirat.ui.settings import open_settings
from sirat.ui.tasks import Tasks
from sirat.vault.crypto import KDF_FLOOR

KDF = KDF_FLOOR


@pytest.fixture
def settings(_isolated_home: Path) -> Iterator[QSettings]:
    s = open_settings()
    yield s
    s.sync()


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[Tasks]:
    t = Tasks()
    yield t
    t.shutdown()


def wait_idle(qtbot: QtBot, tasks: Tasks, timeout: int = 10_000) -> None:
    """Wait until every queued job has run and its callbacks were delivered."""
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=timeout)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, in any script.

    ``qtbot.keyClicks`` maps each character to a key code and aborts on non-ASCII text, so
    other characters arrive as a key press carrying the text, as a Cyrillic or Greek
    keyboard layout delivers them.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show ``window`` and wait until it is the active window (so focus can be asserted)."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
