"""The whole day in one run, through the app only: sign in -> write -> link -> search ->
chart -> submit -> review -> approve -> export -> verify -> lock, with nothing on stderr
that looks like a traceback (every bug would also fail the test through pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.dissemination import certificates
from sirat.ui.chart.window import ChartWindow
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.dissemination.verify_dialog import VerifyDialog
from sirat.ui.editor.unsaved import SaveFirstDialog
from sirat.ui.review.approve_dialog import ApproveDialog
from sirat.ui.review.queue import QueueWindow
from sirat.ui.review.report_window import ReviewWindow
from sirat.ui.search.window import SearchWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, current_editor, show_active, sign_in, type_text
from tests.ui.test_app_workday import add_entity, wait_reference

CERT_PASS = "ana's certificate passphrase"


def _one(main: object, kind: type) -> object:
    found = [w for w in main.windows.windows()  # type: ignore[attr-defined]
             if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def _sign_out(qtbot: QtBot, controller: AppController) -> None:
    assert controller.main is not None
    show_active(qtbot, controller.main)
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        qtbot.keyClick(controller.main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_the_whole_day(qtbot: QtBot, controller: AppController, vault_path: Path,
                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capfd: pytest.CaptureFixture[str]) -> None:
    admin = open_as(vault_path, "admin")
    try:
        certificates.create_test_certificate(admin, CERT_PASS, owner="ana")
    finally:
        admin.lock()
    out = tmp_path / "Documents (not created yet)" / "for-bulgaria.pdf"
    monkeypatch.setattr(SaveFirstDialog, "ask", classmethod(lambda cls, parent: True))
    monkeypatch.setattr(ApproveDialog, "ask", classmethod(lambda cls, *a: True))
    monkeypatch.setattr(ExportDialog, "ask_create_folder", staticmethod(lambda *a: True))
    monkeypatch.setattr(VerifyDialog, "ask_open_path", staticmethod(lambda *_: out))

    # Sign in and write.
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = current_editor(main)
    show_active(qtbot, editor)
    wait_reference(qtbot, editor)
    form = editor.form
    type_text(qtbot, form.title, "Каналы сигарет через Кулата — Γιώργος")
    qtbot.keyClicks(form.crime_area, "Anti")
    qtbot.keyClicks(form.country.lineEdit(), "BG")
    qtbot.keyClicks(form.reliability, "B")
    qtbot.keyClicks(form.accuracy, "2")
    qtbot.keyClicks(form.classification, "Unclassified")
    qtbot.keyClick(form.handling["H0"], Qt.Key.Key_Space)
    type_text(qtbot, form.narrative, "Петров и Παπαδόπουλος организуют перевозку.")

    # Link.
    def person(d: object) -> None:
        type_text(qtbot, d.form.name, "Иван Петров")  # type: ignore[attr-defined]

    def vessel(d: object) -> None:
        qtbot.keyClicks(d.form.name, "Agia Eleni")  # type: ignore[attr-defined]
        qtbot.keyClicks(d.form.identifiers["imo"].value, "IMO 9074729")  # type: ignore[attr-defined]

    add_entity(qtbot, editor, "Person", person)
    add_entity(qtbot, editor, "Vessel", vessel)

    # Submit straight away: it offers to save first, then submits.
    show_active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.status == "submitted", timeout=LONG)
    report_id = editor.report_id
    assert report_id is not None

    # Search (any script) and the chart from the editor.
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(isinstance(w, ChartWindow) and w.isVisible()
                                for w in main.windows.windows()), timeout=LONG)
    chart = _one(main, ChartWindow)
    assert isinstance(chart, ChartWindow)
    qtbot.waitUntil(lambda: len(chart.view.chart_scene.node_items) >= 3, timeout=LONG)
    show_active(qtbot, chart)
    qtbot.keyClick(chart, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not shiboken6.isValid(chart) or not chart.isVisible())
    # Closing the chart's tab from the keyboard hands the focus to the editor's tab at
    # once (no event loop turn in between), so Ctrl+W goes on closing tabs.
    focus = QApplication.focusWidget()
    assert focus is not None
    assert editor.isAncestorOf(focus), focus
    qtbot.keyClick(focus, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    search = _one(main, SearchWindow)
    assert isinstance(search, SearchWindow)
    show_active(qtbot, search)
    type_text(qtbot, search.box, "Petrov")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.reports.rowCount() >= 1, timeout=LONG)
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    _sign_out(qtbot, controller)

    # Review and approve (another user, the same workstation).
    main = sign_in(qtbot, controller, "sup")
    qtbot.keyClick(main, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    queue = _one(main, QueueWindow)
    assert isinstance(queue, QueueWindow)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=LONG)
    show_active(qtbot, queue)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    review = _one(main, ReviewWindow)
    assert isinstance(review, ReviewWindow)
    qtbot.waitUntil(lambda: review.loaded is not None, timeout=LONG)
    assert "Петров и Παπαδόπουλος" in review.report_view.toPlainText()
    show_active(qtbot, review)
    qtbot.keyClick(review, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: review.loaded is not None
                    and review.loaded.view.status == "approved", timeout=LONG)
    _sign_out(qtbot, controller)

    # Export for a member state into a folder that does not exist yet, then verify.
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.setFocus()
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() == report_id)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = _one(main, ExportDialog)
    assert isinstance(dialog, ExportDialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("BG"))
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    dialog.path.selectAll()
    type_text(qtbot, dialog.path, str(out))
    qtbot.keyClicks(dialog.passphrase, CERT_PASS)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"), timeout=LONG)
    assert out.read_bytes().startswith(b"%PDF")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    verify = _one(main, VerifyDialog)
    assert isinstance(verify, VerifyDialog)
    qtbot.waitUntil(lambda: verify.result_text()["register"].startswith("yes"), timeout=LONG)
    verdict = verify.result_text()["verdict"]
    assert verdict.startswith("INTACT")
    assert "TEST certificate" in verdict

    # Lock from the verify window itself.
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        qtbot.keyClick(verify, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.main is None
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert isinstance(QWidget, type)
