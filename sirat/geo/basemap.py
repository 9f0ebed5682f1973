"""The shipped basemap: country outlines in lon/lat, read once from ``resources/geo``.

``tools/build_basemap.py`` writes the file (Natural Earth 1:10m, clipped and simplified); a
missing or damaged file is an error the user can act on (reinstall), never a download.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from sirat.errors import SiratError
from sirat.geo.countries import LABEL_AT, country_name

GEO_DIR: Final = Path(__file__).resolve().parents[2] / "resources" / "geo"
BASEMAP: Final = GEO_DIR / "basemap.json.gz"
Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class CountryShape:
    code: str
    name: str
    rings: tuple[Ring, ...]  # (lon, lat) points, each ring closed implicitly

    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for r in self.rings for p in r]
        ys = [p[1] for r in self.rings for p in r]
        return min(xs), min(ys), max(xs), max(ys)

    def label_point(self) -> tuple[float, float]:
        """Where the name goes: SIRAT's table (``LABEL_AT``), else the middle of the largest
        ring's box."""
        if self.code in LABEL_AT:
            return LABEL_AT[self.code]
        ring = max(self.rings, key=len)
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


@dataclass(frozen=True, slots=True)
class Basemap:
    countries: tuple[CountryShape, ...]
    bbox: tuple[float, float, float, float]
    source: str
    licence: str


def _damaged() -> SiratError:
    return SiratError("The map's country outlines (resources/geo/basemap.json.gz) are missing "
                      "or damaged.", "Reinstall SIRAT; the basemap ships with it.")


def parse_basemap(raw: bytes) -> Basemap:
    try:
        data = json.loads(gzip.decompress(raw))
        if data.get("format") != "sirat-basemap" or data.get("version") != 1:
            raise _damaged()
        scale = float(data["scale"])
        countries = tuple(
            CountryShape(str(c["code"]), country_name(str(c["code"])), tuple(
                tuple((flat[k] / scale, flat[k + 1] / scale) for k in range(0, len(flat) - 1, 2))
                for flat in c["rings"]))
            for c in data["countries"])
        west, south, east, north = (float(v) for v in data["bbox"])
        return Basemap(countries, (west, south, east, north), str(data["source"]),
                       str(data["licence"]))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise _damaged() from exc


@lru_cache(maxsize=1)
def load_basemap(path: Path = BASEMAP) -> Basemap:
    try:
        return parse_basemap(path.read_bytes())
    except OSError as exc:
        raise _damaged() from exc
