"""The editor is safe from the keyboard and the mouse: the wheel never changes an unfocused
list, Tab follows what is shown (handling codes and the H3 text included), a warning never
moves the fields below it, Submit offers to save first, and an identifier kept as typed
carries its mark everywhere it is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.charts.network import chart_for_report
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.ui.chart.items import NodeItem
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.links import COL_NAME
from sirat.ui.editor.unsaved import SaveFirstDialog
from sirat.ui.editor.window import ReportEditor
from sirat.ui.entities.view import EntityWindow
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, show_active, type_text
from tests.ui.sample_data import draft


@pytest.fixture
def main(qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> MainWindow:
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=LONG)
    return window


def _editor(qtbot: QtBot, main: MainWindow, report_id: int | None) -> ReportEditor:
    editor = main.open_editor(report_id)
    assert isinstance(editor, ReportEditor)
    if report_id is not None:
        qtbot.waitUntil(lambda: editor.version is not None, timeout=LONG)
    qtbot.waitUntil(lambda: editor.form.accuracy.count() > 1, timeout=LONG)
    show_active(qtbot, editor)
    qtbot.waitUntil(editor.form.handling["H3"].isVisible, timeout=LONG)
    return editor


def _wheel(widget: QWidget, notches: int = -3) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_form_and_never_changes_an_unfocused_list(
        qtbot: QtBot, main: MainWindow, analyst_vault: Vault) -> None:
    report_id = int(reports.create_report(analyst_vault, draft(1)).id)
    editor = _editor(qtbot, main, report_id)
    editor.resize(1000, 500)  # a short window: the form scrolls
    accuracy = editor.form.accuracy
    before = accuracy.currentData()
    editor.form.title.setFocus()
    scroll = editor.form.parentWidget().parentWidget()  # viewport -> scroll area
    bar = scroll.verticalScrollBar()  # type: ignore[attr-defined]
    assert bar.maximum() > 0
    start = bar.value()
    _wheel(accuracy)
    assert accuracy.currentData() == before
    assert bar.value() > start  # the form scrolled instead
    assert accuracy.focusPolicy() != Qt.FocusPolicy.WheelFocus
    assert not editor.dirty
    accuracy.setFocus()  # clicked into: now the wheel may choose
    _wheel(accuracy, 1)
    assert accuracy.currentData() != before or accuracy.currentIndex() == 0


def test_tab_walks_the_fields_in_the_order_they_are_shown(
        qtbot: QtBot, main: MainWindow) -> None:
    editor = _editor(qtbot, main, None)
    form = editor.form
    form.accuracy.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    # H3's text is disabled until H3 is ticked: Tab goes from H3 to Classification
    assert seen == ["handlingH0", "handlingH1", "handlingH2", "handlingH3", "classification",
                    "summary"]
    form.handling["H3"].setFocus()
    qtbot.keyClick(form.handling["H3"], Qt.Key.Key_Space)
    assert form.h3_text.isEnabled()
    qtbot.keyClick(form.handling["H3"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.h3_text
    qtbot.keyClick(form.h3_text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.classification
    editor.dirty = False


def test_an_identifier_warning_never_moves_the_fields_below(
        qtbot: QtBot, main: MainWindow) -> None:
    editor = _editor(qtbot, main, None)
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = editor.links.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.kind, "Vessel")
    form = dialog.form
    row = form.identifiers["imo"]
    below = form.identifiers["mmsi"].value
    top_before = below.mapTo(form, QPoint(0, 0)).y()
    qtbot.keyClicks(row.value, "IMO 9074728")  # the check digit should be 9
    qtbot.waitUntil(lambda: bool(row.warnings.boxes), timeout=LONG)
    assert "check digit" in row.warnings.text.text().lower() or row.warnings.text.text()
    assert row.warnings.box.isVisible()
    assert below.mapTo(form, QPoint(0, 0)).y() == top_before
    row.value.clear()
    form.check_identifiers()
    assert not row.warnings.box.isVisible()
    assert below.mapTo(form, QPoint(0, 0)).y() == top_before
    dialog.reject()
    editor.dirty = False


def test_submit_on_an_unsaved_report_offers_to_save_first(
        qtbot: QtBot, main: MainWindow, analyst_vault: Vault,
        monkeypatch: pytest.MonkeyPatch) -> None:
    report_id = int(reports.create_report(analyst_vault, draft(2)).id)
    editor = _editor(qtbot, main, report_id)
    asked: list[bool] = []

    def yes(cls: type, parent: QWidget | None) -> bool:
        asked.append(True)
        return True

    monkeypatch.setattr(SaveFirstDialog, "ask", classmethod(yes))
    type_text(qtbot, editor.form.summary, " Ещё одна строка.")
    qtbot.keyClick(editor, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.status == "submitted", timeout=LONG)
    assert asked == [True]
    saved = reports.get_report(analyst_vault, report_id, record_view=False)
    assert "Ещё одна строка." in saved.draft.summary
    assert saved.status == "submitted"


def test_an_identifier_kept_as_typed_is_marked_everywhere(
        qtbot: QtBot, main: MainWindow, analyst_vault: Vault) -> None:
    from sirat.services.entities.checks import identifier_warnings

    report_id = int(reports.create_report(analyst_vault, draft(3)).id)
    imo = IdentifierValue("imo", "IMO 9074728")
    keys = [w.key for w in identifier_warnings([imo])]
    vessel = entities.create_entity(
        analyst_vault, EntityDraft("vessel", (NameForm("Θάλασσα"),), (imo,)),
        acknowledged=keys)
    entity_links.link_entity(analyst_vault, report_id, int(vessel.id), "vessel_used")
    plain = entities.create_entity(analyst_vault, EntityDraft("person", (NameForm("Ана"),)))
    entity_links.link_entity(analyst_vault, report_id, int(plain.id), "witness")

    # the link table in the editor
    editor = _editor(qtbot, main, report_id)
    model = editor.links.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=LONG)
    names = {model.index(r, COL_NAME).data(): r for r in range(2)}
    kept_row = next(r for text, r in names.items() if text.startswith("Θάλασσα"))
    assert "⚠ kept as typed" in model.index(kept_row, COL_NAME).data()
    tip = model.index(kept_row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Ana Analyst" in tip
    assert "9074728" in tip
    assert not any("kept" in text for text in names if text.startswith("Ана"))
    editor.close()

    # the detail pane
    main.refresh()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: "Θάλασσα" in main.detail.toPlainText(), timeout=LONG)
    text = main.detail.toPlainText()
    assert "⚠ kept as typed" in text
    assert "by Ana Analyst" in text

    # the entity window
    main.open_entity(int(vessel.id))
    window = next(w for w in main.windows.windows() if isinstance(w, EntityWindow))
    qtbot.waitUntil(lambda: window.view is not None, timeout=LONG)
    mark = window.findChild(QWidget, "keptMark")
    assert mark is not None
    assert "Ana Analyst" in mark.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc closes the entity window
    qtbot.waitUntil(lambda: not window.isVisible())

    # the chart
    graph, _positions = chart_for_report(analyst_vault, report_id)
    kept = [n for n in graph if n.kept_as_typed]
    assert [n.label for n in kept] == ["Θάλασσα"]
    item = NodeItem(kept[0])
    assert item.sublabel is not None
    assert "⚠ kept as typed" in item.sublabel.text.text()
    assert "kept as typed" in item.toolTip()
