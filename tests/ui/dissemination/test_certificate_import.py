"""An analyst imports their own PKCS#12 (issued by a CA, not a test certificate) from
Tools ▸ Signing certificates, typing its passphrase: listed without a TEST label. A wrong
passphrase and a file that is no certificate are refused in the banner, nothing added."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sirat.services.dissemination import certificates
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.dissemination.certificates_dialog import CertificatesDialog
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, show_active
from tests.unit.export.test_export_sign import _ca_issued_certificate


def test_import_a_pkcs12_with_its_passphrase_from_the_app(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ca = _ca_issued_certificate()
    p12 = tmp_path / "ivo.p12"
    p12.write_bytes(data)
    typed: list[str] = []
    monkeypatch.setattr(CertificatesDialog, "ask_file", staticmethod(lambda parent: p12))
    monkeypatch.setattr(CertificatesDialog, "ask_passphrase",
                        staticmethod(lambda parent, prompt: typed.pop(0)))
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = CertificatesDialog(context)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=LONG)
    assert dialog.list.item(0).text() == "No certificate yet."
    button = dialog.findChild(QPushButton, "importCertificate")
    assert button is not None
    assert button.isVisible()

    typed.append("not the passphrase")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=LONG)
    assert "passphrase" in dialog.banner.message.lower()
    assert certificates.list_certificates(analyst_vault) == []

    p12.write_bytes(b"this is not a certificate")
    typed.append("pw")
    dialog.banner.dismiss()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=LONG)
    assert "PKCS#12" in dialog.banner.message
    assert certificates.list_certificates(analyst_vault) == []

    p12.write_bytes(data)
    typed.append("pw")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "added" in dialog.banner.message, timeout=LONG)
    qtbot.waitUntil(lambda: "Ivo Analyst" in dialog.list.item(0).text(), timeout=LONG)
    line = dialog.list.item(0).text()
    assert "TEST" not in line
    (stored,) = certificates.list_certificates(analyst_vault)
    assert not stored.test_certificate
