"""Pay ahead, once per process, what only the first export of a session would pay.

Measured on the 2-core workstation (docs/bench.md, ``export.first``): the first export of a
process spent ~1 s of CPU before it signed anything -- importing reportlab and pyHanko,
registering the DejaVu faces, cutting the stamp font, loading the gazetteer for the places
map. The export dialog calls :func:`warm_up` on the CPU worker when it opens (the user then
chooses a recipient and a file name), so pressing *Export* costs what every later export
costs, plus opening the certificate once. Nothing here reads the vault or holds personal
data; calling it again costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date

_lock = threading.Lock()
_done = False


def warm_up(signer_names: Iterable[str] = ()) -> None:
    """Import and prepare the renderer and the signer (idempotent, thread-safe); cut the
    stamp font for each of ``signer_names`` (the certificates the user may sign with)."""
    global _done  # noqa: PLW0603 - one flag per process
    with _lock:
        from sirat.export import sign_backend

        if not _done:
            from sirat.export import pdf_places, pdf_render  # noqa: F401 - imported ahead
            from sirat.export.fonts import FONTS, font_path, register_fonts
            from sirat.geo.gazetteer import load_gazetteer

            pdf_render._use_font_coverage(register_fonts())  # what the faces draw
            sign_backend._font_bytes(str(font_path(FONTS.regular)))  # the stamp font
            load_gazetteer()  # the places map of the PDF geocodes with it
            _render_sample()  # reportlab's own first-document costs
            _done = True
        for name in signer_names:
            sign_backend.prepare_stamp(name)  # cached per name: nothing the second time


def _render_sample() -> None:
    """Render a one-page report of made-up words (no vault, nothing kept)."""
    from sirat.export import types
    from sirat.export.pdf import render_pdf_bytes
    from sirat.export.release import build_release_view

    words = "Warm-up text, Кириллица, Ελληνικά."
    report = types.ReportInput(
        reference="SIRAT-2000-000001", version=1, title=words, crime_area=words,
        report_date=date(2000, 1, 1), information_date="2000-01-01", places=("Sofia",),
        reporting_country="BG", agency=words, operation="", source_reliability="B",
        source_reliability_wording=words, information_accuracy="2",
        information_accuracy_wording=words,
        handling_codes=(types.HandlingCode("H0", words),), classification="RESTRICTED",
        summary=words, narrative=words, analyst_comment=words, keywords=(), author=words,
        approver=words, status="approved", originator=words,
    )
    recipient = types.RecipientInput("BG", "Bulgaria", "member-state",
                                     frozenset({"RESTRICTED"}), frozenset({"H0"}))
    entity = types.EntityInput("p0", "person", words, name_forms=(words,))
    view = build_release_view(report, [entity], [], recipient)
    render_pdf_bytes(view, copy_number=1, signer=types.SignerInfo(words, words))
