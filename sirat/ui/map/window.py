"""The map view: outlines with a choropleth, clustered places, what was not placed, exports.

It shows the reports the main list's filters select, follows the shared selection
(``sirat.ui.linked_selection``: clusters holding a selected report get a dark ring) and
publishes its own (click a disc; Ctrl adds). Double click on a disc opens its reports (one:
the editor). The basemap and gazetteer ship with SIRAT; an optional raster layer comes from
a local MBTiles file. Nothing is fetched. Exports: PNG / SVG / PDF, for an observer built
from ``sirat.geo.points.redact_for_observer`` (no place from a withheld address).
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

import shiboken6
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QGraphicsView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import SiratError
from sirat.geo.basemap import load_basemap
from sirat.geo.countries import KOSOVO_NOTE
from sirat.geo.gazetteer import ATTRIBUTION
from sirat.geo.mercator import tile_range
from sirat.geo.points import MapData, redact_for_observer
from sirat.services.charts import map as map_data
from sirat.services.charts.views_audit import record_export
from sirat.services.reports.types import ReportFilters
from sirat.services.stats.choropleth import StatChoropleth
from sirat.ui.figure_files import checked_target, chosen_path, png_bytes, svg_bytes, write_figure
from sirat.ui.forms import tooltip
from sirat.ui.linked_selection import hub_for
from sirat.ui.map.scene import HIDDEN, PALETTE, ClusterItem, MapScene, colour_for
from sirat.ui.report_model import resolve_words, service_filters
from sirat.ui.toolbar import tool_action
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow

BASEMAP_CREDIT: Final = "Basemap: Natural Earth (public domain)"
MAX_EXPORT_SIDE: Final = 6000


def legend_html(counts: dict[str, int], statistic: StatChoropleth | None = None) -> str:
    """The choropleth's classes as a small table: only numbers and fixed words (no user
    text; a statistic's title is escaped), so rich text is safe here. With a statistic,
    its values (hidden ones: a hatched "not shown" line, in no class)."""
    values = counts if statistic is None else {
        k: v for k, v in statistic.values.items() if v is not None}
    what = "reports" if statistic is None else statistic.measure
    top = max(values.values(), default=0)
    # Outlined: the palest class is the land's own colour, invisible on the panel without.
    rows = [f'<td style="background:{PALETTE[0]}; border: 1px solid #8a8a8a">'
            f"&nbsp;&nbsp;&nbsp;</td><td>no {what}</td>"]
    if statistic is not None and statistic.hidden:
        rows.append(f'<td style="background:{HIDDEN}">&nbsp;/&nbsp;</td><td>not shown '
                    f"(small count)</td>")
    classes: dict[str, list[int]] = {}
    for n in sorted({int(v) for v in values.values() if v > 0}):  # the counts shown only
        classes.setdefault(colour_for(n, top), []).append(n)
    for colour in PALETTE[1:]:
        if colour in classes:
            low, high = classes[colour][0], classes[colour][-1]
            span = str(low) if low == high else f"{low}–{high}"
            rows.append(f'<td style="background:{colour}">&nbsp;&nbsp;&nbsp;</td>'
                        f"<td>{span}</td>")
    body = "".join(f"<tr>{r}</tr>" for r in rows)
    title = ("Reports per reporting country" if statistic is None
             else html.escape(statistic.title))
    return f"<b>{title}</b><table cellspacing=2>{body}</table>"


def credits_line(extra: str = "") -> str:
    return " · ".join(t for t in (BASEMAP_CREDIT, ATTRIBUTION, extra) if t)


class MapView(QGraphicsView):
    """Wheel zooms around the pointer, dragging pans, a click on a disc selects it."""

    #: report ids of a disc the user double-clicked
    clusterActivated = Signal(list)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("mapView")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._on_disc = False  # the current press is on a disc (see mouseReleaseEvent)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.map_scene = scene
        self.last_paint_ms = 0.0
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit(self) -> None:
        self.fitInView(self.map_scene.region, Qt.AspectRatioMode.KeepAspectRatio)
        self._rescaled()

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        factor = max(0.02 / current, min(factor, 200.0 / current))  # ~continent .. a town
        self.scale(factor, factor)
        self._rescaled()

    def _rescaled(self) -> None:
        self.map_scene.set_scale(self.transform().m11())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.25 ** steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, ClusterItem):
            item = item.parentItem()
        self._on_disc = isinstance(item, ClusterItem)
        if isinstance(item, ClusterItem):
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if not add:
                self.map_scene.clearSelection()
            item.setSelected(not item.isSelected() if add else True)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # The press on a disc never reached QGraphicsView: its hand-drag release would take
        # the click for one on the background (its last stored event was not accepted) and
        # clear the selection just made -- seen when a disc was clicked after another.
        if self._on_disc:
            self._on_disc = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, ClusterItem):
            item = item.parentItem()
        if isinstance(item, ClusterItem):
            self.clusterActivated.emit(sorted(item.cluster.report_ids))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        super().paintEvent(event)
        self.last_paint_ms = (time.perf_counter() - started) * 1000


class MapWindow(QMainWindow):
    def __init__(self, host: HostWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapWindow")
        self.setWindowTitle("Map")  # never personal data in a title
        self.host = host
        self.context = host.context
        self.scene = MapScene(load_basemap())
        self.view = MapView(self.scene, self)
        self.credits = QLabel(credits_line(), self)
        self.credits.setObjectName("mapCredits")
        self.credits.setToolTip(f"Natural Earth 1:10m, simplified. {KOSOVO_NOTE}")
        # Under the map, wrapped: in the status bar a docked map (~590 px) cut the GeoNames
        # CC BY attribution off, and the licence asks for it to be shown.
        self.credits.setWordWrap(True)
        self.credits.setStyleSheet("color: #555; font-size: 8pt; padding: 1px 4px;")
        central = QWidget(self)
        stack = QVBoxLayout(central)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        stack.addWidget(self.view, 1)
        stack.addWidget(self.credits)
        self.setCentralWidget(central)
        self.unplaced = QListWidget(self)
        self.unplaced.setObjectName("mapUnplaced")
        dock = QDockWidget("Legend and places", self)
        dock.setObjectName("mapUnplacedDock")
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(4, 4, 4, 4)
        self.legend = QLabel(side)
        self.legend.setObjectName("mapLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # numbers and fixed words only
        column.addWidget(self.legend)
        column.addWidget(QLabel("Not placed (listed, never guessed):", side))
        column.addWidget(self.unplaced, 1)
        side.setMaximumWidth(320)
        dock.setWidget(side)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.status = QLabel(self)
        self.statusBar().addWidget(self.status, 1)
        self.raster_path: Path | None = None
        self._generation = 0
        #: the list's filters with the words resolved, as last loaded (recorded with exports)
        self._resolved: ReportFilters | None = None
        self._build_toolbar()
        self.hub = hub_for(host)
        self.hub.changed.connect(self._follow)
        self.scene.selectionChanged.connect(self._publish)
        self.view.clusterActivated.connect(self.open_reports)
        host.filters.changed.connect(lambda _f: self.reload())
        self.resize(1100, 700)
        self.view.fit()
        self.reload()

    # ---- building ------------------------------------------------------------------------
    _action = tool_action  # self._action(bar, text, slot, shortcut)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Map", self)
        bar.setObjectName("mapToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self._action(bar, "Zoom in", lambda: self.view.zoom(1.6), "Ctrl+=")
        self._action(bar, "Zoom out", lambda: self.view.zoom(1 / 1.6), "Ctrl+-")
        self._action(bar, "Fit", self.view.fit, "Ctrl+0")
        self._action(bar, "Raster layer…", self.choose_raster)
        self.report_counts = self._action(bar, "Report counts", lambda: self.show_statistic(None))
        self.report_counts.setObjectName("mapReportCounts")
        self.report_counts.setToolTip("Colour the countries by the listed reports again "
                                      "(after a statistic was shown)")
        self.report_counts.setEnabled(False)
        menu = QMenu("Export", self)
        for observer in (False, True):
            if observer:
                menu.addSection("For an observer (no personal data)")
            for fmt in ("png", "svg", "pdf"):
                text = f"{fmt.upper()}{' for an observer' if observer else ''}…"
                action = menu.addAction(text)
                action.setObjectName(f"export_{fmt}{'_observer' if observer else ''}")
                action.triggered.connect(
                    lambda _=False, f=fmt, o=observer: self.export_dialog(f, observer=o))
        button = QToolButton(self)
        button.setText("Export")
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)
        self._action(bar, "Close", self.close, "Ctrl+W")

    # ---- loading -------------------------------------------------------------------------
    def _filters(self) -> tuple[ReportFilters, str]:
        ui = self.host.filters.current()
        return service_filters(ui, self.context.info.user_id), ui.text

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        filters, words = self._filters()

        def work(vault: Vault) -> tuple[ReportFilters, MapData]:
            resolved = resolve_words(vault, filters, words)
            return resolved, map_data.load(vault, resolved)

        def done(result: tuple[ReportFilters, MapData]) -> None:
            if generation != self._generation or not shiboken6.isValid(self):
                return
            self._resolved, data = result
            self.scene.set_data(data)
            self.scene.set_highlight(
                [ReportId(i) for i in self.hub.reports], [EntityId(i) for i in self.hub.entities]
            )
            self._show_lists(data)

        self.status.setText("Loading…")
        self.context.run(work, on_success=done, owner=self, name="map_load")

    def _show_lists(self, data: MapData) -> None:
        self.unplaced.clear()
        grouped: dict[tuple[str, str], int] = {}
        for u in data.unplaced:  # one line per name and reason, with how many reports
            grouped[(u.text, u.reason)] = grouped.get((u.text, u.reason), 0) + 1
        for (text, reason), count in grouped.items():
            many = f" ({count} reports)" if count > 1 else ""
            line = f"{text} — {reason}{many}"
            self.unplaced.addItem(line)
            # The panel is narrow: the whole line on hover, escaped (a place is user text).
            self.unplaced.item(self.unplaced.count() - 1).setToolTip(tooltip(line))
        self.legend.setText(legend_html(data.counts, self.scene.statistic))
        placed = {r for p in data.points for r in p.report_ids}
        self.status.setText(
            f"{len(data.points)} place(s) · {len(placed)} of {data.reports} report(s) placed · "
            f"{len(data.unplaced)} name(s) not placed (listed, never guessed)")
        self.status.setToolTip(self.status.text() + "\nCountry colours: reports per reporting "
                               "country under the list's filters.")

    # ---- a statistic ---------------------------------------------------------------------
    def show_statistic(self, statistic: StatChoropleth | None) -> None:
        """Colour the countries by a statistics table (from View ▸ Statistics); None: by
        the listed reports again. Hidden (observer) values stay hidden: hatched."""
        self.scene.set_statistic(statistic)
        self.report_counts.setEnabled(statistic is not None)
        self.legend.setText(legend_html(self.scene.data.counts, statistic))
        if statistic is not None:
            shown = len([v for v in statistic.values.values() if v is not None])
            hidden = f", {len(statistic.hidden)} hidden" if statistic.hidden else ""
            note = (f" · not on the map: {', '.join(statistic.not_placed)}"
                    if statistic.not_placed else "")
            self.status.setTextFormat(Qt.TextFormat.PlainText)  # table keys are user text
            self.status.setText(f"Country colours: {statistic.title} ({shown} countries"
                                f"{hidden}){note}")

    # ---- selection -----------------------------------------------------------------------
    def _publish(self) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self.hub.publish(self, self.scene.selected_reports(),
                             self.scene.selected_entities())

    def _follow(self, source: object, reports: list[int], entities: list[int]) -> None:
        if source is not self and shiboken6.isValid(self):
            self.scene.set_highlight(
                [ReportId(i) for i in reports], [EntityId(i) for i in entities]
            )

    def open_reports(self, report_ids: list[ReportId]) -> None:
        """One report: its editor. Several: selected in the list (and everywhere else)."""
        if len(report_ids) == 1:
            self.host.open_editor(report_ids[0])
        elif report_ids:
            self.hub.publish(self, report_ids, [])

    # ---- raster --------------------------------------------------------------------------
    def choose_raster(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Raster layer", "", "MBTiles (*.mbtiles)")
        if name:
            self.load_raster(Path(name))

    def load_raster(self, path: Path, zoom: int | None = None) -> int:
        """Show the tiles of a local MBTiles file over the region; returns tiles shown."""
        from sirat.geo.mbtiles import MBTiles

        try:
            with MBTiles(path) as tiles:
                z = max(tiles.info.min_zoom, min(tiles.info.max_zoom, 7 if zoom is None else zoom))
                region = self.scene.region
                west, north = region.left() * 1000, -region.top() * 1000
                east, south = region.right() * 1000, -region.bottom() * 1000
                c0, r0, c1, r1 = tile_range(z, west, south, east, north)
                shown = self.scene.set_raster(z, tiles.tiles(z, c0, r0, c1, r1))
                extra = tiles.info.attribution
        except SiratError as exc:
            self.status.setText(str(exc))
            return 0
        self.raster_path = path
        self.credits.setText(credits_line(f"Raster: {extra}" if extra else "Raster: local file"))
        return shown

    # ---- export --------------------------------------------------------------------------
    def export_dialog(self, fmt: str, *, observer: bool) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, "Export map", "", f"{fmt.upper()} (*.{fmt})")
        if not name:
            return None
        try:
            return self.export(chosen_path(name, fmt), fmt, observer=observer)
        except SiratError as exc:  # a folder or a link, a full disk, a read-only folder
            self.status.setTextFormat(Qt.TextFormat.PlainText)
            self.status.setText(str(exc))
            return None
        except OSError as exc:
            self.status.setText(f"The file could not be written: {exc.strerror or 'error'}.")
            return None

    def export(self, path: Path, fmt: str, *, observer: bool) -> Path:
        """What the view shows as ``fmt``; an observer's copy is redacted before drawing.
        Recorded in the audit trail (``map.export``) once the file is written.

        A statistic counted for member states (small counts shown) is never drawn on an
        observer's copy: refused before anything is written, with what to do instead."""
        data = redact_for_observer(self.scene.data) if observer else self.scene.data
        statistic = self.scene.statistic
        if observer and statistic is not None and statistic.observer_threshold is None:
            raise SiratError(
                "The map shows a statistic with every count; it is not exported for an "
                "observer.",
                "In the statistics window tick “observer copy” and Show on map again (small "
                "counts hidden), or choose Report counts.")
        self._write(path, fmt, data)
        filters, places = self._resolved, len(data.points)
        self.context.run(lambda vault: record_export(vault, "map", fmt=fmt, observer=observer,
                                                     filters=filters, places=places),
                         owner=self, name="map_export_record")
        return path

    def _write(self, path: Path, fmt: str, data: MapData) -> Path:
        checked_target(path)
        statistic = self.scene.statistic
        if fmt == "pdf":
            from sirat.export.map_figure import CountryValues, map_pdf

            values = None if statistic is None else CountryValues(
                statistic.title, statistic.measure, dict(statistic.values))
            return write_figure(path, map_pdf(load_basemap(), data, title="Map",
                                              credits=self.credits.text(), statistic=values),
                                fmt)
        scene = MapScene(self.scene.basemap)
        scene.set_scale(self.scene.scale_px_per_km)
        scene.statistic = self.scene.statistic
        scene.set_data(data)
        source = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        size = QSize(min(MAX_EXPORT_SIDE, self.view.viewport().width()),
                     min(MAX_EXPORT_SIDE, self.view.viewport().height() + 18))
        target = QRectF(0, 0, size.width(), size.height() - 18)

        def paint(painter: QPainter) -> None:
            painter.setRenderHints(QPainter.RenderHint.Antialiasing
                                   | QPainter.RenderHint.TextAntialiasing)
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(4, size.height() - 17, size.width() - 8, 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.credits.text())

        drawn = svg_bytes(size, "Map", paint) if fmt == "svg" else png_bytes(size, paint)
        return write_figure(path, drawn, fmt)

    # ---- lock ----------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self._generation += 1
        self.scene.set_data(MapData())
        self.scene.clear_raster()
        self.unplaced.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear_for_lock()
        super().closeEvent(event)
