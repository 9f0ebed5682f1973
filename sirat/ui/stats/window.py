"""View ▸ Statistics: count approved reports by one or two dimensions, see a table and a
chart, drill down from a row to the reports behind it, save the table (CSV, XLSX) and the
chart (PNG, SVG).

Counting runs on the vault worker (:mod:`sirat.services.stats.query`); the window keeps
the counted cells and the reports behind the chosen row, and forgets both on lock.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.files import atomic_write_bytes
from sirat.services.stats import query, tabular
from sirat.services.stats.choropleth import StatChoropleth, choropleth, country_dimension
from sirat.services.stats.series import chart_series
from sirat.services.stats.settings import small_cell_threshold
from sirat.services.stats.types import (
    LABELS,
    Cell,
    Dimension,
    Granularity,
    ReportBehind,
    StatsFilters,
    StatsQuery,
    StatsTable,
)
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.stats.chart import ChartView
from sirat.ui.table_model import RowsModel
from sirat.vault import Vault

NONE = "—"


class CellModel(RowsModel[Cell]):
    """The counted cells, then the total (distinct counts: not the sum of the rows); the
    headers are the table's own (its dimensions, then the measures)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: StatsTable | None = None

    def set_table(self, table: StatsTable | None) -> None:
        self.table = table
        self.headers = () if table is None else tuple(table.headers)
        self.set_rows([] if table is None else [*table.cells, table.total])

    def cell(self, row: int) -> Cell | None:
        """The counted cell of ``row`` (None for the total row)."""
        if self.table is None or not 0 <= row < len(self.table.cells):
            return None
        return self.table.cells[row]

    def _dimensions(self) -> int:
        return 0 if self.table is None else len(self.table.query.dimensions)

    def text(self, row: Cell, column: int) -> object:
        n = self._dimensions()
        if column < n:
            return row.key[column] if row.key else ("Total" if column == 0 else "")
        value = (row.reports, row.mentions, row.entities, row.uncertain)[column - n]
        return NONE if value is None else str(value)

    def other(self, row: Cell, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self._dimensions():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (role == Qt.ItemDataRole.FontRole and self.table is not None
                and row is self.table.total):
            font = QFont()
            font.setBold(True)
            return font
        return None


class BehindModel(RowsModel[ReportBehind]):
    headers = ("Reference", "Title", "Crime area", "Country", "Counted on", "Uncertain date")

    def text(self, row: ReportBehind, column: int) -> object:
        return (row.reference, row.title, row.crime_area, row.country, row.counted_on,
                "uncertain" if row.uncertain else "")[column]


def _view(model: QAbstractTableModel, name: str, parent: QWidget) -> QTableView:
    view = named(QTableView(parent), name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


BEHIND_HINT = "Double-click a row to see the reports it counts."


class StatsWindow(QMainWindow):
    """Dimensions and filters on top, the table and its chart, the reports behind a row."""

    #: a report of the drill-down was chosen (its id): the main window may select it
    report_chosen = Signal(int)
    #: "Show on map": a StatChoropleth for the map view (opened by the action module)
    map_requested = Signal(object)

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — statistics")
        self.setObjectName("statsWindow")
        self._context = context
        self._query: StatsQuery | None = None
        self.banner = Banner(self)
        self.first = named(QComboBox(self), "statsFirst")
        self.second = named(QComboBox(self), "statsSecond")
        self.second.addItem("(none)", None)
        for dim in Dimension:
            self.first.addItem(LABELS[dim], dim)
            self.second.addItem(LABELS[dim], dim)
        self.granularity = named(QComboBox(self), "statsGranularity")
        for g, text in ((Granularity.MONTH, "Month"), (Granularity.QUARTER, "Quarter"),
                        (Granularity.HALF, "Half-year"), (Granularity.YEAR, "Year")):
            self.granularity.addItem(text, g)
        self.date_from = named(QLineEdit(self), "statsFrom")
        self.date_to = named(QLineEdit(self), "statsTo")
        self.areas = named(QLineEdit(self), "statsAreas")
        self.countries = named(QLineEdit(self), "statsCountries")
        self.operations = named(QLineEdit(self), "statsOperations")
        for edit, hint in ((self.date_from, "YYYY-MM-DD"), (self.date_to, "YYYY-MM-DD"),
                           (self.areas, "codes, e.g. thb_ms, drugs"),
                           (self.countries, "codes, e.g. BG, RS"),
                           (self.operations, "names; separated by ;")):
            edit.setPlaceholderText(hint)
        self.chart_kind = named(QComboBox(self), "statsChartKind")
        self.chart_kind.addItem("Bars", "bar")
        self.chart_kind.addItem("Line over time", "line")
        self.chart_kind.currentIndexChanged.connect(self._redraw)
        self.observer = named(QCheckBox("Save as an &observer copy (small counts hidden)",
                                        self), "statsObserver")
        count = named(QPushButton("&Count", self), "statsCount")
        count.setDefault(True)
        count.clicked.connect(self.count)
        buttons = {"Save table (CSV/XLSX)…": self.save_table,
                   "Save chart (PNG/SVG)…": self.save_chart}
        self.show_map = named(QPushButton("Show on &map", self), "statsShowMap")
        self.show_map.setToolTip("Colour the map's countries by this table (reporting "
                                 "country, nationality or flag; with a second dimension, "
                                 "for the value of the chosen row). With “observer copy” "
                                 "ticked, hidden counts stay hidden.")
        self.show_map.setEnabled(False)
        self.show_map.clicked.connect(self.request_map)
        form = QFormLayout()
        dims = QHBoxLayout()
        for label, combo in (("by", self.first), ("and", self.second),
                             ("periods of a", self.granularity)):
            dims.addWidget(plain_label(label, self))
            dims.addWidget(combo)
        dims.addStretch(1)
        form.addRow("Count reports", dims)
        filters = QHBoxLayout()
        for label, widget in (("from", self.date_from), ("to", self.date_to),
                              ("crime areas", self.areas), ("countries", self.countries),
                              ("operations", self.operations)):
            filters.addWidget(plain_label(label, self))
            filters.addWidget(widget)
        form.addRow("Only", filters)
        bar = QHBoxLayout()
        bar.addWidget(count)
        bar.addWidget(plain_label("Chart:", self))
        bar.addWidget(self.chart_kind)
        for text, slot in buttons.items():
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addWidget(self.show_map)
        bar.addWidget(self.observer)
        bar.addStretch(1)
        self.summary = named(plain_label("", self, wrap=False), "statsSummary")
        rule = plain_label("Approved and disseminated reports only; a report counts in the "
                           "period of the earliest bound of its date of information.", self,
                           wrap=False)
        self.model = CellModel(self)
        self.table_view = _view(self.model, "statsTable", self)
        self.table_view.doubleClicked.connect(self._drill)
        self.table_view.activated.connect(self._drill)
        self.chart = named(ChartView(self), "statsChart")
        self.behind = BehindModel(self)
        self.behind_view = _view(self.behind, "statsBehind", self)
        self.behind_view.doubleClicked.connect(self._choose_report)
        self.behind_label = named(plain_label(BEHIND_HINT, self), "statsBehindLabel")
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.table_view)
        top.addWidget(self.chart)
        top.setSizes([520, 520])
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.behind_label)
        lower_layout.addWidget(self.behind_view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(lower)
        split.setSizes([420, 200])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addLayout(bar)
        layout.addWidget(rule)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)
        QShortcut(QKeySequence("F5"), self, self.count)
        fit_to_screen(self, 1100, 760)
        close_keys(self)

    # ---- counting ------------------------------------------------------------------------
    def current_query(self) -> StatsQuery:
        # Qt hands enum members back as plain strings: make them members again.
        dims = [Dimension(self.first.currentData())]
        if self.second.currentData() is not None:
            dims.append(Dimension(self.second.currentData()))

        def codes(edit: QLineEdit, sep: str = ",") -> frozenset[str]:
            return frozenset(c.strip() for c in edit.text().split(sep) if c.strip())

        return StatsQuery(tuple(dims), Granularity(self.granularity.currentData()), StatsFilters(
            date_from=self.date_from.text().strip() or None,
            date_to=self.date_to.text().strip() or None,
            crime_areas=codes(self.areas), countries=frozenset(
                c.upper() for c in codes(self.countries)),
            # Operation names may hold commas ("OP X, phase 2"): ";" separates them.
            operations=codes(self.operations, ";")))

    def count(self) -> None:
        try:
            q = self.current_query()
            query.check_query(q)
        except SiratError as exc:
            self.banner.show_error(exc)
            return
        self.banner.dismiss()
        self._context.run(lambda v: query.table(v, q), on_success=self._counted,
                          on_failure=self.banner.show_error, owner=self, name="stats.table")

    def _counted(self, table: StatsTable) -> None:
        self._query = table.query
        self.model.set_table(table)
        self.behind.set_rows([])
        self.behind_label.setText(BEHIND_HINT)  # not the previous table's cell
        self.table_view.resizeColumnsToContents()
        self.summary.setText(
            f"{len(table.cells)} rows · {table.total.reports} reports · "
            f"{table.total.mentions} {table.mention_words} · "
            f"{table.total.uncertain} with an uncertain date")
        self.summary.setToolTip(
            "Approved and disseminated reports only. Each report counts once, in the period "
            "of the earliest bound of its date of information (its date of report when it "
            "has none); it is uncertain when that date spans more than one period.")
        self.show_map.setEnabled(country_dimension(table) is not None)
        self._redraw()

    def _redraw(self, *_: object) -> None:
        table = self.model.table
        self.chart.set_series(None if table is None or not table.cells
                              else chart_series(table, self.chart_kind.currentData()))

    # ---- the map ------------------------------------------------------------------------
    def request_map(self) -> None:
        """The counted table as a choropleth (observer copy: suppressed as when saved)."""
        table = self.model.table
        if table is None or country_dimension(table) is None:
            self.banner.show_info("Count a table by reporting country, nationality or "
                                  "vessel flag first.")
            return
        row = self.table_view.currentIndex().row()
        cell = self.model.cell(row)
        index = country_dimension(table)
        other = (cell.key[1 - index] if cell is not None and index is not None
                 and len(cell.key) == 2 else None)
        observer = self.observer.isChecked()

        def build(vault: Vault) -> StatChoropleth:
            threshold = small_cell_threshold(vault) if observer else None
            return choropleth(table, other=other, observer_threshold=threshold)

        self._context.run(build, on_success=self.map_requested.emit,
                          on_failure=self.banner.show_error, owner=self, name="stats.map")

    # ---- drill-down ----------------------------------------------------------------------
    def _drill(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row())
        q = self._query
        if cell is None or q is None:
            return
        self.behind_label.setText(f"Reports behind {' · '.join(cell.key)}:")
        self._context.run(lambda v: query.reports_behind(v, q, cell.key),
                          on_success=self.behind.set_rows, on_failure=self.banner.show_error,
                          owner=self, name="stats.behind")

    def _choose_report(self, index: QModelIndex) -> None:
        row = self.behind.row_at(index.row())
        if row is not None:
            self.report_chosen.emit(row.id)

    # ---- saving --------------------------------------------------------------------------
    @staticmethod
    def ask_save_path(parent: QWidget, caption: str, filters: str) -> Path | None:
        """The file to write (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home()), filters)
        return Path(name) if name else None

    def _write(self, path: Path, data: bytes) -> None:
        if path.is_symlink() or path.is_dir():
            self.banner.show_error(SiratError("That is a folder or a link; SIRAT writes only "
                                              "regular files.", "Choose a file name."))
            return
        try:
            atomic_write_bytes(path, data)
        except (OSError, SiratError) as exc:
            self.banner.show_error(exc if isinstance(exc, SiratError) else SiratError(
                "The file could not be written.", "Check the folder and the free space."))
            return
        self.banner.show_info(f"Saved {path.name}.")

    def save_table(self) -> None:
        table = self.model.table
        if table is None:
            self.banner.show_info("Count a table first.")
            return
        path = self.ask_save_path(self, "Save the table as",
                                  "Excel workbook (*.xlsx);;CSV (*.csv)")
        if path is None:
            return
        observer = self.observer.isChecked()

        def build(vault: Vault) -> bytes:
            threshold = small_cell_threshold(vault) if observer else None
            return tabular.export_bytes(table, path.name, threshold)

        try:
            tabular.check_suffix(path.name)
        except SiratError as exc:
            self.banner.show_error(exc)
            return
        self._context.run(build, on_success=lambda data: self._write(path, data),
                          on_failure=self.banner.show_error, owner=self, name="stats.save")

    def save_chart(self) -> None:
        if self.chart.series is None:
            self.banner.show_info("Count a table first.")
            return
        if self.observer.isChecked():  # deny by default: the chart shows every count
            self.banner.show_error(SiratError(
                "Charts are saved for internal use only; they show every count.",
                "Observers receive charts inside an analytical product, suppressed."))
            return
        path = self.ask_save_path(self, "Save the chart as", "PNG image (*.png);;SVG (*.svg)")
        if path is None:
            return
        suffix = path.suffix.lower()
        if suffix == ".svg":
            self._write(path, self.chart.svg_bytes())
        elif suffix == ".png":
            self._write(path, self.chart.png_bytes())
        else:
            self.banner.show_error(SiratError("Charts are saved as .png or .svg.",
                                              "End the file name with .png or .svg."))

    # ---- lock ----------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self.show_map.setEnabled(False)
        self.model.set_table(None)
        self.behind.set_rows([])
        self.behind_label.setText(BEHIND_HINT)  # the cell's key may be a place (user text)
        self.chart.set_series(None)
        self.summary.clear()

    def close_without_asking(self) -> None:
        self.close()
