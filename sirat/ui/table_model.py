"""One read-mostly table model for every list-like view: :class:`RowsModel` ``[T]``.

It holds the frozen rows a service returned and shows them; it never talks to the vault.
A view's model says only what differs: its ``headers``, the ``text`` of a cell, the row's
id (``IdRole``) and any other role (``other``: icons, tooltips, alignment...). ``RowRole``
gives the row itself. :meth:`RowsModel.of` builds one from a function returning a row's
cells, for tables with nothing else to say; a one-column ``RowsModel`` serves a list view
(search hits, candidates). The paged report list
(``sirat.ui.report_model``) is the one model that is not a list in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from sirat.ui.roles import ROOT, IdRole, RowRole

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    """A table over a list of frozen rows (see the module docstring)."""

    headers: Sequence[str] = ()
    #: roles answered with the cell's text besides DisplayRole (ToolTipRole, say)
    text_roles: tuple[int, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    @classmethod
    def of(cls, headers: Sequence[str], cells: Callable[[T], Sequence[object]],
           parent: QObject | None = None, *,
           text_roles: tuple[int, ...] = ()) -> RowsModel[T]:
        """A model whose cells are ``cells(row)`` (shown with ``str``)."""
        model = _CellsModel(headers, cells, parent)
        model.text_roles = text_roles
        return model

    # ---- what a view's model says -------------------------------------------------------
    def text(self, row: T, column: int) -> object:
        raise NotImplementedError

    def row_id(self, row: T) -> int | None:
        del row  # rows without an id by default
        return None

    def other(self, row: T, column: int, role: int) -> object:
        del row, column, role  # nothing beyond the text by default
        return None

    # ---- Qt ------------------------------------------------------------------------------
    def index(self, row: int, column: int = 0, parent: Index = ROOT) -> QModelIndex:
        """``column`` defaults to 0, so a list view's model reads like a list model."""
        return super().index(row, column, parent)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or role in self.text_roles:
            return self.text(row, index.column())
        if role == IdRole:
            return self.row_id(row)
        if role == RowRole:
            return row
        return self.other(row, index.column(), role)

    # ---- rows ----------------------------------------------------------------------------
    def rows(self) -> list[T]:
        """The rows shown (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[T]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(ROOT, first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def remove_row(self, row: int) -> T | None:
        if not 0 <= row < len(self._rows):
            return None
        self.beginRemoveRows(ROOT, row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        return removed

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class _CellsModel(RowsModel[T]):
    def __init__(self, headers: Sequence[str], cells: Callable[[T], Sequence[object]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._cells = cells

    def text(self, row: T, column: int) -> object:
        return str(self._cells(row)[column])
