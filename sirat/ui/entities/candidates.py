"""Matching entities offered while the analyst types, so nobody is entered twice.

Typing restarts a short timer; when it fires, ``find_candidates`` runs on the vault worker.
Answers to older text are dropped, so the list always matches what is in the field now.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QObject,
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
from sirat.ui.roles import KindRole
from sirat.ui.signals import emit
from sirat.ui.table_model import RowsModel
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


class CandidateModel(RowsModel[Candidate]):
    """The entities an analyst may mean, each with the facts that tell them apart."""

    headers = ("Candidate",)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.facts: dict[int, EntityFacts] = {}

    def text(self, row: Candidate, column: int) -> object:
        del column  # a list: one column
        facts = facts_line(self.facts.get(int(row.entity_id)))
        return (f"{row.label}  ·  {kind_label(row.kind)}  ·  {row.explanation}"
                + (f"\n{facts}" if facts else ""))

    def row_id(self, row: Candidate) -> int:
        return int(row.entity_id)

    def other(self, row: Candidate, column: int, role: int) -> object:
        del column  # a list: one column
        if role == Qt.ItemDataRole.ToolTipRole:
            facts = facts_line(self.facts.get(int(row.entity_id)))
            return tooltip(f"{row.label}: {row.explanation}" + (f"\n{facts}" if facts else ""))
        if role == KindRole:
            return row.kind
        return None

    def set_rows(self, rows: Sequence[Candidate],
                 facts: dict[EntityId, EntityFacts] | None = None) -> None:
        self.facts = {int(k): v for k, v in (facts or {}).items()}
        super().set_rows(rows)

    def candidate(self, row: int) -> Candidate | None:
        return self.row_at(row)


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
