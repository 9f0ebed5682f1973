"""The saved link charts of the vault: a list to open or delete one (View ▸ Saved link charts)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import ChartId
from sirat.errors import SiratError
from sirat.services.charts import network as charts
from sirat.services.charts.network import ChartSummary
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.host import HostWindow
from sirat.ui.roles import IdRole
from sirat.ui.table_model import RowsModel


class SavedChartsModel(RowsModel[ChartSummary]):
    HEADERS = ("Name", "Report", "Nodes", "Links", "Saved")
    headers = HEADERS
    COL_NAME, COL_REPORT, COL_NODES, COL_LINKS, COL_SAVED = range(5)

    def text(self, row: ChartSummary, column: int) -> object:
        return (row.name, row.report_reference or "—", row.nodes, row.edges,
                show_time(row.updated_at))[column]

    def row_id(self, row: ChartSummary) -> int:
        return int(row.id)


class SavedChartsDialog(QDialog):
    """Lists the saved charts; Enter (or Open) opens one, Delete removes it."""

    def __init__(self, context: Context, host: HostWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Saved link charts")
        self.setObjectName("savedCharts")
        self._context = context
        self._host = host
        self.model = SavedChartsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.status = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton("&Open", self)
        self.delete_button = QPushButton("&Delete", self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(720, 420)
        self.reload()

    def reload(self) -> None:
        self._context.run(charts.list_charts, on_success=self._listed,
                          on_failure=self._failed, owner=self, name="list_charts")

    def _listed(self, rows: list[ChartSummary]) -> None:
        self.model.set_rows(rows)
        self.status.setText(f"{len(rows)} saved chart{'s' if len(rows) != 1 else ''}")
        if rows:
            self.table.selectRow(0)

    def _failed(self, error: SiratError) -> None:
        self.status.setText(f"{error.message} {error.hint}".strip())

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(IdRole)) if rows else None

    def open_selected(self) -> None:
        from sirat.ui.chart.opening import open_saved_chart

        chart_id = self._selected()
        if chart_id is not None:
            open_saved_chart(self._host, ChartId(chart_id))

    def delete_selected(self) -> None:
        chart_id = self._selected()
        if chart_id is None:
            return
        self._context.run(lambda v: charts.delete_chart(v, ChartId(chart_id)),
                          on_success=lambda _r: self.reload(), on_failure=self._failed,
                          owner=self, name="delete_chart")

    def clear_for_lock(self) -> None:
        self.model.set_rows([])
