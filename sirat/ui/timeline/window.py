"""The timeline view: a canvas, its toolbar (axis, lanes, zoom, export) and a status line.

It shows the reports the main list's filters select (the same filters, words included),
follows the shared selection (``sirat.ui.linked_selection``) and publishes its own. Double
click or Enter opens the report of a bar (or, for a relation, its first entity). Exports:
PNG and SVG of what the view shows, for a member state / partner or for an observer
(redacted first: ``sirat.timeline.redact_for_observer``), and a one-page PDF figure.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QCloseEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
    QWidget,
)

from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import SiratError
from sirat.services.charts import timeline as timeline_service
from sirat.services.charts.views_audit import record_export
from sirat.services.reports.types import ReportFilters
from sirat.timeline.model import LANE_KINDS, LANE_WORDS, Axis, Bin, Item, LaneKind, TimelineData
from sirat.timeline.redact import redact_for_observer
from sirat.ui.figure_files import checked_target, chosen_path, png_bytes, svg_bytes, write_figure
from sirat.ui.linked_selection import hub_for
from sirat.ui.report_model import resolve_words, service_filters
from sirat.ui.timeline.canvas import AXIS_H, TimelineCanvas
from sirat.ui.toolbar import tool_action
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow

log = logging.getLogger(__name__)
MAX_EXPORT_SIDE = 8000


class TimelineWindow(QMainWindow):
    def __init__(self, host: HostWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineWindow")
        self.setWindowTitle("Timeline")  # never personal data in a title
        self.host = host
        self.context = host.context
        self.canvas = TimelineCanvas(self)
        self.setCentralWidget(self.canvas)
        self.status = QLabel(self)
        self.statusBar().addWidget(self.status, 1)
        self.axis = QComboBox(self)
        self.axis.setObjectName("timelineAxis")
        self.axis.addItem("Date of information", "information")
        self.axis.addItem("Date of report", "report")
        self.lanes = QComboBox(self)
        self.lanes.setObjectName("timelineLanes")
        for kind in LANE_KINDS:
            self.lanes.addItem(f"Lanes: {LANE_WORDS[kind]}", kind)
        self._generation = 0
        #: the list's filters with the words resolved, as last loaded (the bins use them)
        self._resolved: ReportFilters | None = None
        self._build_toolbar()
        self.hub = hub_for(host)
        self.hub.changed.connect(self._follow)
        self.canvas.selectionEdited.connect(lambda r, e: self.hub.publish(self, r, e))
        self.canvas.itemActivated.connect(self.open_item)
        self.canvas.binsWanted.connect(self._load_bins)
        self.axis.currentIndexChanged.connect(lambda _i: self.reload())
        self.lanes.currentIndexChanged.connect(self._lanes_changed)
        host.filters.changed.connect(lambda _f: self.reload())
        self.resize(1100, 520)
        self.reload()

    # ---- building ------------------------------------------------------------------------
    _action = tool_action  # self._action(bar, text, slot, shortcut)

    def _menu_action(self, menu: QMenu, text: str, fmt: str, observer: bool,
                     shortcut: str) -> None:
        action = menu.addAction(text)
        action.setObjectName(f"export_{fmt}{'_observer' if observer else ''}")
        action.triggered.connect(lambda _=False: self.export_dialog(fmt, observer=observer))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            self.addAction(action)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Timeline", self)
        bar.setObjectName("timelineToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(self.axis)
        bar.addWidget(self.lanes)
        bar.addSeparator()
        self._action(bar, "Zoom in", lambda: self.canvas.zoom(2.0), "Ctrl+=")
        self._action(bar, "Zoom out", lambda: self.canvas.zoom(0.5), "Ctrl+-")
        self._action(bar, "Fit", self.canvas.fit, "Ctrl+0")
        bar.addSeparator()
        menu = QMenu("Export", self)
        for fmt, key in (("png", "Ctrl+Shift+P"), ("svg", "Ctrl+Shift+S"), ("pdf", "")):
            self._menu_action(menu, f"{fmt.upper()}…", fmt, False, key)
        menu.addSection("For an observer (no personal data)")
        for fmt, key in (("png", "Ctrl+Alt+P"), ("svg", "Ctrl+Alt+S"), ("pdf", "")):
            self._menu_action(menu, f"{fmt.upper()} for an observer…", fmt, True, key)
        button = QToolButton(self)
        button.setText("Export")
        button.setObjectName("timelineExport")
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)
        self.export_menu = menu
        self._action(bar, "Close", self.close, "Ctrl+W")

    # ---- loading -------------------------------------------------------------------------
    def current_axis(self) -> Axis:
        axis: Axis = self.axis.currentData()
        return axis

    def current_lanes(self) -> LaneKind:
        lanes: LaneKind = self.lanes.currentData()
        return lanes

    def _filters(self) -> tuple[ReportFilters, str]:
        ui = self.host.filters.current()
        return service_filters(ui, self.context.info.user_id), ui.text

    def reload(self) -> None:
        """Ask the vault worker for the items under the list's current filters."""
        self._generation += 1
        generation, axis = self._generation, self.current_axis()
        filters, words = self._filters()

        def work(vault: Vault) -> tuple[ReportFilters, TimelineData]:
            resolved = resolve_words(vault, filters, words)
            return resolved, timeline_service.load(vault, resolved, axis=axis)

        def done(result: tuple[ReportFilters, TimelineData]) -> None:
            if generation != self._generation or not shiboken6.isValid(self):
                return
            self._resolved, data = result
            self.canvas.bins_unit = ""
            self.canvas.set_data(data, self.current_lanes())
            self.canvas.select_reports(
                [ReportId(i) for i in self.hub.reports], [EntityId(i) for i in self.hub.entities]
            )
            self._show_status()

        self.status.setText("Loading…")
        self.context.run(work, on_success=done, owner=self, name="timeline_load")

    def _load_bins(self, unit: str) -> None:
        resolved = self._resolved
        generation, axis, lanes = self._generation, self.current_axis(), self.current_lanes()

        def work(vault: Vault) -> list[Bin]:
            return timeline_service.histogram(vault, resolved, axis=axis, unit=unit,
                                              lane_by=lanes)

        def done(bins: list[Bin]) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self.canvas.set_bins(unit, bins)

        self.canvas.bins_unit = unit  # asked once per unit
        self.context.run(work, on_success=done, owner=self, name="timeline_bins")

    def _lanes_changed(self, _index: int) -> None:
        self.canvas.set_lane_by(self.current_lanes())
        if self.canvas.binned():
            self.canvas.bins_unit = ""
            self.canvas.zoom(1.0)  # asks for the bins of the new lanes

    def _show_status(self) -> None:
        data = self.canvas.data
        reports = sum(1 for i in data.items if i.kind == "report")
        parts = [f"{reports} report(s), {len(data.items) - reports} relation event(s)"]
        if data.undated:
            word = "information" if data.axis == "information" else "report"
            parts.append(f"{data.undated} without a date of {word} (not placed)")
        if data.truncated:
            parts.append(f"{data.truncated} more not loaded: narrow the filters or zoom out")
        self.status.setText("; ".join(parts) + ".")
        self.status.setToolTip(self.status.text())  # a narrow dock cuts the line

    # ---- selection and opening -----------------------------------------------------------
    def _follow(self, source: object, reports: list[int], entities: list[int]) -> None:
        if source is not self and shiboken6.isValid(self):
            self.canvas.select_reports(
                [ReportId(i) for i in reports], [EntityId(i) for i in entities]
            )

    def open_item(self, item: Item) -> None:
        if item.kind == "report" or not item.entities:
            self.host.open_editor(ReportId(item.report_id))
        else:
            self.host.open_entity(EntityId(item.entities[0].id))

    # ---- export --------------------------------------------------------------------------
    def export_dialog(self, fmt: str, *, observer: bool) -> Path | None:
        suffix = " (observer)" if observer else ""
        name, _ = QFileDialog.getSaveFileName(self, f"Export timeline{suffix}", "",
                                              f"{fmt.upper()} (*.{fmt})")
        if not name:
            return None
        try:
            return self.export(chosen_path(name, fmt), fmt, observer=observer)
        except SiratError as exc:  # a folder or a link, a full disk, a read-only folder
            self.status.setText(str(exc))
            return None
        except OSError as exc:
            self.status.setText(f"The file could not be written: {exc.strerror or 'error'}.")
            return None

    def export(self, path: Path, fmt: str, *, observer: bool) -> Path:
        """Write the timeline as ``fmt`` (png, svg, pdf); an observer's copy is redacted
        before it is drawn. Recorded in the audit trail (``timeline.export``) once written."""
        data = redact_for_observer(self.canvas.data) if observer else self.canvas.data
        self._write(path, fmt, data, observer=observer)
        filters, axis, lanes = self._resolved, self.current_axis(), self.current_lanes()
        items = len(data.items)
        self.context.run(lambda vault: record_export(
            vault, "timeline", fmt=fmt, observer=observer, filters=filters, axis=axis,
            lanes=lanes, items=items), owner=self, name="timeline_export_record")
        return path

    def _write(self, path: Path, fmt: str, data: TimelineData, *, observer: bool) -> Path:
        checked_target(path)
        if fmt == "pdf":
            from sirat.export.timeline_figure import timeline_pdf

            pdf = timeline_pdf(data, self.current_lanes(), observer=False, title="Timeline")
            return write_figure(path, pdf, fmt)
        canvas = TimelineCanvas()
        canvas.resize(self.canvas.size())
        canvas.set_data(data, self.current_lanes(), fit=False)
        canvas.viewport = self.canvas.viewport
        # Bins are counts per lane: an observer's copy keeps those of the lanes it shows.
        shown = {lane.key for lane in canvas.lanes}
        canvas.set_bins(self.canvas.bins_unit, [
            b for key, bs in self.canvas.bins.items() for b in bs
            if not observer or key in shown])
        canvas.select_reports(())
        width = min(MAX_EXPORT_SIDE, max(200, self.canvas.width()))
        height = int(min(MAX_EXPORT_SIDE, max(AXIS_H + 40, canvas.content_height() + 4)))

        def paint(painter: QPainter) -> None:
            canvas.paint_to(painter, QRectF(0, 0, width, height), live=False)

        try:
            size = QSize(width, height)
            drawn = svg_bytes(size, "Timeline", paint) if fmt == "svg" else png_bytes(size, paint)
        finally:
            canvas.deleteLater()
        return write_figure(path, drawn, fmt)

    # ---- lock ----------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self._generation += 1
        self.canvas.set_data(TimelineData(()), fit=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear_for_lock()
        super().closeEvent(event)
