"""The action registry: every command has a menu entry and its own shortcut; extensions
(link chart, search, review, dissemination...) add theirs without editing the main window."""

from __future__ import annotations

import sys
import types
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from sirat.ui.actions import FILE, HELP, TOOLS, ActionSpec, Registers
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry, extension_modules
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, show_active


def test_every_action_has_a_menu_and_a_shortcut_of_its_own() -> None:
    specs = build_registry().specs()
    assert specs
    for spec in specs:
        assert spec.menu, spec.id
        assert spec.shortcut, f"{spec.id} has no shortcut"
    keys = Counter(QKeySequence(s).toString() for spec in specs for s in spec.shortcuts)
    assert [k for k, n in keys.items() if n > 1] == []


def test_menus_start_with_file_and_end_with_help() -> None:
    menus = build_registry().menus()
    assert menus[0] == FILE
    assert menus[-1] == HELP


def test_every_actions_module_of_the_app_is_listed() -> None:
    """A ``sirat/ui/<package>/actions.py`` missing from ``extension_modules`` would add no
    action: name it there."""
    import sirat.ui

    folder = Path(sirat.ui.__file__).parent
    files = {f"sirat.ui.{p.parent.name}.actions" for p in folder.glob("*/actions.py")}
    listed = {getattr(m, "__name__", "") for m in extension_modules()}
    assert files == listed
    assert "sirat.ui.main_actions" not in listed  # built in, not an extension


@pytest.fixture
def fake_extension(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    module = types.ModuleType("sirat_test_extension")

    def register(registry: object) -> None:
        registry.add(ActionSpec(  # type: ignore[attr-defined]
            "test.hello", "&Hello", TOOLS, calls.append, "Ctrl+Alt+H",
            toolbar=True))

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sirat_test_extension", module)
    return calls


def fake_extension_module() -> Registers:
    module: Registers = sys.modules["sirat_test_extension"]  # type: ignore[assignment]
    return module


def test_an_extension_adds_a_menu_entry_and_is_called_with_the_window(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings,
        fake_extension: list[object]) -> None:
    registry = build_registry([*extension_modules(), fake_extension_module()])
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=registry)
    window = MainWindow(context)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=LONG)
    action = window.actions_by_id["test.hello"]
    assert action in window.toolbar.actions()
    tools = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == TOOLS)
    assert action in tools.actions()
    qtbot.keyClick(window, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert fake_extension == [window]


def test_a_shortcut_registered_twice_is_refused() -> None:
    registry = build_registry([])
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(ActionSpec("report.new", "Again", FILE, lambda host: None, "Ctrl+Alt+9"))
