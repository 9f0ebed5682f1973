"""Words in the list's filter bar are searched *within* the crime area, status and dates
chosen beside them (issue 16): the list keeps the search's best matches as an id filter, so
a word found in more reports than that window used to show only the area's share of the
best matches overall -- often none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sirat.ui import report_model
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.filter_bar import ListFilters
from sirat.ui.registry import build_registry
from sirat.ui.report_model import COL_CRIME_AREA, COL_DATE, ReportListModel
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG
from tests.ui.sample_data import bulk_reports

WINDOW = 20  # the search's ranked window, small so 600 reports overflow it
WORD = "пошиљка"  # in every report's title


@pytest.fixture
def context(analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> Context:
    return Context(vault=analyst_vault, tasks=tasks, settings=settings,
                   clipboard=SecureClipboard(), registry=build_registry())


def _load(qtbot: QtBot, model: ReportListModel, filters: ListFilters) -> None:
    with qtbot.waitSignal(model.loaded, timeout=LONG):
        model.set_filters(filters)


def test_a_frequent_word_with_a_crime_area_finds_that_areas_best_matches(
        qtbot: QtBot, context: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_reports(context.vault, 600)  # crime area i % 5, report date month 1 + i % 12
    monkeypatch.setattr(report_model, "WORD_MATCHES", WINDOW)
    model = ReportListModel(context)

    _load(qtbot, model, ListFilters(text=WORD))
    assert model.total == WINDOW  # the word alone: the window's best

    # 120 drug reports have the word: the window fills with drug reports only.
    _load(qtbot, model, ListFilters(text=WORD, crime_area="drugs"))
    assert model.total == WINDOW
    areas = {model.index(r, COL_CRIME_AREA).data() for r in range(model.rowCount())}
    assert len(areas) == 1

    # Area and March together: i % 5 == 0 and i % 12 == 2 -- 10 reports, all of them shown.
    _load(qtbot, model, ListFilters(text=WORD, crime_area="drugs",
                                    date_from="2025-03-01", date_to="2025-03-31"))
    assert model.total == 10
    shown = range(model.rowCount())
    assert all(str(model.index(r, COL_DATE).data()).startswith("2025-03") for r in shown)
    assert {model.index(r, COL_CRIME_AREA).data() for r in shown} == areas

    # A status no report has (every bulk report is a draft): nothing, not an error.
    _load(qtbot, model, ListFilters(text=WORD, status="approved"))
    assert model.total == 0
