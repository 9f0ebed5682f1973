"""Approve asks once more, showing what the approval vouches for: grading, handling codes
with their wording, classification and the linked entities.

An approval lets the report be disseminated; a single click with nothing shown was too
easy to give by mistake. Every value here is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportView
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import named, plain_label
from sirat.ui.report_html import wording


def approval_lines(view: ReportView, ref: ReferenceData | None) -> dict[str, str]:
    """What the dialog shows, by row label (tests read these)."""
    d = view.draft
    classes = {c.code: c.name for c in ref.classifications} if ref else {}
    handling = {h.code: h.wording for h in ref.handling_codes} if ref else {}
    codes = "\n".join(f"{c} — {handling.get(c, '')}" + (f": {d.h3_text}" if c == "H3" and
                                                        d.h3_text else "")
                      for c in sorted(d.handling_codes)) or "none"
    kinds: dict[str, int] = {}
    for link in view.links:
        kinds[kind_label(link.kind)] = kinds.get(kind_label(link.kind), 0) + 1
    source = wording(ref, d.grading_scheme, "source", d.source_reliability)
    accuracy = wording(ref, d.grading_scheme, "information", d.information_accuracy)
    return {
        "Report": f"{view.reference} · version {view.version} · by {view.author_name}",
        "Source reliability": f"{d.source_reliability} — {source}",
        "Information accuracy": f"{d.information_accuracy} — {accuracy}",
        "Handling codes": codes,
        "Classification": classes.get(d.classification, d.classification),
        "Entities": ", ".join(f"{n} {k.lower()}" for k, n in kinds.items()) or "none",
    }


class ApproveDialog(QDialog):
    def __init__(self, view: ReportView, ref: ReferenceData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — approve for dissemination?")
        self.setObjectName("approveDialog")
        self.lines = approval_lines(view, ref)
        form = QFormLayout()
        for label, text in self.lines.items():
            form.addRow(f"{label}:", named(plain_label(text, self), f"approve{label}"))
        buttons = QDialogButtonBox(self)
        approve = buttons.addButton("&Approve", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        approve.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "Approving lets this version be disseminated to recipients. Check the grading, "
            "handling codes and classification:", self))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, view: ReportView, ref: ReferenceData | None) -> bool:
        """True to approve. Tests replace this."""
        return cls(view, ref, parent).exec() == QDialog.DialogCode.Accepted
