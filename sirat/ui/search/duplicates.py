"""Possible duplicates: the strongest candidate pairs in the vault, and the merges to undo.

The list comes from ``resolution_pairs.possible_duplicates`` (or, for one entity, from its
candidates), strongest first, each with its reasons. Enter opens the merge dialog for the
pair; Ctrl+D records "not the same". Below, the merges that stand: "Undo merge" puts the
merged entity back exactly as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId, MergeId
from sirat.errors import SiratError
from sirat.services.entities.records import get_entity
from sirat.services.entities.types import KINDS
from sirat.services.resolution.candidates import candidates_for_entity, mark_not_same
from sirat.services.resolution.merge import MergeView, list_merges, unmerge
from sirat.services.resolution.pairs import DuplicatePair, possible_duplicates
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import named, plain_label
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.search.merge_dialog import MergeDialog
from sirat.ui.table_model import RowsModel
from sirat.vault import Vault

LIMIT = 200


@dataclass(frozen=True)
class DuplicateGroup:
    """Entities linked by possible-duplicate pairs, shown as one row (one company is one
    row, not seven pairs). ``best`` is the strongest pair: Enter compares it; after a merge
    the list is read again and the group shrinks."""

    hub_label: str  # the entity in most pairs
    others: tuple[str, ...]
    pairs: tuple[DuplicatePair, ...]

    @property
    def best(self) -> DuplicatePair:
        return self.pairs[0]


def group_pairs(pairs: list[DuplicatePair]) -> list[DuplicateGroup]:
    """Connected groups of entities, strongest group first (pairs keep their order)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[root(int(p.first_id))] = root(int(p.second_id))
    grouped: dict[int, list[DuplicatePair]] = {}
    for p in pairs:
        grouped.setdefault(root(int(p.first_id)), []).append(p)
    out = []
    for members in grouped.values():
        counts: Counter[int] = Counter()
        labels: dict[int, str] = {}
        for p in members:
            counts.update((int(p.first_id), int(p.second_id)))
            labels[int(p.first_id)], labels[int(p.second_id)] = p.first_label, p.second_label
        hub = min(counts, key=lambda e: (-counts[e], e))
        others = tuple(labels[e] for e in sorted(labels) if e != hub)
        out.append(DuplicateGroup(labels[hub], others, tuple(members)))
    return sorted(out, key=lambda g: -g.best.score)


def _others(g: DuplicateGroup) -> str:
    shown = "; ".join(g.others[:3])
    return shown + (f" (+{len(g.others) - 3} more)" if len(g.others) > 3 else "")


def _pair_cells(g: DuplicateGroup) -> tuple[object, ...]:
    p = g.best
    return (p.score, p.verdict, kind_label(p.kind), g.hub_label, _others(g), p.explanation)


def _merge_cells(m: MergeView) -> tuple[object, ...]:
    return (m.merge_id, kind_label(m.kind), m.kept_label, m.merged_label,
            show_time(m.merged_at))


