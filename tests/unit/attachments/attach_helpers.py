"""Real image files for the attachment tests: a photo with EXIF GPS and a canary, a bomb."""

from __future__ import annotations

import io

from PIL import Image

from sirat.services.reports.types import ReportDraft

CANARY = "ZqCanaryAttach7731"

DRAFT = ReportDraft(
    title="Vehicle seen at Kapitan Andreevo", crime_area="stolen_vehicles",
    report_date="2026-03-14", reporting_country="BG", source_reliability="B",
    information_accuracy="2", classification="RESTRICTED",
    handling_codes=frozenset({"H0"}), summary="A photo.", narrative="See the attachment.",
)


def photo(width: int = 640, height: int = 480, *, canary: str = CANARY,
          fmt: str = "JPEG") -> bytes:
    """A JPEG whose EXIF holds GPS coordinates and the canary (camera model, comment)."""
    img = Image.new("RGB", (width, height), (30, 90, 160))
    for x in range(0, width, 7):
        for y in range(0, height, 53):
            img.putpixel((x, y), (250, (x * 3) % 256, (y * 5) % 256))
    exif = Image.Exif()
    exif[0x010F] = canary  # Make
    exif[0x0110] = canary  # Model
    exif[0x010E] = canary  # ImageDescription
    gps = {1: "N", 2: (41.0, 43.0, 12.5), 3: "E", 4: (26.0, 18.0, 33.1)}
    exif[0x8825] = gps
    out = io.BytesIO()
    if fmt == "JPEG":
        img.save(out, "JPEG", exif=exif.tobytes(), comment=canary.encode(), quality=90)
    else:
        img.save(out, fmt)
    return out.getvalue()


def bomb() -> bytes:
    """A small PNG that declares 40,000 x 40,000 pixels (1.6 GP): a decompression bomb."""
    img = Image.new("1", (40_000, 40_000), 0)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()
