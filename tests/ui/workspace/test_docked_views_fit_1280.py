"""A main window on a 1280x800 screen stays on that screen whatever views the user docks in
it: one after another, every view each role opens (editor, entity, chart, search, register,
review, queue, audit, timeline, map) is tabbed into the window, and the window never needs
more than 1280 px -- also when it was wider first (a window made narrower again). Before,
the search docked beside the list made it 1390 px wide (its filter row), and a review
docked in a wide window kept it at 1543 px when made narrower (its comments stayed beside
the report)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from sirat.services.workflow import review as workflow
from sirat.ui.controller import AppController
from sirat.ui.main_window import MainWindow
from sirat.ui.review.report_window import ReviewWindow
from sirat.ui.workspace_docks import DOCKABLE
from tests.conftest import open_as
from tests.ui.conftest import LONG, sign_in
from tests.ui.sample_data import fill

SHOTS = os.environ.get("SIRAT_SHOTS")
#: What each role docks, in the order a day might open them ("entity" opens an entity).
VIEWS = {
    "ana": ["report.edit", "entity", "chart.report", "search.global",
            "view.dissemination_register", "review.report", "timeline.open", "map.open",
            "entity.duplicates"],
    "sup": ["review.queue", "review.report", "search.global"],
    "admin": ["tools.audit", "search.global"],
}
WIDTH, HEIGHT = 1280, 800
HEADROOM = 100


@pytest.fixture
def team(vault_path: Path) -> Path:
    ana = open_as(vault_path, "ana")
    try:
        (report_id,) = fill(ana, 1)
        workflow.submit(ana, report_id)
    finally:
        ana.lock()
    return vault_path


def _docked(main: MainWindow) -> set[str]:
    return {w.objectName() for w in main.windows.windows()
            if w.isVisible() and not w.isWindow() and w.objectName() in DOCKABLE}


def _open(qtbot: QtBot, main: MainWindow, what: str) -> None:
    before = _docked(main)
    if what == "entity":
        from sirat.services.reports import records as reports

        report_id = main.current_report_id()
        assert report_id is not None
        view = reports.get_report(main.context.vault, report_id, record_view=False)
        main.open_entity(int(view.links[0].entity_id))
    else:
        action = main.actions_by_id[what]
        assert action.isEnabled(), what
        action.trigger()
    qtbot.waitUntil(lambda: len(_docked(main) - before) == 1, timeout=LONG)


def _fits(qtbot: QtBot, main: MainWindow, what: str) -> None:
    main.resize(WIDTH, HEIGHT)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: main.width() <= WIDTH, timeout=LONG)
    # With room to spare: longer names and more rows (the screenshots' data) widen the list
    # and the views by a few dozen pixels.
    assert main.minimumSizeHint().width() <= WIDTH - HEADROOM, what
    status = main.statusBar()
    assert main.rect().contains(status.mapTo(main, status.rect().bottomRight())), what


@pytest.mark.parametrize("user", ["ana", "sup", "admin"])
def test_every_docked_view_keeps_the_window_on_a_1280_screen(
        qtbot: QtBot, controller: AppController, team: Path, user: str) -> None:
    controller.start(team)
    main = sign_in(qtbot, controller, user)
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=LONG)
    main.table.selectRow(0)
    qtbot.waitUntil(lambda: main.current_report_id() is not None)
    for n, what in enumerate(VIEWS[user]):
        main.resize(*((WIDTH, HEIGHT) if n % 2 == 0 else (1920, 1080)))  # opened narrow or wide
        _open(qtbot, main, what)
        _fits(qtbot, main, what)
        main.resize(1920, 1080)  # the user widens the window, then narrows it again
        QApplication.processEvents()
        _fits(qtbot, main, what)
        if SHOTS:
            main.grab().save(str(Path(SHOTS) / f"fit1280_{user}_{what}.png"))
    for review in main.findChildren(ReviewWindow):
        # Side by side (as in a wide window) too: a window narrowed from there is held at
        # the list's minimum plus this one by Qt, before the comments can go under.
        review.splitter.setOrientation(Qt.Orientation.Horizontal)
        central = main.centralWidget()
        assert central is not None
        assert (central.minimumSizeHint().width() + review.minimumSizeHint().width()
                <= WIDTH - 60)  # the dock's frame and the screenshots' longer data: ~45 px
    for bar in main.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if bar.isVisible():  # the docks' tabs: whole titles, scrolled rather than cut
            titles = [bar.tabText(i) for i in range(bar.count())]
            assert all("…" not in t and "..." not in t for t in titles), titles
            assert bar.elideMode() == Qt.TextElideMode.ElideNone
    for view in main.windows.windows():
        if isinstance(view, QWidget) and view.objectName() in DOCKABLE:
            assert not view.isWindow() or view.isHidden(), view.objectName()
