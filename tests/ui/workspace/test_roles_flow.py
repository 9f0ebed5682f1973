"""Roles that flow: an administrator cannot start a report (and sees why) but can hand a
stranded draft to an analyst; quick views "my drafts", "returned to me", "waiting for my
review"; a returned draft reads "Returned" in the list; handling codes have a column."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.services.workflow import handover
from sirat.services.workflow import review as workflow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.window import ReportEditor
from sirat.ui.filter_bar import MY_DRAFTS, RETURNED, TO_REVIEW
from sirat.ui.handover_dialog import HandoverDialog
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.report_model import COL_HANDLING, COL_REFERENCE, COL_STATUS
from sirat.ui.roles import StatusRole
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active
from tests.ui.sample_data import draft, legacy_admin_draft


def _main(qtbot: QtBot, vault: Vault, tasks: Tasks, settings: QSettings) -> MainWindow:
    context = Context(vault=vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=LONG)
    return window


def _shown(main: MainWindow) -> dict[str, str]:
    return {main.model.index(r, COL_REFERENCE).data():
            main.model.index(r, COL_STATUS).data(StatusRole)
            for r in range(main.model.rowCount())}


def _choose(qtbot: QtBot, main: MainWindow, show: str) -> None:
    combo = main.filters.show_combo
    with qtbot.waitSignal(main.model.loaded, timeout=LONG):
        combo.setCurrentIndex(combo.findData(show))


def test_an_administrator_cannot_start_a_report_and_is_told_why(
        qtbot: QtBot, admin_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    main = _main(qtbot, admin_vault, tasks, settings)
    action = main.actions_by_id["report.new"]
    assert not action.isEnabled()
    assert "Administrators manage users" in action.toolTip()
    qtbot.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not [w for w in main.windows.windows() if isinstance(w, ReportEditor)]
    assert main.filters.show_combo.isHidden()  # no quick views for a role that writes nothing


def test_an_administrator_hands_a_stranded_draft_to_an_analyst(
        qtbot: QtBot, vault_path: Path, tasks: Tasks, settings: QSettings) -> None:
    admin = open_as(vault_path, "admin")
    ana = open_as(vault_path, "ana")
    try:  # written by an administrator before the service refused it
        rid = legacy_admin_draft(ana, int(admin.info.user_id))
    finally:
        ana.lock()
    main = _main(qtbot, admin, tasks, settings)
    qtbot.keyClick(main, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dialog = next(w for w in main.windows.windows() if isinstance(w, HandoverDialog))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=LONG)
    assert dialog.table.cell(0, 3) == "written by an administrator"
    dialog.to_user.setCurrentIndex(dialog.to_user.findData("bora"))
    qtbot.mouseClick(dialog.hand_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "now belongs to Bora Analyst" in dialog.banner.message,
                    timeout=LONG)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=LONG)
    # The emptied list does not replace what was just done.
    assert "now belongs to Bora Analyst" in dialog.banner.message
    assert handover.stranded_drafts(admin) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    admin.lock()
    bora = open_as(vault_path, "bora")
    try:
        assert workflow.submit(bora, rid).new_status == "submitted"
    finally:
        bora.lock()


@pytest.fixture
def team_reports(vault_path: Path) -> dict[str, str]:
    """ana: a plain draft, a returned draft, a submitted report; bora: a submitted one."""
    ana, sup, bora = (open_as(vault_path, n) for n in ("ana", "sup", "bora"))
    try:
        refs = {}
        refs["draft"] = reports.create_report(ana, draft(1)).reference
        returned = reports.create_report(ana, draft(2, handling_codes=frozenset({"H0", "H2"})))
        workflow.submit(ana, returned.id)
        workflow.return_report(sup, returned.id, "Ημερομηνία λείπει — add the date.")
        refs["returned"] = returned.reference
        mine_submitted = reports.create_report(ana, draft(3))
        workflow.submit(ana, mine_submitted.id)
        refs["submitted"] = mine_submitted.reference
        theirs = reports.create_report(bora, draft(4))
        workflow.submit(bora, theirs.id)
        refs["bora"] = theirs.reference
        return refs
    finally:
        for v in (ana, sup, bora):
            v.lock()


def test_quick_views_and_the_returned_state(
        qtbot: QtBot, vault_path: Path, team_reports: dict[str, str], tasks: Tasks,
        settings: QSettings) -> None:
    refs = team_reports
    ana = open_as(vault_path, "ana")
    main = _main(qtbot, ana, tasks, settings)
    qtbot.waitUntil(lambda: main.model.rowCount() == 4, timeout=LONG)
    qtbot.waitUntil(lambda: bool(main.model.handling_names), timeout=LONG)
    shown = _shown(main)
    assert shown[refs["returned"]] == "returned"
    assert shown[refs["draft"]] == "draft"
    row = next(r for r in range(4)
               if main.model.index(r, COL_REFERENCE).data() == refs["returned"])
    assert main.model.index(row, COL_HANDLING).data() == "H0 H2"
    assert "H2:" in main.model.index(row, COL_HANDLING).data(Qt.ItemDataRole.ToolTipRole)
    assert not main.table.horizontalHeader().isSectionHidden(COL_HANDLING)
    words = [main.filters.show_combo.itemText(i) for i in range(main.filters.show_combo.count())]
    assert words == ["All reports", "My drafts", "Returned to me"]  # no review for analysts
    _choose(qtbot, main, MY_DRAFTS)
    assert set(_shown(main)) == {refs["draft"], refs["returned"]}
    _choose(qtbot, main, RETURNED)
    assert set(_shown(main)) == {refs["returned"]}
    ana.lock()


def test_waiting_for_my_review_leaves_out_my_own(
        qtbot: QtBot, vault_path: Path, team_reports: dict[str, str], tasks: Tasks,
        settings: QSettings) -> None:
    sup = open_as(vault_path, "sup")
    main = _main(qtbot, sup, tasks, settings)
    _choose(qtbot, main, TO_REVIEW)
    assert set(_shown(main)) == {team_reports["submitted"], team_reports["bora"]}
    sup.lock()


def test_an_administrator_sees_why_the_spreadsheet_import_is_off(
        qtbot: QtBot, admin_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    """Entity ▸ Import from spreadsheet is shown, greyed, with the reason (the service
    refuses it too: tests/unit/services/test_admin_imports_refused.py)."""
    from sirat.ui.sheet_dialog import SheetImportDialog

    main = _main(qtbot, admin_vault, tasks, settings)
    action = main.actions_by_id["entity.import_sheet"]
    assert not action.isEnabled()
    assert "cannot import entities into reports" in action.toolTip()
    qtbot.keyClick(main, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not [w for w in main.windows.windows() if isinstance(w, SheetImportDialog)]
