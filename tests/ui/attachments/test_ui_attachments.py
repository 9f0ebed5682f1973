"""The attachments panel as a user drives it: attach by dialog and by drop, thumbnails,
the viewer with zoom, export a decrypted copy (audited), delete; read-only for others."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sirat.services.attachments import store as attachments
from sirat.services.reports import records as reports
from sirat.ui.attachments import panel as panel_mod
from sirat.ui.attachments.viewer import ImageViewer
from sirat.ui.editor.window import ReportEditor
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active
from tests.ui.test_app_editor import _editor, _main

sys.path.insert(0, str(Path(__file__).parents[2] / "unit" / "attachments"))
from attach_helpers import DRAFT, photo

SHOTS = Path("/tmp/i20-shots")


def _files(tmp_path: Path) -> list[Path]:
    pic = tmp_path / "Камион_PB7788KK.jpg"
    pic.write_bytes(photo(1600, 1200))
    doc = tmp_path / "bill_of_lading.pdf"
    doc.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    return [pic, doc]


def _open(qtbot: QtBot, vault: Vault, tasks: object, settings: object) -> ReportEditor:
    report_id = int(reports.create_report(vault, DRAFT).id)
    main = _main(qtbot, vault, tasks, settings)  # type: ignore[arg-type]
    return _editor(qtbot, main, report_id)


def test_attach_view_export_delete_from_the_editor(
        qtbot: QtBot, analyst_vault: Vault, tasks: object, settings: object,
        tmp_path: Path, monkeypatch: object) -> None:
    editor = _open(qtbot, analyst_vault, tasks, settings)
    panel = editor.attachments
    assert panel.attach_button.isEnabled()
    files = _files(tmp_path)
    monkeypatch.setattr(panel_mod.AttachFiles, "ask",  # type: ignore[attr-defined]
                        classmethod(lambda cls, parent: files))
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=LONG)
    first = panel.model.item(0)
    assert "Камион_PB7788KK.jpg" in first.text()
    assert "JPEG image" in first.text()
    assert not first.icon().isNull()
    assert "2 file(s)" in panel.hint.text()
    SHOTS.mkdir(exist_ok=True)
    editor.grab().save(str(SHOTS / "editor_attachments.png"))

    # View the image: the viewer opens with the decoded copy, zoom works.
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert panel.view_button.isEnabled()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.viewer is not None and panel.viewer.isVisible(), timeout=LONG)
    viewer = panel.viewer
    assert isinstance(viewer, ImageViewer)
    assert (viewer.image_size.width(), viewer.image_size.height()) == (1600, 1200)
    before = viewer.scale_factor()
    qtbot.mouseClick(viewer.findChild(type(panel.view_button), "zoomIn"),
                     Qt.MouseButton.LeftButton)
    assert viewer.scale_factor() > before
    qtbot.mouseClick(viewer.findChild(type(panel.view_button), "zoomActual"),
                     Qt.MouseButton.LeftButton)
    assert viewer.scale_factor() == 1.0
    viewer.grab().save(str(SHOTS / "viewer.png"))
    assert viewer.windowTitle() == "SIRAT — image"  # never the file name

    # A PDF is not opened inside SIRAT: only exported, and the export is audited.
    panel.list.setCurrentIndex(panel.model.index(1, 0))
    assert not panel.view_button.isEnabled()
    out = tmp_path / "out" / "copy.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(panel_mod.ExportTarget, "ask",  # type: ignore[attr-defined]
                        classmethod(lambda cls, parent, name: out))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=LONG)
    assert out.read_bytes() == files[1].read_bytes()
    qtbot.waitUntil(lambda: "audit log" in panel.banner.message, timeout=LONG)

    monkeypatch.setattr(panel_mod.ConfirmDelete, "ask",  # type: ignore[attr-defined]
                        classmethod(lambda cls, parent: True))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=LONG)
    with analyst_vault.session() as s:
        actions = set(s.execute(text(
            "SELECT action FROM audit_log WHERE action LIKE 'attachment.%'")).scalars())
    assert {"attachment.add", "attachment.view", "attachment.export",
            "attachment.delete"} <= actions

    # Locking forgets the rows and closes the viewer.
    editor.clear_for_lock()
    assert panel.model.rowCount() == 0
    assert panel.viewer is None


def test_drop_files_and_refusal_message(
        qtbot: QtBot, analyst_vault: Vault, tasks: object, settings: object,
        tmp_path: Path) -> None:
    editor = _open(qtbot, analyst_vault, tasks, settings)
    panel = editor.attachments
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    good = tmp_path / "ok.txt"
    good.write_text("a note\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    # Qt delivers drop events only during a real drag (none offscreen): call the handlers
    # the drag would reach.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: "refused" in panel.banner.message, timeout=LONG)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=LONG)  # the note is kept
    assert attachments.list_attachments(analyst_vault)[0].name == "ok.txt"


def test_a_colleague_sees_but_cannot_attach(
        qtbot: QtBot, vault_path: Path, tasks: object, settings: object) -> None:
    ana = open_as(vault_path, "ana")
    try:
        report_id = int(reports.create_report(ana, DRAFT).id)
        attachments.add_attachment(ana, photo(), "p.jpg", report_id=report_id)
    finally:
        ana.lock()
    bora = open_as(vault_path, "bora")
    main = _main(qtbot, bora, tasks, settings)  # type: ignore[arg-type]
    editor = _editor(qtbot, main, report_id)
    panel = editor.attachments
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=LONG)
    assert not panel.attach_button.isEnabled()
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert not panel.delete_button.isEnabled()
    assert panel.view_button.isEnabled()
    show_active(qtbot, editor)


def test_entity_window_shows_and_takes_attachments(
        qtbot: QtBot, analyst_vault: Vault, tasks: object, settings: object,
        tmp_path: Path, monkeypatch: object) -> None:
    from sirat.services.entities.records import create_entity
    from sirat.services.entities.types import EntityDraft
    from sirat.ui.clipboard import SecureClipboard
    from sirat.ui.context import Context
    from sirat.ui.entities.view import EntityWindow
    from sirat.ui.registry import build_registry

    entity = create_entity(analyst_vault, EntityDraft(
        kind="vehicle", fields={"make": "Volvo", "colour": "white"}))
    attachments.add_attachment(analyst_vault, photo(), "front.jpg", entity_id=entity.id)
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,  # type: ignore[arg-type]
                      clipboard=SecureClipboard(), registry=build_registry())
    window = EntityWindow(context, int(entity.id))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    panel = window.attachments
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=LONG)
    assert panel.attach_button.isEnabled()
    files = _files(tmp_path)
    monkeypatch.setattr(panel_mod.AttachFiles, "ask",  # type: ignore[attr-defined]
                        classmethod(lambda cls, parent: files[:1]))
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=LONG)
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "entity_attachments.png"))
    window.clear_for_lock()
    assert panel.model.rowCount() == 0
