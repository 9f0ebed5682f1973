"""DejaVu Sans for the PDF, taken from matplotlib's installed fonts (a declared dependency).

reportlab's own fonts have no Cyrillic and almost no Greek (FACTS.md); DejaVu Sans covers
Latin-extended, Cyrillic and Greek. The files are not copied into the repository: they
are found in matplotlib's ``mpl-data/fonts/ttf`` folder and registered once, lazily,
when the first PDF is rendered.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from sirat.errors import SiratError


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
    """matplotlib's TrueType folder, found without importing matplotlib itself."""
    spec = find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise SiratError(
            "The PDF fonts (DejaVu Sans, shipped with matplotlib) are not installed.",
            "Reinstall SIRAT with its dependencies.",
        )
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


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
