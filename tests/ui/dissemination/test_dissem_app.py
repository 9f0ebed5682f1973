"""Dissemination in the app, driven like a user: export an approved report for an observer
with a signature, see what the observer loses, find the export in the register, verify the
written file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.dissemination import certificates
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.dissemination.register_window import COL_RECIPIENT, RegisterModel, RegisterWindow
from sirat.ui.dissemination.verify_dialog import VerifyDialog
from sirat.ui.main_window import MainWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.unit.services.dissemination.dissem_data import CANARY_SECRETS, DRAFT, canary_vault
from tests.unit.services.dissemination.pdf_probe import leaks

CERT_PASS = "ana's certificate passphrase"


@pytest.fixture
def vault_with_report(template_vault: Path, tmp_path: Path) -> tuple[Path, str]:
    path, reference = canary_vault(template_vault, tmp_path / "vault")
    admin = open_as(path, "admin")
    try:
        certificates.create_test_certificate(admin, CERT_PASS, owner="ana")
    finally:
        admin.lock()
    return path, reference


def _window(main: MainWindow, kind: type[QWidget]) -> QWidget:
    found = [w for w in main.windows.windows() if isinstance(w, kind)]
    assert len(found) == 1
    return found[0]


def _select(qtbot: QtBot, main: MainWindow, reference: str) -> None:
    rows = [r for r in range(main.model.rowCount()) if main.model.index(r, 0).data() == reference]
    assert len(rows) == 1
    main.table.setFocus()
    main.table.selectRow(rows[0])
    qtbot.waitUntil(lambda: main.current_report_id() is not None)


def test_export_signed_for_an_observer_register_and_verify(
    qtbot: QtBot, controller: AppController, vault_with_report: tuple[Path, str],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = vault_with_report
    out = tmp_path / "for-the-observer.pdf"
    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(lambda *_: out))
    monkeypatch.setattr(VerifyDialog, "ask_open_path", staticmethod(lambda *_: out))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    _select(qtbot, main, reference)

    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = _window(main, ExportDialog)
    assert isinstance(dialog, ExportDialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    assert dialog.windowTitle() == "SIRAT — export a PDF for a recipient"
    assert dialog.sign.isChecked()  # ana has a certificate

    dialog.recipient.setFocus()
    qtbot.keyClicks(dialog.recipient, "Georgia")
    assert dialog.recipient.currentData() == "OBS-GE"
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    losses = [dialog.losses.item(i).text() for i in range(dialog.losses.count())]
    assert any(line.startswith("• 3 persons left out of the entity annex") for line in losses)
    assert any("link chart" in line for line in losses)
    # the preview explains every withholding, by the report that makes the connection
    assert any(line.startswith("• Mercedes Actros PB7788KK: identifying details withheld "
                               "because it is linked to a person (owner of) in SIRAT-")
               for line in losses), losses
    assert any("Đorđe Jovanović: withheld because it is a person" in line for line in losses)
    preview = dialog.preview.toPlainText()
    assert "OBSERVER COPY" in preview
    assert [s for s in CANARY_SECRETS if s in preview] == []
    assert dialog.path.text().endswith(f"{reference}_OBS-GE_copy-001.pdf")

    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(out)
    qtbot.keyClicks(dialog.passphrase, CERT_PASS)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"),
                    timeout=LONG)
    assert dialog.passphrase.text() == ""
    assert leaks(out.read_bytes(), CANARY_SECRETS) == []
    qtbot.waitUntil(lambda: dialog.copy.value() == 2, timeout=LONG)  # the next copy

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # done: back to the main window
    qtbot.waitUntil(lambda: not dialog.isVisible())
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    register = _window(main, RegisterWindow)
    assert isinstance(register, RegisterWindow)
    qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=LONG)
    assert register.model.index(0, COL_RECIPIENT).data().startswith("OBS-GE")
    assert register.model.entry(0).signer_name == "Ana Analyst"

    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    verify = _window(main, VerifyDialog)
    assert isinstance(verify, VerifyDialog)
    qtbot.waitUntil(lambda: verify.result_text()["register"].startswith("yes"), timeout=LONG)
    shown = verify.result_text()
    assert shown["verdict"].startswith("INTACT, VALID AND TRUSTED")
    assert "TEST certificate" in shown["verdict"]
    assert (shown["intact"], shown["valid"], shown["trusted"], shown["modified"]) == (
        "yes", "yes", "yes", "no")
    assert shown["signer"] == "Ana Analyst"
    assert "copy 1, to OBS-GE" in shown["register"]


def test_a_wrong_passphrase_writes_nothing_and_says_so(
    qtbot: QtBot, controller: AppController, vault_with_report: tuple[Path, str],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = vault_with_report
    out = tmp_path / "never.pdf"
    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(lambda *_: out))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    _select(qtbot, main, reference)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = _window(main, ExportDialog)
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("BG"))
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    assert dialog.losses.item(0).text().startswith("Nothing")
    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.passphrase, "not my passphrase")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "passphrase is wrong" in dialog.banner.message, timeout=LONG)
    assert not out.exists()
    assert dialog.export_button.isEnabled()


def test_the_register_model_passes_the_model_tester(qtmodeltester: object) -> None:
    from sirat.services.dissemination.register import RegisterEntry

    model = RegisterModel()
    entry = RegisterEntry(
        id=1, report_id=1, reference="SIRAT-2026-000001", report_version=2,  # type: ignore[arg-type]
        recipient_code="BG", recipient_name="Bulgaria", recipient_kind="member-state",
        copy_number=1, sha256="ab" * 32, size_bytes=10, pages=2, file_name="x.pdf",
        signed=True, signer_name="Ана", certificate_id=None, certificate_fingerprint="",
        test_certificate=True, exported_by=1, exported_by_name="Ana",  # type: ignore[arg-type]
        exported_at="2026-11-28T10:00:00")
    model.set_rows([entry, entry])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert QApplication.instance() is not None


def test_h2_refusal_is_explained_and_the_permission_recorded_from_the_dialog(
    qtbot: QtBot, controller: AppController, template_vault: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = canary_vault(template_vault, tmp_path / "vault",
                                   draft=replace(DRAFT, handling_codes=frozenset({"H2"})))
    monkeypatch.setattr(ExportDialog, "ask_permission_note",
                        staticmethod(lambda *_: "Provider agreed by phone, 2026-11-21"))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    _select(qtbot, main, reference)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = _window(main, ExportDialog)
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("RS"))
    qtbot.waitUntil(dialog.permission_button.isVisible, timeout=LONG)
    assert "without the provider's permission" in dialog.refusal.text()
    assert not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.permission_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    assert dialog.refusal.isHidden()
    assert dialog.recipient.currentData() == "RS"
