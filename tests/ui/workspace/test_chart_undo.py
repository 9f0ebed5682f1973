"""Undo / redo of chart edits: hide (context menu), remove (Delete), expand, pin, move --
from the keyboard (Ctrl+Z, Ctrl+Shift+Z) and the Edit menu, whole states put back; the
history is forgotten when the vault locks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sirat.chart.demo import demo_network, provider_from
from sirat.ui.chart import workspace
from sirat.ui.chart.window import ChartWindow
from tests.ui.conftest import show_active

LAYOUT_TIMEOUT = 20_000


def _window(qtbot: QtBot, seed: tuple[str, ...] | None = None) -> ChartWindow:
    full = demo_network()
    graph = full.subgraph(seed) if seed else full
    window = ChartWindow(graph, provider_from(full))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.view.chart_scene.node_items) and not window.view.busy,
                    timeout=LAYOUT_TIMEOUT)
    return window


def _state(window: ChartWindow) -> tuple[set[str], int, frozenset[str], dict[str, object]]:
    view = window.view
    return (set(view.chart_scene.node_items), len(view.chart_scene.edge_items),
            view.graph.pinned, dict(view.positions()))


def _undo(qtbot: QtBot, window: ChartWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _redo(qtbot: QtBot, window: ChartWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_hide_remove_and_pin_are_undone_and_redone_from_the_keyboard(qtbot: QtBot) -> None:
    window = _window(qtbot)
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert not undo.isEnabled()
    assert not redo.isEnabled()
    assert undo in window.toolbar().actions()
    start = _state(window)
    scene = window.view.chart_scene
    hub = max(scene.node_items, key=lambda k: len(scene.node_items[k].edges))
    # Hide from the context menu.
    item = scene.node_items[hub]
    window.view.centerOn(item)
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    menu = workspace.context_menu(window, point)
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "&Hide").trigger()
    menu.close()
    hidden = _state(window)
    assert hub not in hidden[0]
    assert hidden[1] < start[1]
    assert undo.isEnabled()
    assert undo.text() == "&Undo Remove (1 node)"
    # Pin two others, remove a third with Delete.
    others = sorted(hidden[0])[:3]
    workspace._select_only(window, others[:2])
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    pinned = _state(window)
    assert set(others[:2]) <= pinned[2]
    workspace._select_only(window, others[2:])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    removed = _state(window)
    assert others[2] not in removed[0]
    # Back, step by step, to the very start -- links and places included.
    _undo(qtbot, window)
    assert _state(window) == pinned
    _undo(qtbot, window)
    assert _state(window) == hidden
    _undo(qtbot, window)
    assert _state(window) == start
    assert not undo.isEnabled()
    assert redo.isEnabled()
    assert window.view.chart_scene.node_items[hub].edges  # its links are drawn again
    # And forward again.
    _redo(qtbot, window)
    assert _state(window) == hidden
    _redo(qtbot, window)
    _redo(qtbot, window)
    assert _state(window) == removed
    assert not redo.isEnabled()
    # A new edit after an undo drops what could have been redone.
    _undo(qtbot, window)
    workspace._select_only(window, others[:1])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not redo.isEnabled()


def test_expand_is_undone_and_redone_with_its_layout(qtbot: QtBot) -> None:
    window = _window(qtbot, ("person:1",))
    before = _state(window)
    workspace._select_only(window, ["person:1"])
    with qtbot.waitSignal(window.view.layoutFinished, timeout=LAYOUT_TIMEOUT):
        qtbot.keyClick(window.view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: not window.view.busy, timeout=LAYOUT_TIMEOUT)
    expanded = _state(window)
    assert len(expanded[0]) > 1
    assert window.actions_by_name["undo"].text().startswith("&Undo Expand")
    window.actions_by_name["undo"].trigger()  # the Edit menu entry
    assert _state(window) == before
    window.actions_by_name["redo"].trigger()
    assert _state(window) == expanded  # where the layout put them, not stacked


def test_a_move_is_undone(qtbot: QtBot) -> None:
    window = _window(qtbot)
    view = window.view
    view.zoom_by(1.0 / view.zoom)
    item = view.chart_scene.node_items["vessel:2"]
    view.centerOn(item)
    before = _state(window)
    start = view.mapFromScene(item.pos())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + QPoint(12 * step, 8 * step))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    assert view.positions()["vessel:2"] != before[3]["vessel:2"]
    assert window.actions_by_name["undo"].text() == "&Undo Move (1 node)"
    _undo(qtbot, window)
    assert _state(window) == before
    assert not view.graph.is_pinned("vessel:2")  # the move pinned it; undone too


def test_the_lock_forgets_the_history(qtbot: QtBot) -> None:
    window = _window(qtbot)
    workspace._select_only(window, sorted(window.view.chart_scene.node_items)[:1])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.history.stack.count() == 1
    window.clear_for_lock()
    assert window.history.stack.count() == 0
    assert not window.actions_by_name["undo"].isEnabled()
    _undo(qtbot, window)  # nothing comes back
    assert not window.view.chart_scene.node_items


def test_the_chart_shortcuts_table_in_the_docs_is_the_windows(qtbot: QtBot) -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "app.md").read_text(encoding="utf-8")
    table = text.split("<!-- chart-shortcuts -->", 1)[1].split("<!-- /chart-shortcuts -->", 1)[0]
    documented = {}
    for line in table.strip().splitlines()[2:]:  # after the header and its rule
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4:
            documented[cells[3].strip("`")] = cells[2]
    window = ChartWindow(demo_network())
    qtbot.addWidget(window)
    actual = {name: ", ".join(s.toString() for s in action.shortcuts())
              for name, action in window.actions_by_name.items()}
    assert documented == actual
    assert actual["undo"] == "Ctrl+Z"
    assert actual["redo"].startswith("Ctrl+Shift+Z")
