"""The administrator's console in the app: add a user, remove one and rotate the key right
after (the removed user's passphrase no longer opens the vault, the others' still do)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sirat.errors import PermissionDenied, WrongPassphrase
from sirat.models import AuditRecord
from sirat.services.access import users
from sirat.services.access.session import sign_in as sign_in_vault
from sirat.services.reports import reference
from sirat.ui import reference_dialog, reference_tables, users_dialog
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.reference_dialog import CrimeAreasDialog
from sirat.ui.reference_tables import HandlingCodesDialog, RecipientsDialog, RelationTypesDialog
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.ui.users_dialog import NewUserDialog, UsersDialog
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import USERS, open_as
from tests.ui.conftest import LONG, show_active, wait_idle

SHOTS = os.environ.get("SIRAT_SCREENSHOTS")


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
               if dialog.table.cell(r, 0) == "bora")
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


def _admin_main(qtbot: QtBot, vault_path: Path, tasks: Tasks,
                settings: QSettings) -> tuple[MainWindow, Any]:
    admin = open_as(vault_path, "admin")
    context = Context(vault=admin, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    main = MainWindow(context)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    return main, admin


def test_change_a_role_from_the_app_and_be_told_what_is_refused(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    main, admin = _admin_main(qtbot, vault_path, tasks, settings)
    dialog = UsersDialog.open_for(main)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=LONG)

    def select(name: str) -> None:
        dialog.table.selectRow(next(r for r in range(dialog.table.rowCount())
                                    if dialog.table.cell(r, 0) == name))

    asked: list[tuple[str, str]] = []

    def answer(role: str) -> None:
        monkeypatch.setattr(users_dialog, "ask_role",
                            lambda parent, name, current: asked.append((name, current)) or role)

    answer("supervisor")
    select("bora")
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "now supervisor" in dialog.banner.message, timeout=LONG)
    assert asked == [("bora", "analyst")]
    qtbot.waitUntil(lambda: any(dialog.table.cell(r, 2) == "supervisor"
                                and dialog.table.cell(r, 0) == "bora"
                                for r in range(dialog.table.rowCount())), timeout=LONG)
    wait_idle(qtbot, tasks)
    assert {u.name: u.role for u in users.list_users(admin)}["bora"] == "supervisor"
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "users_role.png"))

    answer("analyst")
    select("admin")
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "your own role" in dialog.banner.message, timeout=LONG)
    assert dialog.role_button.isEnabled()  # back, not stuck busy
    assert dialog.banner.kind == "error"


def test_crime_areas_added_renamed_retired_from_tools(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    main, admin = _admin_main(qtbot, vault_path, tasks, settings)
    qtbot.keyClick(main, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dialog = next(w for w in main.windows.windows() if isinstance(w, CrimeAreasDialog))
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=LONG)
    before = dialog.table.rowCount()

    monkeypatch.setattr(reference_dialog, "ask_area",
                        lambda parent, area: ("cyber_fraud", "Кибер-превара", "online fraud"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == before + 1, timeout=LONG)
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.cell(r, 0) == "cyber_fraud")
    assert dialog.table.cell(row, 1) == "Кибер-превара"

    dialog.table.selectRow(row)
    monkeypatch.setattr(reference_dialog, "ask_area",
                        lambda parent, area: (area.code, "Απάτη στο διαδίκτυο", ""))
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.cell(row, 1) == "Απάτη στο διαδίκτυο", timeout=LONG)
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.cell(row, 3) == "retired", timeout=LONG)
    wait_idle(qtbot, tasks)
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "crime_areas.png"))
    offered = {a.code for a in reference.reference_data(admin).crime_areas}
    assert "cyber_fraud" not in offered  # no longer offered for new reports
    with admin.session() as s:
        recs = s.scalars(select(AuditRecord).where(
            AuditRecord.action == "reference.crime_area")).all()
    assert [r.object_id for r in recs] == ["cyber_fraud"] * 3

    # A bad code: the service's message, nothing added; a duplicate code: said, not sent.
    monkeypatch.setattr(reference_dialog, "ask_area",
                        lambda parent, area: ("bad code!", "Bad", ""))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "short code" in dialog.banner.message, timeout=LONG)
    monkeypatch.setattr(reference_dialog, "ask_area",
                        lambda parent, area: ("cyber_fraud", "Again", ""))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "exists already" in dialog.banner.message
    wait_idle(qtbot, tasks)
    assert dialog.table.rowCount() == before + 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_admin_console_is_for_administrators_only(
        qtbot: QtBot, analyst_vault: Any, tasks: Tasks, settings: QSettings) -> None:
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    main = MainWindow(context)
    qtbot.addWidget(main)
    assert "tools.crime_areas" not in main.actions_by_id
    assert "tools.users" not in main.actions_by_id
    assert not {"tools.handling_codes", "tools.relation_types",
                "tools.recipients"} & set(main.actions_by_id)
    with pytest.raises(PermissionDenied):
        reference.save_crime_area(analyst_vault, "x", "X")


def test_handling_codes_relation_types_and_recipients_from_tools(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    main, admin = _admin_main(qtbot, vault_path, tasks, settings)
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier

    # Handling codes: reworded (Ctrl+Alt+K); H0-H3 themselves stay.
    qtbot.keyClick(main, Qt.Key.Key_K, ctrl_alt)
    codes = next(w for w in main.windows.windows() if isinstance(w, HandlingCodesDialog))
    qtbot.waitUntil(lambda: codes.table.rowCount() == 4, timeout=LONG)
    codes.table.selectRow(1)
    monkeypatch.setattr(reference_tables, "ask_wording", lambda parent, code: "Μόνο με άδεια.")
    qtbot.mouseClick(codes.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "H1 reworded" in codes.banner.message, timeout=LONG)
    qtbot.waitUntil(lambda: codes.table.cell(1, 1) == "Μόνο με άδεια.", timeout=LONG)
    monkeypatch.setattr(reference_tables, "ask_wording", lambda parent, code: "   ")
    qtbot.mouseClick(codes.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "wording must be" in codes.banner.message, timeout=LONG)
    assert all(b.isEnabled() for b in codes.buttons)  # back, not stuck busy
    if SHOTS:
        codes.grab().save(str(Path(SHOTS) / "handling_codes.png"))
    qtbot.keyClick(codes, Qt.Key.Key_Escape)

    # Relation types: added, then offered in the service's reference data.
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_J, ctrl_alt)
    types = next(w for w in main.windows.windows() if isinstance(w, RelationTypesDialog))
    qtbot.waitUntil(lambda: types.table.rowCount() > 0, timeout=LONG)
    before = types.table.rowCount()
    monkeypatch.setattr(reference_tables, "ask_relation_type", lambda parent, current: (
        "partner_of", "партнер", "партнер", "Associate"))
    qtbot.mouseClick(types.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: types.table.rowCount() == before + 1, timeout=LONG)
    assert reference.reference_data(admin).relation_type("partner_of") is not None
    qtbot.mouseClick(types.buttons[0], Qt.MouseButton.LeftButton)  # the same code again
    assert "exists already" in types.banner.message
    qtbot.keyClick(types, Qt.Key.Key_Escape)

    # Recipients: added as an observer, then retired; the audit names each change.
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_E, ctrl_alt)
    recipients = next(w for w in main.windows.windows() if isinstance(w, RecipientsDialog))
    qtbot.waitUntil(lambda: recipients.table.rowCount() > 0, timeout=LONG)
    count = recipients.table.rowCount()
    monkeypatch.setattr(reference_tables, "ask_recipient", lambda *a: (
        "XK", "Κόσοβο αστυνομία", "observer", "RESTRICTED", ("H0", "H1")))
    qtbot.mouseClick(recipients.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recipients.table.rowCount() == count + 1, timeout=LONG)
    row = next(r for r in range(recipients.table.rowCount())
               if recipients.table.cell(r, 0) == "XK")
    assert recipients.table.cell(row, 2) == "Observer (no personal data)"
    recipients.table.selectRow(row)
    qtbot.mouseClick(recipients.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recipients.table.cell(row, 5) == "retired", timeout=LONG)
    assert "XK" not in {r.code for r in reference.list_recipients(admin)}
    if SHOTS:
        recipients.grab().save(str(Path(SHOTS) / "recipients.png"))
    with admin.session() as s:
        actions = [r.action for r in s.scalars(select(AuditRecord))]
    assert actions.count("reference.recipient") == 2
    assert "reference.relation_type" in actions
    assert "reference.handling_code" in actions
