"""Opening and exporting the timeline and the map leave records in the audit trail, and the
administrator's audit viewer reads them in words (what, which filters, as codes and counts)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat.services.audit import log as audit
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.review.audit_window import AuditWindow
from sirat.ui.review.models import COL_A_ACTION, COL_A_DETAILS
from sirat.ui.tasks import Tasks
from tests.conftest import open_as
from tests.ui.conftest import wait_idle
from tests.ui.timeline.test_map_view import open_map
from tests.ui.timeline.test_timeline_view import LONG, open_timeline


def _rows(window: AuditWindow) -> dict[str, list[str]]:
    model = window.model
    out: dict[str, list[str]] = {}
    for r in range(model.rowCount()):
        action = model.index(r, COL_A_ACTION).data(Qt.ItemDataRole.DisplayRole)
        out.setdefault(action, []).append(
            model.index(r, COL_A_DETAILS).data(Qt.ItemDataRole.DisplayRole))
    return out


def test_views_and_exports_are_in_the_audit_viewer_in_words(
    qtbot: QtBot, main: MainWindow, tasks: Tasks, settings: QSettings, tmp_path: Path,
) -> None:
    timeline = open_timeline(qtbot, main)
    timeline.export(tmp_path / "t.svg", "svg", observer=True)
    themap = open_map(qtbot, main)
    themap.export(tmp_path / "m.png", "png", observer=False)
    wait_idle(qtbot, main.context.tasks)

    vault_path = main.context.vault.path
    admin = open_as(vault_path, "admin")
    try:
        actions = [e.action for e in audit.list_records(admin)]
        for wanted in ("timeline.view", "timeline.export", "map.view", "map.export"):
            assert actions.count(wanted) == 1, wanted
        context = Context(vault=admin, tasks=tasks, settings=settings,
                          clipboard=SecureClipboard(), registry=build_registry())
        window = AuditWindow(context)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "exported the map" in _rows(window), timeout=LONG)
        rows = _rows(window)
        assert "opened the timeline" in rows
        assert "opened the map" in rows
        [exported] = rows["exported the timeline"]
        assert "format: svg" in exported
        assert "observer: yes" in exported
        assert "axis: information" in exported
        [mapped] = rows["exported the map"]
        assert "format: png" in mapped
        assert "observer: no" in mapped
        wait_idle(qtbot, tasks)
    finally:
        tasks.run(admin.lock)
        wait_idle(qtbot, tasks)
