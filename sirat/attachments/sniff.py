"""A file's type from its content (magic bytes), never from its name.

Only the types listed here count as images (decoded, in a child process, for thumbnails and
the viewer); everything else is kept as an opaque file and leaves the vault only as an
explicit, audited decrypted copy. SVG is deliberately not an image here (it is a program).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str
    is_image: bool


_IMAGE = {
    "image/jpeg": "JPEG image", "image/png": "PNG image", "image/gif": "GIF image",
    "image/webp": "WebP image", "image/tiff": "TIFF image", "image/bmp": "BMP image",
}
OCTET = FileType("application/octet-stream", "file", False)


def detect(head: bytes) -> FileType:
    """The type of a file whose first bytes (at least 16) are ``head``."""
    media = _media_type(head)
    if media in _IMAGE:
        return FileType(media, _IMAGE[media], True)
    return {
        "application/pdf": FileType("application/pdf", "PDF document", False),
        "application/zip": FileType("application/zip", "ZIP container (e.g. DOCX, XLSX)", False),
        "application/x-ole": FileType("application/x-ole", "Office document (legacy)", False),
        "text/plain": FileType("text/plain", "text", False),
    }.get(media or "", OCTET)


def _media_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:2] == b"BM" and len(head) >= 14:
        return "image/bmp"
    if head[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole"
    if head and _looks_like_text(head[:4096]):
        return "text/plain"
    return None


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(sample) - 3
    return True


_LABELS = {**_IMAGE, "application/pdf": "PDF document",
           "application/zip": "ZIP container (e.g. DOCX, XLSX)",
           "application/x-ole": "Office document (legacy)", "text/plain": "text"}


def detect_label(media_type: str) -> str:
    return _LABELS.get(media_type, "file")


def is_image_type(media_type: str) -> bool:
    return media_type in _IMAGE
