"""One selection shared by the report list, the link chart, the timeline and the map.

Select reports or entities in one view and the others show them: each view publishes what
the *user* selected (``publish``) and follows what others published (``changed``), never
re-publishing what it was told, so there is no echo. The hub lives on the main window
(``hub_for(host)``) and hooks the report list the first time a linked view asks for it.
Each view hooks itself (the chart in ``sirat.ui.chart.selection``): the hub knows no view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, Signal

from sirat.domain.vocab import ReportId

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow


class SelectionHub(QObject):
    #: source object, report ids, entity ids
    changed = Signal(object, list, list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reports: list[int] = []
        self.entities: list[int] = []
        self._busy = False

    def publish(self, source: object, reports: Sequence[int], entities: Sequence[int]) -> None:
        if self._busy:
            return  # a view following the hub moved its own selection: not the user's
        self.reports, self.entities = sorted(set(reports)), sorted(set(entities))
        self._busy = True
        try:
            self.changed.emit(source, self.reports, self.entities)
        finally:
            self._busy = False


def hub_for(host: HostWindow) -> SelectionHub:
    """The main window's hub (created, and the report list hooked, on first use).

    The hub is the host's child, so the host finds it again and it goes with the host.
    """
    found = host.findChild(SelectionHub, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if isinstance(found, SelectionHub) and shiboken6.isValid(found):
        return found
    hub = SelectionHub(host)
    table = host.table
    table.selectionModel().selectionChanged.connect(
        lambda *_: hub.publish(table, host.selected_report_ids(), []))

    def follow(source: object, reports: list[int], _entities: list[int]) -> None:
        if source is not table:
            _select_rows(host, reports)

    hub.changed.connect(follow)
    return hub


def _select_rows(host: HostWindow, reports: list[int]) -> None:
    """Select the reports in the list (those on the loaded pages).

    An empty selection elsewhere (a click on a chart's background, a view closing) leaves
    the list alone: the list's current report is what its own commands act on.
    """
    if not reports:
        return
    model, table = host.model, host.table
    selection = QItemSelection()
    rows = [r for r in (model.row_of(ReportId(rid)) for rid in reports) if r is not None]
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    table.selectionModel().select(selection, flags)
    if rows:
        table.scrollTo(model.index(rows[0], 0))


def disconnect(hub: SelectionHub, slot: Callable[[object, list[int], list[int]], None]) -> None:
    with contextlib.suppress(RuntimeError, TypeError):
        hub.changed.disconnect(slot)
