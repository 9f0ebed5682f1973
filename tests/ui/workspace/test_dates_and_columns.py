"""The date format chosen in the settings is the one every list shows -- the review queue,
a report's history, the dissemination register, the audit trail -- and nothing in those
lists is clipped: references, names and timestamps are readable whole (the issue found
them cut off in the queue, history and register)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.dissemination import exporting as dissemination
from sirat.services.workflow import review as workflow
from sirat.ui import dates
from sirat.ui.controller import AppController
from sirat.ui.date_format_dialog import KEY
from sirat.ui.dissemination.register_window import RegisterWindow
from sirat.ui.main_window import MainWindow
from sirat.ui.review.queue import QueueWindow
from sirat.ui.review.report_window import ReviewWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, sign_in
from tests.ui.sample_data import fill
from tests.unit.services.dissemination.dissem_data import canary_vault

SHOTS = os.environ.get("SIRAT_SHOTS")
DAY_FIRST = re.compile(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$")


@pytest.fixture
def team(template_vault: Path, tmp_path: Path) -> Path:
    """An approved report exported once (the register has a line) and a submitted one."""
    path, reference = canary_vault(template_vault, tmp_path / "vault")
    ana = open_as(path, "ana")
    try:
        dissemination.export_report(ana, reference, "RS")
        (waiting,) = fill(ana, 1)
        workflow.submit(ana, waiting)
    finally:
        ana.lock()
    return path


@pytest.fixture(autouse=True)
def _day_first(settings: QSettings) -> Iterator[None]:
    """Day first, as chosen in Tools > Date format (the workstation's settings)."""
    settings.setValue(KEY, "dmy")
    yield
    dates.set_format(dates.DEFAULT)


def _view(qtbot: QtBot, main: MainWindow, action: str, kind: type[QWidget]) -> QWidget:
    main.actions_by_id[action].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, kind) and w.isVisible()
                                for w in main.windows.windows()), timeout=LONG)
    return next(w for w in main.windows.windows() if isinstance(w, kind))


def _whole(table: QTableView, columns: tuple[int, ...]) -> None:
    """Each column is at least as wide as its widest cell and its header: nothing elided."""
    header = table.horizontalHeader()
    for column in columns:
        widest = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= widest, (table.objectName(), column)
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            assert not header.isSectionHidden(column)


def _times(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_queue_history_register_and_audit_read_the_chosen_format_unclipped(
        qtbot: QtBot, controller: AppController, team: Path) -> None:
    from sirat.ui.review.audit_window import AuditWindow
    from sirat.ui.review.models import (
        COL_A_ACTION,
        COL_A_ACTOR,
        COL_A_AT,
        COL_Q_SUBMITTED,
        COL_V_SAVED,
    )

    controller.start(team)
    sup = sign_in(qtbot, controller, "sup")
    sup.resize(1280, 800)
    queue = _view(qtbot, sup, "review.queue", QueueWindow)
    assert isinstance(queue, QueueWindow)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=LONG)
    assert all(DAY_FIRST.match(t) for t in _times(queue.table, COL_Q_SUBMITTED))
    _whole(queue.table, (0, 2, 3, 4))  # reference, author, submitted, version
    if SHOTS:
        sup.grab().save(str(Path(SHOTS) / "dates_queue_1280.png"))

    queue.table.selectRow(0)
    queue.open_current()
    qtbot.waitUntil(lambda: any(isinstance(w, ReviewWindow) and w.loaded is not None
                                for w in sup.windows.windows()), timeout=LONG)
    review = next(w for w in sup.windows.windows() if isinstance(w, ReviewWindow))
    qtbot.waitUntil(lambda: review.versions.rowCount() >= 1, timeout=LONG)
    assert all(DAY_FIRST.match(t) for t in _times(review.versions_view, COL_V_SAVED))
    _whole(review.versions_view, (0, 1, 2))
    if SHOTS:
        sup.grab().save(str(Path(SHOTS) / "dates_review_1280.png"))

    register = _view(qtbot, sup, "view.dissemination_register", RegisterWindow)
    assert isinstance(register, RegisterWindow)
    qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=LONG)
    assert all(DAY_FIRST.match(t) for t in _times(register.table, 0))
    _whole(register.table, (0, 1, 2, 3, 4, 5, 6, 7))
    count = register.count
    assert count.text() == "1 export"
    # Not squeezed to a column of letters beside the buttons (once laid out).
    qtbot.waitUntil(lambda: count.width() >= count.sizeHint().width(), timeout=LONG)
    if SHOTS:
        sup.grab().save(str(Path(SHOTS) / "dates_register_1280.png"))

    controller.lock()
    admin = sign_in(qtbot, controller, "admin")
    admin.resize(1280, 800)
    audit = _view(qtbot, admin, "tools.audit", AuditWindow)
    assert isinstance(audit, AuditWindow)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=LONG)
    assert all(DAY_FIRST.match(t) for t in _times(audit.table, COL_A_AT))
    _whole(audit.table, (COL_A_AT, COL_A_ACTOR, COL_A_ACTION))
