"""Read a PDF back every way a secret could hide in it (the canary approach of the export
tests): extracted page text, every object of every revision with streams decompressed,
the raw bytes in several encodings, metadata, annotations."""

from __future__ import annotations

import contextlib
import re
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from sirat.names.fold import search_key


def page_text(data: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def decoded_objects(data: bytes) -> list[bytes]:
    """Every object of every revision: streams decompressed, other objects as text."""
    reader = PdfReader(BytesIO(data))
    found: list[bytes] = []
    numbers = [(num, gen) for gen, entries in reader.xref.items() for num in entries]
    numbers += [(num, 0) for num in reader.xref_objStm]
    for num, gen in numbers:
        obj = reader.get_object(IndirectObject(num, gen, reader))
        if isinstance(obj, StreamObject):
            found.append(obj.get_data())
            found.append(repr(dict(obj.items())).encode("utf-8"))
        else:
            found.append(repr(obj).encode("utf-8"))
    return found


def encodings(secret: str) -> list[bytes]:
    """The ways a string can sit in a PDF file: plain, UTF-16 both ways, hex of those."""
    forms = [secret.encode("utf-8"), secret.encode("utf-16-be"), secret.encode("utf-16-le")]
    with contextlib.suppress(UnicodeEncodeError):
        forms.append(secret.encode("latin-1"))
    hexed = [f.hex().encode("ascii") for f in forms]
    return forms + hexed + [h.upper() for h in hexed]


def leaks(data: bytes, secrets: tuple[str, ...]) -> list[str]:
    """Every secret found in ``data`` in any form (empty: nothing leaks)."""
    found: set[str] = set()
    text = page_text(data)
    found |= {s for s in secrets if s.casefold() in text.casefold()}
    folded = search_key(text)
    for secret in secrets:
        for word in search_key(secret).split():
            if len(word) >= 4 and re.search(rf"\b{re.escape(word)}", folded):
                found.add(secret)
    objects = [*decoded_objects(data), data]
    found |= {s for s in secrets for form in encodings(s) for o in objects if form in o}
    reader = PdfReader(BytesIO(data))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    found |= {s for s in secrets if s.casefold() in metadata.casefold()}
    return sorted(found)


def annotations_other_than_signature(data: bytes) -> list[str]:
    reader = PdfReader(BytesIO(data))
    out = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            subtype = str(annot.get_object().get("/Subtype"))
            field = str(annot.get_object().get("/FT", ""))
            if not (subtype == "/Widget" and field == "/Sig"):
                out.append(subtype)
    return out
