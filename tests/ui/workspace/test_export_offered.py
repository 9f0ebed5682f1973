"""Export is offered only where it is allowed, with the reason otherwise: a draft, a report
whose approval signature is missing (status flipped in the store), nothing selected --
Export is disabled and its tooltip says why, in the service's words; an approved report
can be exported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.export_gate import NO_REPORT, gate
from sirat.ui.main_window import MainWindow
from tests.ui.conftest import LONG, sign_in
from tests.unit.services.dissemination.dissem_data import canary_vault

SHOTS = os.environ.get("SIRAT_SCREENSHOTS")


@pytest.fixture
def approved(template_vault: Path, tmp_path: Path) -> tuple[Path, str]:
    return canary_vault(template_vault, tmp_path / "vault")


def _select(qtbot: QtBot, main: MainWindow, reference: str | None = None,
            title: str | None = None) -> int:
    for row in range(main.model.rowCount()):
        index = main.model.index(row, 0)
        if reference == index.data() or (title is not None and title in str(
                main.model.index(row, 1).data())):
            main.table.selectRow(row)
            qtbot.waitUntil(lambda: main.current_report_id() is not None)
            return int(main.current_report_id() or 0)
    raise AssertionError("row not found")


def _settled(qtbot: QtBot, main: MainWindow) -> str:
    qtbot.waitUntil(gate(main).settled, timeout=LONG)
    return main.actions_by_id["report.export_pdf"].toolTip()


def _exports(main: MainWindow) -> list[ExportDialog]:
    return [w for w in main.windows.windows() if isinstance(w, ExportDialog)]


def test_export_is_offered_only_where_allowed_and_says_why_not(
        qtbot: QtBot, controller: AppController, approved: tuple[Path, str]) -> None:
    path, reference = approved
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    action = main.actions_by_id["report.export_pdf"]
    main.table.clearSelection()
    main.update_actions()
    assert not action.isEnabled()
    assert action.toolTip() == NO_REPORT

    # A draft: not offered; the workflow's own words say why.
    draft_id = _select(qtbot, main, title="Another report")
    tip = _settled(qtbot, main)
    assert not action.isEnabled()
    assert "draft" in tip
    assert "approved" in tip
    main.table.setFocus()
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not _exports(main)  # the shortcut does nothing either
    if SHOTS:  # what a user sees (looked at; see docs/app.md)
        main.resize(1280, 800)
        main.statusBar().showMessage(tip)
        main.grab().save(str(Path(SHOTS) / "export_not_offered.png"))

    # The approved report: offered, with its ordinary tip.
    _select(qtbot, main, reference=reference)
    qtbot.waitUntil(action.isEnabled, timeout=LONG)
    assert action.toolTip().startswith("Export the selected approved report")

    # The draft's status flipped to "approved" in the store: no signed approval, not offered.
    with controller.context.vault.engine.begin() as conn:
        conn.execute(text("UPDATE reports SET status = 'approved' WHERE id = :i"),
                     {"i": draft_id})
    with qtbot.waitSignal(main.model.loaded, timeout=LONG):
        main.refresh()
    _select(qtbot, main, title="Another report")
    tip = _settled(qtbot, main)
    assert not action.isEnabled()
    assert "no signed approval" in tip

    # Back on the approved one: still offered, and it opens the export.
    _select(qtbot, main, reference=reference)
    qtbot.waitUntil(action.isEnabled, timeout=LONG)
    main.table.setFocus()
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(_exports(main)) == 1
