"""The export's Save-as never replaces a file without asking, and never a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sirat.services.dissemination.register import list_register
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.main_window import MainWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.unit.services.dissemination.dissem_data import canary_vault


def _dialog(qtbot: QtBot, main: MainWindow, reference: str) -> ExportDialog:
    rows = [r for r in range(main.model.rowCount()) if main.model.index(r, 0).data() == reference]
    main.table.setFocus()
    main.table.selectRow(rows[0])
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    found = [w for w in main.windows.windows() if isinstance(w, ExportDialog)]
    dialog = found[0]
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.sign.setChecked(False)
    dialog.recipient.setFocus()
    qtbot.keyClicks(dialog.recipient, "Bulgaria")
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    return dialog


def _exports(path: Path) -> int:
    vault = open_as(path, "admin")
    try:
        return len(list_register(vault))
    finally:
        vault.lock()


def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    qtbot: QtBot, controller: AppController, template_vault: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = canary_vault(template_vault, tmp_path / "vault")
    out = tmp_path / "existing.pdf"
    out.write_bytes(b"an earlier file")
    answers: list[bool] = [False, True]
    asked: list[Path] = []

    def confirm(_parent: QWidget, target: Path) -> bool:
        asked.append(target)
        return answers.pop(0)

    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(lambda *_: out))
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", staticmethod(confirm))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    dialog = _dialog(qtbot, main, reference)
    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [out]
    assert out.read_bytes() == b"an earlier file"

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"), timeout=LONG)
    assert out.read_bytes().startswith(b"%PDF")
    dialog.grab().save(str(tmp_path / "export.png"))
    controller.lock()
    assert _exports(path) == 1


def test_a_link_is_never_written_through(
    qtbot: QtBot, controller: AppController, template_vault: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = canary_vault(template_vault, tmp_path / "vault")
    target = tmp_path / "precious.txt"
    target.write_bytes(b"precious")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(lambda *_: link))
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", staticmethod(lambda *_: True))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    dialog = _dialog(qtbot, main, reference)
    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "link" in dialog.banner.message
    assert target.read_bytes() == b"precious"
    assert link.is_symlink()
