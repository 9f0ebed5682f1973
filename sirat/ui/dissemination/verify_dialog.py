"""Check a signed PDF: intact, valid, trusted, changed after signing, who signed, and
whether it is a copy this vault sent (its SHA-256 in the dissemination register).

The certificates of this vault and the partners' pinned certificates are read on the vault
worker as trust anchors ("trusted" = signed with a certificate kept here or pinned for a
partner, who is then named; a certificate file may be added), then the file is read and
verified on the CPU worker, then the register is looked up on the vault worker.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.export.verify import VerifyResult
from sirat.services.dissemination.register import RegisterEntry, find_by_sha256
from sirat.services.exchange.partner_certs import (
    Anchors,
    PartnerVerification,
    anchors,
    verify_against,
)
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.forms import named, plain_label
from sirat.ui.tasks import CPU

MAX_BYTES = 512 * 1024 * 1024
_YES_NO = {True: "yes", False: "no"}


def verdict(result: VerifyResult) -> str:
    """One line, worst finding first; a TEST certificate always (the CLI says the same)."""
    return result.headline(" —")


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SiratError("The file is too large to be a report PDF.", "Check the file.")
        return path.read_bytes()
    except OSError:
        raise SiratError("The file cannot be read.",
                         "Check that it still exists and that you may read it.") from None


class VerifyDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — verify a signed PDF")
        self.setObjectName("verifyDialog")
        self._context = context
        self._extra: list[bytes] = []
        self.banner = Banner(self)
        self.file_label = named(plain_label("No file chosen.", self), "verifyFile")
        open_button = named(QPushButton("&Open PDF…", self), "openPdf")
        open_button.clicked.connect(self.choose_file)
        trust_button = named(QPushButton("&Trust a certificate file…", self), "trustFile")
        trust_button.clicked.connect(self._choose_trust)
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addWidget(trust_button)
        row.addStretch(1)
        self.verdict = named(plain_label("", self), "verdict")
        font = self.verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.verdict.setFont(font)
        self.verdict.hide()
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, text in (("intact", "Intact"), ("valid", "Signature valid"),
                          ("trusted", "Signer trusted"),
                          ("modified", "Modified after signing"), ("signer", "Signed by"),
                          ("signed_at", "Signed at"), ("test", "Test certificate"),
                          ("register", "In this vault's register"), ("sha256", "SHA-256")):
            self.fields[key] = named(plain_label("", self), f"verify_{key}")
            form.addRow(text, self.fields[key])
        self.details = named(plain_label("", self), "verifySummary")
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.file_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.verdict)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(720, 520)

    @staticmethod
    def ask_open_path(parent: QWidget, caption: str, filters: str) -> Path | None:
        """A file to open (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(parent, caption, "", filters)
        return Path(name) if name else None

    def _choose_trust(self) -> None:
        path = self.ask_open_path(self, "Trust this certificate",
                                  "Certificates (*.pem *.crt *.cer *.der)")
        if path is None:
            return
        self._context.tasks.run(lambda: _read(path), on_success=self._extra.append,
                                on_failure=self.banner.show_error, owner=self, worker=CPU)

    def choose_file(self) -> None:
        path = self.ask_open_path(self, "Verify a signed PDF", "PDF documents (*.pdf)")
        if path is not None:
            self.verify(path)

    def verify(self, path: Path) -> None:
        """Verify ``path`` (on the CPU worker) and show the verdict."""
        self.banner.dismiss()
        self.file_label.setText(f"File: {path.name}")
        self._set_verdict("Checking…", None)
        self._context.run(anchors, on_success=lambda a: self._check(path, a),
                          on_failure=self._failed, owner=self, name="trust_anchors")

    def _check(self, path: Path, trusted: Anchors) -> None:
        extra = list(self._extra)

        def work() -> tuple[PartnerVerification, str]:
            data = _read(path)
            return (verify_against(data, trusted, extra=extra, require_anchor=False),
                    hashlib.sha256(data).hexdigest())

        self._context.tasks.run(work, on_success=self._show, on_failure=self._failed,
                                owner=self, worker=CPU, name="verify_pdf")

    def _failed(self, error: SiratError) -> None:
        self.verdict.hide()
        self.banner.show_error(error)

    def _set_verdict(self, text: str, ok: bool | None) -> None:
        colours = {True: ("#e6f4ea", "#1e6b34"), False: ("#fdecea", "#a4161a"),
                   None: ("#f1f3f4", "#333333")}
        background, colour = colours[ok]
        self.verdict.setStyleSheet(f"background:{background}; color:{colour}; padding:8px; "
                                   f"border:1px solid {colour}; border-radius:3px;")
        self.verdict.setText(text)
        self.verdict.show()

    def _show(self, outcome: tuple[PartnerVerification, str]) -> None:
        found, digest = outcome
        result = found.result
        self._set_verdict(verdict(result), result.ok)
        f = self.fields
        f["intact"].setText(_YES_NO[result.intact])
        f["valid"].setText(_YES_NO[result.valid])
        f["trusted"].setText(
            f"yes — the certificate pinned for partner {found.partner}" if found.partner
            else "yes" if result.trusted else
            "no (not signed with a certificate of this vault, one pinned for a partner, or "
            "one you chose to trust)")
        f["modified"].setText(_YES_NO[result.modified_after_signing])
        f["signer"].setText(result.signer_common_name or "—")
        f["signed_at"].setText(show_time(result.signed_at.isoformat())
                               if result.signed_at else "—")
        f["test"].setText("YES — not for operational use" if result.test_certificate else "no")
        f["sha256"].setText(digest)
        f["register"].setText("looking up…")
        self.details.setText("\n".join(result.summary))
        self._context.run(lambda v: find_by_sha256(v, digest), on_success=self._show_register,
                          owner=self, name="register_lookup")

    def _show_register(self, entries: list[RegisterEntry]) -> None:
        if not entries:
            self.fields["register"].setText("no — not exported from this vault, or changed "
                                            "since")
            return
        e = entries[-1]
        self.fields["register"].setText(
            f"yes — {e.reference} v{e.report_version}, copy {e.copy_number}, to "
            f"{e.recipient_code}, {show_time(e.exported_at)} "
            f"(register #{e.id})")

    def result_text(self) -> dict[str, str]:
        """What the dialog shows, for tests and screen readers."""
        return {"verdict": self.verdict.text(),
                **{k: label.text() for k, label in self.fields.items()}}

    def clear_for_lock(self) -> None:
        self.verdict.clear()
        self.details.clear()
        self.file_label.clear()
        for label in self.fields.values():
            label.clear()

    def close_without_asking(self) -> None:
        self.close()
