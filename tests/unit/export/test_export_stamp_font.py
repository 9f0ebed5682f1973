"""The signature stamp's font: cut to the stamp's characters, yet every character is there."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from pypdf import PdfReader

from sirat.export import sign_backend
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.sign import create_test_certificate, load_pkcs12, sign_pdf
from sirat.export.sign_backend import stamp_lines
from sirat.export.types import RecipientInput, ReportInput, SignerInfo

NAMES = ("Мира Стоянова", "Γιώργος Παπαδόπουλος", "Đorđe Jovanović 100%")


@pytest.fixture
def unsigned_pdf(report: ReportInput, make_recipient: Callable[..., RecipientInput]) -> bytes:
    view = build_release_view(report, [], [], make_recipient("member-state"))
    return render_pdf_bytes(view, copy_number=1, signer=SignerInfo("A", "B", "C", True))


def _stamp_fonts(pdf: bytes) -> list[TTFont]:
    """The fonts embedded in the appearance of the signature widget (last page)."""
    reader = PdfReader(BytesIO(pdf))
    fonts: list[TTFont] = []
    for annot in reader.pages[-1].get("/Annots", []):
        widget = annot.get_object()
        if widget.get("/FT") != "/Sig":
            continue
        appearance = widget["/AP"]["/N"].get_object()
        stack = [appearance]
        while stack:  # the stamp nests its text in form XObjects
            form = stack.pop()
            resources = form.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                descendant = font.get_object()["/DescendantFonts"][0].get_object()
                data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
                fonts.append(TTFont(BytesIO(data)))
            stack += [x.get_object() for x in resources.get("/XObject", {}).values()]
    return fonts


@pytest.mark.parametrize("name", NAMES)
def test_the_stamp_font_holds_every_character_of_the_stamp_and_little_else(
    name: str, unsigned_pdf: bytes
) -> None:
    signer = load_pkcs12(*create_test_certificate(name, "Operational Center"))

    fonts = _stamp_fonts(sign_pdf(unsigned_pdf, signer))

    assert len(fonts) == 1
    cmap = fonts[0].getBestCmap()
    text = stamp_lines(name, test_certificate=True).replace("%%", "%").replace("%(ts)s", "")
    missing = {c for c in text + "0123456789-: UTC" if c != "\n" and ord(c) not in cmap}
    assert missing == set()
    # Cut to the stamp: a few dozen glyphs, not the ~1,500 of the scripts SIRAT writes.
    assert len(fonts[0].getGlyphOrder()) < 120


def test_two_signers_in_one_process_each_get_their_own_characters(unsigned_pdf: bytes) -> None:
    first, second = (load_pkcs12(*create_test_certificate(n, "Operational Center"))
                     for n in NAMES[:2])

    sign_pdf(unsigned_pdf, first)
    fonts = _stamp_fonts(sign_pdf(unsigned_pdf, second))

    cmap = fonts[0].getBestCmap()
    assert all(ord(c) in cmap for c in NAMES[1] if c != " ")


def test_without_the_stamp_text_the_factory_gives_the_whole_cut_font() -> None:
    whole = sign_backend.stamp_font()
    cut = sign_backend.stamp_font("Digitally signed by Мира")

    assert len(cut.font_bytes()) < len(whole.font_bytes()) / 2
