"""The entities a report links (kind, name, role), as a small table model.

For a report not saved yet, links are pending (no link id) and are written on first save.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from sirat.services.reports.types import LinkedEntity, OverrideNote, RelationView
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import tooltip
from sirat.ui.icons import kind_icon
from sirat.ui.overrides import kept_lines, kept_suffix
from sirat.ui.roles import ROOT, IdRole, KindRole, RowRole
from sirat.ui.signals import emit

COL_KIND, COL_NAME, COL_ROLE = range(3)
HEADERS = ("Kind", "Name", "Role")


@dataclass(frozen=True)
class LinkRow:
    entity_id: int
    kind: str
    label: str
    role: str
    link_id: int | None = None  # None: not written yet (the report is not saved)
    overrides: tuple[OverrideNote, ...] = ()

    @classmethod
    def of(cls, link: LinkedEntity) -> LinkRow:
        return cls(int(link.entity_id), link.kind, link.label, link.role, int(link.link_id),
                   link.overrides)


class LinksModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LinkRow] = []
        self.role_names: dict[str, str] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_KIND:
                return kind_label(row.kind)
            if index.column() == COL_NAME:
                return (row.label + kept_suffix(row.overrides)
                        + ("" if row.link_id is not None else "  (not saved yet)"))
            if index.column() == COL_ROLE:
                return self.role_names.get(row.role, row.role.replace("_", " "))
            return None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == COL_KIND:
            return kind_icon(row.kind)
        if (role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NAME
                and row.overrides):
            return tooltip("\n".join(kept_lines(row.overrides)))
        if role == IdRole:
            return row.entity_id
        if role == KindRole:
            return row.kind
        if role == RowRole:
            return row
        return None

    def set_links(self, links: list[LinkRow]) -> None:
        self.beginResetModel()
        self._rows = list(links)
        self.endResetModel()

    def add(self, row: LinkRow) -> bool:
        if any(r.entity_id == row.entity_id and r.role == row.role for r in self._rows):
            return False
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()
        return True

    def remove(self, row: int) -> LinkRow | None:
        if not 0 <= row < len(self._rows):
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        return removed

    def mark_saved(self, entity_id: int, role: str, link_id: int) -> None:
        for i, r in enumerate(self._rows):
            if r.entity_id == entity_id and r.role == role:
                self._rows[i] = replace(r, link_id=link_id)
                emit(self.dataChanged, self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def rows(self) -> list[LinkRow]:
        return list(self._rows)

    def pending(self) -> list[LinkRow]:
        return [r for r in self._rows if r.link_id is None]


def relation_text(r: RelationView) -> str:
    return f"{r.source_label} — {r.relation_name or r.relation_type} — {r.target_label}"


class RelationsModel(QAbstractTableModel):
    """Relations between entities that this report asserts."""

    HEADERS = ("Entity", "Relation", "Other entity")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RelationView] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < 3):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.source_label, r.relation_name or r.relation_type,
                    r.target_label)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(relation_text(r))
        if role == IdRole:
            return int(r.id)
        if role == RowRole:
            return r
        return None

    def set_relations(self, rows: list[RelationView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
