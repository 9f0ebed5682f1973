"""The export dialog offers the report's attached images to partners, not to observers;
the chosen ones reach the PDF (read back) and the register."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from sirat.services.attachments import store as attachments
from sirat.services.dissemination.register import list_register
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from tests.conftest import open_as
from tests.ui.conftest import LONG, sign_in
from tests.ui.dissemination.test_export_overwrite import _dialog
from tests.unit.services.dissemination.dissem_data import canary_vault

sys.path.insert(0, str(Path(__file__).parents[2] / "unit" / "attachments"))
from attach_helpers import CANARY, photo


def test_partner_gets_the_ticked_image_observer_none(
    qtbot: QtBot, controller: AppController, template_vault: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, reference = canary_vault(template_vault, tmp_path / "vault")
    ana = open_as(path, "ana")
    try:
        with ana.session() as s:
            lorry = s.execute(text("SELECT id FROM entities WHERE attributes LIKE "
                                   "'%Volvo%'")).scalar_one()
        attachments.add_attachment(ana, photo(640, 480), "Volvo.jpg", entity_id=lorry)
    finally:
        ana.lock()
    out = tmp_path / "partner.pdf"
    monkeypatch.setattr(ExportDialog, "ask_save_path", staticmethod(lambda *_: out))
    controller.start(path)
    main = sign_in(qtbot, controller, "ana")
    qtbot.waitUntil(lambda: main.model.rowCount() == 2, timeout=LONG)
    dialog = _dialog(qtbot, main, reference)  # recipient: Bulgaria
    qtbot.waitUntil(lambda: dialog.images.count() == 1, timeout=LONG)
    assert dialog.images.isEnabled()
    assert not dialog.images.item(0).icon().isNull()  # the thumbnail of what is printed
    dialog.images.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=LONG)
    dialog.grab().save("/tmp/i20-shots/export_dialog.png")
    qtbot.mouseClick(dialog.findChild(QWidget, "choosePath"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.message.startswith("Exported copy 1"), timeout=LONG)
    pdf = out.read_bytes()
    images = [i.data for p in PdfReader(io.BytesIO(pdf)).pages for i in p.images]
    assert any(len(d) > 2000 for d in images)
    assert CANARY.encode() not in pdf
    # An observer: the list is disabled and says why.
    index = dialog.recipient.findText("observer", Qt.MatchFlag.MatchContains)
    dialog.recipient.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not dialog.images.isEnabled(), timeout=LONG)
    assert dialog.images_note.text() == "Observers receive no attachments."
    assert dialog.chosen_images() == ()
    controller.lock()
    admin = open_as(path, "admin")
    try:
        assert len(list_register(admin)[0].attachments) == 1
    finally:
        admin.lock()
