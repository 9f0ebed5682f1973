"""A review that reviews: the supervisor reads the whole report beside Approve / Return,
Approve asks once more showing grading, handling and classification, and comparisons read
codes in words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.reports import records as reports
from sirat.services.reports.history import compare
from sirat.services.reports.reference import reference_data
from sirat.services.workflow import review as workflow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.registry import build_registry
from sirat.ui.review.approve_dialog import ApproveDialog, approval_lines
from sirat.ui.review.compare import comparison_in_words
from sirat.ui.review.report_window import ReviewWindow
from sirat.ui.tasks import Tasks
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active
from tests.ui.sample_data import draft


@pytest.fixture
def submitted(vault_path: Path) -> int:
    ana = open_as(vault_path, "ana")
    try:
        first = draft(1, crime_area="drugs", handling_codes=frozenset({"H0", "H3"}),
                      h3_text="Не передавать третьим странам")
        view = reports.create_report(ana, first)
        reports.update_report(ana, view.id, replace(first, crime_area="thb_ms"),
                              expected_version=1)
        workflow.submit(ana, view.id)
        return int(view.id)
    finally:
        ana.lock()


def test_the_supervisor_reads_the_report_and_confirms_the_approval(
        qtbot: QtBot, vault_path: Path, submitted: int, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sup = open_as(vault_path, "sup")
    context = Context(vault=sup, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    review = ReviewWindow(context, submitted)
    qtbot.addWidget(review)
    show_active(qtbot, review)
    qtbot.waitUntil(lambda: review.loaded is not None, timeout=LONG)
    shown = review.report_view.toPlainText()
    for words in ("Heroin shipment via Evzoni crossing #1", "Line one of the narrative.",
                  "Suspect <Ivan> & co met at the border.", "Не передавать третьим странам"):
        assert words in shown
    assert review.buttons["approve"].isVisible()  # beside the report, not in another tab
    assert review.report_view.isVisible()

    asked: list[dict[str, str]] = []

    def refuse(cls: type, parent: Any, view: Any, ref: Any) -> bool:
        asked.append(approval_lines(view, ref))
        return False

    monkeypatch.setattr(ApproveDialog, "ask", classmethod(refuse))
    qtbot.mouseClick(review.buttons["approve"], Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    lines = asked[0]
    assert lines["Classification"] == "Restricted" or lines["Classification"].upper() == \
        "RESTRICTED"
    assert lines["Source reliability"].startswith("B — ")
    assert "H3 — " in lines["Handling codes"]
    assert "Не передавать третьим странам" in lines["Handling codes"]
    assert sup.info is not None
    assert workflow.comments(sup, submitted) == []  # cancelled: nothing approved
    assert review.loaded is not None
    assert review.loaded.view.status == "submitted"

    monkeypatch.setattr(ApproveDialog, "ask", classmethod(lambda cls, *a: True))
    qtbot.mouseClick(review.buttons["approve"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.loaded is not None
                    and review.loaded.view.status == "approved", timeout=LONG)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not review.isVisible())
    sup.lock()


def test_comparisons_read_codes_in_words(vault_path: Path, submitted: int) -> None:
    sup = open_as(vault_path, "sup")
    try:
        cmp = comparison_in_words(compare(sup, submitted, 1, 2), reference_data(sup))
    finally:
        sup.lock()
    area = next(f for f in cmp.fields if f.field == "crime_area")
    assert area.old == "Drug trafficking" or "drug" in area.old.lower()
    assert area.old != "drugs"
    assert "thb_ms" not in area.new
    handling = next(f for f in cmp.fields if f.field == "handling_codes")
    assert "H0 (" in handling.new


def test_the_approve_dialog_shows_its_lines(qtbot: QtBot, vault_path: Path,
                                            submitted: int) -> None:
    sup = open_as(vault_path, "sup")
    try:
        view = reports.get_report(sup, submitted, record_view=False)
        dialog = ApproveDialog(view, reference_data(sup))
    finally:
        sup.lock()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "SIRAT — approve for dissemination?"
    assert dialog.lines["Report"].startswith(view.reference)
