"""Conventions: the shortcuts table in docs/app.md is the registry's; Esc / Ctrl+W close
secondary views; Ctrl+L locks from any window; Ctrl+G works in the editor; one date format
chosen in the settings; the audit viewer reads in words; sign-in has a show-passphrase box,
a Caps Lock warning and no verdict before anything is typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.ui import dates
from sirat.ui.chart.window import ChartWindow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.controller import AppController
from sirat.ui.date_format_dialog import DateFormatDialog
from sirat.ui.editor.window import ReportEditor
from sirat.ui.entities.view import EntityWindow
from sirat.ui.registry import build_registry
from sirat.ui.report_model import COL_DATE
from sirat.ui.review.audit_window import AuditWindow
from sirat.ui.review.models import COL_A_ACTION, COL_A_OBJECT
from sirat.ui.signin_window import SignInWindow
from sirat.ui.tasks import Tasks
from sirat.ui.workspace_docks import set_docking
from tests.conftest import open_as
from tests.ui.conftest import KDF, LONG, show_active, sign_in
from tests.ui.sample_data import draft, fill

DOCS = Path(__file__).resolve().parents[3] / "docs" / "app.md"


def test_the_shortcuts_table_in_the_docs_is_the_registry() -> None:
    text = DOCS.read_text("utf-8")
    table = text.split("<!-- shortcuts -->", 1)[1].split("<!-- /shortcuts -->", 1)[0]
    documented = {}
    for line in table.splitlines():
        found = re.match(r"\|[^|]*\|[^|]*\|([^|]*)\|[^|]*\| `([a-z_.]+)` \|", line)
        if found:
            documented[found.group(2)] = found.group(1).strip()
    actual = {s.id: ", ".join(s.shortcuts) for s in build_registry().specs()}
    assert documented == actual


@pytest.fixture
def team(vault_path: Path) -> Path:
    ana = open_as(vault_path, "ana")
    try:
        fill(ana, 1)
    finally:
        ana.lock()
    return vault_path


def test_ctrl_l_locks_from_a_secondary_window_and_esc_closes_it(
        qtbot: QtBot, controller: AppController, team: Path) -> None:
    controller.start(team)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    view = reports.get_report(controller.context.vault, int(main.model.index(0, 0).data(  # type: ignore[union-attr]
        256 + 1)), record_view=False)
    main.open_entity(int(view.links[0].entity_id))
    entity = next(w for w in main.windows.windows() if isinstance(w, EntityWindow))
    show_active(qtbot, entity)
    qtbot.keyClick(entity, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not entity.isVisible())

    main.open_entity(int(view.links[0].entity_id))
    entity = next(w for w in main.windows.windows()
                  if isinstance(w, EntityWindow) and w.isVisible())
    show_active(qtbot, entity)
    with qtbot.waitSignal(controller.locked, timeout=LONG):
        qtbot.keyClick(entity, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.main is None


def test_ctrl_g_in_the_editor_opens_the_reports_chart(
        qtbot: QtBot, controller: AppController, team: Path) -> None:
    controller.start(team)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    # Views as windows of their own (the other mode; docked, Ctrl+G in the editor is in
    # test_whole_day): the chart opens as large as the screen allows.
    set_docking(main.context, False)
    editor = main.open_editor(main.current_report_id())
    assert isinstance(editor, ReportEditor)
    qtbot.waitUntil(lambda: editor.version is not None, timeout=LONG)
    show_active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(isinstance(w, ChartWindow) for w in main.windows.windows()),
                    timeout=LONG)
    chart = next(w for w in main.windows.windows() if isinstance(w, ChartWindow))
    screen = chart.screen().availableGeometry()
    assert chart.width() >= 0.9 * min(screen.width(), 1600)  # a workspace, not a pop-up
    show_active(qtbot, chart)
    qtbot.keyClick(chart, Qt.Key.Key_Escape)  # nothing highlighted: Esc closes
    qtbot.waitUntil(lambda: not chart.isVisible())


def test_one_date_format_chosen_in_the_settings(
        qtbot: QtBot, controller: AppController, team: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    controller.start(team)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    iso = main.model.index(0, COL_DATE).data()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", iso)  # ISO by default
    monkeypatch.setattr(DateFormatDialog, "ask", classmethod(lambda cls, *a: "dmy"))
    main.actions_by_id["tools.date_format"].trigger()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1
                    and main.model.index(0, COL_DATE).data() != iso, timeout=LONG)
    y, m, d = iso.split("-")
    assert main.model.index(0, COL_DATE).data() == f"{d}.{m}.{y}"
    assert controller.settings.value("ui/date_format") == "dmy"
    assert dates.show_time("2026-03-14T09:30:00Z").startswith("14.03.2026")
    dates.set_format(dates.DEFAULT)


def test_the_audit_viewer_reads_in_words(qtbot: QtBot, vault_path: Path, tasks: Tasks,
                                         settings: QSettings) -> None:
    ana = open_as(vault_path, "ana")
    try:
        reference = reports.create_report(ana, draft(1)).reference
    finally:
        ana.lock()
    admin = open_as(vault_path, "admin")
    context = Context(vault=admin, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    window = AuditWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=LONG)
    rows = {window.model.index(r, COL_A_ACTION).data(): window.model.index(r, COL_A_OBJECT)
            .data() for r in range(window.model.rowCount())}
    assert rows["created a report"] == reference
    header = window.table.horizontalHeader()
    for column in (0, 1, 2, 3, 4):  # nothing clipped
        assert header.sectionSize(column) >= window.table.sizeHintForColumn(column)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible())
    tasks.run(admin.lock)


def _type(edit: QLineEdit, char: str, shift: bool) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(edit, QKeyEvent(kind, 0, mods, char))


def test_sign_in_shows_the_passphrase_on_request_and_warns_of_caps_lock(
        qtbot: QtBot, tasks: Tasks, settings: QSettings, vault_path: Path) -> None:
    window = SignInWindow(tasks, settings, vault_path, kdf=KDF, throttle=False)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    page = window.unlock_page
    assert page.passphrase.echoMode() == QLineEdit.EchoMode.Password
    page.show_passphrase.setChecked(True)
    assert page.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    page.show_passphrase.setChecked(False)
    page.passphrase.setFocus()
    _type(page.passphrase, "A", shift=False)  # upper-case without Shift: Caps Lock
    assert page.caps.isVisible()
    _type(page.passphrase, "b", shift=False)
    assert not page.caps.isVisible()
    assert page.problems.shown() == {}  # nothing reproached before Sign in


def test_first_run_gives_no_verdict_before_typing(qtbot: QtBot, tasks: Tasks,
                                                  settings: QSettings) -> None:
    window = SignInWindow(tasks, settings, None, kdf=KDF, throttle=False)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    page = window.create_page
    assert page.strength.text() == ""
    assert page.problems.shown() == {}
