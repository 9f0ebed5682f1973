"""The detail pane: the selected report, read-only, with its linked entities as links."""

from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from sirat.domain.vocab import ReportId
from sirat.errors import SiratError
from sirat.services.reports import records as reports
from sirat.services.reports import reference
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportView
from sirat.ui.context import Context
from sirat.ui.report_html import report_html
from sirat.ui.signals import emit

# Browsing the list with the arrow keys should not read (and audit) every report passed.
SETTLE_MS = 150
EMPTY = ("<p style='color:#666; margin:24px;'>Select a report in the list to read it here. "
         "Press Enter or Ctrl+E to open it in the editor, Ctrl+N to write a new one.</p>")


class ReportDetail(QTextBrowser):
    entity_requested = Signal(int)
    shown = Signal(int)

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDetail")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self._context = context
        self._reference: ReferenceData | None = None
        self.report_id: int | None = None
        self.view: ReportView | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._load)
        self.show_empty()
        context.run(reference.reference_data, on_success=self._got_reference, owner=self,
                    name="detail_reference")

    def _got_reference(self, data: ReferenceData) -> None:
        self._reference = data
        if self.view is not None:
            self.setHtml(report_html(self.view, data))

    def show_empty(self) -> None:
        self._settle.stop()
        self.report_id = None
        self.view = None
        self.setHtml(EMPTY)

    def show_report(self, report_id: ReportId) -> None:
        self.report_id = report_id
        self._settle.start()

    def _load(self) -> None:
        report_id = self.report_id
        if report_id is None:
            return

        def done(view: ReportView) -> None:
            if view.id != self.report_id:
                return  # the selection moved on meanwhile
            self.view = view
            self.setHtml(report_html(view, self._reference))
            emit(self.shown, int(view.id))

        def failed(error: SiratError) -> None:
            self.setPlainText(f"{error.message} {error.hint}".strip())

        self._context.run(lambda v: reports.get_report(v, ReportId(report_id)), on_success=done,
                          on_failure=failed, owner=self, name="get_report")

    def _anchor(self, url: QUrl) -> None:
        scheme, rest = url.scheme(), url.path()
        if scheme == "entity" and rest.isdigit():
            emit(self.entity_requested, int(rest))

    def clear(self) -> None:
        """Forget the rendered report (lock)."""
        self._settle.stop()
        self.view = None
        self.report_id = None
        super().clear()

    def loadResource(self, _type: int, _name: QUrl | str) -> object:
        return None  # never fetch anything named in the text (there is nothing to fetch)
