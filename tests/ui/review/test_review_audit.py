"""The administrator's audit viewer: read, filter, verify, checkpoint — in the app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.controller import AppController
from sirat.ui.registry import build_registry
from sirat.ui.review import audit_window
from sirat.ui.review.audit_window import AuditWindow
from sirat.ui.tasks import Tasks
from tests.conftest import USERS, open_as
from tests.ui.conftest import LONG, show_active, sign_in, wait_idle

DRAFT = ReportDraft(title="Stolen SUV near Ruse", crime_area="stolen_vehicles",
                    report_date="2026-04-01", reporting_country="BG", source_reliability="B",
                    information_accuracy="3", classification="RESTRICTED")


@pytest.fixture
def admin(vault_path: Path, tasks: Tasks, settings: QSettings) -> Iterator[Context]:
    ana = open_as(vault_path, "ana")
    try:
        reports.create_report(ana, DRAFT)
    finally:
        ana.lock()
    vault = open_as(vault_path, "admin")
    yield Context(vault=vault, tasks=tasks, settings=settings, clipboard=SecureClipboard(),
                  registry=build_registry())
    tasks.run(vault.lock)


def _window(qtbot: QtBot, context: Context) -> AuditWindow:
    window = AuditWindow(context)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=LONG)
    return window


def _actions(window: AuditWindow) -> list[str]:
    return [r.action for r in window.model.rows()]


def test_the_log_filtered(qtbot: QtBot, admin: Context, tasks: Tasks) -> None:
    window = _window(qtbot, admin)
    assert _actions(window)[0] == "signin"
    assert "report.create" in _actions(window)
    qtbot.keyClicks(window.action, "report.*")
    qtbot.keyClick(window.action, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _actions(window) == ["report.create"], timeout=LONG)
    assert window.model.rows()[0].actor_name == "ana"
    window.action.clear()
    qtbot.keyClicks(window.report, "SIRAT-2099-000001")
    qtbot.keyClick(window.report, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "no report" in window.banner.message, timeout=LONG)
    window.report.clear()
    qtbot.keyClicks(window.since, "yesterday")
    qtbot.keyClick(window.since, Qt.Key.Key_Return)
    assert "Use a date" in window.banner.message
    window.clear_for_lock()
    assert window.model.rowCount() == 0
    assert window.since.text() == ""
    wait_idle(qtbot, tasks)


def test_verify_shows_the_first_broken_record(qtbot: QtBot, admin: Context,
                                              tasks: Tasks) -> None:
    window = _window(qtbot, admin)
    qtbot.mouseClick(window.buttons["verify"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "intact" in window.verdict.text(), timeout=LONG)
    assert window.banner.message == ""
    with admin.vault.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET object_id = '9' WHERE id = 3"))
    qtbot.mouseClick(window.buttons["verify"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Record 3 is broken" in window.verdict.text(), timeout=LONG)
    assert "Record 3 is broken" in window.banner.message
    wait_idle(qtbot, tasks)


def test_checkpoint_then_verify_against_it(qtbot: QtBot, admin: Context, tasks: Tasks,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cp.json"
    asked: list[Any] = []

    def ask(cls: type, parent: Any) -> str:
        asked.append(parent)
        return USERS["admin"]

    monkeypatch.setattr(audit_window.Files, "checkpoint_to_write",
                        classmethod(lambda cls, parent: target))
    monkeypatch.setattr(audit_window.PassphraseDialog, "ask", classmethod(ask))
    monkeypatch.setattr(audit_window.Files, "checkpoints_to_check",
                        classmethod(lambda cls, parent: [target]))
    window = _window(qtbot, admin)
    qtbot.mouseClick(window.buttons["checkpoint"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fingerprint" in window.banner.message, timeout=LONG)
    assert asked == [window]
    doc = json.loads(target.read_text())
    fingerprint = doc["payload"]["signer"]["fingerprint"]
    assert fingerprint[:4] in window.banner.message
    qtbot.waitUntil(lambda: _actions(window)[:1] == ["audit.checkpoint"], timeout=LONG)

    window.trusted.setText(fingerprint)
    qtbot.mouseClick(window.buttons["verify_files"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "holds" in window.verdict.text(), timeout=LONG)
    assert "intact" in window.verdict.text()
    window.trusted.setText("0000 0000")
    qtbot.mouseClick(window.buttons["verify_files"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "FAILS" in window.verdict.text(), timeout=LONG)
    assert "not among the keys you trust" in window.banner.message
    wait_idle(qtbot, tasks)


def test_the_administrator_opens_it_from_the_main_window(
        qtbot: QtBot, controller: AppController, vault_path: Path, tasks: Tasks) -> None:
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "admin")
    assert "review.queue" not in main.actions_by_id
    qtbot.keyClick(main, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    windows = [w for w in main.windows.windows() if isinstance(w, AuditWindow)]
    assert len(windows) == 1
    show_active(qtbot, windows[0])
    qtbot.waitUntil(lambda: windows[0].model.rowCount() > 0, timeout=LONG)
    # Asked again, the same window comes forward.
    main.actions_by_id["tools.audit"].trigger()
    assert len([w for w in main.windows.windows() if isinstance(w, AuditWindow)]) == 1
    wait_idle(qtbot, tasks)


def test_menu_entries_by_role() -> None:
    registry = build_registry()
    assert registry.get("review.queue").roles == ("supervisor",)
    assert registry.get("tools.audit").roles == ("administrator",)
    assert registry.get("review.report").roles == ()
