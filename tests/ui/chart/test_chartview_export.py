"""ChartWindow: every action has a shortcut; PNG/SVG exports; the observer's has no person."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sirat.chart.demo import demo_network, provider_from
from sirat.chart.redact import redact_for_observer
from sirat.ui.chart.bench import repaint_times
from sirat.ui.chart.view import ChartView
from sirat.ui.chart.window import ChartWindow

SVG = "{http://www.w3.org/2000/svg}"


def _svg_texts(path: Path) -> str:
    root = ET.parse(path).getroot()  # noqa: S314 - our own file
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.fixture
def window(qtbot: QtBot) -> ChartWindow:
    full = demo_network()
    win = ChartWindow(full.copy(), provider_from(full))
    win.view.animate = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    if win.view.busy:
        with qtbot.waitSignal(win.view.layoutFinished, timeout=20_000):
            pass
    return win


def test_every_action_has_a_shortcut_and_a_menu(window: ChartWindow) -> None:
    assert len(window.actions_by_name) >= 20
    for name, action in window.actions_by_name.items():
        assert not action.shortcut().isEmpty(), name
        assert action.associatedObjects(), name
    assert window.windowTitle() == "Link chart"


def test_png_and_svg_exports(window: ChartWindow, tmp_path: Path) -> None:
    paths = iter([tmp_path / "chart.png", tmp_path / "chart.svg"])
    window.ask_path = lambda fmt, observer: next(paths)  # type: ignore[method-assign]
    png = window.export("png")
    svg = window.export("svg")
    assert png is not None
    assert svg is not None
    assert png.read_bytes().startswith(b"\x89PNG")
    texts = _svg_texts(svg)
    assert "Петар Петровић" in texts
    assert "MV Aegean Star" in texts


def test_observer_svg_has_no_person(window: ChartWindow, tmp_path: Path) -> None:
    window.ask_path = lambda fmt, observer: tmp_path / f"obs.{fmt}"  # type: ignore[method-assign]
    svg = window.export("svg", observer=True)
    assert svg is not None
    texts = _svg_texts(svg)
    assert "general cargo, MT" in texts  # the crew's vessel by its type and flag only
    assert "MV Aegean Star" not in texts
    for node in demo_network().nodes():
        if node.is_personal:
            assert node.label not in texts
    assert "BG 1234-AB" not in texts
    assert window.view.graph.node("person:1")  # the analyst's chart is untouched


def test_redacted_view_exports_without_persons(qtbot: QtBot, tmp_path: Path) -> None:
    from sirat.ui.chart.export import export_svg

    graph = redact_for_observer(demo_network())
    view = ChartView(graph)
    qtbot.addWidget(view)
    if view.busy:
        with qtbot.waitSignal(view.layoutFinished, timeout=20_000):
            pass
    texts = _svg_texts(export_svg(view.chart_scene, tmp_path / "r.svg"))
    assert "SIRAT-2026-000123" in texts
    assert "Cocaine shipment via Bar" not in texts  # a title may name anyone
    assert "Ђорђе Јовановић" not in texts


def test_filter_panel_hides_persons(window: ChartWindow, qtbot: QtBot) -> None:
    box = window.filters.kind_boxes["person"]
    box.click()
    assert not window.view.chart_scene.node_items["person:1"].isVisible()
    assert window.view.chart_scene.node_items["vessel:1"].isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    box.click()
    assert window.view.chart_scene.node_items["person:1"].isVisible()


def test_save_hands_the_chart_over(window: ChartWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.saveRequested) as blocker:
        window.actions_by_name["save"].trigger()
    state = blocker.args[0]
    assert state["format"] == "sirat-chart"
    assert set(state["positions"]) == set(window.view.graph.node_ids())


def test_repaint_bench_runs_on_a_small_chart(qtbot: QtBot) -> None:
    graph = demo_network()
    figures = repaint_times(graph, repeats=1)
    assert set(figures) == {"build_s", "repaint_s", "repaint_100_s"}
    assert all(v > 0 for v in figures.values())


def test_a_failed_write_leaves_the_old_file_whole(window: ChartWindow, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart's PNG and SVG replace the chosen file atomically: the machine failing at
    the rename leaves last week's file as it was and no temp file beside it, and the window
    says so instead of 'exported'."""
    import errno

    import sirat.files

    def crash(*_args: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(sirat.files.os, "replace", crash)
    for fmt in ("png", "svg"):
        target = tmp_path / f"chart.{fmt}"
        target.write_bytes(b"the chart sent last week")
        window.ask_path = lambda fmt, observer, t=target: t  # type: ignore[method-assign]
        assert window.export(fmt) is None
        assert target.read_bytes() == b"the chart sent last week"
        assert "exported as" not in window._status.text()
        assert "could not be exported" in window._status.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "chart.svg"]


def test_a_folder_gone_or_a_folder_as_target_is_said(window: ChartWindow,
                                                      tmp_path: Path) -> None:
    gone = tmp_path / "stick" / "chart.svg"
    window.ask_path = lambda fmt, observer: gone  # type: ignore[method-assign]
    assert window.export("svg") is None
    assert "could not be exported" in window._status.text()
    folder = tmp_path / "a.png"
    folder.mkdir()
    window.ask_path = lambda fmt, observer: folder  # type: ignore[method-assign]
    assert window.export("png") is None
    assert "folder or a link" in window._status.text()
    assert folder.is_dir()
    assert not any(folder.iterdir())


def test_the_dialog_adds_the_ending_and_never_swaps_it(window: ChartWindow, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """'week.12' becomes 'week.12.svg' (not 'week.svg', which may be another file), and a
    name whose added ending hits an existing file the dialog did not ask about is refused."""
    name = str(tmp_path / "week.12")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *_a, **_k: (name, ""))
    other = tmp_path / "week.svg"
    other.write_bytes(b"another file")
    out = window.export("svg")
    assert out == tmp_path / "week.12.svg"
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    assert other.read_bytes() == b"another file"
    assert window.export("svg") is None  # week.12.svg now exists and was not asked about
    assert "already exists" in window._status.text()
