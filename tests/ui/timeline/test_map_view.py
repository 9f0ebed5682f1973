"""The map in the app, on a real vault: clusters by zoom, the choropleth, linked selection
with the list and the timeline, a local MBTiles layer, exports (an observer's copy shows no
place from a withheld address), and no socket while the timeline and the map are used."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sirat.ui import workspace_docks
from sirat.ui.editor.window import ReportEditor
from sirat.ui.main_window import MainWindow
from sirat.ui.map.scene import PALETTE, ClusterItem
from sirat.ui.map.window import MapWindow
from sirat.ui.timeline.window import TimelineWindow
from tests.ui.conftest import wait_idle
from tests.unit.geo.mbtiles_file import make_mbtiles
from tests.unit.timeline.timeline_data import Dated

LONG = 20_000


def open_map(qtbot: QtBot, main: MainWindow) -> MapWindow:
    main.actions_by_id["map.open"].trigger()
    window = next(w for w in main.windows.windows() if isinstance(w, MapWindow))
    window.resize(1280, 800)
    window.view.fit()
    qtbot.waitUntil(lambda: bool(window.scene.data.points), timeout=LONG)
    wait_idle(qtbot, main.context.tasks)
    return window


def test_attribution_readable_in_a_docked_map_at_1280(qtbot: QtBot, main: MainWindow) -> None:
    """GeoNames' CC BY asks for the attribution to be shown: in a map docked beside the list
    of a 1280x800 window it used to be cut off at the status bar's edge."""
    workspace_docks.set_docking(main.context, True)  # the app's default
    main.resize(1280, 800)
    window = open_map(qtbot, main)
    assert window.window() is main  # docked, the default
    qtbot.waitUntil(lambda: window.credits.isVisible() and window.credits.width() > 0)
    credits = window.credits
    assert "GeoNames" in credits.text()
    assert "CC BY 4.0" in credits.text()
    # The whole text fits in the label as drawn (wrapped or not): nothing cut at an edge...
    room = credits.contentsRect()
    flags = int(Qt.AlignmentFlag.AlignLeft) | (int(Qt.TextFlag.TextWordWrap)
                                                if credits.wordWrap() else 0)
    needed = credits.fontMetrics().boundingRect(room, flags, credits.text())
    assert needed.width() <= room.width()
    assert needed.height() <= room.height()
    # ...and the label lies inside the main window, not clipped by it.
    corner = credits.mapTo(main, credits.rect().bottomRight())
    assert main.rect().contains(corner)
    assert credits.visibleRegion().boundingRect() == credits.rect()


def _cluster_with(window: MapWindow, name: str) -> ClusterItem:
    return next(i for i in window.scene.cluster_items
                if name in {p.name for p in i.cluster.points})


def _click(qtbot: QtBot, window: MapWindow, item: ClusterItem, **kw: object) -> None:
    pos = window.view.mapFromScene(item.scenePos())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos, **kw)  # type: ignore[arg-type]


def test_places_clusters_and_choropleth(qtbot: QtBot, main: MainWindow) -> None:
    window = open_map(qtbot, main)
    assert window.unplaced.count() == 1
    assert window.unplaced.item(0).text() == "Atlantis — not in the gazetteer"
    assert "4 place(s)" in window.status.text()
    assert "GeoNames" in window.credits.text()
    assert "CC BY" in window.credits.text()
    montenegro = window.scene.country_items["ME"].brush().color().name()
    hungary = window.scene.country_items["HU"].brush().color().name()
    assert hungary == PALETTE[0]
    assert montenegro not in (PALETTE[0], window.scene.country_items["GR"].brush().color().name())
    # Far out, Skopje and Thessaloniki share a disc; zoomed in they part.
    window.view.zoom(0.05)
    far = len(window.scene.cluster_items)
    window.view.fit()
    for _ in range(4):
        window.view.zoom(1.6)
    assert len(window.scene.cluster_items) > far


def test_selection_is_shared_with_the_list_and_the_timeline(
        qtbot: QtBot, main: MainWindow, dated: Dated) -> None:
    window = open_map(qtbot, main)
    main.actions_by_id["timeline.open"].trigger()
    timeline = next(w for w in main.windows.windows() if isinstance(w, TimelineWindow))
    qtbot.waitUntil(lambda: bool(timeline.canvas.data.items), timeout=LONG)
    main.table.selectRow(main.model.row_of(dated.about) or 0)
    assert _cluster_with(window, "Skopje").highlighted
    assert not _cluster_with(window, "Bar").highlighted
    _click(qtbot, window, _cluster_with(window, "Thessaloníki"))
    assert set(main.selected_report_ids()) == {dated.about, dated.year, dated.day}
    assert timeline.canvas.selected_reports == {dated.about, dated.year, dated.day}


