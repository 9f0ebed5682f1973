"""DejaVu Sans for the PDF and the signature stamp: SIRAT's own copy, in ``resources/fonts``.

reportlab's own fonts have no Cyrillic and almost no Greek (FACTS.md); DejaVu Sans covers
Latin-extended, Cyrillic and Greek. The faces SIRAT uses ship with it (air-gapped: nothing is
fetched, and no other library's private data folder is borrowed) beside their licence
(``resources/fonts/LICENSE``, the Bitstream Vera / Arev licence with DejaVu's public-domain
changes). They are registered once, lazily, when the first PDF is rendered.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from sirat.errors import SiratError

#: The folder that holds the faces: ``resources/fonts`` of the source tree, which the desktop
#: bundle (packaging/sirat.spec) carries at the same place relative to the ``sirat`` package.
FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@dataclass(frozen=True, slots=True)
class FontNames:
    """reportlab names of the registered faces; ``<b>``/``<i>`` map within ``regular``."""

    regular: str = "SiratSans"
    bold: str = "SiratSans-Bold"
    italic: str = "SiratSans-Oblique"
    bold_italic: str = "SiratSans-BoldOblique"
    mono: str = "SiratMono"


FONTS = FontNames()
_FILES = {
    FONTS.regular: "DejaVuSans.ttf",
    FONTS.bold: "DejaVuSans-Bold.ttf",
    FONTS.italic: "DejaVuSans-Oblique.ttf",
    FONTS.bold_italic: "DejaVuSans-BoldOblique.ttf",
    FONTS.mono: "DejaVuSansMono.ttf",
}
_lock = threading.Lock()
_registered = False


def font_folder() -> Path:
    """SIRAT's font folder, checked: a bundle or install without it says so in one line."""
    if not all((FONT_DIR / filename).is_file() for filename in _FILES.values()):
        raise SiratError(
            "The PDF fonts (DejaVu Sans, in SIRAT's resources/fonts folder) are missing.",
            "Reinstall SIRAT; the fonts ship with it.",
        )
    return FONT_DIR


def font_path(name: str) -> Path:
    """File of the registered face ``name`` (one of :data:`FONTS`)."""
    return font_folder() / _FILES[name]


def register_fonts() -> FontNames:
    """Register the faces with reportlab (once per process; thread-safe) and return names."""
    global _registered  # noqa: PLW0603 - one flag for a process-wide registry
    with _lock:
        if not _registered:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            folder = font_folder()
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
            for bold, italic, face in (
                (0, 0, FONTS.regular),
                (1, 0, FONTS.bold),
                (0, 1, FONTS.italic),
                (1, 1, FONTS.bold_italic),
            ):
                addMapping(FONTS.regular, bold, italic, face)
            _registered = True
    return FONTS
