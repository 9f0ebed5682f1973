"""The spreadsheet dialog as an analyst meets it: open a Windows-1251 sheet, map columns,
preview (a bad row blocks Import), correct, see a candidate, link a row, import, save the
mapping and apply it to the next file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.registry import build_registry
from sirat.ui.sheet_dialog import COL_LINK, COL_PROBLEMS, SheetImportDialog
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG
from tests.unit.services.service_helpers import draft


def test_map_preview_link_and_import(qtbot: QtBot, analyst_vault: Vault, tasks: Tasks,
                                     settings: QSettings, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reports.create_report(analyst_vault, draft()).reference
    known = create_entity(analyst_vault, EntityDraft("person", (NameForm("Иван Петров"),)))
    sheet = tmp_path / "list.csv"
    sheet.write_bytes("Име;Роден\nИван Петров;14.03.1980\nПетър Иванов;31.02.1975\n"
                      .encode("cp1251"))
    monkeypatch.setattr(SheetImportDialog, "choose_file", staticmethod(lambda parent: sheet))
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = SheetImportDialog(context, reference=ref)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.role.count() > 0, timeout=LONG)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "cp1251" in dialog.banner.message
    assert dialog.columns.item(0, 0).text() == "Име"
    dialog.set_target(0, "name")
    dialog.set_target(1, "field:date_of_birth")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=LONG)
    assert "1 of 2 row(s) have problems" in dialog.banner.message
    assert dialog.model.index(1, COL_PROBLEMS).data()
    assert not dialog.import_button.isEnabled()

    sheet.write_bytes("Име;Роден\nИван Петров;14.03.1980\nПетър Иванов;1975\n"
                      .encode("cp1251"))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dialog.set_target(0, "name")
    dialog.set_target(1, "field:date_of_birth")
    dialog.mapping_name.setText("Border persons")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved.count() == 1, timeout=LONG)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=LONG)
    # The first row may be the stored Иван Петров: link it instead of creating a duplicate.
    qtbot.waitUntil(lambda: dialog.link_to.count() > 1, timeout=LONG)
    assert f"#{known.id} " in dialog.link_to.itemText(1)
    dialog.link_to.setCurrentIndex(1)
    dialog.link_to.activated.emit(1)
    assert "Иван Петров" in dialog.model.index(0, COL_LINK).data()
    dialog.grab().save(str(tmp_path / "sheet.png"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported 2 row(s)" in dialog.banner.message, timeout=LONG)
    assert "1 new, 1 linked" in dialog.banner.message
    links = reports.get_report(analyst_vault, reports.find_report_id(analyst_vault, ref)).links
    assert sorted(link.label for link in links) == ["Иван Петров", "Петър Иванов"]

    # The saved mapping applies itself to the next file by header text.
    dialog.set_target(0, "")
    dialog.set_target(1, "")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.mapping() == {0: "name", 1: "field:date_of_birth"}


def test_a_repeated_row_is_shown_and_imported_as_one_entity(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sirat.ui.sheet_dialog import COL_WARNINGS

    ref = reports.create_report(analyst_vault, draft()).reference
    sheet = tmp_path / "passengers.csv"
    sheet.write_text("Name;Born\nИван Петров;14.03.1980\nПетър Иванов;1975\n"
                     "Иван Петров;14.03.1980\n", encoding="utf-8")
    monkeypatch.setattr(SheetImportDialog, "choose_file", staticmethod(lambda parent: sheet))
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    dialog = SheetImportDialog(context, reference=ref)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.role.count() > 0, timeout=LONG)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dialog.set_target(0, "name")
    dialog.set_target(1, "field:date_of_birth")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=LONG)
    assert "1 row(s) repeat an earlier row" in dialog.banner.message
    assert "Same entity as line 2" in str(dialog.model.index(2, COL_WARNINGS).data())
    assert dialog.model.index(2, COL_LINK).data() == "with line 2"
    dialog.grab().save(str(tmp_path / "repeat.png"))
    dialog.grab().save("/tmp/i2021_repeat.png")
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=LONG)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported 3 row(s)" in dialog.banner.message, timeout=LONG)
    assert "2 new" in dialog.banner.message
    assert "1 repeating an earlier row" in dialog.banner.message
