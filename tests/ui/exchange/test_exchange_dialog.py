"""The exchange dialog as a user meets it: the words to read aloud, partners to tick, a
package exported from one vault, inspected and imported in another, a refusal shown."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.attachments import store as attachments
from sirat.services.exchange import identity
from sirat.services.reports.query import list_reports
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.exchange_dialog import ExchangeDialog
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG
from tests.unit.services.service_helpers import draft


def _dialog(qtbot: QtBot, vault: Vault, tasks: Tasks, settings: QSettings,
            reference: str = "") -> ExchangeDialog:
    context = Context(vault=vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = ExchangeDialog(context, reference=reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.words.text() != "…", timeout=LONG)
    return dialog


def test_export_inspect_and_import_through_the_dialog(
        qtbot: QtBot, template_vault: Path, tmp_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sirat.services.reports import records as reports

    a_path, b_path = tmp_path / "a", tmp_path / "b"
    shutil.copytree(template_vault, a_path)
    shutil.copytree(template_vault, b_path)
    a_admin, b_admin = open_as(a_path, "admin"), open_as(b_path, "admin")
    a_id, b_id = identity.workstation_id(a_admin), identity.workstation_id(b_admin)
    identity.pin_partner(a_admin, b_id.card, "Bravo", "member-state", b_id.words)
    identity.pin_partner(b_admin, a_id.card, "Alpha", "member-state", a_id.words)
    shutil.copytree(template_vault, tmp_path / "c")
    c_id = identity.workstation_id(open_as(tmp_path / "c", "admin"))
    identity.pin_partner(a_admin, c_id.card, "Observer desk", "observer", c_id.words)
    sender = open_as(a_path, "ana")
    made = reports.create_report(sender, draft(title="Truck at Kapitan Andreevo"))
    ref = made.reference
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 60)).save(jpeg, "JPEG")
    attachments.add_attachment(sender, jpeg.getvalue(), "truck.jpg", report_id=made.id)

    package = tmp_path / "out.sirpkg"
    monkeypatch.setattr(ExchangeDialog, "choose_file", staticmethod(lambda parent, save: package))
    try:
        send = _dialog(qtbot, sender, tasks, settings, reference=ref)
        assert send.words.text() == a_id.words
        assert send.references.text() == ref
        # The preview shows the thumbnail of what goes; an observer ticked greys it out.
        qtbot.waitUntil(lambda: send.files.count() == 1, timeout=LONG)
        assert not send.files.item(0).icon().isNull()
        bravo = next(i for i in range(send.partners.count())
                     if send.partners.item(i).data(Qt.ItemDataRole.UserRole) == "Bravo")
        observer = 1 - bravo
        send.partners.item(observer).setCheckState(Qt.CheckState.Checked)
        qtbot.waitUntil(lambda: "stay here" in send.files_note.text(), timeout=LONG)
        assert not send.files.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
        send.grab().save(str(tmp_path / "observer.png"))
        send.partners.item(observer).setCheckState(Qt.CheckState.Unchecked)
        send.partners.item(bravo).setCheckState(Qt.CheckState.Checked)
        qtbot.waitUntil(lambda: "1 attachment(s) go" in send.files_note.text(), timeout=LONG)
        assert send.files.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
        send.grab().save("/tmp/i2021_send.png")
        qtbot.mouseClick(send.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "written for Bravo" in send.banner.message, timeout=LONG)
        assert "1 attachment(s)" in send.banner.message

        # The receiving administrator may inspect it but not import it (the drafts would
        # be stranded): Import stays off and the dialog says why.
        admin_side = _dialog(qtbot, b_admin, tasks, settings)
        assert admin_side.no_import_reason.isVisibleTo(admin_side)
        assert "sign in as an analyst" in admin_side.no_import_reason.text()
        qtbot.mouseClick(admin_side.inspect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "can be imported" in admin_side.manifest.toPlainText(),
                        timeout=LONG)
        assert not admin_side.import_button.isEnabled()
        assert "Administrators cannot import" in admin_side.import_button.toolTip()
        admin_side.close()

        receiver = open_as(b_path, "bora")
        recv = _dialog(qtbot, receiver, tasks, settings)
        assert not recv.import_button.isEnabled()
        assert not recv.no_import_reason.isVisibleTo(recv)
        qtbot.mouseClick(recv.inspect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(recv.import_button.isEnabled, timeout=LONG)
        text = recv.manifest.toPlainText()
        assert "Alpha" in text
        assert "can be imported" in text
        assert "Attachments  1" in text
        assert a_id.words in text
        qtbot.mouseClick(recv.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Imported 1 report(s)" in recv.banner.message, timeout=LONG)
        assert "1 attachment(s)" in recv.banner.message
        rows = list_reports(receiver, None, "reference", False, 0, 10)
        assert [r.title for r in rows] == ["Truck at Kapitan Andreevo"]
        got = attachments.list_attachments(receiver, report_id=rows[0].id)
        assert [attachments.content_of(receiver, g.id)[1] for g in got] == [jpeg.getvalue()]

        # Inspecting it again: already imported, shown as a refusal, Import stays off.
        qtbot.mouseClick(recv.inspect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "WOULD BE REFUSED" in recv.manifest.toPlainText(),
                        timeout=LONG)
        assert "already imported" in recv.manifest.toPlainText()
        assert not recv.import_button.isEnabled()
        # A damaged file: the banner says why, in a sentence.
        package.write_bytes(b"garbage")
        qtbot.mouseClick(recv.inspect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "refused" in recv.banner.message, timeout=LONG)
    finally:
        for v in (a_admin, b_admin):
            v.lock()


def test_an_administrator_pins_a_partner_with_the_words_read_aloud(
        qtbot: QtBot, template_vault: Path, tmp_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    a_path, b_path = tmp_path / "a", tmp_path / "b"
    shutil.copytree(template_vault, a_path)
    shutil.copytree(template_vault, b_path)
    b_admin = open_as(b_path, "admin")
    partner = identity.workstation_id(b_admin)
    card = tmp_path / "bravo.json"
    card.write_bytes(partner.card)
    monkeypatch.setattr(ExchangeDialog, "choose_file",
                        staticmethod(lambda parent, save, **_kw: card))
    a_admin = open_as(a_path, "admin")
    try:
        dialog = _dialog(qtbot, a_admin, tasks, settings)
        assert dialog.pin_box.isVisibleTo(dialog)
        dialog.pin_name.setText("Bravo")
        dialog.pin_kind.setCurrentIndex(dialog.pin_kind.findData("observer"))
        dialog.pin_words.setText("wrong " * 12)
        qtbot.mouseClick(dialog.pin_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "do not match" in dialog.banner.message, timeout=LONG)
        assert identity.list_partners(a_admin) == []
        dialog.pin_words.setText(partner.words)
        qtbot.mouseClick(dialog.pin_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Pinned Bravo" in dialog.banner.message, timeout=LONG)
        qtbot.waitUntil(lambda: dialog.partners.count() == 1, timeout=LONG)
        assert dialog.partners.item(0).text() == "Bravo (observer)"
        dialog.grab().save(str(tmp_path / "pin.png"))
        # The partner's signing certificate, with the SHA-256 it read out.
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.serialization import Encoding

        from sirat.export.sign import create_test_certificate, load_pkcs12
        from sirat.services.exchange.partner_certs import list_certificates

        cert = x509.load_der_x509_certificate(load_pkcs12(*create_test_certificate(
            "Ivana Petrović", "Police RS Belgrade")).certificate_der)
        card.write_bytes(cert.public_bytes(Encoding.PEM))  # the file the dialog opens
        dialog.cert_sha.setText("00" * 32)
        qtbot.mouseClick(dialog.cert_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "does not match" in dialog.banner.message, timeout=LONG)
        assert list_certificates(a_admin) == []
        dialog.cert_sha.setText(cert.fingerprint(hashes.SHA256()).hex())
        qtbot.mouseClick(dialog.cert_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Pinned the certificate of Ivana Petrović" in
                        dialog.banner.message, timeout=LONG)
        assert [c.partner for c in list_certificates(a_admin)] == ["Bravo"]
        dialog.grab().save("/tmp/i2021_pin_cert.png")
        analyst = _dialog(qtbot, open_as(a_path, "ana"), tasks, settings)
        assert not analyst.pin_box.isVisibleTo(analyst)
    finally:
        a_admin.lock()
        b_admin.lock()
