"""The merge dialog: two entities side by side, how alike they are and why, and the decision.

The analyst sees both entities whole (names in their scripts, identifiers, fields, how many
reports and relations each has) under the candidate's score and reasons, chooses which one
to keep (⇄ swaps), and merges -- or records that the two are not the same. Everything of
the merged entity moves onto the kept one; the merge can be undone from the duplicates
window. :meth:`MergeDialog.ask` is what callers use and tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId
from sirat.errors import SiratError
from sirat.names import search_key
from sirat.services.entities.records import get_entity
from sirat.services.entities.types import EntityView
from sirat.services.resolution.candidates import compare_entities, mark_not_same
from sirat.services.resolution.facts import MatchCandidate
from sirat.services.resolution.merge import MergeResult, merge_entities
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.entity_words import field_label, identifier_label, kind_label
from sirat.ui.forms import named
from sirat.ui.search.highlight import esc

_VERDICT_COLOURS = {"same": "#0a6b2c", "possible": "#8a5a00", "different": "#a01010"}


@dataclass(frozen=True)
class MergeOutcome:
    action: Literal["merged", "not_same"]
    result: MergeResult | None = None


def _values(v: EntityView) -> dict[str, list[str]]:
    """What the comparison shows of an entity, by row label (values escaped later)."""
    rows: dict[str, list[str]] = {"Name": [v.label]}
    others = [f"{n.text} ({n.script}{', alias' if n.is_alias else ''})" for n in v.names
              if n.text != v.label]
    if others:
        rows["Other names"] = others
    for key, value in v.fields.items():
        if value:
            rows[field_label(key)] = [value]
    for i in v.identifiers:
        label = identifier_label(i.type)
        rows.setdefault(label, []).append(i.value + (f" ({i.country})" if i.country else ""))
    rows["Reports"] = [f"mentioned in {len(v.reports)}"]
    rows["Relations"] = [str(len(v.relations))]
    return rows


_SAME_BG = "#e3f3e6"
_DIFF_BG = "#fff0cc"


def comparison_html(kept: EntityView, merged: EntityView) -> str:
    """Both entities in one table, row by row: equal values green, differing ones amber.
    Every value is escaped; the markup is ours."""
    left, right = _values(kept), _values(merged)
    last = ("Reports", "Relations")
    labels = [x for x in dict.fromkeys([*left, *right]) if x not in last] + list(last)
    head = (f"<tr><th width='18%'></th><th align='left'>Keep ({esc(kind_label(kept.kind))} "
            f"{int(kept.id)})</th><th align='left'>Merge into it ({int(merged.id)})</th></tr>")
    rows = [head]
    for label in labels:
        a, b = left.get(label, []), right.get(label, [])
        bg = ""
        if a and b and label not in (*last, "Other names"):
            # Compared folded: Ђорђе Петровић and Đorđe Petrović agree.
            same = {search_key(x) for x in a} & {search_key(x) for x in b}
            bg = _SAME_BG if same else _DIFF_BG
        style = f" style='background-color:{bg};'" if bg else ""
        cells = ["<br>".join(esc(x) for x in side) or "<span style='color:#999;'>—</span>"
                 for side in (a, b)]
        weight = "font-size:12pt; font-weight:600;" if label == "Name" else ""
        rows.append(f"<tr><td style='color:#555; padding-right:14px;'>{esc(label)}</td>"
                    f"<td{style}><span style='{weight}'>{cells[0]}</span></td>"
                    f"<td{style}><span style='{weight}'>{cells[1]}</span></td></tr>")
    return ("<table width='100%' cellspacing='0' cellpadding='6' "
            "style='border-collapse:collapse;'>" + "".join(rows) + "</table>")


def reasons_html(c: MatchCandidate) -> str:
    colour = _VERDICT_COLOURS.get(c.verdict, "#333")
    return (f"<span style='font-size:13pt; color:{colour}; font-weight:600;'>"
            f"{esc(c.verdict.capitalize())} — {c.score}%</span><br>"
            f"<span>{esc(c.explanation.capitalize() or 'No evidence either way.')}</span>")


class MergeDialog(QDialog):
    def __init__(self, context: Context, first: int, second: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — merge two entities")  # never a name in a title
        self.setObjectName("mergeDialog")
        self._context = context
        self.kept_id, self.merged_id = first, second
        self.views: dict[int, EntityView] = {}
        self.candidate: MatchCandidate | None = None
        self.outcome: MergeOutcome | None = None
        self.banner = Banner(self)
        self.reasons = named(QLabel("Comparing…", self), "mergeReasons")
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setWordWrap(True)
        self.reasons.setContentsMargins(4, 4, 4, 8)
        self.table = named(QLabel(self), "mergeComparison")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setContentsMargins(8, 8, 8, 8)
        self.table.setStyleSheet("QLabel#mergeComparison { background: #ffffff; }")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.table)
        self.swap = named(QPushButton("⇄ Keep the other one (Ctrl+R)", self), "mergeSwap")
        self.swap.clicked.connect(self._swap)
        QShortcut(QKeySequence("Ctrl+R"), self, self._swap)
        swap_row = QHBoxLayout()
        swap_row.addWidget(self.swap)
        swap_row.addStretch(1)
        note = QLabel("Everything of the right-hand entity moves to the left-hand one: report "
                      "links, relations, names (as aliases), identifiers and empty details. "
                      "The merge is recorded and can be undone.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = named(QPushButton("&Merge", self), "mergeButton")
        self.not_same_button = named(QPushButton("&Not the same", self), "notSameButton")
        buttons.addButton(self.not_same_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.merge_button.clicked.connect(self._merge)
        self.not_same_button.clicked.connect(self._not_same)
        self.merge_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.reasons)
        layout.addWidget(scroll, 1)
        layout.addLayout(swap_row)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(980, 600)
        context.run(lambda v: (get_entity(v, EntityId(first)), get_entity(v, EntityId(second)),
                               compare_entities(v, first, second)),
                    on_success=self._loaded, on_failure=self.banner.show_error, owner=self,
                    name="merge_compare")

    def _loaded(self, loaded: tuple[EntityView, EntityView, MatchCandidate]) -> None:
        a, b, candidate = loaded
        self.views = {int(a.id): a, int(b.id): b}
        self.candidate = candidate
        self.reasons.setText(reasons_html(candidate))
        self._show()
        self.merge_button.setEnabled(a.kind == b.kind)
        if a.kind != b.kind:
            self.banner.show_message("Only entities of one kind can be merged.")

    def _show(self) -> None:
        kept, merged = self.views.get(self.kept_id), self.views.get(self.merged_id)
        self.table.setText(comparison_html(kept, merged) if kept and merged else "")

    def _swap(self) -> None:
        self.kept_id, self.merged_id = self.merged_id, self.kept_id
        self._show()

    def _busy(self, busy: bool) -> None:
        for button in (self.merge_button, self.not_same_button, self.swap):
            button.setEnabled(not busy)

    def _merge(self) -> None:
        kept, merged, c = self.kept_id, self.merged_id, self.candidate
        score, reasons = (c.score, c.reasons) if c else (0, ())
        self._busy(True)
        self._context.run(
            lambda v: merge_entities(
                v, EntityId(kept), EntityId(merged), score=score, reasons=reasons
            ),
            on_success=lambda r: self._finish(MergeOutcome("merged", r)),
            on_failure=self._failed,
            owner=self,
            name="merge",
        )

    def _not_same(self) -> None:
        a, b = self.kept_id, self.merged_id
        self._busy(True)
        self._context.run(lambda v: mark_not_same(v, a, b),
                          on_success=lambda _r: self._finish(MergeOutcome("not_same")),
                          on_failure=self._failed, owner=self, name="not_same")

    def _finish(self, outcome: MergeOutcome) -> None:
        self.outcome = outcome
        self.accept()

    def _failed(self, error: SiratError) -> None:
        self._busy(False)
        self.banner.show_error(error)

    def clear_for_lock(self) -> None:
        self.views.clear()
        self.table.clear()

    def close_without_asking(self) -> None:
        self.reject()

    @classmethod
    def ask(cls, context: Context, first: int, second: int,
            parent: QWidget | None = None) -> MergeOutcome | None:
        """Modal: what the analyst decided (merged / not the same), or None. Tests replace
        this."""
        dialog = cls(context, first, second, parent)
        dialog.exec()
        return dialog.outcome
