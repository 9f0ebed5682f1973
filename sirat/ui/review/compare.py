"""Side-by-side comparison of two versions of a report, changes highlighted.

One table, a row per field: the older version on the left with what was removed or replaced
struck through on red, the newer on the right with what was added on green. Every piece of
report text is escaped before it becomes rich text.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from sirat.services.history import Comparison, FieldDiff

DELETED = "background-color:#fbd3cf; color:#7a1f12; text-decoration:line-through;"
INSERTED = "background-color:#cdeccf; color:#1d5129;"
EMPTY = "<p style='color:#666;'>Choose two versions and press Compare.</p>"


def _text(piece: str) -> str:
    return html.escape(piece).replace("\n", "<br>")


def side_html(pieces: list[tuple[str, bool]], style: str) -> str:
    """``pieces`` as (text, highlighted) runs; highlighted runs get ``style``."""
    if not pieces:
        return "<span style='color:#888;'>(empty)</span>"
    return "".join(f"<span style='{style}'>{_text(t)}</span>" if marked else _text(t)
                   for t, marked in pieces)


def field_row(diff: FieldDiff) -> str:
    mark = " ●" if diff.changed else ""
    return (f"<tr><td colspan='2' style='background-color:#f1f3f4; font-weight:600;'>"
            f"{html.escape(diff.label)}{mark}</td></tr>"
            f"<tr><td width='50%' valign='top'>{side_html(diff.left(), DELETED)}</td>"
            f"<td width='50%' valign='top'>{side_html(diff.right(), INSERTED)}</td></tr>")


def comparison_html(cmp: Comparison, *, changed_only: bool = False) -> str:
    fields = cmp.changed if changed_only else cmp.fields
    head = (f"<tr><th align='left'>Version {cmp.old_version}</th>"
            f"<th align='left'>Version {cmp.new_version}</th></tr>")
    if not fields:
        body = "<tr><td colspan='2'>The two versions are the same.</td></tr>"
    else:
        body = "".join(field_row(f) for f in fields)
    return (f"<p>{len(cmp.changed)} field(s) changed (●).</p>"
            "<table width='100%' cellspacing='0' cellpadding='4' border='0'>"
            f"{head}{body}</table>")


class CompareView(QTextBrowser):
    """Shows a :class:`Comparison`; links and resources are never followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.comparison: Comparison | None = None
        self.changed_only = False
        self.setHtml(EMPTY)

    def show_comparison(self, cmp: Comparison) -> None:
        self.comparison = cmp
        self.setHtml(comparison_html(cmp, changed_only=self.changed_only))

    def set_changed_only(self, on: bool) -> None:
        self.changed_only = on
        if self.comparison is not None:
            self.show_comparison(self.comparison)

    def clear_all(self) -> None:
        self.comparison = None
        self.setHtml(EMPTY)

    def loadResource(self, _type: int, _name: QUrl | str) -> Any:
        return None
