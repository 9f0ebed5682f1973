"""The app's style: Fusion plus ``resources/styles/sirat.qss``, and a font with Cyrillic and
Greek glyphs."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

STYLE_FILE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "sirat.qss"
# Families known to cover Latin-extended, Cyrillic and Greek, in order of preference.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial")


def style_sheet() -> str:
    try:
        return STYLE_FILE.read_text("utf-8")
    except OSError:
        log.warning("style sheet not found; using the plain style")
        return ""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    families = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            break
    app.setStyleSheet(style_sheet())
