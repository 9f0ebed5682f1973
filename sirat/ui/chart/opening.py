"""Link charts in the app: open one from a report, an entity or search results; save it.

Every vault call runs on the vault worker through the session's :class:`Context`; the
chart's own layouts run on its CPU worker. Other parts of the app open a chart with one
call::

    from sirat.ui.chart.opening import open_chart_for
    open_chart_for(host, entity_ids=[42, 43], report_ids=[17])

One report alone opens its saved chart (or one built from its links); one entity alone
opens with its neighbours; several ids open together with the links among them.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from sirat.chart.graph import Edge, NeighbourProvider, Node
from sirat.domain.vocab import ChartId, EntityId, ReportId
from sirat.errors import SiratError
from sirat.services.charts import network as charts
from sirat.services.charts.network import ChartSummary, LoadedChart
from sirat.services.reports import records as reports
from sirat.ui.chart.selection import attach_chart
from sirat.ui.chart.window import ChartWindow
from sirat.ui.context import Context
from sirat.ui.host import HostWindow
from sirat.ui.screen_fit import fit_to_screen, remember
from sirat.vault import Vault


def vault_provider(context: Context) -> NeighbourProvider:
    """The vault's neighbour provider; the chart calls it on the vault worker."""
    vault = context.vault

    def neighbours(of: str, known: frozenset[str]) -> tuple[list[Node], list[Edge]]:
        return charts.neighbours(vault, of, known)

    return neighbours


class SaveChartDialog(QDialog):
    """Name of the chart and, optionally, the report it belongs to (its PDF shows it)."""

    def __init__(self, name: str, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save link chart")
        form = QFormLayout(self)
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText("e.g. Banana route, March 2026")
        self.reference = QLineEdit(reference, self)
        self.reference.setPlaceholderText("SIRAT-2026-000123 (optional)")
        self.reference.setToolTip("The chart goes into this report's dissemination PDF")
        form.addRow("&Name:", self.name)
        form.addRow("For &report:", self.reference)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget, name: str, reference: str) -> tuple[str, str] | None:
        """(name, report reference or "") or None when cancelled; tests replace this."""
        dialog = cls(name, reference, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name.text().strip(), dialog.reference.text().strip()


class VaultChart(QObject):
    """Saves one window's chart in the vault: asks a name the first time, then updates it."""

    def __init__(self, context: Context, window: ChartWindow, *,
                 summary: ChartSummary | None, report_id: ReportId | None,
                 reference: str) -> None:  # fmt: skip
        super().__init__(window)
        self._context = context
        self._window = window
        self.chart_id = summary.id if summary else None
        self.name = summary.name if summary else ""
        self.report_id = summary.report_id if summary else report_id
        self.reference = summary.report_reference if summary else reference
        window.saveRequested.connect(self.save)

    def save(self, state: dict[str, object]) -> None:
        reference = self.reference
        if self.chart_id is None:
            answer = SaveChartDialog.ask(self._window, self.name or "Link chart", reference)
            if answer is None:
                self._window.show_message("Not saved")
                return
            self.name, reference = answer
        name, chart_id, report_id = self.name, self.chart_id, self.report_id
        same_report = reference == self.reference

        def work(vault: Vault) -> ChartSummary:
            rid = report_id if same_report else (
                reports.find_report_id(vault, reference) if reference else None)
            return charts.save_chart(vault, state, name=name, report_id=rid, chart_id=chart_id)

        self._window.show_message("Saving the chart…")
        self._context.run(work, on_success=self._saved, on_failure=self._failed,
                          owner=self._window, name="save_chart")

    def _saved(self, summary: ChartSummary) -> None:
        self.chart_id, self.report_id = summary.id, summary.report_id
        self.reference = summary.report_reference
        where = f" with {summary.report_reference}" if summary.report_reference else ""
        self._window.show_message(f"Chart saved{where} ({summary.nodes} nodes)")

    def _failed(self, error: SiratError) -> None:
        self._window.show_message(f"Not saved: {error.message} {error.hint}".strip())


def _open_node(host: HostWindow, node_id: str) -> None:
    """A node's report in the editor, or its entity in the entity window."""
    kind, _, key = node_id.partition(":")
    if not key.isdigit():
        return
    if kind == "report":
        host.open_editor(ReportId(int(key)))
    else:
        host.open_entity(EntityId(int(key)))


def show_chart(host: HostWindow, loaded: LoadedChart, *,
               report_id: ReportId | None = None) -> ChartWindow:
    """A chart window for ``loaded``, saving into the vault, tracked by the main window."""
    context: Context = host.context
    window = ChartWindow(
        loaded.graph, vault_provider(context), positions=loaded.positions or None,
        chart_filter=loaded.chart_filter, size_by=loaded.size_by, tasks=context.tasks,
    )  # fmt: skip
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a closed chart keeps no names
    report = f"report:{report_id}"
    reference = loaded.graph.node(report).sublabel if report in loaded.graph else ""
    window.saver = VaultChart(context, window, summary=loaded.summary, report_id=report_id,
                              reference=reference)
    window.open_requested.connect(lambda node_id: _open_node(host, node_id))
    # The chart is a workspace, not a pop-up: as large as the screen allows.
    fit_to_screen(window, 1600, 1000)
    remember(window, context, "chart")
    host.open_window(window)
    attach_chart(host, window)  # select here, see it in list/timeline/map
    window.view.fit_all()
    return window


def open_report_chart(host: HostWindow, report_id: ReportId) -> None:
    """The report's saved chart, else one built from its links."""
    host.context.run(lambda v: charts.open_report_chart(v, ReportId(report_id)),
                     on_success=lambda c: show_chart(host, c, report_id=ReportId(report_id)),
                     on_failure=host.banner.show_error, name="open_report_chart")


def open_saved_chart(host: HostWindow, chart_id: ChartId) -> None:
    host.context.run(lambda v: charts.load_chart(v, ChartId(chart_id)),
                     on_success=lambda c: show_chart(host, c),
                     on_failure=host.banner.show_error, name="load_chart")


def open_chart_for(
    host: HostWindow, *, entity_ids: Collection[EntityId] = (),
    report_ids: Collection[ReportId] = (),
) -> None:
    """Open a chart of these entities and reports (see the module docstring)."""
    entities, found = sorted(set(entity_ids)), sorted(set(report_ids))
    if not entities and len(found) == 1:
        open_report_chart(host, found[0])
        return
    if not entities and not found:
        return
    host.context.run(
        lambda v: charts.open_chart(
            v, entity_ids=[EntityId(i) for i in entities], report_ids=[ReportId(i) for i in found]
        ),
        on_success=lambda g: show_chart(host, LoadedChart(g, {})),
        on_failure=host.banner.show_error,
        name="open_chart",
    )
