"""The app's Verify dialog trusts the certificates an administrator pinned for a partner and
names that partner; a stranger's certificate with the same name stays untrusted."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sirat.export.sign import create_test_certificate, load_pkcs12, sign_pdf
from sirat.services.exchange import identity
from sirat.services.exchange.partner_certs import pin_certificate
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.dissemination.verify_dialog import VerifyDialog
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from tests.conftest import open_as
from tests.ui.conftest import LONG

OFFICER = ("Ivana Petrović", "Police RS Belgrade")


def _signed(p12: tuple[bytes, bytes], path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = io.BytesIO()
    c = canvas.Canvas(page)
    c.drawString(72, 720, "A report from Bravo")
    c.save()
    path.write_bytes(sign_pdf(page.getvalue(), load_pkcs12(*p12)))
    return path


def test_a_pdf_signed_by_a_pinned_partner_is_trusted_and_named_in_the_dialog(
        qtbot: QtBot, template_vault: Path, tmp_path: Path, tasks: Tasks,
        settings: QSettings) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(template_vault, a)
    shutil.copytree(template_vault, b)
    a_admin, b_admin = open_as(a, "admin"), open_as(b, "admin")
    card = identity.workstation_id(b_admin)
    identity.pin_partner(a_admin, card.card, "Bravo", "member-state", card.words)
    officer = create_test_certificate(*OFFICER)
    cert = x509.load_der_x509_certificate(load_pkcs12(*officer).certificate_der)
    pin_certificate(a_admin, "Bravo", cert.public_bytes(Encoding.PEM),
                    cert.fingerprint(hashes.SHA256()).hex())
    genuine = _signed(officer, tmp_path / "genuine.pdf")
    forged = _signed(create_test_certificate(*OFFICER), tmp_path / "forged.pdf")
    analyst = open_as(a, "ana")
    context = Context(vault=analyst, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = VerifyDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        dialog.verify(genuine)
        qtbot.waitUntil(lambda: dialog.result_text()["register"].startswith("no"),
                        timeout=LONG)
        shown = dialog.result_text()
        assert shown["trusted"] == "yes — the certificate pinned for partner Bravo"
        assert shown["verdict"].startswith("INTACT, VALID AND TRUSTED")
        assert shown["signer"] == OFFICER[0]
        dialog.grab().save(str(tmp_path / "verify-partner.png"))
        dialog.grab().save("/tmp/i2021_verify_partner.png")

        dialog.verify(forged)
        qtbot.waitUntil(lambda: dialog.result_text()["trusted"].startswith("no"),
                        timeout=LONG)
        assert not dialog.result_text()["verdict"].startswith("INTACT, VALID AND TRUSTED")
    finally:
        for v in (a_admin, b_admin):
            v.lock()
