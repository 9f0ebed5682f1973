"""Render a release view as the dissemination PDF (reportlab, loaded on first use).

The PDF carries: classification banners top and bottom of every page; reference, page
X of Y and copy number on every page; the header block; handling codes and grading in
words; summary, reported information and the analyst comment kept apart; the entity
annex by kind; the link chart when present; the grading key; a signature block whose
reserved box (:data:`SIGNATURE_BOX`, last page) receives the visible signature.

Metadata is set on purpose: title = reference and classification, author = originating
organisation, creator and producer "SIRAT", dates in UTC; no user name, no path.
"""

from __future__ import annotations

from io import BytesIO
from typing import BinaryIO

from sirat.export.pdf_style import SIGNATURE_BOX
from sirat.export.release import ReleaseView
from sirat.export.types import SignerInfo

__all__ = ["SIGNATURE_BOX", "render_pdf", "render_pdf_bytes"]


def render_pdf(
    view: ReleaseView,
    *,
    copy_number: int,
    out: BinaryIO,
    signer: SignerInfo | None = None,
) -> None:
    """Write the PDF of ``view`` to ``out``; ``signer`` is printed in the signature block."""
    if copy_number < 1:
        raise ValueError("copy numbers start at 1")
    from sirat.export.pdf_render import render  # reportlab costs ~120 ms to import

    render(view, copy_number=copy_number, out=out, signer=signer)


def render_pdf_bytes(
    view: ReleaseView, *, copy_number: int, signer: SignerInfo | None = None
) -> bytes:
    """:func:`render_pdf` into memory."""
    out = BytesIO()
    render_pdf(view, copy_number=copy_number, out=out, signer=signer)
    return out.getvalue()
