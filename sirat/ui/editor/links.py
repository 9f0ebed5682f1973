"""The entities a report links (kind, name, role), as a small table model.

For a report not saved yet, links are pending (no link id) and are written on first save.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Qt

from sirat.domain.vocab import EntityId, LinkId
from sirat.services.reports.types import LinkedEntity, OverrideNote, RelationView
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import tooltip
from sirat.ui.icons import kind_icon
from sirat.ui.overrides import kept_lines, kept_suffix
from sirat.ui.roles import KindRole
from sirat.ui.signals import emit
from sirat.ui.table_model import RowsModel

COL_KIND, COL_NAME, COL_ROLE = range(3)
HEADERS = ("Kind", "Name", "Role")


@dataclass(frozen=True)
class LinkRow:
    entity_id: EntityId
    kind: str
    label: str
    role: str
    link_id: LinkId | None = None  # None: not written yet (the report is not saved)
    overrides: tuple[OverrideNote, ...] = ()

    @classmethod
    def of(cls, link: LinkedEntity) -> LinkRow:
        return cls(
            link.entity_id,
            link.kind,
            link.label,
            link.role,
            link.link_id,
            link.overrides,
        )


class LinksModel(RowsModel[LinkRow]):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.role_names: dict[str, str] = {}

    def text(self, row: LinkRow, column: int) -> object:
        if column == COL_KIND:
            return kind_label(row.kind)
        if column == COL_NAME:
            return (row.label + kept_suffix(row.overrides)
                    + ("" if row.link_id is not None else "  (not saved yet)"))
        if column == COL_ROLE:
            return self.role_names.get(row.role, row.role.replace("_", " "))
        return None

    def row_id(self, row: LinkRow) -> int:
        return row.entity_id

    def other(self, row: LinkRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole and column == COL_KIND:
            return kind_icon(row.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME and row.overrides:
            return tooltip("\n".join(kept_lines(row.overrides)))
        if role == KindRole:
            return row.kind
        return None

    def set_links(self, links: list[LinkRow]) -> None:
        self.set_rows(links)

    def add(self, row: LinkRow) -> bool:
        if any(r.entity_id == row.entity_id and r.role == row.role for r in self._rows):
            return False
        self.append_rows([row])
        return True

    def remove(self, row: int) -> LinkRow | None:
        return self.remove_row(row)

    def mark_saved(self, entity_id: EntityId, role: str, link_id: LinkId) -> None:
        for i, r in enumerate(self._rows):
            if r.entity_id == entity_id and r.role == role:
                self._rows[i] = replace(r, link_id=link_id)
                emit(self.dataChanged, self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def pending(self) -> list[LinkRow]:
        return [r for r in self._rows if r.link_id is None]


def relation_text(r: RelationView) -> str:
    return f"{r.source_label} — {r.relation_name or r.relation_type} — {r.target_label}"


class RelationsModel(RowsModel[RelationView]):
    """Relations between entities that this report asserts."""

    headers = ("Entity", "Relation", "Other entity")

    def text(self, row: RelationView, column: int) -> object:
        return (row.source_label, row.relation_name or row.relation_type,
                row.target_label)[column]

    def row_id(self, row: RelationView) -> int:
        return int(row.id)

    def other(self, row: RelationView, column: int, role: int) -> object:
        del column
        return tooltip(relation_text(row)) if role == Qt.ItemDataRole.ToolTipRole else None

    def set_relations(self, rows: list[RelationView]) -> None:
        self.set_rows(rows)
