"""File ▸ Import an interchange file: the file and its attachments folder chosen, imported
all or nothing, refusals shown in the banner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.attachments import store as attachments
from sirat.services.interchange import document as interchange
from sirat.services.interchange import files
from sirat.services.reports import records as reports
from sirat.services.reports.query import list_reports
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.interchange.dialog import InterchangeImportDialog
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from tests.conftest import open_as
from tests.ui.conftest import LONG
from tests.unit.services.service_helpers import draft


def test_import_a_file_with_its_attachments_folder(
        qtbot: QtBot, template_vault: Path, tmp_path: Path, tasks: Tasks, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from PIL import Image

    source, target = tmp_path / "source", tmp_path / "target"
    shutil.copytree(template_vault, source)
    shutil.copytree(template_vault, target)
    v = open_as(source, "ana")
    rid = reports.create_report(v, draft(title="Lorry at Kulata")).id
    jpeg = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 30, 30)).save(jpeg, "JPEG")
    attachments.add_attachment(v, jpeg.getvalue(), "lorry.jpg", report_id=rid)
    folder = tmp_path / "files"
    folder.mkdir()
    doc = interchange.export_document(v, [rid])
    doc["documents"] = files.export_documents(v, [rid], folder)
    out = tmp_path / "export.json"
    out.write_text(json.dumps(doc))
    v.lock()

    receiver = open_as(target, "bora")
    monkeypatch.setattr(InterchangeImportDialog, "choose_file", staticmethod(lambda _p: out))
    monkeypatch.setattr(InterchangeImportDialog, "choose_folder",
                        staticmethod(lambda _p: folder))
    context = Context(vault=receiver, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = InterchangeImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert dialog.file.text() == str(out)
    # Without the folder: refused, nothing imported, the banner says what to choose.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "choose the folder" in dialog.banner.message, timeout=LONG)
    assert "Nothing was imported" in dialog.banner.message
    assert list_reports(receiver, None, "reference", False, 0, 10) == []
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=LONG)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported 1 report(s)" in dialog.banner.message, timeout=LONG)
    assert "1 attachment(s)" in dialog.banner.message
    dialog.grab().save(str(tmp_path / "interchange.png"))
    dialog.grab().save("/tmp/i2021_interchange.png")
    rows = list_reports(receiver, None, "reference", False, 0, 10)
    assert [r.title for r in rows] == ["Lorry at Kulata"]
    got = attachments.list_attachments(receiver, report_id=rows[0].id)
    assert [attachments.content_of(receiver, g.id)[1] for g in got] == [jpeg.getvalue()]
    dialog.clear_for_lock()
    assert dialog.file.text() == dialog.folder.text() == ""
    receiver.lock()


def test_the_action_is_in_the_file_menu_for_writers() -> None:
    registry = build_registry()
    spec = next(s for s in registry.specs() if s.id == "file.import_interchange")
    assert spec.shortcut == "Ctrl+Alt+O"
    assert "administrator" not in spec.roles
