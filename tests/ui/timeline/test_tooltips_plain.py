"""Tooltips that show user text (a report's title on a timeline bar, a place the map could
not place) show it as typed: Qt guesses whether a tooltip is rich text, so a title holding
markup must come out as its own characters, not as an image or bold text."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from sirat.geo.points import MapData, Unplaced
from sirat.ui.main_window import MainWindow
from sirat.ui.timeline.canvas import bar_tooltip
from tests.ui.timeline.test_map_view import open_map

HOSTILE = '<img src="file:///etc/passwd"><b>Героин</b> & Σ'


def _as_shown(tip: str) -> str:
    doc = QTextDocument()
    doc.setHtml(tip)  # what QToolTip does with a text it takes for rich text
    return doc.toPlainText()


def test_a_bar_tooltip_shows_a_title_with_markup_as_typed(qtbot: QtBot) -> None:
    shown = _as_shown(bar_tooltip("SIRAT-2026-000001", HOSTILE, "2026-03-01"))
    assert shown.splitlines() == ["SIRAT-2026-000001", HOSTILE, "2026-03-01"]


def test_a_place_not_placed_shows_its_whole_line_as_typed(qtbot: QtBot,
                                                          main: MainWindow) -> None:
    window = open_map(qtbot, main)
    window._show_lists(MapData(unplaced=(Unplaced(HOSTILE, "not in the gazetteer", 1),)))
    item = window.unplaced.item(0)
    assert item.text() == f"{HOSTILE} — not in the gazetteer"
    assert _as_shown(item.toolTip()) == item.text()
