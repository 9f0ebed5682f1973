"""The export dialog asks the certificate passphrase once per sign-in session: the second
export signs without it, a wrong one typed anyway is refused, and after a lock it is asked
again."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sirat.export import warmup
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.main_window import MainWindow
from tests.ui.conftest import LONG, sign_in

# The fixture of the app test: a vault with the canary report and ana's certificate.
from tests.ui.dissemination.test_dissem_app import (
    CERT_PASS,
    _select,
    _window,
    vault_with_report,  # noqa: F401
)


def _signed(path: Path) -> bool:
    fields = PdfReader(BytesIO(path.read_bytes())).get_fields() or {}
    return any(f.get("/FT") == "/Sig" for f in fields.values())


def _open_dialog(qtbot: QtBot, main: MainWindow, reference: str) -> ExportDialog:
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    _select(qtbot, main, reference)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = _window(main, ExportDialog)
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("BG"))
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    return dialog


def _export(qtbot: QtBot, dialog: ExportDialog, passphrase: str) -> None:
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)  # the plan is ready
    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)
    if passphrase:
        qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_the_passphrase_is_asked_once_per_session_and_again_after_a_lock(
    qtbot: QtBot, controller: AppController, vault_with_report: tuple[Path, str],  # noqa: F811
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = vault_with_report
    outs = iter(tmp_path / f"copy-{n}.pdf" for n in range(1, 10))
    written: list[Path] = []

    def next_path(*_: object) -> Path:
        written.append(next(outs))
        return written[-1]

    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(next_path))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    dialog = _open_dialog(qtbot, main, reference)
    assert "asked once per session" in dialog.passphrase.placeholderText()
    # While the user chooses, the dialog prepared the renderer and the stamp (CPU worker).
    qtbot.waitUntil(lambda: warmup._done, timeout=LONG)

    # First export: the passphrase opens the certificate.
    _export(qtbot, dialog, CERT_PASS)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"), timeout=LONG)
    assert _signed(written[0])
    qtbot.waitUntil(lambda: dialog.copy.value() == 2, timeout=LONG)
    assert "Open until SIRAT locks" in dialog.passphrase.placeholderText()

    # Second export: nothing typed, still signed by the same certificate.
    _export(qtbot, dialog, "")
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 2"), timeout=LONG)
    assert _signed(written[1])
    qtbot.waitUntil(lambda: dialog.copy.value() == 3, timeout=LONG)

    # A wrong passphrase typed anyway is refused and writes nothing.
    _export(qtbot, dialog, "not my passphrase")
    qtbot.waitUntil(lambda: "passphrase is wrong" in dialog.banner.message, timeout=LONG)
    assert not written[2].exists()
    assert dialog.export_button.isEnabled()

    # After a lock, the same user signed in again is asked again.
    controller.lock()
    main = sign_in(qtbot, controller, "ana")
    dialog = _open_dialog(qtbot, main, reference)
    assert "asked once per session" in dialog.passphrase.placeholderText()
    _export(qtbot, dialog, "")
    qtbot.waitUntil(lambda: "Type your certificate passphrase" in dialog.banner.message,
                    timeout=LONG)
    assert not written[-1].exists()