def _table(parent: QWidget, name: str, model: QAbstractItemModel) -> QTableView:
    view = named(QTableView(parent), name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class DuplicatesWindow(QWidget):
    def __init__(self, context: Context, entity_id: EntityId | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — possible duplicates")
        self.setObjectName("duplicatesWindow")
        self._context = context
        self.entity_id = entity_id
        self.banner = Banner(self)
        self.kind = named(QComboBox(self), "duplicatesKind")
        self.kind.addItem("Every kind", "")
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        # Docked beside the list at 1280 px the view has ~600 px: the buttons' keys go to
        # their tooltips and the drop-down shrinks, so the window stays on the screen.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(10)
        self.pairs: RowsModel[DuplicateGroup] = RowsModel.of(
            ("Score", "Verdict", "Kind", "Entity", "Possible duplicates", "Why (strongest)"),
            _pair_cells, self, text_roles=(Qt.ItemDataRole.ToolTipRole,))
        self.merges: RowsModel[MergeView] = RowsModel.of(
            ("Merge", "Kind", "Kept", "Merged", "When"), _merge_cells, self,
            text_roles=(Qt.ItemDataRole.ToolTipRole,))
        self.pair_view = _table(self, "duplicatePairs", self.pairs)
        self.merge_view = _table(self, "mergeList", self.merges)
        self.pair_view.activated.connect(lambda _i: self.compare())
        self.status = named(plain_label("Looking for duplicates…", self), "duplicatesStatus")
        compare = named(QPushButton("&Compare and merge…", self), "compareButton")
        compare.clicked.connect(self.compare)
        distinct = named(QPushButton("&Not the same", self), "distinctButton")
        distinct.setToolTip("Mark the selected pair as two different entities (Ctrl+D)")
        distinct.clicked.connect(self.not_same)
        refresh = named(QPushButton("&Refresh", self), "refreshButton")
        refresh.setToolTip("Look for duplicates again (F5)")
        refresh.clicked.connect(self.reload)
        undo = named(QPushButton("&Undo selected merge", self), "undoButton")
        undo.clicked.connect(self.undo)
        QShortcut(QKeySequence("Ctrl+D"), self, self.not_same)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Ctrl+Z"), self, self.undo)
        top = QHBoxLayout()
        for w in (self.kind, compare, distinct, refresh):
            top.addWidget(w)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(plain_label("Merges that can be undone (newest first):", self,
                                     wrap=False))
        bottom.addStretch(1)
        bottom.addWidget(undo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.pair_view, 3)
        layout.addLayout(bottom)
        layout.addWidget(self.merge_view, 1)
        fit_to_screen(self, 1100, 700)
        close_keys(self)
        self.reload()

    # ---- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        kind, entity_id = str(self.kind.currentData() or "") or None, self.entity_id

        def work(v: Vault) -> tuple[list[DuplicatePair], list[MergeView]]:
            if entity_id is not None:
                found = candidates_for_entity(v, EntityId(entity_id), limit=50)
                label = get_entity(v, EntityId(entity_id), record_view=False).label
                pairs = [DuplicatePair(c.kind, EntityId(entity_id), label, c.entity_id,
                                       c.label, c.score, c.verdict, c.reasons, c.decided_by)
                         for c in found]
            else:
                pairs = possible_duplicates(v, kind, limit=LIMIT)
            return pairs, list_merges(v)

        self.status.setText("Looking for duplicates…")
        self._context.run(work, on_success=self._loaded, on_failure=self.banner.show_error,
                          owner=self, name="duplicates")

    def _loaded(self, loaded: tuple[list[DuplicatePair], list[MergeView]]) -> None:
        pairs, merges = loaded
        # Vault-wide, pairs are grouped by entity; for one entity each candidate is a row.
        groups = (group_pairs(pairs) if self.entity_id is None else
                  [DuplicateGroup(p.first_label, (p.second_label,), (p,)) for p in pairs])
        self.pairs.set_rows(groups)
        self.merges.set_rows(merges)
        n = len(groups)
        self.status.setText(f"{n} entit{'y' if n == 1 else 'ies'} with possible duplicates, "
                            "strongest first. Enter compares the strongest pair of the "
                            "selected row." if n else "No possible duplicates found.")
        if n:
            self.pair_view.selectRow(0)

    def selected_pair(self) -> DuplicatePair | None:
        index = self.pair_view.currentIndex()
        group = self.pairs.row_at(index.row()) if index.isValid() else None
        return group.best if group is not None else None

    # ---- decisions -------------------------------------------------------------------------
    def compare(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        outcome = MergeDialog.ask(self._context, int(pair.first_id), int(pair.second_id), self)
        if outcome is None:
            return
        if outcome.action == "merged" and outcome.result is not None:
            r = outcome.result
            self.banner.show_info(f"Merged (merge {r.merge_id}): {r.links_moved} report links "
                                  f"and {r.relations_moved} relations moved.",
                                  "Undo it below if this was a mistake (Ctrl+Z).", 15_000)
        else:
            self.banner.show_info("Remembered: these two will not be offered again.")
        self.reload()

    def not_same(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        a, b = int(pair.first_id), int(pair.second_id)
        def done(_result: object) -> None:
            self.banner.show_info("Remembered: these two will not be offered again.")
            self.reload()

        self._context.run(lambda v: mark_not_same(v, a, b), on_success=done,
                          on_failure=self.banner.show_error, owner=self, name="not_same")

    def undo(self) -> None:
        index = self.merge_view.currentIndex()
        merge = self.merges.row_at(index.row()) if index.isValid() else None
        if merge is None and self.merges.rowCount():
            merge = self.merges.row_at(0)  # the latest
        if merge is None:
            self.banner.show_message("There is no merge to undo.", kind="warning")
            return
        mid = int(merge.merge_id)

        def done(back: int) -> None:
            self.banner.show_info(f"Merge {mid} undone; entity {back} is back.")
            self.reload()

        def failed(error: SiratError) -> None:
            self.banner.show_error(error)

        self._context.run(lambda v: unmerge(v, MergeId(mid)), on_success=done, on_failure=failed,
                          owner=self, name="unmerge")

    def clear_for_lock(self) -> None:
        self.pairs.set_rows([])
        self.merges.set_rows([])
