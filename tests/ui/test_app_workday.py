"""An analyst's working day, driven like a user on a real vault: sign in, write a report with
three linked entities, find it in the list, reopen, edit, see every problem at once, be
locked out by the idle timer and come back without losing the draft."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.ui.controller import AppController
from sirat.ui.editor.window import ReportEditor
from sirat.ui.entities.dialog import EntityDialog
from sirat.ui.report_model import COL_TITLE
from sirat.ui.tasks import Tasks
from tests.conftest import open_as
from tests.ui.conftest import LONG, current_editor, show_active, sign_in, type_text, wait_idle


def wait_reference(qtbot: QtBot, editor: ReportEditor) -> None:
    qtbot.waitUntil(lambda: editor.form.crime_area.count() > 1, timeout=LONG)


def add_entity(qtbot: QtBot, editor: ReportEditor, kind_text: str, fill: object) -> None:
    show_active(qtbot, editor)  # the dialog before this one has just closed
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = editor.links.dialog
    assert isinstance(dialog, EntityDialog)
    qtbot.waitUntil(lambda: dialog.role.count() > 0, timeout=LONG)
    qtbot.keyClicks(dialog.kind, kind_text)
    fill(dialog)  # type: ignore[operator]
    rows = editor.links.model.rowCount()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.links.model.rowCount() == rows + 1, timeout=LONG)


def test_workday(qtbot: QtBot, controller: AppController, vault_path: Path,
                 tasks: Tasks) -> None:
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "ana")
    assert main.windowTitle() == "SIRAT"
    assert main.user_label.text() == "Ana Analyst · analyst"
    assert str(vault_path) in main.vault_label.text()
    assert main.model.rowCount() == 0

    # A new report (Ctrl+N); saving it half-done shows every problem at its field at once.
    qtbot.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = current_editor(main)
    show_active(qtbot, editor)
    wait_reference(qtbot, editor)
    form = editor.form
    qtbot.keyClicks(form.information_date, "someday")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(form.problems.shown()), timeout=LONG)
    shown = form.problems.shown()
    assert {"title", "crime_area", "information_date", "reporting_country",
            "source_reliability", "information_accuracy", "classification"} <= set(shown)
    assert shown["title"].startswith("The title is missing.")
    assert "not a date" in shown["information_date"]
    assert not form.problems.text("narrative")
    assert editor.report_id is None  # nothing was written

    # Fill it in properly, the way an analyst does: typing, and choosing words not letters.
    type_text(qtbot, form.title, "Хероин через Евзони — Γιώργος case")
    qtbot.keyClicks(form.crime_area, "Drug")
    assert form.crime_area.currentData() == "drugs"
    form.information_date.clear()
    qtbot.keyClicks(form.information_date, "about 2026-03")
    qtbot.keyClicks(form.country.lineEdit(), "RS")
    qtbot.keyClicks(form.reliability, "B")
    assert form.reliability.currentText() == (
        "B — A source that has in most instances proved to be reliable")
    qtbot.keyClicks(form.accuracy, "2")
    qtbot.keyClicks(form.classification, "Restricted")
    assert not form.h3_text.isEnabled()
    qtbot.keyClick(form.handling["H3"], Qt.Key.Key_Space)
    qtbot.waitUntil(form.h3_text.isEnabled)
    qtbot.keyClicks(form.h3_text, "Only for TF Balkan Route")
    type_text(qtbot, form.narrative, "Петров drove <the truck> & met Παπαδόπουλος.")

    # Three entities of three kinds, linked before the first save.
    def person(d: EntityDialog) -> None:
        type_text(qtbot, d.form.name, "Ђорђе Петровић")  # type: ignore[arg-type]
        qtbot.keyClicks(d.form.aliases, "Djordje Petrovic")  # type: ignore[arg-type]

    def vehicle(d: EntityDialog) -> None:
        row = d.form.identifiers["vin"]
        qtbot.keyClicks(row.value, "WVWZZZ1JZXW000001")
        qtbot.waitUntil(lambda: bool(row.warnings.boxes), timeout=LONG)
        qtbot.keyClicks(d.form.identifiers["plate"].value, "BG 1234 AB")
        box = next(iter(row.warnings.boxes.values()))
        assert not box.isChecked()
        box.setChecked(True)  # the analyst confirms the odd VIN is what the source says

    def vessel(d: EntityDialog) -> None:
        qtbot.keyClicks(d.form.name, "Agia Eleni")  # type: ignore[arg-type]
        qtbot.keyClicks(d.form.identifiers["imo"].value, "IMO 9074729")

    add_entity(qtbot, editor, "Person", person)
    add_entity(qtbot, editor, "Vehicle", vehicle)
    add_entity(qtbot, editor, "Vessel", vessel)
    assert [r.kind for r in editor.links.model.rows()] == ["person", "vehicle", "vessel"]
    assert all(r.link_id is None for r in editor.links.model.rows())

    show_active(qtbot, editor)
    with qtbot.waitSignal(editor.context.changed, timeout=LONG):
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.problems.shown() == {}
    assert "Saved as draft SIRAT-" in editor.banner.message
    assert all(r.link_id is not None for r in editor.links.model.rows())
    report_id = editor.report_id
    # The reference tells editors (and their tabs) apart; never the title typed.
    assert editor.windowTitle().startswith("SIRAT — report SIRAT-")
    assert form.title.text() not in editor.windowTitle()
    qtbot.keyClick(editor, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible())

    # It is in the list; Enter opens it again with everything linked.
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    title = main.model.index(0, COL_TITLE).data()
    assert title == "Хероин через Евзони — Γιώργος case"
    main.table.setFocus()
    main.table.selectRow(0)
    qtbot.keyClick(main.table, Qt.Key.Key_Return)
    editor = current_editor(main)
    assert editor.report_id == report_id
    qtbot.waitUntil(lambda: editor.links.model.rowCount() == 3, timeout=LONG)
    wait_reference(qtbot, editor)
    qtbot.waitUntil(lambda: editor.form.title.text() == title, timeout=LONG)
    assert editor.form.h3_text.text() == "Only for TF Balkan Route"
    assert editor.form.reliability.currentData() == "B"

    # An edit, then the analyst walks away: the idle lock saves the draft first.
    show_active(qtbot, editor)
    editor.form.title.end(False)
    type_text(qtbot, editor.form.title, " (update)")
    assert editor.dirty
    old_model = main.model
    controller.idle.set_timeout_ms(1000)
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        pass  # no input: the timer runs out
    assert controller.main is None
    assert old_model.rowCount() == 0
    assert main.detail.view is None
    assert not editor.isVisible()
    assert controller.signin is not None
    assert controller.signin.unlock_page.user.text() == "ana"
    assert "locked itself after a period without activity" in (
        controller.signin.unlock_page.intro.text())
    assert controller.signin.unlock_page.passphrase.text() == ""

    # Back in: the draft was saved in the vault and its editor comes back.
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: any(isinstance(w, ReportEditor) for w in main.windows.windows()),
                    timeout=LONG)
    editor = current_editor(main)
    qtbot.waitUntil(lambda: editor.form.title.text() == f"{title} (update)", timeout=LONG)
    wait_idle(qtbot, tasks)
    vault = open_as(vault_path, "sup")
    try:
        stored = reports.get_report(vault, report_id, record_view=False)
    finally:
        vault.lock()
    assert stored.title == f"{title} (update)"
    assert stored.version == 2
    assert len(stored.links) == 3
