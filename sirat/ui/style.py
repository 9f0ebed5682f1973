"""The app's style: Fusion plus ``resources/styles/sirat.qss``, and a font with Cyrillic and
Greek glyphs.

SIRAT's own DejaVu faces (``resources/fonts``, the PDF's fonts) are registered with Qt, so
"DejaVu Sans" -- the chart's font, whose metrics size its boxes and so its layout -- is
there on a workstation without it, instead of whatever font the system falls back to.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from sirat.export.fonts import FONT_DIR

log = logging.getLogger(__name__)

STYLE_FILE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "sirat.qss"
# Families known to cover Latin-extended, Cyrillic and Greek, in order of preference.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial")


_fonts_loaded = False


def load_fonts() -> None:
    """Register SIRAT's font files with Qt (once; needs the QApplication)."""
    global _fonts_loaded  # noqa: PLW0603 -- Qt's font database is process-wide too
    if _fonts_loaded:
        return
    _fonts_loaded = True
    for path in sorted(FONT_DIR.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font file not loaded by Qt")


def style_sheet() -> str:
    try:
        return STYLE_FILE.read_text("utf-8")
    except OSError:
        log.warning("style sheet not found; using the plain style")
        return ""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    load_fonts()
    families = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            break
    app.setStyleSheet(style_sheet())
