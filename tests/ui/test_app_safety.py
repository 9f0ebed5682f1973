"""Safety: locking, kept drafts, the clipboard, unsaved changes, crashes, escaped text."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from sirat import config, crash
from sirat.services.access import preferences
from sirat.services.entities import query as entity_query
from sirat.services.reports import query as report_query
from sirat.services.reports import records as reports
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.controller import AppController
from sirat.ui.crash_dialog import CONTINUE, CrashDialog, CrashReporter
from sirat.ui.editor import unsaved
from sirat.ui.editor.window import ReportEditor
from sirat.ui.entities.view import EntityWindow
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.settings_dialog import IdleLockDialog
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, current_editor, show_active, sign_in, type_text, wait_idle
from tests.ui.sample_data import fill


@pytest.fixture
def context(analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> Context:
    return Context(vault=analyst_vault, tasks=tasks, settings=settings,
                  clipboard=SecureClipboard(), registry=build_registry())


@pytest.fixture
def main(qtbot: QtBot, context: Context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=LONG)
    return window


def test_ctrl_l_locks_and_an_incomplete_new_draft_comes_back(
        qtbot: QtBot, controller: AppController, vault_path: Path) -> None:
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "bora")
    qtbot.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = current_editor(main)
    qtbot.waitUntil(lambda: editor.form.crime_area.count() > 1, timeout=LONG)
    type_text(qtbot, editor.form.narrative, "Половина текста, ещё без заголовка.")
    assert editor.dirty
    show_active(qtbot, main)
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible()
    signin = controller.signin
    assert signin is not None
    assert signin.unlock_page.intro.text().startswith("SIRAT is locked.")
    # A wrong passphrase at the lock screen: the same calm message, the field cleared.
    show_active(qtbot, signin)
    qtbot.keyClicks(signin.unlock_page.passphrase, "wrong wrong wrong")
    qtbot.keyClick(signin.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signin.banner.message != "", timeout=LONG)
    assert signin.banner.message == "The user name or passphrase is not correct."
    assert signin.unlock_page.passphrase.text() == ""
    main = sign_in(qtbot, controller, "bora")
    qtbot.waitUntil(lambda: any(isinstance(w, ReportEditor) for w in main.windows.windows()),
                    timeout=LONG)
    editor = current_editor(main)
    qtbot.waitUntil(lambda: editor.form.narrative.toPlainText() ==
                    "Половина текста, ещё без заголовка.", timeout=LONG)
    assert editor.report_id is None
    assert editor.dirty
    assert "kept when SIRAT locked itself" in editor.banner.message
    qtbot.waitUntil(lambda: editor.form.problems.text("title") != "", timeout=LONG)
    editor.dirty = False  # let the fixture close it without asking


def test_copied_identifier_is_cleared_after_the_delay_only_if_still_ours(
        qtbot: QtBot, context: Context) -> None:
    clipboard = context.clipboard
    clipboard.clear_ms = 200
    clipboard.copy("RS35260005601001611379")
    assert QGuiApplication.clipboard().text() == "RS35260005601001611379"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=5000)
    clipboard.copy("IMO 9074729")
    QGuiApplication.clipboard().setText("the analyst's own text")
    qtbot.waitUntil(lambda: not clipboard.pending, timeout=5000)
    assert QGuiApplication.clipboard().text() == "the analyst's own text"


@pytest.mark.parametrize(("answer", "closes", "saved"), [
    (unsaved.CANCEL, False, False), (unsaved.DISCARD, True, False), (unsaved.SAVE, True, True),
])
def test_closing_with_unsaved_changes_asks_first(
        qtbot: QtBot, main: MainWindow, context: Context, monkeypatch: pytest.MonkeyPatch,
        answer: str, closes: bool, saved: bool) -> None:
    report_id = fill(context.vault, 1)[0]
    asked: list[object] = []
    monkeypatch.setattr(unsaved.UnsavedDialog, "ask",
                        classmethod(lambda cls, parent: asked.append(parent) or answer))
    editor = main.open_editor(report_id)
    assert isinstance(editor, ReportEditor)
    qtbot.waitUntil(lambda: editor.form.title.text() != "", timeout=LONG)
    show_active(qtbot, editor)
    editor.form.title.selectAll()
    type_text(qtbot, editor.form.title, "Νέος τίτλος")
    qtbot.keyClick(editor, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert asked == [editor]
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or editor.isVisible() != closes,
                    timeout=LONG)
    wait_idle(qtbot, context.tasks)
    rows = report_query.list_reports(context.vault)
    assert (rows[0].title == "Νέος τίτλος") == saved


def test_a_bug_in_background_work_shows_the_calm_dialog_and_writes_a_clean_record(
        qtbot: QtBot, tasks: Tasks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crash, "_listeners", [])
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[Path | None] = []
    monkeypatch.setattr(CrashDialog, "ask",
                        classmethod(lambda cls, path, parent=None: shown.append(path) or CONTINUE))
    reporter = CrashReporter()
    reporter.install()
    tasks.on_bug = lambda exc: crash.handle(type(exc), exc, exc.__traceback__)

    def buggy() -> None:
        raise KeyError("Ђорђе Петровић, passport 012345678")

    tasks.run(buggy)
    qtbot.waitUntil(lambda: bool(shown), timeout=LONG)
    path = shown[0]
    assert path is not None
    assert path.parent == config.crash_dir()
    text = path.read_text("utf-8")
    assert "KeyError" in text
    assert "Петров" not in text
    assert "012345678" not in text
    assert json.loads(text)["exceptions"][0]["frames"]


def test_detail_pane_shows_user_text_as_text(qtbot: QtBot, main: MainWindow,
                                            context: Context) -> None:
    fill(context.vault, 1)
    main.refresh()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.detail.view is not None, timeout=LONG)
    shown = main.detail.toPlainText()
    assert "Suspect <Ivan> & co met at the border." in shown
    assert "Θεσσαλονίκη" in shown
    assert "Ђорђе Петровић" in shown
    assert "driver of" in shown


def test_matching_entities_are_offered_while_typing(qtbot: QtBot, main: MainWindow,
                                                    context: Context) -> None:
    report_id = fill(context.vault, 1)[0]
    before = entity_query.count_entities(context.vault)
    editor = main.open_editor(report_id)
    assert isinstance(editor, ReportEditor)
    qtbot.waitUntil(lambda: editor.links.model.rowCount() == 3, timeout=LONG)
    show_active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = editor.links.dialog
    assert dialog is not None
    finder = dialog.finder
    name = dialog.form.name
    assert name is not None
    type_text(qtbot, name, "Петро")  # typing fast: one search after the pause, not five
    with qtbot.waitSignal(finder.searched, timeout=LONG):
        pass
    assert finder.searches == 1
    assert finder.model.rowCount() == 1
    assert "Ђорђе Петровић" in finder.model.index(0, 0).data()
    qtbot.keyClicks(dialog.role, "witness")
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.links.model.rowCount() == 4, timeout=LONG)
    wait_idle(qtbot, context.tasks)
    assert entity_query.count_entities(context.vault) == before  # nobody entered twice


def test_identifier_warning_is_shown_inline_and_can_be_overridden(
        qtbot: QtBot, main: MainWindow, context: Context) -> None:
    editor = main.open_editor(None)
    assert isinstance(editor, ReportEditor)
    show_active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = editor.links.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.kind, "Vessel")
    qtbot.keyClicks(dialog.form.name, "Sea Star")  # type: ignore[arg-type]
    row = dialog.form.identifiers["imo"]
    qtbot.keyClicks(row.value, "IMO 9074728")  # the check digit should be 9
    qtbot.waitUntil(lambda: bool(row.warnings.boxes), timeout=LONG)
    assert row.warnings.isVisible()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.tasks)
    assert "failed their checks" in dialog.banner.message  # not saved without the override
    assert editor.links.model.rowCount() == 0
    next(iter(row.warnings.boxes.values())).setChecked(True)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.links.model.rowCount() == 1, timeout=LONG)
    editor.dirty = False


def test_entity_view_lists_reports_and_relations(qtbot: QtBot, main: MainWindow,
                                                 context: Context) -> None:
    report_id = fill(context.vault, 2)[0]
    reports_view = reports.get_report(context.vault, report_id, record_view=False)
    person = next(link for link in reports_view.links if link.kind == "person")
    main.open_entity(int(person.entity_id))
    view = next(w for w in main.windows.windows() if isinstance(w, EntityWindow))
    qtbot.waitUntil(lambda: view.view is not None, timeout=LONG)
    assert view.windowTitle() == "SIRAT — entity"
    assert view.heading.text() == "Person: Ђорђе Петровић"
    assert view.reports.rowCount() == 1
    assert view.reports.index(0, 0).data() == reports_view.reference
    assert view.relations.rowCount() == 1
    assert view.relations.index(0, 0).data() == "driver of"


def test_administrator_sets_the_idle_lock_in_the_vault(
        qtbot: QtBot, admin_vault: Vault, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    context = Context(vault=admin_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    monkeypatch.setattr(IdleLockDialog, "ask", classmethod(lambda cls, parent, current: 3.0))
    window.actions_by_id["tools.idle_lock"].trigger()
    qtbot.waitUntil(lambda: "locks after 3 idle minutes" in window.banner.message, timeout=LONG)
    assert preferences.idle_lock_minutes(admin_vault) == 3.0
    assert not [k for k in settings.allKeys() if "idle" in k]  # in the vault, not QSettings


def test_analysts_have_no_idle_lock_setting(main: MainWindow) -> None:
    assert "tools.idle_lock" not in main.actions_by_id
    assert "report.new" in main.actions_by_id


def test_layout_is_remembered_without_personal_data(qtbot: QtBot, context: Context,
                                                    settings: QSettings) -> None:
    fill(context.vault, 2)
    first = MainWindow(context)
    qtbot.addWidget(first)
    show_active(qtbot, first)
    first.resize(731, 517)  # inside the offscreen screen (800 x 600): no clamping
    first.splitter.setSizes([431, 290])
    sizes = first.splitter.sizes()
    size = (first.width(), first.height())
    assert size != (1280, 800)  # not the default, so restoring it is visible
    first.close()
    settings.sync()
    second = MainWindow(context)
    qtbot.addWidget(second)
    show_active(qtbot, second)
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes() == sizes
    stored = Path(settings.fileName()).read_bytes()
    for secret in ("ana", "Ana Analyst", "Heroin", "Петров", "Evzoni"):
        assert secret.encode() not in stored


def test_the_idle_lock_answers_an_open_question_first(
        qtbot: QtBot, controller: AppController, vault_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    controller.start(vault_path)
    main = sign_in(qtbot, controller, "ana")
    answers: list[int] = []

    def ask_and_wait(host: object) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "SIRAT", "Really?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          main)
        controller.idle.set_timeout_ms(300)
        # If the lock never comes, the box gives up (and the wait for `locked` below fails)
        # instead of hanging the run in a nested loop nobody answers.
        QTimer.singleShot(LONG, box, box.reject)
        answers.append(box.exec())  # nobody answers: the idle lock must not hang or crash

    # The idle countdown starts once the vault worker has read the user's idle minutes; a
    # question asked before that would have its 300 ms overwritten by the preference.
    qtbot.waitUntil(lambda: controller.idle.running, timeout=LONG)
    QTimer.singleShot(0, lambda: ask_and_wait(main))
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        pass
    assert answers  # the nested loop returned before the windows went away
    assert controller.main is None


def test_the_settings_file_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """settings.ini holds the last vault folder: 0600, also when an older run left it 0644."""
    import os
    import stat

    from sirat.ui.settings import FILE_NAME, open_settings

    monkeypatch.setenv("SIRAT_HOME", str(tmp_path))
    old = os.umask(0o022)
    try:
        settings = open_settings()
        settings.setValue("vault/last_folder", str(tmp_path))
        settings.sync()
        assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600
        os.chmod(tmp_path / FILE_NAME, 0o644)
        settings = open_settings()
        settings.setValue("window/x", 1)
        settings.sync()
        assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600
    finally:
        os.umask(old)
