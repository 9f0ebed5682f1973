"""The PDF's fonts are SIRAT's own (resources/fonts): no other library's data folder.

A child process renders the canary report with matplotlib made unimportable and unfindable;
every font the PDF uses is an embedded DejaVu subset, and the faces have a glyph for every
Cyrillic and Greek letter the report carries.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from sirat.errors import SiratError
from sirat.export import fonts
from tests.unit.export.conftest import CANARY_SECRETS

CHILD = """
import importlib.util, sys
real_find_spec = importlib.util.find_spec
def find_spec(name, *args, **kwargs):
    if name.split(".")[0] == "matplotlib":
        return None
    return real_find_spec(name, *args, **kwargs)
importlib.util.find_spec = find_spec
sys.modules["matplotlib"] = None  # `import matplotlib` raises ImportError
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from tests.unit.export.conftest import _sample_entities, _sample_report, _recipient
report = _sample_report()
view = build_release_view(report, _sample_entities(), [], _recipient("member-state"))
open(sys.argv[1], "wb").write(render_pdf_bytes(view, copy_number=1))
assert not any(m.startswith("matplotlib") for m in sys.modules if sys.modules[m] is not None)
"""


def _fonts_of(data_path: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(data_path).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            if "/DescendantFonts" in font:
                descendant = font["/DescendantFonts"][0].get_object()
                assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    return names


def test_a_pdf_renders_without_matplotlib(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(out)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    # reportlab declares its canvas' initial font (Helvetica) on each page; no text is set in
    # it (the names below come back from the embedded DejaVu subsets).
    used = _fonts_of(out) - {"/Helvetica"}
    assert used
    assert all("DejaVu" in name for name in used), used
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Иван Петров" in text
    assert "Γιώργος Παπαδόπουλος" in text


@pytest.mark.parametrize("face", [fonts.FONTS.regular, fonts.FONTS.bold, fonts.FONTS.mono])
def test_every_cyrillic_and_greek_letter_has_a_glyph(face: str) -> None:
    cmap = TTFont(fonts.font_path(face))["cmap"].getBestCmap()
    letters = {c for s in CANARY_SECRETS for c in s if c.isalpha()}
    letters |= set("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯЁЂЈЉЊЋЏабвгдежзийклмнопрстуфхцчшщъьюяђјљњћџ")
    letters |= set("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώ")
    letters |= set("ĂÂÎȘȚăâîșțŞşĞğİıÇçÖöÜüĐđŠšŽžČčĆć")
    assert sorted(c for c in letters if ord(c) not in cmap) == []


def test_the_licence_ships_beside_the_faces() -> None:
    licence = (fonts.FONT_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert "DejaVu" in licence


def test_a_missing_font_folder_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path / "nowhere")
    with pytest.raises(SiratError) as err:
        fonts.font_folder()
    assert "fonts" in err.value.message
    assert err.value.hint
