"""A statistics table shown as the map's choropleth, driven like a user; suppressed counts
stay suppressed on the map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from sirat.errors import SiratError
from sirat.services.stats.choropleth import choropleth
from sirat.services.stats.types import Cell, Dimension, StatsQuery, StatsTable
from sirat.ui.controller import AppController
from sirat.ui.main_window import MainWindow
from sirat.ui.map.scene import PALETTE, colour_for
from sirat.ui.map.window import MapWindow
from sirat.ui.stats.window import StatsWindow
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.unit.stats.stats_data import counted_reports


@pytest.fixture
def stats_vault(vault_path: Path) -> Path:
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        counted_reports(ana, sup)  # reporting countries: BG 3 reports, RS 1
    finally:
        ana.lock()
        sup.lock()
    return vault_path


def _windows(main: MainWindow, kind: type[QWidget]) -> list[QWidget]:
    return [w for w in main.windows.windows() if isinstance(w, kind)]


def _count(qtbot: QtBot, window: StatsWindow, *dims: Dimension) -> None:
    window.first.setCurrentIndex(window.first.findData(dims[0]))
    window.second.setCurrentIndex(window.second.findData(dims[1] if len(dims) > 1 else None))
    window.count()
    qtbot.waitUntil(lambda: window.model.table is not None
                    and window.model.table.query.dimensions == dims, timeout=LONG)


def test_a_country_table_colours_the_map_and_hidden_counts_stay_hidden(
        qtbot: QtBot, controller: AppController, stats_vault: Path, tmp_path: Path) -> None:
    controller.start(stats_vault)
    main = sign_in(qtbot, controller, "ana")
    main.context.registry.get("view.statistics").triggered(main)
    stats = _windows(main, StatsWindow)[0]
    assert isinstance(stats, StatsWindow)
    show_active(qtbot, stats)
    assert not stats.show_map.isEnabled()  # nothing counted yet
    _count(qtbot, stats, Dimension.CRIME_AREA)
    assert not stats.show_map.isEnabled()  # no country in a crime-area table

    _count(qtbot, stats, Dimension.COUNTRY)
    assert stats.model.rowCount() == 3  # BG, RS, total
    assert stats.show_map.isEnabled()
    stats.show_map.click()
    qtbot.waitUntil(lambda: len(_windows(main, MapWindow)) == 1, timeout=LONG)
    found = _windows(main, MapWindow)[0]
    assert isinstance(found, MapWindow)
    map_window = found
    show_active(qtbot, map_window)
    scene = map_window.scene
    assert scene.statistic is not None
    assert scene.statistic.values == {"BG": 3, "RS": 1}
    bg, rs, ro = (scene.country_items[c] for c in ("BG", "RS", "RO"))
    assert bg.brush().color().name() == colour_for(3, 3)  # the statistic's classes
    assert rs.brush().color().name() == colour_for(1, 3) != colour_for(3, 3)
    assert ro.brush().color().name() == PALETTE[0]  # no report from Romania
    assert bg.toolTip().endswith(": 3 reports")
    assert "Reports by reporting country" in map_window.legend.text()
    assert map_window.report_counts.isEnabled()
    map_window.resize(1100, 700)
    map_window.view.fit()
    map_window.grab().save(str(tmp_path / "map_statistic.png"))
    # The map reloads (a filter changed): the statistic stays.
    map_window.reload()
    qtbot.waitUntil(lambda: "place(s)" in map_window.status.text(), timeout=LONG)
    assert scene.country_items["BG"].brush().color().name() == colour_for(3, 3)

    # The observer copy: every count is below 5, so nothing may be read off the map.
    stats.observer.setChecked(True)
    stats.show_map.click()
    qtbot.waitUntil(lambda: scene.statistic is not None and scene.statistic.hidden
                    == {"BG", "RS"}, timeout=LONG)
    assert _windows(main, MapWindow) == [map_window]  # the same map, brought up
    for code in ("BG", "RS"):
        item = scene.country_items[code]
        assert item.brush().style() == Qt.BrushStyle.BDiagPattern
        assert not re.search(r"\d", item.toolTip())
    legend = map_window.legend.text()
    assert "not shown" in legend
    assert not re.search(r"<td>[1-4](–\d+)?</td>", legend)  # no class of small counts
    map_window.grab().save(str(tmp_path / "map_observer.png"))
    exported = map_window.export(tmp_path / "observer.svg", "svg", observer=True)
    assert b"<svg" in exported.read_bytes()

    # Back to the listed reports' counts.
    map_window.report_counts.trigger()
    assert scene.statistic is None
    assert scene.country_items["BG"].brush().style() == Qt.BrushStyle.SolidPattern
    assert "Reports per reporting country" in map_window.legend.text()

    # Persons by nationality and month are never released to observers: refused.
    _count(qtbot, stats, Dimension.NATIONALITY, Dimension.PERIOD)
    stats.show_map.click()
    qtbot.waitUntil(lambda: "not released to observers" in stats.banner.message,
                    timeout=LONG)
    assert scene.statistic is None


def test_two_dimensions_map_the_chosen_row_and_skip_what_is_not_a_country() -> None:
    q = StatsQuery((Dimension.COUNTRY, Dimension.CRIME_AREA))
    cells = (Cell(("BG", "drugs"), 7, 9, None, 0), Cell(("BG", "thb_ms"), 2, 2, None, 0),
             Cell(("RS", "drugs"), 12, 15, None, 1),
             Cell(("(not recorded)", "drugs"), 5, 5, None, 0))
    table = StatsTable(q, cells, Cell((), 26, 31, None, 1))
    drugs = choropleth(table, other="drugs")
    assert drugs.values == {"BG": 7, "RS": 12}
    assert drugs.not_placed == ("(not recorded)",)
    assert "drugs" in drugs.title
    assert choropleth(table, other="thb_ms").values == {"BG": 2}
    # An observer: 2 is below 5, and the table's cells are one line with the total.
    hidden = choropleth(table, other="thb_ms", observer_threshold=5)
    assert hidden.values == {"BG": None}
    persons = StatsTable(StatsQuery((Dimension.NATIONALITY,)), (
        Cell(("AL",), 3, 4, 3, 0), Cell(("MD",), 9, 12, 8, 0)), Cell((), 11, 16, 11, 0))
    assert choropleth(persons).values == {"AL": 3, "MD": 8}  # persons, not reports
    assert choropleth(persons).measure == "persons"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_the_map_pdf_prints_the_statistic_and_an_observer_gets_it_suppressed_only(
        qtbot: QtBot, controller: AppController, stats_vault: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    controller.start(stats_vault)
    main = sign_in(qtbot, controller, "ana")
    main.context.registry.get("view.statistics").triggered(main)
    stats = _windows(main, StatsWindow)[0]
    assert isinstance(stats, StatsWindow)
    show_active(qtbot, stats)
    _count(qtbot, stats, Dimension.NATIONALITY)  # persons: BG 2, RS 1
    stats.show_map.click()
    qtbot.waitUntil(lambda: len(_windows(main, MapWindow)) == 1, timeout=LONG)
    map_window = _windows(main, MapWindow)[0]
    assert isinstance(map_window, MapWindow)
    qtbot.waitUntil(lambda: map_window.scene.statistic is not None
                    and "place(s)" in map_window.status.text(), timeout=LONG)

    # A member state's PDF: the statistic's title, legend and each country's value.
    member = map_window.export(tmp_path / "member.pdf", "pdf", observer=False)
    text = _pdf_text(member)
    assert "Persons by nationality (persons per country)" in text
    assert re.search(r"Bulgaria\s*2\b", text)
    assert re.search(r"Serbia\s*1\b", text)
    assert "no persons" in text
    assert "reports per reporting country" not in text

    # For an observer, a statistic with every count is refused; nothing is written.
    for fmt in ("pdf", "png", "svg"):
        with pytest.raises(SiratError, match="not exported for an observer"):
            map_window.export(tmp_path / f"observer.{fmt}", fmt, observer=True)
    assert not list(tmp_path.glob("observer.*"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(tmp_path / "observer.pdf"), "")))
    assert map_window.export_dialog("pdf", observer=True) is None  # from the Export menu
    assert "not exported for an observer" in map_window.status.text()
    assert not list(tmp_path.glob("observer.*"))

    # Counted as an observer copy: hidden values are grey, unnumbered, in no class.
    stats.observer.setChecked(True)
    stats.show_map.click()
    qtbot.waitUntil(lambda: map_window.scene.statistic is not None
                    and map_window.scene.statistic.hidden == {"BG", "RS"}, timeout=LONG)
    observer = map_window.export(tmp_path / "observer.pdf", "pdf", observer=True)
    text = _pdf_text(observer)
    assert "not shown (small count)" in text
    assert "Copy for an observer" in text
    assert "Bulgaria" in text
    lines = [line.strip() for line in text.splitlines()]
    legend = lines[2:lines.index("no persons") + 1]
    assert not [line for line in legend if re.search(r"\d", line)]  # no class of counts
    countries = lines[lines.index("Albania"):lines.index("Kosovo*") + 1]
    assert not [line for line in countries if line.isdigit()]  # no value under a name
