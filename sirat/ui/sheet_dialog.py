"""Import entities from a spreadsheet (services/sheets decides everything; docs/exchange.md).

Open a CSV or XLSX file; choose the kind, the encoding (detected unless chosen) and, per
column, the field it fills -- or apply a mapping saved by name, and save this one. *Preview*
checks every row and writes nothing: the table shows each row's problems and identifier
warnings; selecting a row lists the stored entities it may be, and the analyst can link the
row to one instead of creating a new entity. *Import* (offered only when no row has a
problem) writes every row or none, linked to the chosen report in the chosen role.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.services.sheets import mapping as m
from sirat.services.sheets.preview import Preview, RowCandidate, RowCheck
from sirat.services.sheets.reader import ENCODINGS, MAX_BYTES, Table, read_table
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label
from sirat.ui.table_model import RowsModel
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.services.reports.reference import CodeName
    from sirat.services.sheets.importer import SheetImport
    from sirat.ui.host import HostWindow

COL_LINE, COL_LABEL, COL_PROBLEMS, COL_WARNINGS, COL_LINK = range(5)
HEADERS = ("Line", "Entity", "Problems (refused)", "Warnings", "Link to")


class PreviewModel(RowsModel[RowCheck]):
    """The checked rows (ids and texts only) and the analyst's link decisions."""

    headers = HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Preview | None = None
        self.links: dict[int, RowCandidate] = {}

    def set_preview(self, preview: Preview | None) -> None:
        self.preview, self.links = preview, {}
        self.set_rows(() if preview is None else preview.rows)

    def text(self, row: RowCheck, column: int) -> object:
        link = self.links.get(row.index)
        target = (f"{link.label} (#{link.entity_id})" if link else
                  f"with line {row.same_as + 2}" if row.same_as is not None else
                  "new entity")
        return (str(row.line), row.label, "; ".join(row.problems), "; ".join(row.warnings),
                target)[column]

    def other(self, row: RowCheck, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_PROBLEMS, COL_WARNINGS):
            return "\n".join(row.problems if column == COL_PROBLEMS else row.warnings)
        return None

    def set_link(self, row: int, candidate: RowCandidate | None) -> None:
        if candidate is None:
            self.links.pop(row, None)
        else:
            self.links[row] = candidate
        self.dataChanged.emit(self.index(row, COL_LINK), self.index(row, COL_LINK))


class SheetImportDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None, reference: str = "",
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — import a spreadsheet")
        self.setObjectName("sheetImportDialog")
        self._context = context
        self._on_done = on_done
        self._data: bytes = b""
        self.table_data: Table | None = None
        self.banner = Banner(self)
        self.open_button = named(QPushButton("&Open sheet…", self), "openSheet")
        self.open_button.clicked.connect(self.open_sheet)
        self.encoding = named(QComboBox(self), "sheetEncoding")
        self.encoding.addItem("detect", None)
        for code, label in ENCODINGS.items():
            self.encoding.addItem(label, code)
        self.encoding.currentIndexChanged.connect(self._reread)
        self.kind = named(QComboBox(self), "sheetKind")
        for kind in m.SHEET_KINDS:
            self.kind.addItem(kind.replace("_", " "), kind)
        self.kind.currentIndexChanged.connect(self._fill_targets)
        self.saved = named(QComboBox(self), "savedMappings")
        self.saved.setMinimumContentsLength(24)
        self.apply_button = named(QPushButton("&Apply", self), "applyMapping")
        self.apply_button.clicked.connect(self.apply_mapping)
        self.mapping_name = named(QLineEdit(self), "mappingName")
        self.mapping_name.setPlaceholderText("name to save this mapping as")
        self.save_button = named(QPushButton("&Save mapping", self), "saveMapping")
        self.save_button.clicked.connect(self.save_mapping)
        self.columns = named(QTableWidget(0, 3, self), "sheetColumns")
        self.columns.setHorizontalHeaderLabels(["Column", "First value", "Fills"])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().hide()
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_button = named(QPushButton("&Preview", self), "previewSheet")
        self.preview_button.clicked.connect(self.preview)
        self.model = PreviewModel(self)
        self.rows = named(QTableView(self), "sheetPreview")
        self.rows.setModel(self.model)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.verticalHeader().hide()
        self.rows.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.link_to = named(QComboBox(self), "linkTo")
        self.link_to.addItem("create a new entity", None)
        self.link_to.activated.connect(self._link_chosen)
        self.report = named(QLineEdit(reference, self), "sheetReport")
        self.report.setPlaceholderText("SIRAT-2026-000001 (a draft of yours)")
        self.role = named(QComboBox(self), "sheetRole")
        self.import_button = named(QPushButton("&Import", self), "importSheet")
        self.import_button.clicked.connect(self.import_)
        for button in (self.preview_button, self.import_button, self.save_button):
            button.setEnabled(False)

        top = QHBoxLayout()
        w: QWidget
        for w in (self.open_button, plain_label("Encoding:", self), self.encoding,
                  plain_label("Kind:", self), self.kind):
            top.addWidget(w)
        top.addStretch(1)
        maps = QHBoxLayout()
        for w in (plain_label("Saved mapping:", self), self.saved, self.apply_button,
                  self.mapping_name, self.save_button):
            maps.addWidget(w)
        link = QFormLayout()
        link.addRow("Selected row &links to:", self.link_to)
        bottom = QFormLayout()
        bottom.addRow("&Report:", self.report)
        bottom.addRow("R&ole:", self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(maps)
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.rows, 2)
        layout.addLayout(link)
        layout.addLayout(bottom)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(980, 720)
        self._load_reference()

    @classmethod
    def open_for(cls, host: HostWindow) -> SheetImportDialog:
        reference = host.model.reference_of(host.current_report_id()) or ""
        dialog = cls(host.context, host, reference=reference, on_done=host.refresh)
        host.open_window(dialog)
        return dialog

    @staticmethod
    def choose_file(parent: QWidget) -> Path | None:
        """The sheet to open (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(parent, "Open spreadsheet", "",
                                              "Spreadsheets (*.csv *.txt *.xlsx);;All files (*)")
        return Path(name) if name else None

    # --- loading ------------------------------------------------------------------------
    def _load_reference(self) -> None:
        from sirat.services.reports.reference import reference_data

        def work(vault: Vault) -> tuple[tuple[CodeName, ...], list[m.SavedMapping]]:
            return reference_data(vault).link_roles, m.list_mappings(vault)

        self._context.run(work, on_success=self._show_reference,
                          on_failure=self.banner.show_error, owner=self, name="sheet_reference")

    def _show_reference(self, loaded: tuple[tuple[CodeName, ...], list[m.SavedMapping]]) -> None:
        roles, saved = loaded
        self.role.clear()
        for r in roles:
            self.role.addItem(r.name, r.code)
        mentioned = self.role.findData("mentioned")
        self.role.setCurrentIndex(max(mentioned, 0))
        self.saved.clear()
        for s in saved:
            self.saved.addItem(f"{s.name} ({s.kind})", s)
        self.apply_button.setEnabled(bool(saved) and self.table_data is not None)

    def open_sheet(self) -> None:
        path = self.choose_file(self)
        if path is None:
            return
        try:
            if path.stat().st_size > MAX_BYTES:
                raise SiratError("The sheet is larger than 64 MB.", "Split it into several files.")
            self._data = path.read_bytes()
        except OSError as exc:
            self.banner.show_error(SiratError(f"The sheet cannot be read ({exc.strerror}).",
                                              "Check the file and the permissions."))
            return
        self._reread()

    def _reread(self) -> None:
        if not self._data:
            return
        self.model.set_preview(None)
        self.import_button.setEnabled(False)
        try:
            self.table_data = read_table(self._data, self.encoding.currentData())
        except SiratError as error:
            self.table_data = None
            self.columns.setRowCount(0)
            self.banner.show_error(error)
            return
        self.banner.show_info(f"{len(self.table_data.rows)} row(s), {len(self.table_data.headers)}"
                              f" column(s), read as {self.table_data.encoding}.", timeout_ms=0)
        self._fill_targets()
        self.apply_button.setEnabled(self.saved.count() > 0)

    def _fill_targets(self) -> None:
        table = self.table_data
        self.model.set_preview(None)
        self.import_button.setEnabled(False)
        if table is None:
            return
        kind = str(self.kind.currentData())
        self.columns.setRowCount(len(table.headers))
        for i, header in enumerate(table.headers):
            self.columns.setItem(i, 0, QTableWidgetItem(header))
            first = table.rows[0][i] if table.rows else ""
            self.columns.setItem(i, 1, QTableWidgetItem(first))
            combo = QComboBox(self.columns)
            for target, label in m.targets(kind):
                combo.addItem(label, target)
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.columns.setCellWidget(i, 2, combo)
        self._mapping_changed()

    def mapping(self) -> dict[int, str]:
        out = {}
        for i in range(self.columns.rowCount()):
            combo = self.columns.cellWidget(i, 2)
            if isinstance(combo, QComboBox) and combo.currentData():
                out[i] = str(combo.currentData())
        return out

    def set_target(self, column: int, target: str) -> None:
        combo = self.columns.cellWidget(column, 2)
        if isinstance(combo, QComboBox):
            combo.setCurrentIndex(max(combo.findData(target), 0))

    def _mapping_changed(self) -> None:
        mapped = bool(self.mapping())
        self.model.set_preview(None)
        self.import_button.setEnabled(False)
        self.preview_button.setEnabled(mapped)
        self.save_button.setEnabled(mapped)

    def apply_mapping(self) -> None:
        saved = self.saved.currentData()
        if not isinstance(saved, m.SavedMapping) or self.table_data is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(saved.kind))
        chosen = m.for_headers(saved, self.table_data.headers)
        for i in range(self.columns.rowCount()):
            self.set_target(i, chosen.get(i, ""))
        self.mapping_name.setText(saved.name)

    def save_mapping(self) -> None:
        table, name, kind, cols = (self.table_data, self.mapping_name.text(),
                                   str(self.kind.currentData()), self.mapping())
        if table is None:
            return
        self._context.run(lambda v: m.save_mapping(v, name, kind, table.headers, cols),
                          on_success=self._saved, on_failure=self.banner.show_error,
                          owner=self, name="save_mapping")

    def _saved(self, saved: m.SavedMapping) -> None:
        self.banner.show_info(f"Mapping saved as {saved.name!r}.")
        self._load_reference()

    # --- preview and import -------------------------------------------------------------
    def preview(self) -> None:
        from sirat.services.sheets.preview import preview_sheet

        table, kind, cols = self.table_data, str(self.kind.currentData()), self.mapping()
        if table is None:
            return
        self.preview_button.setEnabled(False)
        self._context.run(lambda v: preview_sheet(v, table, kind, cols, candidates=0),
                          on_success=self._show_preview, on_failure=self._failed, owner=self,
                          name="preview_sheet", on_done=lambda: self.preview_button
                          .setEnabled(True))

    def _show_preview(self, result: Preview) -> None:
        self.model.set_preview(result)
        self.rows.resizeColumnToContents(COL_LINE)
        self.rows.setColumnWidth(COL_LABEL, 220)
        self.rows.setColumnWidth(COL_PROBLEMS, 260)
        self.rows.setColumnWidth(COL_WARNINGS, 220)
        n = len(result.rows)
        if result.refused:
            self.banner.show_message(f"{result.refused} of {n} row(s) have problems; nothing "
                                     "can be imported until they are corrected.",
                                     "Correct the sheet or the mapping and preview again.",
                                     "error")
        else:
            repeated = (f" {result.repeated} row(s) repeat an earlier row and are imported "
                        "as one entity with it." if result.repeated else "")
            self.banner.show_info(f"All {n} row(s) can be imported; {result.warned} with "
                                  f"warnings (accepted on import).{repeated} Select a row to "
                                  "see the stored entities it may be.", timeout_ms=0)
        self.import_button.setEnabled(not result.refused and n > 0)
        if n:
            self.rows.selectRow(0)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from sirat.services.sheets.preview import row_candidates

        self.link_to.clear()
        self.link_to.addItem("create a new entity", None)
        table, kind, cols = self.table_data, str(self.kind.currentData()), self.mapping()
        if table is None or self.model.preview is None or not current.isValid():
            return
        index = self.model.preview.rows[current.row()].index
        self._context.run(lambda v: (index, row_candidates(v, table, kind, cols, index)),
                          on_success=self._show_candidates, on_failure=self.banner.show_error,
                          owner=self, name="row_candidates")

    def _show_candidates(self, found: tuple[int, tuple[RowCandidate, ...]]) -> None:
        index, candidates = found
        if self.rows.currentIndex().row() != index:
            return  # the analyst moved on
        for c in candidates:
            self.link_to.addItem(f"#{c.entity_id} {c.label} — {c.verdict} ({c.score}): "
                                 f"{c.reason}", c)
        chosen = self.model.links.get(index)
        if chosen is not None:
            self.link_to.setCurrentIndex(max(self.link_to.findText(f"#{chosen.entity_id} ",
                                                                   Qt.MatchFlag.MatchStartsWith),
                                             0))

    def _link_chosen(self, _i: int) -> None:
        row = self.rows.currentIndex().row()
        if row >= 0:
            data = self.link_to.currentData()
            self.model.set_link(row, data if isinstance(data, RowCandidate) else None)

    def import_(self) -> None:
        from sirat.services.reports import records as reports
        from sirat.services.sheets.importer import import_sheet

        table, kind, cols = self.table_data, str(self.kind.currentData()), self.mapping()
        key, role = self.report.text().strip(), str(self.role.currentData())
        links = {row: c.entity_id for row, c in self.model.links.items()}
        if table is None or not key:
            self.banner.show_message("Name the report the rows belong to.",
                                     "A draft of yours, e.g. SIRAT-2026-000001.", "error")
            return
        self.import_button.setEnabled(False)
        def work(v: Vault) -> tuple[int, SheetImport]:
            report_id = reports.find_report_id(v, key)
            return report_id, import_sheet(v, table, kind, cols, report_id, role, links)

        self._context.run(work, on_success=self._imported, on_failure=self._failed, owner=self,
                          name="import_sheet")

    def _imported(self, imported: tuple[int, SheetImport]) -> None:
        done = imported[1]
        self.banner.show_message(f"Imported {done.rows} row(s) into {done.reference}: "
                                 f"{done.created} new, {done.linked_existing} linked to "
                                 f"existing entities, {done.repeated} repeating an earlier "
                                 "row.", "Recorded in the audit log.", "success")
        self.model.set_preview(None)
        if self._on_done is not None:
            self._on_done()

    def _failed(self, error: SiratError) -> None:
        self.banner.show_error(error)
        self.import_button.setEnabled(self.model.preview is not None
                                      and not self.model.preview.refused)

    def clear_for_lock(self) -> None:
        self._data = b""
        self.table_data = None
        self.model.set_preview(None)
        self.columns.setRowCount(0)
