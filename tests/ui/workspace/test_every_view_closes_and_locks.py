"""Every secondary view and dialog the main window opens -- docked or a window of its own --
closes with Esc and with Ctrl+W, and Ctrl+L pressed inside it locks SIRAT. One list per
role (what that role's menus offer); a view added to the menus without these keys fails
here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.workflow import review as workflow
from sirat.ui.controller import AppController
from sirat.ui.main_window import MainWindow
from sirat.ui.workspace_docks import set_docking
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.ui.sample_data import fill

#: What each role opens from the menus (action ids); "entity" opens an entity's window.
VIEWS = {
    "ana": ["search.global", "chart.report", "review.report", "entity.duplicates",
            "view.dissemination_register", "chart.saved", "timeline.open", "map.open",
            "view.statistics", "tools.verify_pdf", "tools.certificates", "file.exchange",
            "entity.import_sheet", "help.shortcuts", "entity"],
    "sup": ["review.queue", "review.report"],
    "admin": ["report.handover", "tools.users", "tools.crime_areas", "tools.handling_codes",
              "tools.relation_types", "tools.recipients", "tools.audit"],
}
KEYS = {"Esc": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        "Ctrl+W": (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)}


@pytest.fixture
def team(vault_path: Path) -> Path:
    ana = open_as(vault_path, "ana")
    try:
        (report_id,) = fill(ana, 1)
        workflow.submit(ana, report_id)
    finally:
        ana.lock()
    return vault_path


def _open_views(main: MainWindow) -> list[QWidget]:
    return [w for w in main.windows.windows() if w.isVisible()]


def _open(qtbot: QtBot, main: MainWindow, what: str) -> QWidget:
    before = set(map(id, _open_views(main)))
    show_active(qtbot, main)  # as a window manager does when a window of its own closed
    main.table.setFocus()
    if what == "entity":
        main.open_entity(_first_entity(main))
    else:
        action = main.actions_by_id[what]
        assert action.isEnabled(), what
        action.trigger()
    qtbot.waitUntil(lambda: any(id(w) not in before for w in _open_views(main)), timeout=LONG)
    (view,) = [w for w in _open_views(main) if id(w) not in before]
    if view.isWindow():
        show_active(qtbot, view)
    else:
        assert docked_ok(view), view.objectName()
    qtbot.waitUntil(lambda: _focus_in(view), timeout=LONG)
    return view


def docked_ok(view: QWidget) -> bool:
    """A view inside the main window is one that docks (the rest are dialogs)."""
    from sirat.ui.workspace_docks import DOCKABLE

    return view.objectName() in DOCKABLE


def _focus_in(view: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is view or view.isAncestorOf(focus))


def _first_entity(main: MainWindow) -> int:
    from sirat.services.reports import records as reports

    vault = main.context.vault
    report_id = main.current_report_id()
    assert report_id is not None
    return int(reports.get_report(vault, report_id, record_view=False).links[0].entity_id)


def _inside(view: QWidget) -> QWidget:
    """Where a key typed now goes: the focus, which opening the view put inside it."""
    focus = QApplication.focusWidget()
    assert focus is not None, view.objectName()
    assert focus is view or view.isAncestorOf(focus), (view.objectName(), focus)
    return focus


def _signed_in(qtbot: QtBot, controller: AppController, user: str) -> MainWindow:
    main = sign_in(qtbot, controller, user)
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    return main


@pytest.fixture(autouse=True)
def _no_file_pickers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verify asks for a PDF as it opens: the user cancels the file picker."""
    from sirat.ui.dissemination.verify_dialog import VerifyDialog

    monkeypatch.setattr(VerifyDialog, "ask_open_path", staticmethod(lambda *_a: None))


@pytest.mark.parametrize(("user", "docked"), [
    ("ana", True), ("ana", False), ("sup", True), ("admin", True)])
def test_esc_and_ctrl_w_close_every_view_and_ctrl_l_locks_from_it(
        qtbot: QtBot, controller: AppController, team: Path, user: str, docked: bool) -> None:
    controller.start(team)
    main = _signed_in(qtbot, controller, user)
    set_docking(main.context, docked)  # the user's choice, kept across the sign-ins below
    for what in VIEWS[user]:
        for name, (key, mods) in KEYS.items():
            view = _open(qtbot, main, what)
            qtbot.keyClick(_inside(view), key, mods)
            closed: Callable[[], bool] = lambda v=view: not v.isVisible()  # noqa: E731
            qtbot.waitUntil(closed, timeout=LONG)
            assert main.isVisible(), f"{name} in {what} closed the main window"
    for what in VIEWS[user]:
        view = _open(qtbot, main, what)
        with qtbot.waitSignal(controller.locked, timeout=LONG):
            qtbot.keyClick(_inside(view), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert controller.main is None, what
        main = _signed_in(qtbot, controller, user)
