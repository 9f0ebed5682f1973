"""A signed-in main window over a vault with dated reports, places and relations, shared by
the timeline and map view tests (the vault is built once per module, copied per test)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sirat.ui import workspace_docks
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.conftest import show_active, wait_idle
from tests.unit.timeline.timeline_data import Dated, build_dated

LONG = 20_000


@pytest.fixture(scope="module")
def dated_vault_template(tmp_path_factory: pytest.TempPathFactory,
                         template_vault: Path) -> tuple[Path, Dated]:
    path = tmp_path_factory.mktemp("dated") / "vault"
    shutil.copytree(template_vault, path)
    os.chmod(path, 0o700)
    vault = open_as(path, "ana")
    try:
        return path, build_dated(vault)
    finally:
        vault.lock()


@pytest.fixture
def dated(dated_vault_template: tuple[Path, Dated]) -> Dated:
    return dated_vault_template[1]


@pytest.fixture
def main(qtbot: QtBot, tasks: Tasks, settings: QSettings, tmp_path: Path,
         dated_vault_template: tuple[Path, Dated]) -> Iterator[MainWindow]:
    dest = tmp_path / "vault"
    shutil.copytree(dated_vault_template[0], dest)
    os.chmod(dest, 0o700)
    vault: Vault = open_as(dest, "ana")
    context = Context(vault=vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    # These tests measure the views at a size of their own: as separate windows, not docks
    # of the workspace (docking is covered by tests/ui/workspace/test_workspace_docks.py).
    workspace_docks.set_docking(context, False)
    window = MainWindow(context)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.model.total == 7, timeout=LONG)
    yield window
    window.windows.close_all_for_lock()
    window.close_for_lock()
    wait_idle(qtbot, tasks)
    vault.lock()
