"""QA: what the screenshots of the main window showed (status badges cut by the next column)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from sirat.ui.controller import AppController
from sirat.ui.report_model import COL_STATUS
from sirat.ui.status_badges import label
from tests.ui.conftest import sign_in


def test_the_status_column_fits_the_widest_badge(qtbot: QtBot, controller: AppController,
                                                 vault_path: Path) -> None:
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "ana")
    metrics = QFontMetrics(main.table.font())
    widest = max(metrics.horizontalAdvance(label(s))
                 for s in ("draft", "submitted", "approved", "disseminated"))
    # The pill is drawn 6 px in, with 8 px of padding each side.
    assert main.table.columnWidth(COL_STATUS) >= widest + 6 + 16
