"""Exchange packages from the app: send reports to pinned partners, inspect and import a
package (services/exchange decides everything; docs/exchange.md).

Shows this workstation's fingerprint words (to read to a partner), a "Send" box -- the
references and the pinned partners to address, with the attachments the package will carry
(thumbnails; greyed, with the reason, when the release kind withholds them) -- and a
"Receive" box: *Inspect…* decrypts
and checks a package and shows its manifest and verdict; *Import* is offered only for a
package the inspection found importable. Files are chosen through :meth:`ExchangeDialog.
choose_file` (tests replace it). Administrators also see "Pin a partner": the partner's card,
a name, a kind and the twelve words the partner read aloud (as ``sirat workstation pin``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontDatabase, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.errors import SiratError
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label, tooltip
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.services.attachments.store import AttachmentView
    from sirat.services.exchange.identity import PartnerView, WorkstationView
    from sirat.services.exchange.packages import PackageIn, PackageInfo, PackageOut
    from sirat.services.exchange.partner_certs import PartnerCertificateView
    from sirat.ui.host import HostWindow


def _read(path: Path) -> bytes:
    from sirat.services.exchange.packages import MAX_PACKAGE

    try:
        if path.stat().st_size > MAX_PACKAGE:
            raise SiratError("The file is larger than any package SIRAT writes.",
                             "Check that this is the package file.")
        return path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The package cannot be read ({exc.strerror}).",
                         "Check the file and the permissions.") from None


NO_IMPORT_FOR_ADMINS = ("Administrators cannot import reports (nobody could edit or submit "
                        "them): sign in as an analyst to import a package.")


class ExchangeDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None,
                 reference: str = "", on_done: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — exchange packages")
        self.setObjectName("exchangeDialog")
        self._context = context
        self._on_done = on_done
        self._inspected: Path | None = None
        self.banner = Banner(self)
        self.words = named(plain_label("…", self), "fingerprintWords")
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.references = named(QLineEdit(reference, self), "packageReports")
        self.references.setPlaceholderText("SIRAT-2026-000001 SIRAT-2026-000002")
        self.partners = named(QListWidget(self), "packagePartners")
        self.partners.setMaximumHeight(110)
        # What the package will carry besides the reports: the attachments, as thumbnails.
        self.files = named(QListWidget(self), "packageAttachments")
        self.files.setViewMode(QListView.ViewMode.IconMode)
        self.files.setIconSize(QSize(56, 56))
        self.files.setMovement(QListView.Movement.Static)
        self.files.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.files.setMaximumHeight(104)
        self.files_note = named(plain_label("", self), "packageAttachmentsNote")
        self.files_note.setWordWrap(True)
        self.references.editingFinished.connect(self.preview_files)
        self.partners.itemChanged.connect(self.preview_files)
        self.send_button = named(QPushButton("&Export package…", self), "exportPackage")
        self.send_button.clicked.connect(self.export)
        self.inspect_button = named(QPushButton("&Inspect package…", self), "inspectPackage")
        self.inspect_button.clicked.connect(self.inspect)
        self.import_button = named(QPushButton("I&mport", self), "importPackage")
        self.import_button.clicked.connect(self.import_)
        self.import_button.setEnabled(False)
        # An administrator inspects (and pins partners) but never imports: the reports
        # would be stranded drafts nobody may edit (the service refuses it too).
        self.may_import = context.info.role != "administrator"
        self.no_import_reason = named(plain_label(NO_IMPORT_FOR_ADMINS, self), "noImportReason")
        self.no_import_reason.setWordWrap(True)
        self.no_import_reason.setVisible(not self.may_import)
        if not self.may_import:
            self.import_button.setToolTip(NO_IMPORT_FOR_ADMINS)
        self.manifest = named(QPlainTextEdit(self), "packageManifest")
        self.manifest.setReadOnly(True)
        self.manifest.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.manifest.setPlaceholderText("Inspect a package to see who sent it, to whom, "
                                         "what it holds and whether it can be imported.")

        self.pin_box = QGroupBox("Pin a partner (administrators)", self)
        self.pin_name = named(QLineEdit(self), "pinName")
        self.pin_kind = named(QComboBox(self), "pinKind")
        for kind in RECIPIENT_KINDS:
            self.pin_kind.addItem(kind, kind)
        self.pin_words = named(QLineEdit(self), "pinWords")
        self.pin_words.setPlaceholderText("the twelve words the partner read to you by telephone")
        self.pin_button = named(QPushButton("Choose the partner's &card and pin…", self),
                                "pinPartner")
        self.pin_button.clicked.connect(self.pin)
        pin_form = QFormLayout(self.pin_box)
        pin_form.addRow("&Name:", self.pin_name)
        pin_form.addRow("&Kind:", self.pin_kind)
        pin_form.addRow("&Words:", self.pin_words)
        pin_form.addRow("", self.pin_button)
        # A pinned partner's signing certificate (the PDFs it signs then verify as trusted).
        self.cert_sha = named(QLineEdit(self), "pinCertSha")
        self.cert_sha.setPlaceholderText("the certificate's SHA-256 as the partner read it "
                                         "to you (for the partner named above)")
        self.cert_button = named(QPushButton("Choose its signing certificate and &pin it…",
                                             self), "pinCertificate")
        self.cert_button.clicked.connect(self.pin_certificate)
        pin_form.addRow("SH&A-256:", self.cert_sha)
        pin_form.addRow("", self.cert_button)
        self.pin_box.setVisible(context.info.role == "administrator")
        send = QGroupBox("Send", self)
        form = QFormLayout(send)
        form.addRow("&Reports:", self.references)
        form.addRow("&To:", self.partners)
        form.addRow("Attachments:", self.files)
        form.addRow("", self.files_note)
        form.addRow("", self.send_button)
        receive = QGroupBox("Receive", self)
        rlay = QVBoxLayout(receive)
        row = QHBoxLayout()
        row.addWidget(self.inspect_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        rlay.addLayout(row)
        rlay.addWidget(self.no_import_reason)
        rlay.addWidget(self.manifest, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        top = QFormLayout()
        top.addRow("This workstation:", self.words)
        layout.addLayout(top)
        layout.addWidget(self.pin_box)
        layout.addWidget(send)
        layout.addWidget(receive, 1)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(760, 560)
        self.load()

    @classmethod
    def open_for(cls, host: HostWindow) -> ExchangeDialog:
        reference = host.model.reference_of(host.current_report_id()) or ""
        dialog = cls(host.context, host, reference=reference, on_done=host.refresh)
        host.open_window(dialog)
        return dialog

    @staticmethod
    def choose_file(parent: QWidget, save: bool, card: bool = False,
                    certificate: bool = False) -> Path | None:
        """The package (identity card, certificate) file to write or read (tests replace
        this)."""
        pattern = ("SIRAT identity cards (*.json *.card);;All files (*)" if card
                   else "Certificates (*.pem *.crt *.cer *.der);;All files (*)" if certificate
                   else "SIRAT packages (*.sirpkg);;All files (*)")
        if save:
            name, _ = QFileDialog.getSaveFileName(parent, "Export package", "", pattern)
        else:
            name, _ = QFileDialog.getOpenFileName(parent, "Open package", "", pattern)
        return Path(name) if name else None

    def load(self) -> None:
        from sirat.services.exchange import identity

        def work(vault: Vault) -> tuple[WorkstationView, list[PartnerView]]:
            return identity.workstation_id(vault), identity.list_partners(vault)

        self._context.run(work, on_success=self._show, on_failure=self.banner.show_error,
                          owner=self, name="exchange_identity")

    def _show(self, loaded: tuple[WorkstationView, list[PartnerView]]) -> None:
        view, partners = loaded
        self.words.setText(view.words)
        self.partners.clear()
        for p in partners:
            item = QListWidgetItem(f"{p.name} ({p.kind})", self.partners)
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not partners:
            self.banner.show_info("No partner is pinned yet.", "An administrator pins one with "
                                  "`sirat workstation pin` after comparing its words by "
                                  "telephone.", timeout_ms=0)
        self.send_button.setEnabled(bool(partners))
        self.preview_files()

    def preview_files(self) -> None:
        """Show the attachments a package of these reports to the ticked partners carries."""
        from sirat.services.attachments import store as attachments
        from sirat.services.exchange.packages import attachments_for
        from sirat.services.reports import records as reports

        keys = self.references.text().replace(",", " ").split()
        to = self.chosen_partners()
        if not keys:
            self._show_files(([], True))
            return

        def work(vault: Vault) -> tuple[list[tuple[AttachmentView, bytes | None]], bool]:
            ids = [reports.find_report_id(vault, key) for key in keys]
            views, goes = attachments_for(vault, ids, to)
            return [(v, attachments.thumbnail(vault, v.id) if v.has_thumbnail else None)
                    for v in views], goes

        self._context.run(work, on_success=self._show_files, on_failure=self._no_files,
                          owner=self, name="package_attachments")

    def _no_files(self, error: SiratError) -> None:
        self.files.clear()
        self.files_note.setText(error.message)

    def _show_files(self, found: tuple[list[tuple[AttachmentView, bytes | None]], bool],
                    ) -> None:
        rows, goes = found
        self.files.clear()
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for view, thumb in rows:
            icon = file_icon
            image = QImage()
            if thumb and image.loadFromData(thumb, "JPEG"):
                icon = QIcon(QPixmap.fromImage(image))
            item = QListWidgetItem(icon, view.name[:24], self.files)
            item.setToolTip(tooltip(f"{view.name} — {view.type_label}; "
                                    f"SHA-256 {view.sha256[:16]}…"))
            if not goes:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.files.setVisible(bool(rows))
        self.files_note.setText(
            "These reports have no attachments." if not rows else
            f"An observer is among the recipients, so the {len(rows)} attachment(s) of "
            "these reports stay here (observers receive none)." if not goes else
            f"{len(rows)} attachment(s) go with the package: the very files, with their "
            "SHA-256 in the signed manifest.")

    def pin(self) -> None:
        from sirat.services.exchange import identity

        name, kind, words = (self.pin_name.text(), str(self.pin_kind.currentData()),
                             self.pin_words.text())
        path = self.choose_file(self, save=False, card=True)
        if path is None:
            return

        def work(vault: Vault) -> PartnerView:
            try:
                if path.stat().st_size > 64 * 1024:
                    raise SiratError("That file is too large to be an identity card.",
                                     "Choose the file `sirat workstation id --card` wrote.")
                data = path.read_bytes()
            except OSError as exc:
                raise SiratError(f"The card cannot be read ({exc.strerror}).",
                                 "Check the file and the permissions.") from None
            return identity.pin_partner(vault, data, name, kind, words)

        self._context.run(work, on_success=self._pinned, on_failure=self.banner.show_error,
                          owner=self, name="pin_partner")

    def _pinned(self, view: PartnerView) -> None:
        self.banner.show_message(f"Pinned {view.name} ({view.kind}).",
                                 "Recorded in the audit log with its fingerprint.", "success")
        self.pin_words.clear()
        self.load()

    def pin_certificate(self) -> None:
        from sirat.services.exchange import partner_certs

        partner, sha = self.pin_name.text().strip(), self.cert_sha.text()
        path = self.choose_file(self, save=False, certificate=True)
        if path is None:
            return

        def work(vault: Vault) -> PartnerCertificateView:
            try:
                if path.stat().st_size > partner_certs.MAX_CERT_BYTES:
                    raise SiratError("That file is too large to be a certificate.",
                                     "Choose the PEM file the partner sent.")
                data = path.read_bytes()
            except OSError as exc:
                raise SiratError(f"The certificate cannot be read ({exc.strerror}).",
                                 "Check the file and the permissions.") from None
            return partner_certs.pin_certificate(vault, partner, data, sha)

        self._context.run(work, on_success=self._cert_pinned,
                          on_failure=self.banner.show_error, owner=self,
                          name="pin_certificate")

    def _cert_pinned(self, view: PartnerCertificateView) -> None:
        self.banner.show_message(
            f"Pinned the certificate of {view.subject} for {view.partner}.",
            "PDFs it signs now verify as trusted here; recorded in the audit log.", "success")
        self.cert_sha.clear()

    def chosen_partners(self) -> list[str]:
        return [str(self.partners.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.partners.count())
                if self.partners.item(i).checkState() == Qt.CheckState.Checked]

    def export(self) -> None:
        from sirat.files import atomic_write_bytes
        from sirat.services.exchange.packages import export_package
        from sirat.services.reports import records as reports

        keys = self.references.text().replace(",", " ").split()
        to = self.chosen_partners()
        if not keys or not to:
            self.banner.show_message("Name at least one report and tick at least one "
                                     "partner.", "", "error")
            return
        path = self.choose_file(self, save=True)
        if path is None:
            return

        def work(vault: Vault) -> PackageOut:
            ids = [reports.find_report_id(vault, key) for key in keys]
            return export_package(vault, ids, to,
                                  lambda data: atomic_write_bytes(path, data, "package file"))

        self.send_button.setEnabled(False)
        self._context.run(work, on_success=self._exported, on_failure=self._failed,
                          owner=self, name="export_package")

    def _exported(self, done: PackageOut) -> None:
        self.send_button.setEnabled(True)
        to = ", ".join(f"{a.name} (number {a.sequence})" for a in done.recipients)
        withheld = (f" {done.attachments_withheld} attachment(s) left out for observers."
                    if done.attachments_withheld else "")
        self.banner.show_message(f"Package with {done.reports} report(s) and "
                                 f"{done.attachments} attachment(s) written for {to}, "
                                 f"released as {done.release_kind}.{withheld}",
                                 f"SHA-256 {done.digest[:16]}…; recorded in the audit log.",
                                 "success")

    def _failed(self, error: SiratError) -> None:
        self.banner.show_error(error)
        self.send_button.setEnabled(self.partners.count() > 0)
        self.import_button.setEnabled(False)

    def inspect(self) -> None:
        from sirat.services.exchange.packages import inspect_package

        path = self.choose_file(self, save=False)
        if path is None:
            return
        self._inspected = None
        self.import_button.setEnabled(False)
        self.manifest.clear()  # never show one file's manifest under another's verdict
        self._context.run(lambda v: (path, inspect_package(v, _read(path))),
                          on_success=self._show_inspection, on_failure=self._failed,
                          owner=self, name="inspect_package")

    def _show_inspection(self, result: tuple[Path, PackageInfo]) -> None:
        path, info = result
        lines = [f"Package      {info.package_id}", f"Created      {info.created_at}",
                 f"Sender       {info.sender_name or 'NOT PINNED here'}",
                 f"Fingerprint  {info.sender_words}",
                 "Recipients   " + "; ".join(f"{r.name} (number {r.sequence})"
                                            for r in info.recipients),
                 f"Release      {info.release_kind}", f"Reports      {info.reports}"]
        files = sum(1 for _, role, _, _ in info.parts if role == "attachment")
        lines.append(f"Attachments  {files}")
        lines += [f"Part         {p} ({role}, {size} bytes)" for p, role, size, _ in info.parts]
        lines.append(f"File SHA-256 {info.digest}")
        lines.append("")
        lines.append(f"WOULD BE REFUSED: {info.problem}" if info.problem else
                     "Checks passed: it can be imported (as received drafts).")
        self.manifest.setPlainText("\n".join(lines))  # plain text: nothing is markup
        self._inspected = None if info.problem else path
        self.import_button.setEnabled(self._inspected is not None and self.may_import)

    def import_(self) -> None:
        from sirat.services.exchange.packages import import_package

        path = self._inspected
        if path is None:
            return
        self.import_button.setEnabled(False)
        self._context.run(lambda v: import_package(v, _read(path)),
                          on_success=self._imported, on_failure=self._failed, owner=self,
                          name="import_package")

    def _imported(self, done: PackageIn) -> None:
        self._inspected = None
        if done.already_imported:
            self.banner.show_info("This package was already imported; nothing was changed.")
            return
        added = done.result.reports_added if done.result is not None else 0
        self.banner.show_message(
            f"Imported {added} report(s) and {done.attachments} attachment(s) from "
            f"{done.sender_name} as received drafts.",
            "They need a local supervisor's approval before dissemination.", "success")
        if self._on_done is not None:
            self._on_done()

    def clear_for_lock(self) -> None:
        self.pin_words.clear()
        self.cert_sha.clear()
        self.manifest.clear()
        self.references.clear()
        self.partners.clear()
        self.files.clear()
        self.files_note.clear()
        self._inspected = None
