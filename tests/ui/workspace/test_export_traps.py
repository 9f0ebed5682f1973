"""Export cannot trap: the suggested folder is created, the Save-as field is editable, and a
failing write -- expected or a bug -- leaves the dialog usable, never frozen at 100 %."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sirat.services.dissemination import register
from sirat.ui.controller import AppController
from sirat.ui.dissemination import export_dialog
from sirat.ui.dissemination.export_dialog import ExportDialog
from sirat.ui.main_window import MainWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in, type_text
from tests.unit.services.dissemination.dissem_data import canary_vault


@pytest.fixture
def approved(template_vault: Path, tmp_path: Path) -> tuple[Path, str]:
    return canary_vault(template_vault, tmp_path / "vault")


def _open_export(qtbot: QtBot, controller: AppController, path: Path,
                 reference: str) -> tuple[MainWindow, ExportDialog]:
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    rows = [r for r in range(main.model.rowCount())
            if main.model.index(r, 0).data() == reference]
    main.table.setFocus()
    main.table.selectRow(rows[0])
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    qtbot.keyClick(main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    found = [w for w in main.windows.windows() if isinstance(w, ExportDialog)]
    assert len(found) == 1
    dialog = found[0]
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)
    dialog.sign.setChecked(False)
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("BG"))
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    return main, dialog


def _registered(path: Path) -> int:
    vault = open_as(path, "ana")
    try:
        return len(register.list_register(vault))
    finally:
        vault.lock()


def test_first_export_creates_the_missing_documents_folder(
    qtbot: QtBot, controller: AppController, approved: tuple[Path, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "home" / "Documents"  # a fresh account: no Documents folder yet
    monkeypatch.setattr(export_dialog, "default_folder", lambda: documents)
    path, reference = approved
    _main, dialog = _open_export(qtbot, controller, path, reference)
    assert not dialog.path.isReadOnly()
    assert dialog.path.text() == str(documents / f"{reference}_BG_copy-001.pdf")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"),
                    timeout=LONG)
    assert (documents / f"{reference}_BG_copy-001.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.export_button.isEnabled()


def test_a_typed_save_as_is_used_and_a_missing_folder_is_asked_about(
    qtbot: QtBot, controller: AppController, approved: tuple[Path, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[Path] = []

    def refuse(_parent: QWidget, folder: Path) -> bool:
        asked.append(folder)
        return False

    monkeypatch.setattr(ExportDialog, "ask_create_folder", staticmethod(refuse))
    path, reference = approved
    _main, dialog = _open_export(qtbot, controller, path, reference)
    typed = tmp_path / "Σχέδια" / "για-Βουλγαρία"  # no .pdf typed; folder missing
    dialog.path.selectAll()
    type_text(qtbot, dialog.path, str(typed))
    dialog.copy.setValue(3)  # a new plan must keep what was typed
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    assert dialog.path.text() == str(typed)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [typed.parent]
    assert "does not exist" in dialog.banner.message
    assert not typed.parent.exists()
    assert dialog.export_button.isEnabled()

    monkeypatch.setattr(ExportDialog, "ask_create_folder", staticmethod(lambda *_: True))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 3"),
                    timeout=LONG)
    written = typed.with_name(typed.name + ".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    # the next copy gets its own name, in the folder just used
    qtbot.waitUntil(lambda: dialog.path.text() == str(
        typed.parent / f"{reference}_BG_copy-004.pdf"), timeout=LONG)


def test_a_write_failure_says_so_and_registers_nothing(
    qtbot: QtBot, controller: AppController, approved: tuple[Path, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_disk(_path: Path, _data: bytes, _what: str = "") -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(export_dialog, "atomic_write_bytes", broken_disk)
    monkeypatch.setattr(export_dialog, "default_folder", lambda: tmp_path)
    path, reference = approved
    _main, dialog = _open_export(qtbot, controller, path, reference)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be written" in dialog.banner.message, timeout=LONG)
    assert dialog.export_button.isEnabled()
    assert dialog.recipient.isEnabled()
    assert dialog.progress.isHidden()
    assert list(tmp_path.glob("*.pdf")) == []
    assert _registered(path) == 0


def test_a_bug_while_writing_never_leaves_the_dialog_frozen(
    qtbot: QtBot, controller: AppController, approved: tuple[Path, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def bug(_path: Path, _data: bytes, _what: str = "") -> None:
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(export_dialog, "atomic_write_bytes", bug)
    monkeypatch.setattr(export_dialog, "default_folder", lambda: tmp_path)
    path, reference = approved
    _main, dialog = _open_export(qtbot, controller, path, reference)
    bugs: list[BaseException] = []
    controller.tasks.on_bug = bugs.append  # the crash dialog, in the app
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(bugs), timeout=LONG)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    assert isinstance(bugs[0], RuntimeError)
    assert dialog.progress.isHidden()
    assert dialog.recipient.isEnabled()
    assert dialog.path.isEnabled()
