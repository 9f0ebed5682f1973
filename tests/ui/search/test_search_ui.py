"""Search and resolution in the app: the search window, the duplicates view, the merge
dialog, and the entity form's suggestions -- real widgets, a real vault, the real worker."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity
from sirat.services.reports.types import ReportDraft
from sirat.services.resolution.candidates import is_judged_distinct
from sirat.services.resolution.merge import list_merges
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.search.duplicates import DuplicatesWindow
from sirat.ui.search.merge_dialog import MergeDialog, MergeOutcome
from sirat.ui.search.results import HitsModel, HtmlRole
from sirat.ui.search.window import SearchWindow
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import show_active, type_text, wait_idle

LONG = 20_000
SHOTS = Path(os.environ.get("SIRAT_SCREENSHOTS", "")) if os.environ.get(
    "SIRAT_SCREENSHOTS") else None


def draft(**kw: Any) -> ReportDraft:
    values: dict[str, Any] = {
        "title": "Heroin via Evzoni", "crime_area": "drugs", "report_date": "2026-03-14",
        "reporting_country": "GR", "source_reliability": "B", "information_accuracy": "2",
        "classification": "RESTRICTED"}
    values.update(kw)
    return ReportDraft(**values)


@pytest.fixture
def context(analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> Context:
    return Context(vault=analyst_vault, tasks=tasks, settings=settings,
                   clipboard=SecureClipboard(), registry=build_registry())


@pytest.fixture
def world(context: Context) -> dict[str, int]:
    v = context.vault
    ids = {
        "sr": reports.create_report(v, draft(
            title="Хероин преко Градине — возач Ђорђе Петровић",
            narrative="Возач Ђорђе Петровић (рођен 1985) ухапшен је на прелазу Градина.")).id,
        "gr": reports.create_report(v, draft(
            title="Φορτηγό με ηρωίνη στον Προμαχώνα",
            summary="Ο οδηγός Γιώργος Παπαδόπουλος συνελήφθη· συνεργός ο Djordje Petrovic.")).id,
        "odd": reports.create_report(v, draft(
            title="Suspect <b>Ivan</b> & co at Kulata",
            narrative="Met Dorde Petrovic <script>x</script> at the border.")).id,
    }
    a = create_entity(v, EntityDraft("person", names=(NameForm("Ђорђе Петровић"),
                                                      NameForm("Djordje Petrovic", True)),
                                     fields={"date_of_birth": "1985-01-14", "nationality": "RS"}))
    b = create_entity(v, EntityDraft("person", names=(NameForm("Đorđe Petrović"),),
                                     fields={"date_of_birth": "1985-01-14", "gender": "male"},
                                     identifiers=(IdentifierValue("document_number", "P1234567",
                                                                  "RS"),)))
    link_entity(v, ids["sr"], a.id, "suspect")
    link_entity(v, ids["gr"], b.id, "facilitator")
    return {**ids, "a": int(a.id), "b": int(b.id)}


def _search(qtbot: QtBot, window: SearchWindow, text: str) -> None:
    window.box.clear()
    type_text(qtbot, window.box, text)
    with qtbot.waitSignal(window.searched, timeout=LONG):
        qtbot.keyClick(window.box, Qt.Key.Key_Return)


def test_search_window_highlights_any_script(qtbot: QtBot, context: Context,
                                             world: dict[str, int]) -> None:
    window = SearchWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    _search(qtbot, window, "heroin* OR papadop*")
    html = [window.reports.index(r, 0).data(HtmlRole) for r in range(window.reports.rowCount())]
    assert window.reports.rowCount() == 2
    mark = '<span style="background-color:#ffe08a; color:#000; font-weight:600;">'
    assert any(f"{mark}Хероин</span>" in h for h in html)  # Cyrillic text, Latin query
    assert any(f"{mark}Παπαδόπουλος</span>" in h for h in html)  # Greek text
    assert window.report_count.text().startswith("Reports — 2")
    assert window.entities.rowCount() == 0  # no entity is called so
    _search(qtbot, window, "Ђорђе")
    assert window.entities.rowCount() == 2
    entity_html = window.entities.index(0, 0).data(HtmlRole)
    assert "Person" in entity_html
    if SHOTS is not None:
        _search(qtbot, window, "Đorđe OR Παπαδόπουλος OR heroin*")
        window.resize(1280, 800)
        qtbot.wait(50)
        window.grab().save(str(SHOTS / "search-results.png"))


def test_exact_spelling_switches_other_spellings_off(qtbot: QtBot, context: Context,
                                                     world: dict[str, int]) -> None:
    window = SearchWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    _search(qtbot, window, "Dorde")
    assert window.reports.rowCount() == 3  # Ђорђе, Djordje and Dorde
    assert not window.exact.isChecked()
    with qtbot.waitSignal(window.searched, timeout=LONG):
        qtbot.mouseClick(window.exact, Qt.MouseButton.LeftButton)  # searches again
    assert window.exact.isChecked()
    assert window.reports.rowCount() == 1  # only the report that writes Dorde
    assert "Kulata" in window.reports.index(0, 0).data(HtmlRole)
    _search(qtbot, window, "exact:Dorde")  # the operator says the same for one word
    assert window.reports.rowCount() == 1
    if SHOTS is not None:
        window.grab().save(str(SHOTS / "search-exact.png"))


def test_user_text_is_escaped(qtbot: QtBot, context: Context, world: dict[str, int]) -> None:
    window = SearchWindow(context)
    qtbot.addWidget(window)
    _search(qtbot, window, "ivan kulata")
    html = window.reports.index(0, 0).data(HtmlRole)
    assert "&lt;b&gt;" in html
    assert "<b>Ivan</b>" not in html
    assert "&amp; co" in html
    _search(qtbot, window, "dorde border")
    assert "<script>" not in window.reports.index(0, 0).data(HtmlRole)


def test_odd_queries_get_a_message_not_an_error(qtbot: QtBot, context: Context,
                                               world: dict[str, int]) -> None:
    window = SearchWindow(context)
    qtbot.addWidget(window)
    _search(qtbot, window, "AND OR (")
    assert window.banner.message == "There is nothing to search for."
    assert window.banner.hint
    _search(qtbot, window, '"unbalanced')
    assert window.banner.message == "Nothing found."
    _search(qtbot, window, "NOT heroin")
    assert "NOT needs" in window.banner.message


def test_results_open_reports_and_entities(qtbot: QtBot, context: Context,
                                          world: dict[str, int]) -> None:
    window = SearchWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    _search(qtbot, window, "gradina")
    window.report_list.setFocus()
    with qtbot.waitSignal(window.report_requested, timeout=LONG) as opened:
        qtbot.keyClick(window.report_list, Qt.Key.Key_Return)
    assert opened.args == [world["sr"]]
    _search(qtbot, window, "P1234567")
    assert window.entities.index(0, 0).data(HtmlRole).count("identifier match") == 1
    window.entity_list.setFocus()
    window.entity_list.setCurrentIndex(window.entities.index(0, 0))
    with qtbot.waitSignal(window.entity_requested, timeout=LONG) as opened:
        qtbot.keyClick(window.entity_list, Qt.Key.Key_Return)
    assert opened.args == [world["b"]]
    with qtbot.waitSignal(window.chart_requested, timeout=LONG) as charted:
        window.chart_button.click()
    assert charted.args == [[world["b"]], []]
    window.clear_for_lock()
    assert window.box.text() == ""
    assert window.reports.rowCount() == window.entities.rowCount() == 0


def test_the_main_window_opens_search_with_its_shortcut(qtbot: QtBot, context: Context,
                                                       world: dict[str, int]) -> None:
    shortcuts = [s for spec in context.registry.specs() for s in spec.shortcuts]
    assert len(shortcuts) == len(set(shortcuts))  # no action steals another's key
    assert context.registry.get("search.global").shortcut == "Ctrl+Shift+F"
    main = MainWindow(context)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    found = [w for w in main.windows.windows() if isinstance(w, SearchWindow)]
    assert len(found) == 1
    _search(qtbot, found[0], "gradina")
    found[0].report_list.setFocus()
    qtbot.keyClick(found[0].report_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main.windows.editor_for(world["sr"]) is not None, timeout=LONG)
    main.actions_by_id["search.global"].trigger()  # again: the same window, not a second
    assert len([w for w in main.windows.windows() if isinstance(w, SearchWindow)]) == 1
    main.windows.close_all_for_lock()
    wait_idle(qtbot, context.tasks)


def test_models_pass_the_model_tester(qtmodeltester: Any, context: Context,
                                      world: dict[str, int]) -> None:
    from sirat.services.search.fulltext import search

    result = search(context.vault, "petrovic")
    model = HitsModel()
    model.set_rows(list(result.reports))
    qtmodeltester.check(model, force_py=True)
    model.set_rows(list(result.entities))
    qtmodeltester.check(model, force_py=True)


def test_merge_dialog_side_by_side_then_undo(qtbot: QtBot, context: Context,
                                             world: dict[str, int]) -> None:
    dialog = MergeDialog(context, world["a"], world["b"])
    qtbot.addWidget(dialog)
    dialog.resize(1280, 800)
    show_active(qtbot, dialog)
    qtbot.waitUntil(dialog.merge_button.isEnabled, timeout=LONG)
    assert "Same — 100%" in dialog.reasons.text()
    assert "Same date of birth, name identical across scripts" in dialog.reasons.text()
    table = dialog.table.text()
    assert table.index("Ђорђе Петровић") < table.index("Đorđe Petrović")  # kept on the left
    assert "P1234567 (RS)" in table
    assert "#e3f3e6" in table  # the same date of birth, marked as agreeing
    if SHOTS is not None:
        qtbot.wait(50)
        dialog.grab().save(str(SHOTS / "merge-dialog.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # swap
    assert dialog.kept_id == world["b"]
    dialog.swap.click()
    with qtbot.waitSignal(dialog.accepted, timeout=LONG):
        dialog.merge_button.click()
    assert dialog.outcome is not None
    assert dialog.outcome.action == "merged"
    merges = list_merges(context.vault)
    assert [(int(m.kept_id), int(m.merged_id)) for m in merges] == [(world["a"], world["b"])]
    window = DuplicatesWindow(context)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.merges.rowCount() == 1, timeout=LONG)
    window.undo()
    qtbot.waitUntil(lambda: window.merges.rowCount() == 0, timeout=LONG)
    assert "undone" in window.banner.message
    qtbot.waitUntil(lambda: window.pairs.rowCount() == 1, timeout=LONG)


def test_duplicates_view(qtbot: QtBot, context: Context, world: dict[str, int],
                         monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any) -> None:
    window = DuplicatesWindow(context)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.pairs.rowCount() == 1, timeout=LONG)
    qtmodeltester.check(window.pairs, force_py=True)
    assert window.pairs.index(0, 0).data() == "100"
    if SHOTS is not None:
        window.resize(1280, 800)
        window.show()
        qtbot.wait(50)
        window.grab().save(str(SHOTS / "duplicates.png"))
    assert window.pairs.index(0, 5).data().startswith("same date of birth")
    asked: list[tuple[int, int]] = []

    def fake_ask(ctx: Context, first: int, second: int, parent: Any = None) -> MergeOutcome:
        asked.append((first, second))
        return MergeOutcome("not_same")

    monkeypatch.setattr(MergeDialog, "ask", fake_ask)
    window.pair_view.setFocus()
    qtbot.keyClick(window.pair_view, Qt.Key.Key_Return)
    assert asked == [(world["a"], world["b"])]
    window.not_same()
    qtbot.waitUntil(lambda: is_judged_distinct(context.vault, world["a"], world["b"]),
                    timeout=LONG)
    qtbot.waitUntil(lambda: window.pairs.rowCount() == 0, timeout=LONG)
    assert window.status.text() == "No possible duplicates found."


def test_the_entity_form_shows_why_a_match_is_offered(qtbot: QtBot, context: Context,
                                                      world: dict[str, int]) -> None:
    from sirat.ui.entities.dialog import EntityDialog

    dialog = EntityDialog(context, with_role=False)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    name = dialog.form.name
    assert name is not None
    with qtbot.waitSignal(dialog.finder.searched, timeout=LONG):
        type_text(qtbot, name, "Djordje Petrovic")
    shown = [dialog.finder.model.index(r, 0).data() for r in range(
        dialog.finder.model.rowCount())]
    assert len(shown) == 2
    assert all("name identical" in s for s in shown)  # the service's reason, as shown
    # the first line says why; the second the facts that tell matches apart
    assert any(s.split("\n")[0].endswith("name identical across scripts") for s in shown)
