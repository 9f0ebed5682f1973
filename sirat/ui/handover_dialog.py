"""Hand stranded drafts to an analyst (administrators; services/workflow/handover.py decides).

Lists the drafts nobody can submit -- written by an administrator, or by a user removed
since -- with who wrote them and why they are stranded; the administrator picks a draft
and the analyst or supervisor who will finish it. Each hand-over is one audited
transaction on the vault worker.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import ReportId, UserId
from sirat.errors import SiratError
from sirat.services.workflow import handover
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.forms import PickTable, named, plain_label
from sirat.ui.host import HostWindow
from sirat.vault import Vault

#: who may receive a draft: (user id, name, display name)
Writer = tuple[UserId, str, str]

COLUMNS = ("Reference", "Title", "Written by", "Why nobody can submit it", "Updated")


class HandoverDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — hand over drafts")
        self.setObjectName("handoverDialog")
        self._context = context
        self.banner = Banner(self)
        self._handed_any = False
        self.table: PickTable[handover.StrandedDraft] = PickTable(
            self, COLUMNS, lambda row: (row.reference, row.title, row.author_name, row.why,
                                        show_time(row.updated_at)), "strandedDrafts", stretch=1)
        self.to_user = named(QComboBox(self), "handoverTo")
        self.hand_button = named(QPushButton("&Hand over", self), "handOver")
        self.hand_button.clicked.connect(self.hand_over)
        self.hand_button.setEnabled(False)
        form = QFormLayout()
        form.addRow("&To:", self.to_user)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.hand_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(plain_label(
            "Drafts nobody can submit: written by an administrator or by a user removed "
            "since. The analyst you choose becomes the author and can finish and submit "
            "it; the hand-over is recorded in the audit log.", self))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(900, 460)
        self.load()

    @classmethod
    def open_for(cls, host: HostWindow) -> HandoverDialog:
        dialog = cls(host.context, host)
        host.open_window(dialog)
        return dialog

    def load(self) -> None:
        def work(vault: Vault) -> tuple[list[handover.StrandedDraft], list[Writer]]:
            return handover.stranded_drafts(vault), handover.writers(vault)

        self._context.run(work, on_success=self._show, on_failure=self.banner.show_error,
                          owner=self, name="stranded_drafts")

    def _show(self, loaded: tuple[list[handover.StrandedDraft], list[Writer]]) -> None:
        rows, writers = loaded
        self.table.set_rows(rows)
        chosen = self.to_user.currentData()
        self.to_user.clear()
        for _uid, name, display in writers:
            self.to_user.addItem(f"{display} ({name})", name)
        if chosen is not None and self.to_user.findData(chosen) >= 0:
            self.to_user.setCurrentIndex(self.to_user.findData(chosen))  # kept across reloads
        if rows:
            self.table.selectRow(0)
        elif not self._handed_any:
            # After a hand-over the banner keeps saying what was done (the list reloads at once).
            self.banner.show_info("No stranded drafts: every draft has an author who can "
                                  "submit it.")
        self.hand_button.setEnabled(bool(rows) and self.to_user.count() > 0)

    def hand_over(self) -> None:
        row = self.table.current()
        name = self.to_user.currentData()
        if row is None or not name:
            return
        report_id = row.report_id
        self.hand_button.setEnabled(False)
        self._context.run(lambda v: handover.hand_over(v, ReportId(report_id), str(name)),
                          on_success=self._handed, on_failure=self._failed, owner=self,
                          name="hand_over")

    def _handed(self, done: handover.HandedOver) -> None:
        self._handed_any = True
        self.banner.show_message(f"{done.reference} now belongs to {done.to_name}.",
                                 "Recorded in the audit log.", "success")
        self.load()

    def _failed(self, error: SiratError) -> None:
        self.banner.show_error(error)
        self.hand_button.setEnabled(bool(self.table.rows()))

    def clear_for_lock(self) -> None:
        self.table.set_rows([])
        self.to_user.clear()
