"""The dissemination register in the app: every export, newest first.

A small table model (ids plus cached rows; the register is short next to the report list,
so it is loaded whole up to the service's limit) in a window with a "this report only"
filter, a copy-SHA-256 command and automatic refresh after each export.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.changes import Changes
from sirat.domain.vocab import ReportId
from sirat.services.dissemination.register import RegisterEntry, list_register
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.forms import named, plain_label
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.table_model import RowsModel

(COL_WHEN, COL_REFERENCE, COL_VERSION, COL_COPY, COL_RECIPIENT, COL_KIND, COL_SIGNER,
 COL_BY, COL_SHA256, COL_FILE) = range(10)
HEADERS = ("Exported", "Report", "Version", "Copy", "Recipient", "Kind", "Signed by",
           "Exported by", "SHA-256", "File name")
Index = QModelIndex | QPersistentModelIndex


def _signer(e: RegisterEntry) -> str:
    if not e.signed:
        return "unsigned"
    return e.signer_name + (" (TEST certificate)" if e.test_certificate else "")


def _cell(e: RegisterEntry, column: int) -> str:
    values = {
        COL_WHEN: show_time(e.exported_at), COL_REFERENCE: e.reference,
        COL_VERSION: str(e.report_version), COL_COPY: str(e.copy_number),
        COL_RECIPIENT: f"{e.recipient_code} — {e.recipient_name}",
        COL_KIND: e.recipient_kind.replace("-", " "), COL_SIGNER: _signer(e),
        COL_BY: e.exported_by_name, COL_SHA256: e.sha256[:12] + "…", COL_FILE: e.file_name,
    }
    return values.get(column, "")


class RegisterModel(RowsModel[RegisterEntry]):
    headers = HEADERS

    def entry(self, row: int) -> RegisterEntry:
        return self._rows[row]

    def text(self, row: RegisterEntry, column: int) -> object:
        return _cell(row, column)

    def row_id(self, row: RegisterEntry) -> int:
        return int(row.id)

    def other(self, row: RegisterEntry, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.sha256 if column == COL_SHA256 else _cell(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_VERSION, COL_COPY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RegisterWindow(QMainWindow):
    """The register; ``report_id`` (optional) offers "this report only"."""

    def __init__(self, context: Context, report_id: ReportId | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — dissemination register")
        self.setObjectName("registerWindow")
        self._context = context
        self._only = None if report_id is None else ReportId(report_id)
        self.banner = Banner(self)
        self.model = RegisterModel(self)
        self.table = named(QTableView(self), "registerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((COL_WHEN, 140), (COL_REFERENCE, 140), (COL_VERSION, 56),
                              (COL_COPY, 46), (COL_RECIPIENT, 250), (COL_KIND, 140),
                              (COL_SIGNER, 230), (COL_BY, 110), (COL_SHA256, 110)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.only_report = named(QCheckBox("Only the selected report", self), "onlyReport")
        self.only_report.setVisible(report_id is not None)
        self.only_report.setChecked(report_id is not None)
        self.only_report.toggled.connect(self.reload)
        copy = named(QPushButton("Copy &SHA-256", self), "copySha")
        copy.clicked.connect(self.copy_sha256)
        refresh = named(QPushButton("&Refresh", self), "refreshRegister")
        refresh.clicked.connect(self.reload)
        self.count = named(plain_label("", self, wrap=False), "registerCount")
        bar = QHBoxLayout()
        for widget in (self.only_report, copy, refresh):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(body)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table, self.copy_sha256)
        QShortcut(QKeySequence("F5"), self, self.reload)
        context.changed.connect(self._changes)
        fit_to_screen(self, 1200, 520)
        close_keys(self)
        self.reload()

    def reload(self, *_: object) -> None:
        only = self._only if self.only_report.isChecked() else None
        self._context.run(lambda v: list_register(v, report_id=only),
                          on_success=self._loaded, on_failure=self.banner.show_error,
                          owner=self, name="register")

    def _loaded(self, rows: list[RegisterEntry]) -> None:
        self.model.set_rows(rows)
        self.count.setText(f"{len(rows)} export{'s' if len(rows) != 1 else ''}")

    def _changes(self, changes: Changes) -> None:
        if changes.exports:  # a PDF exported from any window
            self.reload()

    def copy_sha256(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._context.clipboard.copy(self.model.entry(index.row()).sha256)
            self.banner.show_info("SHA-256 copied.")

    def clear_for_lock(self) -> None:
        self.model.set_rows([])
        self.count.clear()

    def close_without_asking(self) -> None:
        self.close()
