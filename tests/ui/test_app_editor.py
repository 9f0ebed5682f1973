"""The editor's life-cycle edges: submitting, and reports the user may not edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.window import ReportEditor
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.report_model import COL_STATUS
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, type_text
from tests.ui.sample_data import draft


def _main(qtbot: QtBot, vault: Vault, tasks: Tasks, settings: QSettings) -> MainWindow:
    context = Context(vault=vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=LONG)
    return window


def _editor(qtbot: QtBot, main: MainWindow, report_id: int) -> ReportEditor:
    editor = main.open_editor(report_id)
    assert isinstance(editor, ReportEditor)
    qtbot.waitUntil(lambda: editor.version is not None, timeout=LONG)
    show_active(qtbot, editor)
    return editor


def test_submit_after_saving_makes_the_report_read_only(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    report_id = int(reports.create_report(analyst_vault, draft(1)).id)
    main = _main(qtbot, analyst_vault, tasks, settings)
    editor = _editor(qtbot, main, report_id)
    assert editor.submit_action.isEnabled()
    type_text(qtbot, editor.form.summary, " Ещё.")
    qtbot.keyClick(editor, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.status == "draft"  # the save-first question was answered Cancel
    with qtbot.waitSignal(editor.context.changed, timeout=LONG):
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.status == "submitted", timeout=LONG)
    assert not editor.editable
    assert not editor.save_action.isEnabled()
    assert editor.form.title.isReadOnly()
    assert "only drafts can be edited" in editor.banner.message
    qtbot.waitUntil(lambda: main.model.index(0, COL_STATUS).data() == "submitted",
                    timeout=LONG)


def test_a_colleagues_draft_opens_read_only(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings) -> None:
    ana = open_as(vault_path, "ana")
    try:
        report_id = int(reports.create_report(ana, draft(2)).id)
    finally:
        ana.lock()
    bora = open_as(vault_path, "bora")
    try:
        main = _main(qtbot, bora, tasks, settings)
        editor = _editor(qtbot, main, report_id)
        assert not editor.editable
        assert not editor.save_action.isEnabled()
        assert not editor.link_action.isEnabled()
        assert editor.banner.message == "Only the author can edit this draft."
        assert editor.form.narrative.isReadOnly()
    finally:
        main.close()
        tasks.run(bora.lock)


def test_relations_are_added_and_removed_from_the_editor(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sirat.ui.editor.panel import RelateDialog
    from tests.ui.sample_data import fill

    report_id = fill(analyst_vault, 1)[0]
    main = _main(qtbot, analyst_vault, tasks, settings)
    editor = _editor(qtbot, main, report_id)
    qtbot.waitUntil(lambda: editor.links.relations.rowCount() == 1, timeout=LONG)
    people = [r for r in editor.links.model.rows() if r.kind == "person"]
    monkeypatch.setattr(RelateDialog, "ask", classmethod(
        lambda cls, links, data, parent=None: (people[0].entity_id, "associate",
                                                people[1].entity_id)))
    qtbot.keyClick(editor, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.links.relations.rowCount() == 2, timeout=LONG)
    assert editor.links.relations.index(1, 1).data() == "associate of"
    editor.links.relations_view.selectRow(1)
    qtbot.mouseClick(editor.links.unrelate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.links.relations.rowCount() == 1, timeout=LONG)
    assert reports.get_report(analyst_vault, report_id, record_view=False).relations[0] \
        .relation_type == "driver_of"
