"""The supervisors' "to review" queue: submitted reports by others, oldest submission first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.changes import Changes
from sirat.services.workflow import review as workflow
from sirat.services.workflow.review import QueueItem
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.review.models import COL_Q_TITLE, QueueModel
from sirat.ui.roles import IdRole
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.signals import emit


class QueueWindow(QWidget):
    review_requested = Signal(int)

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT — to review")
        self.setObjectName("reviewQueue")
        self.context = context
        self.closed_for_good = False
        self.banner = Banner(self)
        self.count = QLabel(self)
        self.count.setObjectName("queueCount")
        self.model = QueueModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Reference, author, time and version whole (they were cut off); the title takes
        # what is left and is the one that elides.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_Q_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.open_button = QPushButton("&Review", self)
        self.open_button.setObjectName("queue.open")
        self.open_button.setToolTip("Open the selected report for review (Enter)")
        self.open_button.clicked.connect(self.open_current)
        refresh = QPushButton("Re&fresh", self)
        refresh.setObjectName("queue.refresh")
        refresh.setShortcut(QKeySequence("F5"))
        refresh.setToolTip("Refresh (F5)")
        refresh.clicked.connect(self.reload)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.open_button)
        row.addWidget(refresh)
        column = QVBoxLayout(self)
        column.addWidget(self.banner)
        column.addLayout(row)
        column.addWidget(self.table, 1)
        fit_to_screen(self, 1000, 520)
        close_keys(self)
        context.changed.connect(self._changes)
        self.reload()

    def _changes(self, changes: Changes) -> None:
        if changes.reports:  # a review, a submission or a save elsewhere
            self.reload()

    def reload(self, *_: object) -> None:
        self.context.run(workflow.review_queue, on_success=self._show,
                         on_failure=self.banner.show_error, owner=self, name="review_queue")

    def _show(self, rows: list[QueueItem]) -> None:
        self.model.set_rows(rows)
        n = len(rows)
        self.count.setText("Nothing waits for your review." if not n
                           else f"{n} report{'s' if n != 1 else ''} wait for your review.")
        self.open_button.setEnabled(bool(n))
        if n:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(IdRole)
        if value is not None:
            emit(self.review_requested, int(value))

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._activated(index)

    def clear_for_lock(self) -> None:
        self.model.clear()
        self.count.clear()

    def close_without_asking(self) -> None:
        self.closed_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed_for_good = True
        event.accept()
