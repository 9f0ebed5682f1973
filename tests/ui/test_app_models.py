"""Every item model passes pytest-qt's model tester; the report list pages from the store."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.entities import records as entities
from sirat.services.reports import records as reports
from sirat.services.resolution import suggestions
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.links import LinkRow, LinksModel, RelationsModel
from sirat.ui.entities.candidates import CandidateModel
from sirat.ui.entities.view import EntityRelationsModel, EntityReportsModel
from sirat.ui.filter_bar import ListFilters
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.report_model import COL_DATE, COL_TITLE, PAGE_SIZE, ReportListModel
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, show_active, type_text, wait_idle
from tests.ui.sample_data import bulk_reports, fill


@pytest.fixture
def context(analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> Context:
    return Context(vault=analyst_vault, tasks=tasks, settings=settings,
                  clipboard=SecureClipboard(), registry=build_registry())


class CountingList:
    """Wraps ``report_query.list_reports`` to count the rows the store was asked for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from sirat.services.reports import query as report_query

        self.calls: list[tuple[int, int]] = []
        real = report_query.list_reports

        def counting(vault: Vault, *args: Any, **kw: Any) -> Any:
            rows = real(vault, *args, **kw)
            self.calls.append((args[3] if len(args) > 3 else 0, len(rows)))
            return rows

        monkeypatch.setattr(report_query, "list_reports", counting)

    @property
    def rows_read(self) -> int:
        return sum(n for _, n in self.calls)


def test_report_list_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: Any,
                                                   context: Context) -> None:
    fill(context.vault, 12)
    model = ReportListModel(context, page_size=5)
    with qtbot.waitSignal(model.loaded, timeout=LONG):
        model.set_filters(ListFilters())
    assert model.rowCount() == 5
    assert model.total == 12
    qtmodeltester.check(model, force_py=True)
    wait_idle(qtbot, context.tasks)  # the tester's fetchMore lands while it watches


def test_small_models_pass_the_model_tester(qtmodeltester: Any, context: Context) -> None:
    ids = fill(context.vault, 1)
    view = reports.get_report(context.vault, ids[0], record_view=False)
    links = LinksModel()
    links.set_links([LinkRow.of(link) for link in view.links])
    links.add(LinkRow(99, "phone", "+381 64 123", "phone_used"))
    qtmodeltester.check(links, force_py=True)
    relations = RelationsModel()
    relations.set_relations(list(view.relations))
    qtmodeltester.check(relations, force_py=True)
    candidates = CandidateModel()
    candidates.set_rows(suggestions.find_candidates(context.vault, "person", "Петро"))
    assert candidates.rowCount() == 1
    qtmodeltester.check(candidates, force_py=True)
    person = view.links[0].entity_id
    entity = entities.get_entity(context.vault, person, record_view=False)
    mentioned = EntityReportsModel()
    mentioned.set_rows(list(entity.reports))
    qtmodeltester.check(mentioned, force_py=True)
    related = EntityRelationsModel()
    related.set_relations(int(entity.id), list(entity.relations))
    assert related.rowCount() == 1
    qtmodeltester.check(related, force_py=True)


def test_a_big_list_shows_its_first_screen_without_reading_everything(
        qtbot: QtBot, context: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_reports(context.vault, 5_000)
    counter = CountingList(monkeypatch)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total == 5_000, timeout=LONG)
    wait_idle(qtbot, context.tasks)
    assert window.model.rowCount() == PAGE_SIZE
    assert counter.rows_read == PAGE_SIZE  # one page, nothing more
    assert window.count_label.text() == "5,000 reports"
    # Scrolling to the end of what is loaded pages in the next chunk only.
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2 * PAGE_SIZE, timeout=LONG)
    wait_idle(qtbot, context.tasks)
    assert counter.rows_read == 2 * PAGE_SIZE
    assert counter.calls[-1][0] == PAGE_SIZE  # asked from where the first page ended


def test_sorting_and_filtering_happen_in_the_store(qtbot: QtBot, context: Context,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_reports(context.vault, 600)
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total == 600, timeout=LONG)
    counter = CountingList(monkeypatch)
    # A click on the date header: the store sorts, the model reloads one page.
    header = window.table.horizontalHeader()
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(COL_DATE) + 10, 5))
    dates = [window.model.index(r, COL_DATE).data() for r in range(window.model.rowCount())]
    assert dates == sorted(dates) or dates == sorted(dates, reverse=True)
    assert counter.rows_read == PAGE_SIZE
    # Filters go to the store as well: status and crime area.
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.keyClicks(window.filters.crime_area, "Drug")
    assert window.model.total == 120
    assert {window.model.index(r, COL_TITLE).data() for r in range(3)}
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.keyClicks(window.filters.reliability, "B")
    assert window.model.total == 30  # i % 5 == 1 (drugs) and i % 4 == 1 (B): i % 20 == 1


def test_words_in_the_filter_find_reports_in_any_script(qtbot: QtBot, context: Context) -> None:
    from tests.ui.sample_data import draft

    fill(context.vault, 3)
    wanted = reports.create_report(context.vault, draft(7, title="Контрабанда цигарета у Бару"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total == 4, timeout=LONG)
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window.filters.text.hasFocus()
        type_text(qtbot, window.filters.text, "цигарета")
    assert window.model.total == 1
    assert window.model.index(0, COL_TITLE).data() == "Контрабанда цигарета у Бару"
    window.filters.text.clear()
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.keyClicks(window.filters.text, wanted.reference)
    assert window.model.total == 1
    with qtbot.waitSignal(window.model.loaded, timeout=LONG):
        qtbot.keyClick(window, Qt.Key.Key_L,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.model.total == 4
