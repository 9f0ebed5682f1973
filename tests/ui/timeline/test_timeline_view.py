"""The timeline in the app, on a real vault: open it, zoom from days to decades (SQL bins
when far out), lanes, linked selection with the list and the chart, open a report, export
(an observer's copy holds no withheld entity), and no network anywhere."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from sirat.timeline.scale import level_for
from sirat.ui.chart.opening import open_report_chart
from sirat.ui.chart.window import ChartWindow
from sirat.ui.editor.window import ReportEditor
from sirat.ui.main_window import MainWindow
from sirat.ui.timeline.canvas import LANE_LABEL_W
from sirat.ui.timeline.window import TimelineWindow
from tests.ui.conftest import wait_idle
from tests.unit.services.charts.charts_net import SECRETS
from tests.unit.timeline.timeline_data import Dated

LONG = 20_000


def open_timeline(qtbot: QtBot, main: MainWindow) -> TimelineWindow:
    main.actions_by_id["timeline.open"].trigger()
    found = [w for w in main.windows.windows() if isinstance(w, TimelineWindow)]
    assert len(found) == 1
    window = found[0]
    window.resize(1280, 600)
    qtbot.waitUntil(lambda: bool(window.canvas.data.items), timeout=LONG)
    wait_idle(qtbot, main.context.tasks)
    return window


def _point_of(window: TimelineWindow, report_id: int) -> QPointF:
    window.canvas.repaint()
    rect = window.canvas.bar_rect(f"report:{report_id}")
    assert rect is not None
    found = window.canvas.item_at(rect.center())
    assert found is not None
    assert found.id == f"report:{report_id}"
    return rect.center()


def test_opens_from_the_view_menu_and_says_what_it_left_out(qtbot: QtBot, main: MainWindow,
                                                            dated: Dated) -> None:
    window = open_timeline(qtbot, main)
    text = window.status.text()
    assert "6 report(s)" in text
    assert "1 without a date of information (not placed)" in text
    window.axis.setCurrentIndex(1)  # date of report: every report has one
    qtbot.waitUntil(lambda: "7 report(s)" in window.status.text(), timeout=LONG)


def test_zoom_from_days_to_decades_with_sql_bins_far_out(qtbot: QtBot, main: MainWindow) -> None:
    window = open_timeline(qtbot, main)
    canvas = window.canvas
    canvas.setFocus()
    for _ in range(12):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert level_for(canvas.viewport.days_per_px).name == "day"
    assert not canvas.binned()
    for _ in range(20):
        qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert level_for(canvas.viewport.days_per_px).name == "decade"
    assert canvas.binned()
    qtbot.waitUntil(lambda: bool(canvas.bins), timeout=LONG)
    assert sum(b.count for bs in canvas.bins.values() for b in bs) == 6
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    assert not canvas.binned()


def test_lanes_follow_the_choice(qtbot: QtBot, main: MainWindow, dated: Dated) -> None:
    window = open_timeline(qtbot, main)
    window.lanes.setCurrentIndex(window.lanes.findData("crime_area"))
    labels = [ln.label for ln in window.canvas.lanes]
    assert "Anti-fraud and anti-smuggling" in labels
    window.lanes.setCurrentIndex(window.lanes.findData("entity"))
    labels = [ln.label for ln in window.canvas.lanes]
    assert "Aegean Star" in labels
    assert "Γιώργος Παπαδόπουλος" in labels


def test_selection_is_shared_with_the_list_and_the_chart(qtbot: QtBot, main: MainWindow,
                                                         dated: Dated) -> None:
    window = open_timeline(qtbot, main)
    main.table.selectRow(main.model.row_of(dated.year) or 0)
    assert window.canvas.selected_reports == {dated.year}
    # A click on a bar selects that report in the list.
    point = _point_of(window, dated.day)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert main.selected_report_ids() == [dated.day]
    # The chart of report A: selecting its report node selects it on the timeline too.
    open_report_chart(main, dated.net.report_a)
    qtbot.waitUntil(lambda: any(isinstance(w, ChartWindow) for w in main.windows.windows()),
                    timeout=LONG)
    chart = next(w for w in main.windows.windows() if isinstance(w, ChartWindow))
    qtbot.waitUntil(lambda: not chart.view.busy, timeout=LONG)
    scene = chart.view.scene()
    scene.node_items[f"report:{dated.net.report_a}"].setSelected(True)
    assert window.canvas.selected_reports == {dated.net.report_a}
    assert main.selected_report_ids() == [dated.net.report_a]
    # ... and a click on the timeline selects the node on the chart.
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert scene.selected_ids() == []


def test_double_click_opens_the_report(qtbot: QtBot, main: MainWindow, dated: Dated) -> None:
    window = open_timeline(qtbot, main)
    point = _point_of(window, dated.about).toPoint()
    qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: any(isinstance(w, ReportEditor) and w.report_id == dated.about
                                for w in main.windows.windows()), timeout=LONG)


def test_exports_and_the_observer_copy_holds_no_withheld_entity(
        qtbot: QtBot, main: MainWindow, tmp_path: Path) -> None:
    window = open_timeline(qtbot, main)
    window.lanes.setCurrentIndex(window.lanes.findData("entity"))
    full = window.export(tmp_path / "full.svg", "svg", observer=False)
    assert "Петар Петровић" in full.read_text(encoding="utf-8")
    safe = window.export(tmp_path / "obs.svg", "svg", observer=True).read_text(encoding="utf-8")
    for secret in (*SECRETS, "Heroin via"):
        assert secret not in safe
    assert "Volvo FH, white" in safe  # the vehicle stays, by its public facts only
    png = window.export(tmp_path / "obs.png", "png", observer=True)
    assert png.read_bytes().startswith(b"\x89PNG")
    pdf = window.export(tmp_path / "obs.pdf", "pdf", observer=True)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Timeline" in text
    for secret in (*SECRETS, "Heroin via"):
        assert secret not in text
    member = window.export(tmp_path / "ms.pdf", "pdf", observer=False)
    text = "".join(p.extract_text() for p in PdfReader(str(member)).pages)
    assert "Петар" in text


def test_the_timeline_clears_on_lock(qtbot: QtBot, main: MainWindow) -> None:
    window = open_timeline(qtbot, main)
    main.windows.close_all_for_lock()
    assert window.canvas.data.items == ()


def test_wheel_zooms_around_the_pointer(qtbot: QtBot, main: MainWindow) -> None:
    window = open_timeline(qtbot, main)
    canvas = window.canvas
    x = 400.0
    before = canvas.viewport.day_at(x - LANE_LABEL_W)
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(QPointF(x, 100), QPointF(x, 100), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    dpp = canvas.viewport.days_per_px
    canvas.wheelEvent(event)
    assert canvas.viewport.days_per_px < dpp
    assert abs(canvas.viewport.day_at(x - LANE_LABEL_W) - before) < 1e-6


def test_a_binned_observer_export_keeps_only_the_lanes_it_shows(
        qtbot: QtBot, main: MainWindow, tmp_path: Path) -> None:
    window = open_timeline(qtbot, main)
    window.lanes.setCurrentIndex(window.lanes.findData("entity"))
    window.canvas.zoom(0.01)
    qtbot.waitUntil(lambda: bool(window.canvas.bins), timeout=LONG)
    safe = window.export(tmp_path / "bins.svg", "svg", observer=True).read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in safe
    assert "<rect" in safe or "<path" in safe  # the bars of the lanes it may show
