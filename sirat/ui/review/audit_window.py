"""The audit viewer for administrators: filter and page the log, verify it, checkpoint it.

Verifying walks the whole chain on the vault worker and shows the verdict in words (the first
broken record, if any); against checkpoint files chosen by the administrator it also catches
a cut tail or a rewritten chain. Taking a checkpoint asks for the administrator's passphrase
(it unlocks their signing key) and where to save the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat import clock
from sirat.domain.vocab import EntityId
from sirat.errors import SiratError, ValidationError
from sirat.services import integrity
from sirat.services.audit import checkpoint
from sirat.services.audit import log as audit
from sirat.services.audit.log import AuditEntry, AuditFilter
from sirat.services.audit.names import AuditNames, names_for
from sirat.services.integrity import VerifyResult
from sirat.services.reports.records import find_report_id
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.review.models import COL_A_DETAILS, AuditModel
from sirat.ui.screen_fit import fit_to_screen
from sirat.vault import Vault

PAGE = 500
OK_STYLE = "color:#1d5129; font-weight:600;"
BAD_STYLE = "color:#7a1f12; font-weight:600;"


class PassphraseDialog(QDialog):
    """Asks the signed-in administrator's passphrase to sign a checkpoint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign the checkpoint")
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setObjectName("checkpointPassphrase")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("Your passphrase unlocks your signing key.", self))
        form.addRow("&Passphrase:", self.field)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.field.text() if accepted and dialog.field.text() else None
        finally:
            dialog.field.clear()
            dialog.deleteLater()


class Files:
    """File choices, replaceable in tests."""

    @classmethod
    def checkpoints_to_check(cls, parent: QWidget | None) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Earlier checkpoints", "",
                                                "Checkpoints (*.json);;All files (*)")
        return [Path(n) for n in names]

    @classmethod
    def checkpoint_to_write(cls, parent: QWidget | None) -> Path | None:
        stamp = clock.now().strftime("%Y%m%d-%H%M")
        name, _ = QFileDialog.getSaveFileName(parent, "Save checkpoint",
                                              f"sirat-checkpoint-{stamp}.json",
                                              "Checkpoints (*.json)")
        return Path(name) if name else None


def _time(text: str, field: str, *, end: bool = False) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError.single(field, "Use a date such as 2026-11-28 or a time such "
                                     "as 2026-11-28 14:30.") from None
    if end and len(text) == 10:
        value = datetime.combine(date.fromisoformat(text), datetime.min.time()) + timedelta(1)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def verify_files(vault: Vault, paths: list[Path], trusted: list[str]) -> VerifyResult:
    """Read and parse the checkpoint files, then verify (on the vault worker)."""
    parsed = []
    for p in paths:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise SiratError(f"The checkpoint file {p.name} cannot be read.",
                             "Check that it is still there.") from exc
        parsed.append(checkpoint.parse(data, p.name))
    return integrity.verify(vault, parsed, trusted=trusted)


