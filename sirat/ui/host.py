"""The main window's face to actions, dialogs and extension windows: :class:`HostWindow`.

Every action handler (``sirat.ui.actions``) and every "open this for the host" helper
receives a ``HostWindow``: a real window (dialogs use it as their parent, ops as their
owner) with the session's :class:`~sirat.ui.context.Context` and the parts of the main
window a command may use. :class:`sirat.ui.main_window.MainWindow` is the one
implementation; the type is here so that those modules need not import the main window
(which imports them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

from sirat.domain.vocab import EntityId, ReportId

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTableView, QWidget

    from sirat.services.reports.types import ReportRow
    from sirat.ui.banner import Banner
    from sirat.ui.context import Context
    from sirat.ui.filter_bar import FilterBar
    from sirat.ui.report_detail import ReportDetail
    from sirat.ui.report_model import ReportListModel
    from sirat.ui.windows import WindowTracker


class HostWindow(QMainWindow):
    """What a command may use of the main window (implemented by ``MainWindow``)."""

    lock_requested = Signal()

    context: Context
    banner: Banner
    windows: WindowTracker
    filters: FilterBar
    model: ReportListModel
    table: QTableView
    detail: ReportDetail
    actions_by_id: dict[str, QAction]

    def current_report_id(self) -> ReportId | None:
        raise NotImplementedError

    def current_report_row(self) -> ReportRow | None:
        raise NotImplementedError

    def selected_report_ids(self) -> list[int]:
        raise NotImplementedError

    def open_window(self, window: QWidget) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def update_actions(self) -> None:
        raise NotImplementedError

    def open_editor(self, report_id: ReportId | None = None) -> QWidget:
        raise NotImplementedError

    def open_entity(self, entity_id: EntityId) -> None:
        raise NotImplementedError
