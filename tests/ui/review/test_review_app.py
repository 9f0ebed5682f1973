"""A supervisor reviews, returns and approves in the app; an analyst sees the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.controller import AppController
from sirat.ui.registry import build_registry
from sirat.ui.review.approve_dialog import ApproveDialog
from sirat.ui.review.models import AuditModel, QueueModel, VersionsModel
from sirat.ui.review.queue import QueueWindow
from sirat.ui.review.report_window import ReviewWindow
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in, type_text, wait_idle

DRAFT = ReportDraft(title="Heroin via Evzoni <b>bold</b>", crime_area="drugs",
                    report_date="2026-03-14", reporting_country="GR", source_reliability="B",
                    information_accuracy="2", classification="RESTRICTED",
                    narrative="The truck crossed at night with Петров.")


def _submitted(path: Path) -> int:
    ana = open_as(path, "ana")
    try:
        rid = reports.create_report(ana, DRAFT).id
        workflow.submit(ana, rid)
        return int(rid)
    finally:
        ana.lock()


def _windows(main: Any, kind: type) -> list[Any]:
    return [w for w in main.windows.windows() if isinstance(w, kind)]


def test_supervisor_returns_then_approves(qtbot: QtBot, controller: AppController,
                                          vault_path: Path, tasks: Tasks,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ApproveDialog, "ask", classmethod(lambda cls, *args: True))
    rid = _submitted(vault_path)
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "sup")
    assert "review.queue" in main.actions_by_id
    assert "tools.audit" not in main.actions_by_id

    qtbot.keyClick(main, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    queue = _windows(main, QueueWindow)[0]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=LONG)
    assert queue.count.text() == "1 report wait for your review."
    assert queue.model.rows()[0].report_id == rid
    show_active(qtbot, queue)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    review = _windows(main, ReviewWindow)[0]
    qtbot.waitUntil(lambda: review.loaded is not None, timeout=LONG)
    show_active(qtbot, review)
    # The title is shown as text, never interpreted.
    assert "&lt;b&gt;bold&lt;/b&gt;" in review.header.text()
    assert review.buttons["approve"].isEnabled()
    assert review.buttons["return"].isEnabled()
    assert not review.buttons["submit"].isEnabled()

    # Returning without a reason is refused, inline.
    qtbot.mouseClick(review.buttons["return"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Write a comment" in review.banner.message, timeout=LONG)
    type_text(qtbot, review.comment_box, "Name the crossing — Евзони?")
    qtbot.waitUntil(review.buttons["return"].isEnabled, timeout=LONG)
    qtbot.mouseClick(review.buttons["return"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.loaded is not None and review.loaded.view.status == "draft",
                    timeout=LONG)
    assert "submitted → draft" in review.banner.message
    assert "Name the crossing — Евзони?" in review.thread_view.toPlainText()
    assert "Sam Supervisor returned it" in review.thread_view.toPlainText()
    assert not review.buttons["approve"].isEnabled()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=LONG)

    # The author resubmits (elsewhere); the supervisor approves with a remark.
    ana = open_as(vault_path, "ana")
    try:
        workflow.submit(ana, rid)
    finally:
        ana.lock()
    review.reload()
    qtbot.waitUntil(lambda: review.loaded is not None
                    and review.loaded.view.status == "submitted", timeout=LONG)
    qtbot.keyClicks(review.comment_box, "Good.")
    qtbot.keyClick(review, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: review.loaded is not None
                    and review.loaded.view.status == "approved", timeout=LONG)
    assert "Sam Supervisor approved it" in review.thread_view.toPlainText()
    assert review.buttons["return"].isEnabled()  # an approved report can still be returned
    wait_idle(qtbot, tasks)


@pytest.fixture
def context(vault_path: Path, tasks: Tasks, settings: QSettings) -> Any:
    vault = open_as(vault_path, "ana")
    yield Context(vault=vault, tasks=tasks, settings=settings, clipboard=SecureClipboard(),
                  registry=build_registry())
    tasks.run(vault.lock)


def test_history_side_by_side(qtbot: QtBot, context: Context, tasks: Tasks) -> None:
    ana: Vault = context.vault
    rid = reports.create_report(ana, DRAFT).id
    reports.update_report(ana, rid, ReportDraft(**{
        **{k: getattr(DRAFT, k) for k in DRAFT.__slots__},
        "narrative": "The truck crossed at dawn with Петров & co."}))
    window = ReviewWindow(context, rid)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded is not None, timeout=LONG)
    assert window.versions.rowCount() == 2
    assert (window.old_box.currentText(), window.new_box.currentText()) == ("1", "2")
    assert window.buttons["submit"].isEnabled()
    assert not window.buttons["approve"].isEnabled()
    qtbot.mouseClick(window.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.compare_view.comparison is not None, timeout=LONG)
    html = window.compare_view.toHtml()
    text = window.compare_view.toPlainText()
    assert "1 field(s) changed" in text
    assert "night" in text
    assert "dawn" in text
    assert "Петров & co" in text
    assert "<b>bold</b>" not in html
    assert "background-color:#cdeccf" in html  # the inserted words are highlighted
    window.changed_only.setChecked(True)
    assert "Title" not in window.compare_view.toPlainText()
    assert "Narrative" in window.compare_view.toPlainText()
    window.clear_for_lock()
    assert window.compare_view.comparison is None
    assert window.versions.rowCount() == 0
    wait_idle(qtbot, tasks)


def test_review_models_pass_the_model_tester(qtmodeltester: Any, context: Context) -> None:
    ana = context.vault
    rid = reports.create_report(ana, DRAFT).id
    from sirat.services.audit import log as audit
    from sirat.services.reports import history
    from tests.conftest import open_as as _open

    versions = VersionsModel()
    versions.set_rows(history.versions(ana, rid))
    qtmodeltester.check(versions)
    workflow.submit(ana, rid)
    sup = _open(ana.path, "sup")
    admin = _open(ana.path, "admin")
    try:
        queue = QueueModel()
        queue.set_rows(workflow.review_queue(sup))
        qtmodeltester.check(queue)
        log = AuditModel()
        log.set_rows(audit.list_records(admin))
        qtmodeltester.check(log)
        assert log.rowCount() > 3
    finally:
        sup.lock()
        admin.lock()
