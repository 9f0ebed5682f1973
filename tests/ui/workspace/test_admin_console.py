"""The administrator's console in the app: add a user, remove one and rotate the key right
after (the removed user's passphrase no longer opens the vault, the others' still do)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.errors import WrongPassphrase
from sirat.services import users
from sirat.services.session import sign_in as sign_in_vault
from sirat.ui import users_dialog
from sirat.ui.actions import build_registry
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.tasks import Tasks
from sirat.ui.users_dialog import NewUserDialog, UsersDialog
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import USERS, open_as
from tests.ui.conftest import LONG, show_active, wait_idle


def test_add_remove_and_rotate_from_the_app(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UsersDialog, "kdf", KDF_FLOOR)
    admin = open_as(vault_path, "admin")
    context = Context(vault=admin, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    main = MainWindow(context)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_U,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dialog = next(w for w in main.windows.windows() if isinstance(w, UsersDialog))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=LONG)

    monkeypatch.setattr(NewUserDialog, "ask", classmethod(lambda cls, parent: (
        "eleni", "Ελένη Παπά", "analyst", "a long new passphrase", "a long new passphrase")))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 5, timeout=LONG)
    assert dialog.banner.message == "Ελένη Παπά (eleni) can sign in now."

    monkeypatch.setattr(NewUserDialog, "ask", classmethod(lambda cls, parent: (
        "x", "", "analyst", "one passphrase here", "another one here")))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.banner.message

    monkeypatch.setattr(users_dialog, "ask_remove", lambda parent, name: True)
    monkeypatch.setattr(users_dialog, "ask_rotate", lambda parent: True)
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "bora")
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "rotated" in dialog.banner.message, timeout=LONG)
    wait_idle(qtbot, tasks)
    assert {u.name for u in users.list_users(admin)} == {"admin", "ana", "sup", "eleni"}
    tasks.run(admin.lock)
    wait_idle(qtbot, tasks)
    with pytest.raises(WrongPassphrase):
        sign_in_vault(vault_path, "bora", USERS["bora"], throttle=False)
    sign_in_vault(vault_path, "eleni", "a long new passphrase", throttle=False).lock()
    open_as(vault_path, "ana").lock()
