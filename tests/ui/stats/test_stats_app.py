"""The statistics window and the analytical-product dialog, driven like a user."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.stats.product import product_info
from sirat.services.stats.types import Dimension
from sirat.ui.controller import AppController
from sirat.ui.main_window import MainWindow
from sirat.ui.stats.product_dialog import ProductDialog, last_complete_period
from sirat.ui.stats.window import StatsWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.unit.stats.stats_data import counted_reports


@pytest.fixture
def stats_vault(vault_path: Path) -> Path:
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        counted_reports(ana, sup)
    finally:
        ana.lock()
        sup.lock()
    return vault_path


def _window(main: MainWindow, kind: type[QWidget]) -> QWidget:
    found = [w for w in main.windows.windows() if isinstance(w, kind)]
    assert len(found) == 1
    return found[0]


def test_count_drill_down_and_save(qtbot: QtBot, controller: AppController, stats_vault: Path,
                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    controller.start(stats_vault)
    main = sign_in(qtbot, controller, "ana")
    qtbot.keyClick(main, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    window = _window(main, StatsWindow)
    assert isinstance(window, StatsWindow)
    show_active(qtbot, window)
    window.first.setCurrentIndex(window.first.findText("Nationality (persons)"))
    window.second.setCurrentIndex(window.second.findText("Period"))
    window.granularity.setCurrentIndex(window.granularity.findText("Half-year"))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=LONG)  # BG, RS, total
    assert window.model.index(0, 0).data() == "BG"
    assert window.model.index(0, 2).data() == "2"  # reports
    assert window.model.index(0, 3).data() == "3"  # mentions
    assert window.model.index(2, 0).data() == "Total"
    assert "4 person mentions" in window.summary.text()
    assert window.chart.series is not None
    window.chart_kind.setCurrentIndex(1)
    assert window.chart.series is not None
    assert window.chart.series.kind == "line"
    window.grab().save(str(tmp_path / "stats.png"))

    window.table_view.doubleClicked.emit(window.model.index(0, 0))
    qtbot.waitUntil(lambda: window.behind.rowCount() == 2, timeout=LONG)
    assert {window.behind.rows()[i].reference[:10] for i in range(2)} == {"SIRAT-2026"}

    targets = iter([tmp_path / "t.xlsx", tmp_path / "c.svg", tmp_path / "c.png",
                    tmp_path / "t.txt", tmp_path / "obs.csv"])
    monkeypatch.setattr(StatsWindow, "ask_save_path", staticmethod(lambda *_: next(targets)))
    window.save_table()
    qtbot.waitUntil((tmp_path / "t.xlsx").exists, timeout=LONG)
    sheet = load_workbook(io.BytesIO((tmp_path / "t.xlsx").read_bytes())).active
    assert sheet is not None
    assert sheet["A2"].value == "BG"
    window.save_chart()
    assert b"<svg" in (tmp_path / "c.svg").read_bytes()
    window.save_chart()
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    window.save_table()
    assert "csv or .xlsx" in window.banner.message
    assert not (tmp_path / "t.txt").exists()
    window.observer.setChecked(True)  # every count here is below 5
    window.save_table()
    qtbot.waitUntil((tmp_path / "obs.csv").exists, timeout=LONG)
    lines = (tmp_path / "obs.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("BG,2026-H1,c,c,c")
    assert "Observer copy" in lines[-1]
    window.save_chart()
    assert "internal use only" in window.banner.message

    window.second.setCurrentIndex(window.second.findText("Place"))  # two multipliers
    window.count()
    assert "cannot be combined" in window.banner.message

    # A crime area typed wrong would count nothing: said, and the table kept as it was.
    window.second.setCurrentIndex(window.second.findData(None))
    rows = window.model.rowCount()
    window.areas.setText("thb")
    window.count()
    qtbot.waitUntil(lambda: "not a crime area code" in window.banner.message, timeout=LONG)
    assert window.model.rowCount() == rows
    window.areas.setText("")

    # Only one operation (a name with a comma is one name: ";" separates them).
    window.first.setCurrentIndex(window.first.findData(Dimension.CRIME_AREA))
    window.operations.setText("OP X; OP Y, phase 2")
    window.count()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=LONG)  # drugs, total
    assert window.model.index(0, 0).data() == "drugs"
    assert window.model.index(1, 1).data() == "1"  # the one report of OP X
    assert "BG" not in window.behind_label.text()  # the earlier drill-down's cell is gone
    window.resize(1100, 760)
    window.grab().save(str(tmp_path / "stats_operations.png"))
    window.operations.setText("")

    window.clear_for_lock()
    assert window.model.rowCount() == 0
    assert "BG" not in window.behind_label.text()  # no cell key left on a locked screen
    assert window.behind.rowCount() == 0


def test_new_analytical_product_from_the_menu(qtbot: QtBot, controller: AppController,
                                              stats_vault: Path) -> None:
    controller.start(stats_vault)
    main = sign_in(qtbot, controller, "ana")
    main.context.registry.get("report.new_product").triggered(main)
    dialog = _window(main, ProductDialog)
    assert isinstance(dialog, ProductDialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.areas.count() == 8, timeout=LONG)
    assert dialog.chosen_areas() == ("thb_ms",)
    dialog.period.setText("2026-Q1")  # not a half-year
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "half-year" in dialog.banner.message, timeout=LONG)
    dialog.period.setText("2026-H1")
    with qtbot.waitSignal(dialog.created, timeout=LONG) as created:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    report_id = created.args[0]
    info = product_info(main.context.vault, report_id)
    assert info is not None
    assert info.period_label == "2026-H1"


def test_last_complete_period() -> None:
    from datetime import date

    assert last_complete_period("half", date(2026, 3, 1)) == "2025-H2"
    assert last_complete_period("half", date(2026, 9, 1)) == "2026-H1"
    assert last_complete_period("quarter", date(2026, 2, 1)) == "2025-Q4"
    assert last_complete_period("year", date(2026, 2, 1)) == "2025"


def test_models_pass_the_model_tester(qtmodeltester: object) -> None:
    from sirat.services.stats.types import Cell, ReportBehind, StatsQuery, StatsTable
    from sirat.ui.stats.window import BehindModel, CellModel

    cells = CellModel()
    cells.set_table(StatsTable(StatsQuery((Dimension.CRIME_AREA,)),
                               (Cell(("drugs",), 3, 7, None, 1),), Cell((), 3, 7, None, 1)))
    qtmodeltester.check(cells)  # type: ignore[attr-defined]
    behind = BehindModel()
    behind.set_rows([ReportBehind(1, "SIRAT-2026-000001", "Петров", "drugs", "BG",
                                  "2026-01-01", True)])
    qtmodeltester.check(behind)  # type: ignore[attr-defined]
