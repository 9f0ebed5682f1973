"""Export an approved report as a PDF for one recipient: pick, preview, sign, save.

Choosing a recipient builds the export plan on the vault worker: either the refusal (not
approved, classification, handling code, H2 without the provider's permission) with how to
fix it, or what this recipient will not receive and the release view it will read. Export
then runs in three steps -- vault worker (plan again, read the sealed certificate), CPU
worker (unlock the certificate, render, sign; with progress), vault worker (register the
export, mark the report disseminated and write the file atomically inside that transaction)
-- so a wrong passphrase or an expired certificate stops it before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.disclosure import may_receive_attachments
from sirat.domain.vocab import RECIPIENT_KIND_WORDS, CertificateId, ReportId
from sirat.errors import SiratError
from sirat.export.errors import CertificateError
from sirat.export.sign import LoadedSigner
from sirat.export.warmup import warm_up
from sirat.files import atomic_write_bytes
from sirat.services.attachments import store as attachments
from sirat.services.dissemination import certificates, unlocked
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination.certificates import SealedCertificate
from sirat.services.dissemination.choices import (
    ExportChoices,
    export_choices,
    record_provider_permission,
)
from sirat.services.dissemination.register import RegisterEntry
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.dates import show_date
from sirat.ui.dissemination.preview_html import release_view_html, withholding_lines
from sirat.ui.forms import named, plain_label
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.tasks import CPU
from sirat.vault import Vault

KIND_WORDS = {kind: word.lower() for kind, word in RECIPIENT_KIND_WORDS.items()}


def default_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def target_path(text: str) -> Path:
    """The file named in the Save-as field: ``~`` expanded, ``.pdf`` added when missing.

    Raises a :class:`SiratError` for an empty field or a folder given as the file.
    """
    text = text.strip()
    if not text:
        raise SiratError("Say where to save the PDF.", "Type a file name or use Choose….")
    path = Path(text).expanduser()
    if path.is_dir():
        raise SiratError("'Save as' names a folder, not a file.",
                         "Add a file name ending in .pdf, or use Choose….")
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    return path


def write_pdf(path: Path, data: bytes) -> None:
    """Write atomically; an OS error the vault layer does not name becomes a message."""
    try:
        atomic_write_bytes(path, data, "PDF")
    except OSError as exc:
        raise SiratError("The PDF could not be written to that folder.",
                         "Check the folder in 'Save as' (does it exist, may you write "
                         "there?) and export again.") from exc


class _Prepared(NamedTuple):
    """What the vault worker hands the CPU worker for one export."""

    plan: dissemination.ExportPlan
    sealed: SealedCertificate | None
    kept: LoadedSigner | None  # the key opened earlier in this session, if any
    vault: Vault


class ExportDialog(QDialog):
    """Non-modal: the analyst may read the report while choosing."""

    def __init__(self, context: Context, report_id: ReportId,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — export a PDF for a recipient")  # never personal data
        self.setObjectName("exportDialog")
        self.export_report_id = report_id  # not "report_id": that names editors
        self._context = context
        self._choices: ExportChoices | None = None
        self._plan: dissemination.ExportPlan | None = None
        self._generation = 0
        self._busy = False
        self._stage = 0  # which export step runs now (see _settle_after)
        self._chosen_path: Path | None = None
        self._last_folder: Path | None = None  # the next copy goes beside the last one
        self._build()
        self._load_choices()

    # ---- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = named(plain_label("Loading the report…", self), "exportHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.banner = Banner(self)
        self.recipient = named(QComboBox(self), "recipient")
        self.recipient.currentIndexChanged.connect(self._replan)
        self.refusal = named(plain_label("", self), "refusal")
        self.refusal.setStyleSheet("color:#a4161a; background:#fdecea; padding:6px; "
                                   "border:1px solid #a4161a; border-radius:3px;")
        self.refusal.hide()
        self.permission_button = named(QPushButton("Record the provider's permission (H2)…",
                                                   self), "recordPermission")
        self.permission_button.hide()
        self.permission_button.clicked.connect(self._record_permission)
        # Attached images for the PDF annex (member states and partners only).
        self.images = named(QListWidget(self), "annexImages")
        self.images.setMaximumHeight(90)
        self.images.setIconSize(QSize(40, 40))  # the thumbnail of what would be printed
        self.images.itemChanged.connect(self._replan)
        self.images_note = named(plain_label("", self), "annexImagesNote")
        self.copy = named(QSpinBox(self), "copyNumber")
        self.copy.setRange(1, 99_999)
        self.copy.valueChanged.connect(self._replan)
        self.sign = named(QCheckBox("Sign with my certificate (PAdES)", self), "sign")
        self.certificate = named(QComboBox(self), "certificate")
        self.passphrase = named(QLineEdit(self), "certificatePassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign.toggled.connect(self._sign_toggled)
        self.certificate.currentIndexChanged.connect(self._show_passphrase_hint)
        self.no_certificate = named(plain_label(
            "You have no valid signing certificate: import one with Tools ▸ Signing "
            "certificates…", self), "noCertificate")
        self.no_certificate.hide()
        self.path = named(QLineEdit(self), "outputPath")
        self.path.setPlaceholderText("Where to save the PDF (type it, or Choose…)")
        # A typed path is kept when the plan is rebuilt (another copy number, recipient).
        self.path.textEdited.connect(self._path_typed)
        choose = named(QPushButton("&Choose…", self), "choosePath")
        choose.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self._buddy("&Recipient", self.recipient), self.recipient)
        form.addRow("", self.refusal)
        form.addRow("", self.permission_button)
        form.addRow(self._buddy("Copy &number", self.copy), self.copy)
        form.addRow(self._buddy("Attached &images", self.images), self.images)
        form.addRow("", self.images_note)
        form.addRow("Signature", self.sign)
        form.addRow(self._buddy("Ce&rtificate", self.certificate), self.certificate)
        form.addRow(self._buddy("&Passphrase", self.passphrase), self.passphrase)
        form.addRow("", self.no_certificate)
        form.addRow(self._buddy("Save &as", self.path), path_row)
        self.progress = named(QProgressBar(self), "exportProgress")
        self.progress.hide()
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(plain_label("What this recipient will not receive", left))
        self.losses = named(QListWidget(left), "losses")
        self.losses.setWordWrap(True)
        self.losses.setSpacing(3)
        column.addWidget(self.losses, 1)
        column.addWidget(self.progress)
        self.preview = named(QTextBrowser(self), "releasePreview")
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.setPlaceholderText("Choose a recipient this report may go to: the text "
                                        "it will read appears here.")
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(plain_label("Preview: the text as this recipient will read it",
                                           right))
        right_column.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(self)
        self.export_button = named(buttons.addButton("&Export",
                                                     QDialogButtonBox.ButtonRole.AcceptRole),
                                   "exportButton")
        self.export_button.setDefault(True)
        self.export_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._sign_toggled(False)
        fit_to_screen(self, 1100, 700)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    # ---- choices and plan ------------------------------------------------------------------
    def _load_choices(self) -> None:
        rid = self.export_report_id
        self._context.run(lambda v: export_choices(v, rid), on_success=self._show_choices,
                          on_failure=self.banner.show_error, owner=self,
                          name="export_choices")
        self._context.run(lambda v: [(view, attachments.thumbnail(v, view.id))
                                     for view in attachments.images_for_release(
                                         v, ReportId(rid))],
                          on_success=self._show_images, on_failure=self.banner.show_error,
                          owner=self, name="annex_images")

    def _show_images(self, views: list[tuple[attachments.AttachmentView, bytes | None]],
                     ) -> None:
        self.images.blockSignals(True)
        self.images.clear()
        for view, thumb in views:
            item = QListWidgetItem(f"{view.name} ({view.width}×{view.height})")
            image = QImage()
            if thumb and image.loadFromData(thumb, "JPEG"):
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.images.addItem(item)
        self.images.blockSignals(False)
        self._images_state()

    def chosen_images(self) -> tuple[int, ...]:
        if not self.images.isEnabled():
            return ()
        return tuple(int(self.images.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.images.count())
                     if self.images.item(i).checkState() == Qt.CheckState.Checked)

    def _images_state(self) -> None:
        code = self.recipient.currentData()
        kind = next((o.kind for o in (self._choices.recipients if self._choices else ())
                     if o.code == code), "")
        allowed = may_receive_attachments(kind) if code else True
        self.images.setEnabled(allowed and self.images.count() > 0)
        self.images_note.setText(
            "No attached images." if self.images.count() == 0 else
            "Printed after the chart, without their metadata (EXIF, GPS)." if allowed else
            "Observers receive no attachments.")

    def _show_choices(self, choices: ExportChoices) -> None:
        first = self._choices is None
        self._choices = choices
        marks = ", ".join((choices.classification, *choices.handling_codes))
        self.heading.setText(f"{choices.reference} · version {choices.version} · "
                             f"{choices.status} · {marks}")
        current = self.recipient.currentData()
        self.recipient.blockSignals(True)
        self.recipient.clear()
        self.recipient.addItem("Choose a recipient…", None)
        for option in choices.recipients:
            mark = "" if option.allowed else "  (not allowed)"
            self.recipient.addItem(f"{option.name} ({option.code}) · "
                                   f"{KIND_WORDS.get(option.kind, option.kind)}{mark}",
                                   option.code)
        found = self.recipient.findData(current) if current else 0
        self.recipient.setCurrentIndex(max(found, 0))
        self.recipient.blockSignals(False)
        self.copy.blockSignals(True)
        self.copy.setValue(choices.next_copy)
        self.copy.blockSignals(False)
        self.certificate.clear()
        for cert in choices.certificates:
            test = " — TEST certificate" if cert.test_certificate else ""
            until = show_date(cert.not_after)
            self.certificate.addItem(f"{cert.common_name} (until {until}){test}", int(cert.id))
        has_cert = bool(choices.certificates)
        if first:
            # While the user chooses: the first export then costs what any export costs
            # (plus opening the certificate once). CPU worker; no vault, no personal data
            # kept (the names only pick the stamp's characters).
            names = [cert.common_name for cert in choices.certificates]
            self._context.tasks.run(lambda: warm_up(names), worker=CPU, owner=self,
                                    name="export_warm_up")
        self.sign.setEnabled(has_cert)
        if first or not has_cert:
            self.sign.setChecked(has_cert)
        self.no_certificate.setVisible(not has_cert)
        self._sign_toggled(self.sign.isChecked())
        self._replan()

    def _sign_toggled(self, on: bool) -> None:
        self.certificate.setEnabled(on)
        self.passphrase.setEnabled(on)
        self._show_passphrase_hint()

    def _key_kept(self) -> bool:
        """Whether the chosen certificate was opened earlier in this sign-in session."""
        cert_id = self.certificate.currentData()
        return cert_id is not None and unlocked.is_kept(self._context.vault,
                                                        CertificateId(int(cert_id)))

    def _show_passphrase_hint(self, *_: object) -> None:
        kept = self._key_kept()
        self.passphrase.setPlaceholderText(
            "Open until SIRAT locks: leave empty" if kept
            else "Passphrase (asked once per session)")
        self.passphrase.setToolTip(
            "You opened this certificate earlier in this session; it stays open until SIRAT "
            "locks. A passphrase typed here is checked again." if kept
            else "The certificate's passphrase. It stays open (in memory only) until SIRAT "
            "locks, so the next export in this session does not ask again.")

    def _replan(self, *_: object) -> None:
        self._generation += 1
        self._plan = None
        self.export_button.setEnabled(False)
        self.refusal.hide()
        self.permission_button.hide()
        code = self.recipient.currentData()
        if code is None:
            self.losses.clear()
            self.preview.clear()
            return
        self._images_state()
        generation, rid, copy = self._generation, self.export_report_id, self.copy.value()
        chosen = self.chosen_images()
        self._context.run(
            lambda v: dissemination.plan_export(v, rid, code, copy_number=copy,
                                                attachments=chosen),
            on_success=lambda plan: self._show_plan(generation, plan),
            on_failure=lambda error: self._show_refusal(generation, error),
            owner=self, name="plan_export")

    def _show_plan(self, generation: int, plan: dissemination.ExportPlan) -> None:
        if generation != self._generation:
            return
        self._plan = plan
        self.losses.clear()
        labels = {e.id: e.label for e in plan.inputs.entities}
        self.losses.addItems([f"• {line}" for line in plan.losses]
                             + [f"• {line}" for line in
                                withholding_lines(plan.withholdings, labels)]
                             or ["Nothing: this recipient receives the full report."])
        self.preview.setHtml(release_view_html(plan.view, plan.chart, plan.copy_number))
        if self._chosen_path is None:
            self.path.setText(str((self._last_folder or default_folder()) / plan.file_name))
        self.export_button.setEnabled(not self._busy)

    def _show_refusal(self, generation: int, error: SiratError) -> None:
        if generation != self._generation:
            return
        self.losses.clear()
        self.preview.clear()
        self.refusal.setText(f"{error.message} {error.hint}".strip())
        self.refusal.show()
        choices = self._choices
        h2 = "provider's permission" in error.message
        self.permission_button.setVisible(
            h2 and choices is not None and choices.may_record_permission)

    # ---- actions ---------------------------------------------------------------------------
    @staticmethod
    def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
        """The file to write (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(parent, "Save the PDF as", str(suggested),
                                              "PDF documents (*.pdf)")
        return Path(name) if name else None

    @staticmethod
    def confirm_overwrite(parent: QWidget, path: Path) -> bool:
        """Whether to replace an existing file (tests replace this)."""
        answer = QMessageBox.question(
            parent, "Replace the file?",
            f"{path.name} already exists in this folder. Replace it with the new export?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _may_write(self, path: Path) -> bool:
        """Never write through a link or over a folder or device; ask before replacing."""
        if path.is_symlink() or (path.exists() and not path.is_file()):
            self.banner.show_message(f"{path.name} is a link, a folder or a device; SIRAT "
                                     "does not replace it.", "Choose another file name.")
            return False
        if not path.parent.is_dir():
            self.banner.show_message("The folder to save into does not exist.",
                                     "Choose another folder.")
            return False
        return not path.exists() or self.confirm_overwrite(self, path)

    @staticmethod
    def ask_permission_note(parent: QWidget) -> str | None:
        """Who gave permission, how and when (tests replace this)."""
        text, accepted = QInputDialog.getText(
            parent, "Provider's permission (H2)",
            "Who gave permission to disseminate, how and when:")
        return text if accepted and text.strip() else None

    @staticmethod
    def ask_create_folder(parent: QWidget, folder: Path) -> bool:
        """Whether to create a missing folder (tests replace this)."""
        answer = QMessageBox.question(
            parent, "SIRAT — create the folder?",
            f"The folder {folder} does not exist. Create it and save the PDF there?")
        return answer == QMessageBox.StandardButton.Yes

    def _path_typed(self, text: str) -> None:
        self._chosen_path = Path(text) if text.strip() else None

    def _checked_target(self) -> Path | None:
        """The file to write, its folder created (the suggested one silently, another only
        when the analyst agrees); None with the reason in the banner otherwise."""
        try:
            path = target_path(self.path.text())
        except SiratError as error:
            self.banner.show_error(error)
            self.path.setFocus()
            return None
        folder = path.parent
        if not folder.is_dir():
            suggested = folder == default_folder()
            if not suggested and not self.ask_create_folder(self, folder):
                self.banner.show_message("The folder in 'Save as' does not exist.",
                                         "Correct it or use Choose….", "warning")
                self.path.setFocus()
                return None
            try:
                folder.mkdir(parents=True, mode=0o700, exist_ok=True)
            except OSError:
                self.banner.show_message("The folder in 'Save as' cannot be created.",
                                         "Choose a folder you can write to.", "warning")
                self.path.setFocus()
                return None
        if str(path) != self.path.text():
            self.path.setText(str(path))
        return path

    def _choose_path(self) -> None:
        suggested = Path(self.path.text()) if self.path.text() else default_folder()
        chosen = self.ask_save_path(self, suggested)
        if chosen is not None:
            if chosen.suffix.lower() != ".pdf":
                chosen = chosen.with_name(chosen.name + ".pdf")
            self._chosen_path = chosen
            self.path.setText(str(chosen))

    def _record_permission(self) -> None:
        note = self.ask_permission_note(self)
        if note is None:
            return
        rid = self.export_report_id
        self._context.run(lambda v: record_provider_permission(v, rid, note),
                          on_success=lambda _: self._load_choices(),
                          on_failure=self.banner.show_error, owner=self,
                          name="record_permission")

    def export(self) -> None:
        plan = self._plan
        if plan is None or self._busy:
            return
        if not self.path.text().strip():
            self._choose_path()
            if not self.path.text().strip():
                return
        target = self._checked_target()
        if target is None:
            return
        signing = self.sign.isChecked() and self.certificate.currentData() is not None
        if signing and not self.passphrase.text() and not self._key_kept():
            self.banner.show_message("Type your certificate passphrase to sign.",
                                     "Or untick 'Sign with my certificate'.")
            self.passphrase.setFocus()
            return
        path, code, copy = target, plan.recipient.code, self.copy.value()
        if not self._may_write(path):
            return
        cert_id: int | None = self.certificate.currentData() if signing else None
        secret = self.passphrase.text()
        self.passphrase.clear()
        self._set_busy(True)
        self._stage += 1
        rid = self.export_report_id
        chosen = self.chosen_images()

        def prepare(vault: Vault) -> _Prepared:
            fresh = dissemination.plan_export(vault, rid, code, copy_number=copy,
                                              attachments=chosen)
            sealed = (certificates.sealed_certificate(vault, CertificateId(cert_id))
                      if cert_id else None)
            # A passphrase typed anyway is checked (a wrong one is refused); else the key
            # opened earlier in this session, if the certificate is still the same one.
            kept = unlocked.kept(vault, sealed) if sealed is not None and not secret else None
            if sealed is not None and kept is None and not secret:
                raise CertificateError("Type your certificate passphrase to sign.",
                                       "Or untick 'Sign with my certificate'.")
            return _Prepared(fresh, sealed, kept, vault)

        self._context.run(prepare, on_success=lambda r: self._render(r, secret, path),
                          on_failure=self._failed, owner=self, name="export_prepare",
                          on_done=self._settle_after(self._stage))

    def _render(self, prepared: _Prepared, secret: str, path: Path) -> None:
        plan, sealed, signer, vault = prepared

        def work(report: Callable[[int, int], None]) -> dissemination.RenderedExport:
            use = signer
            if use is None and sealed is not None:
                use = certificates.unlock_certificate(sealed, secret)
                unlocked.keep(vault, sealed, use)  # until this sign-in session locks
            return dissemination.render_export(plan, signer=use, progress=report)

        self._stage += 1
        self._context.tasks.run_with_progress(
            work, self._progressed, on_success=lambda r: self._record(r, path),
            on_failure=self._failed, owner=self, worker=CPU, name="export_render",
            on_done=self._settle_after(self._stage))

    def _record(self, rendered: dissemination.RenderedExport, path: Path) -> None:
        def record(vault: Vault) -> RegisterEntry:
            return dissemination.record_export(
                vault, rendered, deliver=lambda data: write_pdf(path, data))

        self._stage += 1
        self._context.run(record, on_success=lambda entry: self._done(entry, path),
                          on_failure=self._failed, owner=self, name="export_record",
                          on_done=self._settle_after(self._stage))

    def _settle_after(self, stage: int) -> Callable[[], None]:
        """Called after each step whatever its outcome (a bug included): when no later
        step was started, the dialog is usable again -- never frozen at 100 %."""
        def settle() -> None:
            if self._stage == stage and self._busy:
                self._set_busy(False)
        return settle

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, entry: RegisterEntry, path: Path) -> None:
        self._set_busy(False)
        self._chosen_path = None
        self._last_folder = path.parent
        signed = "signed" if entry.signed else "unsigned"
        self.banner.show_message(
            f"Exported copy {entry.copy_number} for {entry.recipient_code} ({signed}, "
            f"{entry.pages} pages) to {path.name}.",
            f"Recorded in the dissemination register; SHA-256 {entry.sha256[:16]}…",
            "success")
        self._load_choices()

    def _failed(self, error: SiratError) -> None:
        self._set_busy(False)
        self.banner.show_error(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        for widget in (self.recipient, self.copy, self.sign, self.certificate,
                       self.passphrase, self.path, self.export_button):
            widget.setEnabled(not busy)
        if not busy:
            self._sign_toggled(self.sign.isChecked() and self.sign.isEnabled())
            self.export_button.setEnabled(self._plan is not None)

    # ---- lock ------------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self._generation += 1
        self.passphrase.clear()
        self.preview.clear()
        self.losses.clear()
        self.heading.clear()
        self._plan = None

    def close_without_asking(self) -> None:
        self.close()
