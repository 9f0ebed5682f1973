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

from sirat.ui.controller import AppController
from sirat.ui.editor.window import ReportEditor
from sirat.ui.main_window import MainWindow
from sirat.ui.settings import open_settings
from sirat.ui.tasks import Tasks
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import USERS

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


LONG = 20_000


@pytest.fixture
def controller(qtbot: QtBot, tasks: Tasks, settings: QSettings) -> Iterator[AppController]:
    c = AppController(settings, tasks=tasks, kdf=KDF, throttle=False)
    yield c
    for window in QApplication.topLevelWidgets():
        window.hide()
    if c.main is not None:
        c.main.windows.close_all_for_lock()
        c.main.close_for_lock()
    if c.context is not None:
        tasks.run(c.context.vault.lock)
    wait_idle(qtbot, tasks)


def sign_in(qtbot: QtBot, c: AppController, user: str) -> MainWindow:
    assert c.signin is not None
    page = c.signin.unlock_page
    show_active(qtbot, c.signin)
    if page.user.text() != user:
        page.user.clear()
        qtbot.keyClicks(page.user, user)
    type_text(qtbot, page.passphrase, USERS[user])
    with qtbot.waitSignal(c.signed_in, timeout=LONG):
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert c.main is not None
    show_active(qtbot, c.main)
    qtbot.waitUntil(lambda: c.main is not None and c.main.model.total is not None, timeout=LONG)
    return c.main


def current_editor(main: MainWindow) -> ReportEditor:
    editors = [w for w in main.windows.windows() if isinstance(w, ReportEditor)]
    assert len(editors) == 1
    return editors[0]




@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal question nobody answers would hang the run: answer the safe way by default
    (tests that care replace ``ask`` themselves)."""
    from sirat.ui.crash_dialog import CONTINUE, CrashDialog
    from sirat.ui.editor.unsaved import DISCARD, SaveFirstDialog, UnsavedDialog

    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda cls, parent: DISCARD))
    monkeypatch.setattr(SaveFirstDialog, "ask", classmethod(lambda cls, parent: False))
    from sirat.ui.review.approve_dialog import ApproveDialog

    monkeypatch.setattr(ApproveDialog, "ask", classmethod(lambda cls, *args: False))
    monkeypatch.setattr(CrashDialog, "ask",
                        classmethod(lambda cls, path, parent=None: CONTINUE))
