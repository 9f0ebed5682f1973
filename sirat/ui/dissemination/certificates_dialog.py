"""Signing certificates in the app: list, import your PKCS#12, and (administrators) create a
workstation test certificate. Passphrases are typed here and never kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.services.dissemination import certificates
from sirat.services.dissemination.certificates import MAX_FILE_BYTES, CertificateView
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.dates import show_date
from sirat.ui.forms import named, plain_label
from sirat.vault import Vault


def describe(c: CertificateView) -> str:
    test = " — TEST CERTIFICATE, not for operational use" if c.test_certificate else ""
    return (f"#{c.id} {c.common_name}, {c.organisation} · owner {c.owner_name} · "
            f"valid until {show_date(c.not_after)} · {c.state()}{test}")


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SiratError("The file is too large to be a PKCS#12 certificate.",
                             "Choose the .p12 or .pfx file of your certificate.")
        return path.read_bytes()
    except OSError:
        raise SiratError("The certificate file cannot be read.",
                         "Check the path and the permissions.") from None


class CertificatesDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — signing certificates")
        self.setObjectName("certificatesDialog")
        self._context = context
        admin = context.info.role == "administrator"
        self.banner = Banner(self)
        self.list = named(QListWidget(self), "certificateList")
        import_button = named(QPushButton("&Import my certificate (.p12 / .pfx)…", self),
                              "importCertificate")
        import_button.clicked.connect(self.import_file)
        import_button.setVisible(not admin)
        create = named(QPushButton("Create a &test certificate for…", self), "createTest")
        create.clicked.connect(self.create_test)
        create.setVisible(admin)
        row = QHBoxLayout()
        row.addWidget(import_button)
        row.addWidget(create)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "Certificates are kept in the vault, encrypted under their own passphrase, "
            "which SIRAT does not store: you type it at every signature.", self))
        layout.addWidget(self.banner)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(760, 380)
        self.reload()

    def reload(self) -> None:
        self._context.run(certificates.list_certificates, on_success=self._show,
                          on_failure=self.banner.show_error, owner=self, name="certificates")

    def _show(self, rows: list[CertificateView]) -> None:
        self.list.clear()
        self.list.addItems([describe(c) for c in rows] or ["No certificate yet."])

    # tests replace these three
    @staticmethod
    def ask_file(parent: QWidget) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import a signing certificate", "",
                                              "PKCS#12 certificates (*.p12 *.pfx)")
        return Path(name) if name else None

    @staticmethod
    def ask_passphrase(parent: QWidget, prompt: str) -> str | None:
        text, accepted = QInputDialog.getText(parent, "Certificate passphrase", prompt,
                                              QLineEdit.EchoMode.Password)
        return text if accepted and text else None

    @staticmethod
    def ask_owner(parent: QWidget) -> str | None:
        text, accepted = QInputDialog.getText(parent, "Test certificate",
                                              "User name of the certificate's owner:")
        return text.strip() if accepted and text.strip() else None

    def import_file(self) -> None:
        path = self.ask_file(self)
        if path is None:
            return
        secret = self.ask_passphrase(self, "Passphrase of the certificate file:")
        if secret is None:
            return

        def work(vault: Vault) -> CertificateView:
            return certificates.import_certificate(vault, _read(path), secret)

        self._context.run(work, on_success=self._added, on_failure=self.banner.show_error,
                          owner=self, name="import_certificate")

    def create_test(self) -> None:
        owner = self.ask_owner(self)
        if owner is None:
            return
        secret = self.ask_passphrase(self, "Passphrase for the new test certificate "
                                           f"(at least {certificates.MIN_PASSPHRASE} "
                                           "characters; give it to its owner):")
        if secret is None:
            return
        self._context.run(
            lambda v: certificates.create_test_certificate(v, secret, owner=owner),
            on_success=self._added, on_failure=self.banner.show_error, owner=self,
            name="create_test_certificate")

    def _added(self, view: CertificateView) -> None:
        self.banner.show_info(f"Certificate #{view.id} added.")
        self.reload()

    def clear_for_lock(self) -> None:
        self.list.clear()

    def close_without_asking(self) -> None:
        self.close()
