"""Help > Keyboard shortcuts lists every command of the registry, in its menu, with the keys
that trigger it in this window (one RowsModel, read like a user reads the table)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from sirat.ui.controller import AppController
from sirat.ui.help_dialogs import ShortcutsDialog
from tests.ui.conftest import sign_in


def test_every_command_is_listed_with_its_keys(qtbot: QtBot, qtmodeltester: Any,
                                              controller: AppController,
                                              vault_path: Path) -> None:
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "ana")
    ShortcutsDialog.show_for(main)
    dialog = next(w for w in main.windows.windows() if isinstance(w, ShortcutsDialog))
    model = dialog.model
    qtmodeltester.check(model, force_py=True)
    shown = {(model.index(r, 0).data(), model.index(r, 1).data()): model.index(r, 2).data()
             for r in range(model.rowCount())}
    assert model.rowCount() == len(main.actions_by_id)
    for action_id, action in main.actions_by_id.items():
        spec = main.context.registry.get(action_id)
        keys = shown[(spec.menu.replace("&", ""), spec.text.replace("&", "").rstrip("…"))]
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in keys
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(3)] == ["Menu", "Command", "Shortcut"]
