"""The child process that decodes an image: ``python -m sirat.attachments._child OP SIZE``.

Reads the image from stdin, writes ``<4-byte header length><JSON header><JPEG bytes>`` to
stdout and exits 0; a refused or broken image exits 2 with a header ``{"error": reason}``.
Before reading anything it limits itself (POSIX): address space, CPU seconds, and the size
of any file it could write (0: it cannot write a file at all, so nothing decoded can land on
disk); on Windows it puts itself in a Job object (committed memory, CPU seconds, no second
process: ``_winjob``). Pillow's pixel limit turns a decompression bomb into an error instead
of a warning. The parent adds a wall-clock timeout and kills it.

Operations: ``thumb N`` (fits N x N, for the database), ``clean N`` (fits N x N, every piece
of metadata dropped: what the viewer shows and the PDF annex prints). Both re-encode as JPEG
from pixels only -- no EXIF, GPS, XMP, ICC profile or comment is carried over.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import warnings

MAX_PIXELS = 100_000_000  # 100 MP: above any camera the center uses; bombs are far beyond
MEMORY_BYTES = 1536 * 1024 * 1024
CPU_SECONDS = 20
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")


def _limit() -> None:
    try:
        import resource
    except ImportError:
        # Windows: a Job object instead. Best effort: if Windows refuses it, the parent's
        # timeout and the pixel limit still hold, as before this existed.
        from sirat.attachments._winjob import confine

        confine(MEMORY_BYTES, CPU_SECONDS)
        return
    for name, value in (("RLIMIT_AS", MEMORY_BYTES), ("RLIMIT_CPU", CPU_SECONDS),
                        ("RLIMIT_FSIZE", 0), ("RLIMIT_CORE", 0)):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


def _emit(header: dict[str, object], payload: bytes = b"") -> None:
    raw = json.dumps(header).encode()
    out = sys.stdout.buffer
    out.write(len(raw).to_bytes(4, "big") + raw + payload)
    out.flush()


def _render(data: bytes, op: str, size: int) -> tuple[dict[str, object], bytes]:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    with Image.open(io.BytesIO(data), formats=FORMATS) as img:
        width, height = img.size
        if width * height > MAX_PIXELS:
            raise ValueError("too many pixels")
        fmt = img.format or ""
        if fmt == "JPEG":
            img.draft("RGB", (size, size))  # decode at 1/2..1/8 scale: fast on big photos
        img.seek(0)
        img.load()
        frame = ImageOps.exif_transpose(img) or img
        if frame.mode in ("RGBA", "LA", "P"):
            rgba = frame.convert("RGBA")
            frame = Image.new("RGB", rgba.size, (255, 255, 255))
            frame.paste(rgba, mask=rgba.getchannel("A"))
        else:
            frame = frame.convert("RGB")
        frame.thumbnail((size, size), Image.Resampling.LANCZOS if op == "clean"
                        else Image.Resampling.BILINEAR)
        # From pixels only: a new image carries no info dict, so nothing is written but pixels.
        bare = Image.new("RGB", frame.size)
        bare.paste(frame)
        out = io.BytesIO()
        bare.save(out, "JPEG", quality=85 if op == "clean" else 75, optimize=False)
    header: dict[str, object] = {"width": width, "height": height, "format": fmt,
                                 "out_width": bare.size[0], "out_height": bare.size[1]}
    return header, out.getvalue()


def main(argv: list[str]) -> int:
    _limit()
    if len(argv) != 2 or argv[0] not in ("thumb", "clean") or not argv[1].isdigit():
        _emit({"error": "usage"})
        return 2
    op, size = argv[0], max(16, min(int(argv[1]), 8192))
    data = sys.stdin.buffer.read()
    try:
        header, payload = _render(data, op, size)
    except MemoryError:
        _emit({"error": "the image needs more memory than allowed"})
        return 2
    except Exception as exc:  # any decoder failure: a hostile or broken file, not our bug
        name = type(exc).__name__
        reason = ("the image has too many pixels (a decompression bomb?)"
                  if "DecompressionBomb" in name or "too many pixels" in str(exc)
                  else "the image cannot be decoded")
        _emit({"error": reason})
        return 2
    _emit(header, payload)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