def test_double_click_on_a_single_report_opens_it(qtbot: QtBot, main: MainWindow,
                                                  dated: Dated) -> None:
    window = open_map(qtbot, main)
    for _ in range(5):
        window.view.zoom(1.6)
    item = _cluster_with(window, "Skopje")
    assert sorted(item.cluster.report_ids) == [dated.about]
    window.view.centerOn(item)
    pos = window.view.mapFromScene(item.scenePos())
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: any(isinstance(w, ReportEditor) and w.report_id == dated.about
                                for w in main.windows.windows()), timeout=LONG)


def test_a_local_mbtiles_layer_is_shown_and_a_bad_file_refused(
        qtbot: QtBot, main: MainWindow, tmp_path: Path) -> None:
    window = open_map(qtbot, main)
    assert window.load_raster(make_mbtiles(tmp_path / "r.mbtiles"), zoom=5) == 6
    assert "Test centre" in window.credits.text()
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"junk")
    assert window.load_raster(bad) == 0
    assert "not an MBTiles" in window.status.text()


def test_observer_exports_show_no_place_from_a_withheld_address(
        qtbot: QtBot, main: MainWindow, tmp_path: Path) -> None:
    window = open_map(qtbot, main)
    full = window.export(tmp_path / "m.pdf", "pdf", observer=False)
    assert "Belgrade" in "".join(p.extract_text() for p in PdfReader(str(full)).pages)
    pdf = window.export(tmp_path / "o.pdf", "pdf", observer=True)
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Belgrade" not in text
    assert "Thessaloníki" in text
    svg = window.export(tmp_path / "o.svg", "svg", observer=True).read_text(encoding="utf-8")
    assert "GeoNames" in svg
    full_svg = window.export(tmp_path / "m.svg", "svg", observer=False)
    assert full_svg.stat().st_size > 0
    assert window.export(tmp_path / "o.png", "png", observer=True).read_bytes()[:4] == b"\x89PNG"


def test_no_socket_is_created_while_both_views_are_used(
        qtbot: QtBot, main: MainWindow, dated: Dated, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append(args)
            raise AssertionError("a socket was created")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: opened.append(a) or pytest.fail("connection"))
    window = open_map(qtbot, main)
    main.actions_by_id["timeline.open"].trigger()
    timeline = next(w for w in main.windows.windows() if isinstance(w, TimelineWindow))
    qtbot.waitUntil(lambda: bool(timeline.canvas.data.items), timeout=LONG)
    timeline.canvas.zoom(0.01)
    qtbot.waitUntil(lambda: bool(timeline.canvas.bins), timeout=LONG)
    window.view.zoom(3)
    window.load_raster(make_mbtiles(tmp_path / "r.mbtiles"), zoom=5)
    main.table.selectRow(main.model.row_of(dated.day) or 0)
    for fmt in ("png", "svg", "pdf"):
        timeline.export(tmp_path / f"t.{fmt}", fmt, observer=True)
        window.export(tmp_path / f"m.{fmt}", fmt, observer=True)
    timeline.grab()
    window.grab()
    assert opened == []
    # Qt's own networking never runs in C++ behind Python's back: it is not even loaded.
    assert "PySide6.QtNetwork" not in sys.modules


def test_an_entity_selected_elsewhere_rings_its_place(qtbot: QtBot, main: MainWindow,
                                                      dated: Dated) -> None:
    from sirat.ui.linked_selection import hub_for

    window = open_map(qtbot, main)
    hub_for(main).publish(object(), [], [dated.net.home])  # e.g. the chart's address node
    assert _cluster_with(window, "Belgrade").highlighted
    assert not _cluster_with(window, "Thessaloníki").highlighted


def test_the_map_clears_on_lock(qtbot: QtBot, main: MainWindow) -> None:
    """Locking leaves no place, report id or typed place name in the map's widgets."""
    window = open_map(qtbot, main)
    assert window.unplaced.count() == 1  # "Atlantis", as a report wrote it
    main.windows.close_all_for_lock()
    assert window.scene.data.points == ()
    assert window.scene.cluster_items == []
    assert window.unplaced.count() == 0
    assert not window.scene.raster_items
