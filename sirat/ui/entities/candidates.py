"""Matching entities offered while the analyst types, so nobody is entered twice.

Typing restarts a short timer; when it fires, ``find_candidates`` runs on the vault worker.
Answers to older text are dropped, so the list always matches what is in the field now.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from sirat.domain.vocab import EntityId
from sirat.services.entities.facts import EntityFacts, facts_of
from sirat.services.entities.types import Candidate
from sirat.services.resolution import suggestions
from sirat.ui.context import Context
from sirat.ui.dates import show_date
from sirat.ui.entity_words import identifier_label, kind_label
from sirat.ui.forms import tooltip
from sirat.ui.roles import ROOT, IdRole, KindRole, RowRole
from sirat.ui.signals import emit
from sirat.vault import Vault

DEBOUNCE_MS = 250
MIN_CHARS = 2
LIMIT = 10


def facts_line(facts: EntityFacts | None) -> str:
    """"born 1985-03-12 · RS · Passport AB123 · 2 reports": what tells matches apart."""
    if facts is None:
        return ""
    parts = []
    if facts.date_of_birth:
        parts.append(f"born {show_date(facts.date_of_birth)}")
    if facts.country:
        parts.append(facts.country)
    parts += [f"{identifier_label(t)} {v}" for t, v in facts.identifiers[:3]]
    n = facts.report_count
    parts.append("in no report" if n == 0 else f"in {n} report{'s' if n != 1 else ''}")
    return " · ".join(parts)


class CandidateModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Candidate] = []
        self.facts: dict[int, EntityFacts] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        facts = facts_line(self.facts.get(int(c.entity_id)))
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{c.label}  ·  {kind_label(c.kind)}  ·  {c.explanation}"
                    + (f"\n{facts}" if facts else ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{c.label}: {c.explanation}" + (f"\n{facts}" if facts else ""))
        if role == IdRole:
            return int(c.entity_id)
        if role == KindRole:
            return c.kind
        if role == RowRole:
            return c
        return None

    def set_rows(self, rows: list[Candidate],
                 facts: dict[EntityId, EntityFacts] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.facts = {int(k): v for k, v in (facts or {}).items()}
        self.endResetModel()

    def candidate(self, row: int) -> Candidate | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class CandidateFinder(QObject):
    """Debounced ``find_candidates`` for one kind; results land in :attr:`model`."""

    searched = Signal(int)  # how many candidates the last finished search found

    def __init__(self, context: Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = CandidateModel(self)
        self.kind: str | None = None
        self._text = ""
        self._generation = 0
        self.searches = 0  # how many times the vault was asked (tests: debouncing)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.model.set_rows([])

    def typed(self, text: str) -> None:
        self._text = text.strip()
        self._generation += 1
        if len(self._text) < MIN_CHARS:
            self._timer.stop()
            self.model.set_rows([])
            return
        self._timer.start()

    def _search(self) -> None:
        text, kind, generation = self._text, self.kind, self._generation
        self.searches += 1

        def work(vault: Vault) -> tuple[list[Candidate], dict[EntityId, EntityFacts]]:
            rows = suggestions.find_candidates(vault, kind, text, LIMIT)
            return rows, facts_of(vault, (c.entity_id for c in rows))

        def done(found: tuple[list[Candidate], dict[EntityId, EntityFacts]]) -> None:
            rows, facts = found
            if generation == self._generation:
                self.model.set_rows(rows, facts)
                emit(self.searched, len(rows))

        self._context.run(work, on_success=done, owner=self, name="find_candidates")

    def clear(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.model.set_rows([])