class AuditWindow(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT — audit trail")
        self.setObjectName("auditWindow")
        self.context = context
        self.closed_for_good = False
        self.banner = Banner(self)
        self.actor, self.action, self.report = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.entity, self.since, self.until = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.entity.setValidator(QIntValidator(1, 2**31 - 1, self))
        # Filters three to a row and the buttons on two rows: docked beside the list on a
        # 1280-px screen the audit trail has ~600 px (one row of each made the window wider
        # than the screen).
        filters = QGridLayout()
        for n, (label, edit, name, hint) in enumerate((
                ("&User", self.actor, "auditActor", "user name"),
                ("&Action", self.action, "auditAction", "report.* or signin"),
                ("Re&port", self.report, "auditReport", "SIRAT-2026-000001"),
                ("&Entity", self.entity, "auditEntity", "entity id"),
                ("&From", self.since, "auditSince", "2026-11-01"),
                ("&To", self.until, "auditUntil", "2026-11-30"))):
            edit.setObjectName(name)
            edit.setPlaceholderText(hint)
            edit.returnPressed.connect(self.apply)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            filters.addWidget(caption, n // 3, 2 * (n % 3))
            filters.addWidget(edit, n // 3, 2 * (n % 3) + 1)
        for n in range(3):
            filters.setColumnStretch(2 * n + 1, 1)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_A_DETAILS,
                                                           QHeaderView.ResizeMode.Stretch)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("auditVerdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.trusted = QLineEdit(self)
        self.trusted.setObjectName("auditTrusted")
        self.trusted.setPlaceholderText("trusted key fingerprints, comma-separated (optional)")
        self.buttons: dict[str, QPushButton] = {}
        browse, check = QHBoxLayout(), QHBoxLayout()
        for key, text, keys, slot in (
                ("apply", "&Show", "Ctrl+Return", self.apply),
                ("older", "&Older records", "Ctrl+PgDown", self.load_older),
                ("verify", "&Verify", "Ctrl+Shift+V", lambda: self.verify(with_files=False)),
                ("verify_files", "Verify against &checkpoints…", "Ctrl+Shift+K",
                 lambda: self.verify(with_files=True)),
                ("checkpoint", "Take check&point…", "Ctrl+Shift+P", self.take_checkpoint)):
            button = QPushButton(text, self)
            button.setObjectName(f"audit.{key}")
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(f"{text.replace('&', '')} ({keys})")
            button.clicked.connect(lambda _=False, s=slot: s())
            (browse if key in ("apply", "older") else check).addWidget(button)
            self.buttons[key] = button
        browse.addStretch(1)
        check.addWidget(self.trusted, 1)
        column = QVBoxLayout(self)
        column.addWidget(self.banner)
        column.addLayout(filters)
        column.addLayout(browse)
        column.addWidget(self.table, 1)
        column.addLayout(check)
        column.addWidget(self.verdict)
        fit_to_screen(self, 1200, 700)
        close_keys(self)
        self.apply()

    # ---- listing -------------------------------------------------------------------------
    def current_filter(self, before_id: int | None = None) -> tuple[AuditFilter, str]:
        return AuditFilter(
            user=self.actor.text().strip() or None,
            action=self.action.text().strip() or None,
            entity_id=EntityId(int(self.entity.text())) if self.entity.text().strip() else None,
            since=_time(self.since.text(), "from"),
            until=_time(self.until.text(), "to", end=True),
            limit=PAGE, before_id=before_id,
        ), self.report.text().strip()

    def _query(self, before_id: int | None,
               on_success: Callable[[tuple[list[AuditEntry], AuditNames]], object]) -> None:
        try:
            flt, report = self.current_filter(before_id)
        except SiratError as exc:
            self.banner.show_error(exc)
            return

        def work(vault: Vault) -> tuple[list[AuditEntry], AuditNames]:
            rid = find_report_id(vault, report) if report else None
            rows = audit.list_records(vault, replace(flt, report_id=rid))
            return rows, names_for(vault, rows)

        self.context.run(work, on_success=on_success, on_failure=self.banner.show_error,
                         owner=self, name="audit_list")

    def apply(self) -> None:
        self._query(None, self._shown)

    def load_older(self) -> None:
        oldest = self.model.oldest_id()
        if oldest is not None:
            self._query(oldest, self._appended)

    def _shown(self, loaded: tuple[list[AuditEntry], AuditNames]) -> None:
        rows, names = loaded
        self.model.add_names(names)
        self.model.set_rows(rows)
        self._fit_columns()
        self.buttons["older"].setEnabled(len(rows) == PAGE)

    def _appended(self, loaded: tuple[list[AuditEntry], AuditNames]) -> None:
        rows, names = loaded
        self.model.add_names(names)
        self.model.append_rows(rows)
        self.buttons["older"].setEnabled(len(rows) == PAGE)

    def _fit_columns(self) -> None:
        """Nothing clipped: every column but the details as wide as its widest text."""
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)

    # ---- verifying and checkpoints -----------------------------------------------------------
    def verify(self, *, with_files: bool) -> None:
        paths = Files.checkpoints_to_check(self) if with_files else []
        if with_files and not paths:
            return
        trusted = [t for t in self.trusted.text().split(",") if t.strip()]
        self.verdict.setText("Verifying…")
        self.context.run(lambda v: verify_files(v, paths, trusted), on_success=self._verified,
                         on_failure=self._verify_failed, owner=self, name="audit_verify")

    def _verified(self, result: VerifyResult) -> None:
        lines = [result.summary()]
        lines += [f"Checkpoint {c.label}: {'holds' if c.ok else 'FAILS'} — {c.message} "
                  f"(key {checkpoint.format_fingerprint(c.fingerprint)})"
                  for c in result.checkpoints]
        self.verdict.setText("\n".join(lines))
        self.verdict.setStyleSheet(OK_STYLE if result.ok else BAD_STYLE)
        if not result.ok:
            self.banner.show_message(result.summary(), "Keep the vault as it is and report "
                                     "this to your security officer.")

    def _verify_failed(self, error: SiratError) -> None:
        self.verdict.setText("")
        self.banner.show_error(error)

    def take_checkpoint(self) -> None:
        path = Files.checkpoint_to_write(self)
        if path is None:
            return
        secret = PassphraseDialog.ask(self)
        if secret is None:
            return
        self.context.run(lambda v: checkpoint.save(v, secret, path, replace=True),
                         on_success=self._checkpointed, on_failure=self.banner.show_error,
                         owner=self, name="audit_checkpoint")

    def _checkpointed(self, cp: checkpoint.Checkpoint) -> None:
        self.banner.show_message(
            f"Checkpoint of record {cp.last_id} saved. Signing key fingerprint: "
            f"{checkpoint.format_fingerprint(cp.fingerprint)}",
            "Record the fingerprint out of band and keep the file outside this computer.",
            "success")
        self.apply()

    # ---- lock and close ------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self.model.clear()
        self.verdict.clear()
        for edit in (self.actor, self.action, self.report, self.entity, self.since,
                     self.until, self.trusted):
            edit.clear()

    def close_without_asking(self) -> None:
        self.closed_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed_for_good = True
        event.accept()
