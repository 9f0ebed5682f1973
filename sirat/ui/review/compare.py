"""Side-by-side comparison of two versions of a report, changes highlighted.

One table, a row per field: the older version on the left with what was removed or replaced
struck through on red, the newer on the right with what was added on green. Every piece of
report text is escaped before it becomes rich text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from sirat.services.reports.history import Comparison, FieldDiff, diff_words
from sirat.services.reports.reference import ReferenceData

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


def code_words(ref: ReferenceData) -> dict[str, dict[str, str]]:
    """Per compared field, each stored code in words ("drugs" -> "Drug trafficking")."""
    scheme = ref.scheme(ref.default_scheme)
    words: dict[str, dict[str, str]] = {
        "crime_area": {a.code: a.name for a in ref.crime_areas},
        "classification": {c.code: c.name for c in ref.classifications},
        "handling_codes": {h.code: f"{h.code} ({h.wording})" for h in ref.handling_codes},
        "links": {r.code: r.name for r in ref.link_roles},
    }
    if scheme is not None:
        words["source_reliability"] = {lv.code: f"{lv.code} — {lv.wording}"
                                       for lv in scheme.source_reliability}
        words["information_accuracy"] = {lv.code: f"{lv.code} — {lv.wording}"
                                         for lv in scheme.information_accuracy}
    return words


def _in_words(field: str, text: str, table: dict[str, str]) -> str:
    if field == "handling_codes":
        return ", ".join(table.get(c.strip(), c.strip()) for c in text.split(",") if c.strip())
    if field == "links":  # "role: entity" per line
        lines = []
        for line in text.splitlines():
            role, sep, rest = line.partition(": ")
            lines.append(f"{table.get(role, role.replace('_', ' '))}{sep}{rest}")
        return "\n".join(lines)
    return table.get(text, text)


def comparison_in_words(cmp: Comparison, ref: ReferenceData | None) -> Comparison:
    """The same comparison with codes read in words (diffed again on the words)."""
    if ref is None:
        return cmp
    words = code_words(ref)
    fields = []
    for f in cmp.fields:
        table = words.get(f.field)
        if table is None:
            fields.append(f)
            continue
        old, new = _in_words(f.field, f.old, table), _in_words(f.field, f.new, table)
        fields.append(FieldDiff(f.field, f.label, old, new, diff_words(old, new)))
    return Comparison(cmp.report_id, cmp.old_version, cmp.new_version, tuple(fields))


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

    def loadResource(self, _type: int, _name: QUrl | str) -> object:
        return None
