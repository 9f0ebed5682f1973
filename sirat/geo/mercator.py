"""Web Mercator (EPSG:3857) in code: degrees <-> metres, and tile numbers for MBTiles.

Latitudes are clamped to the projection's ±85.0511°; nothing in SIRAT's region comes near.
"""

from __future__ import annotations

import math
from typing import Final

RADIUS: Final = 6378137.0
MAX_LAT: Final = 85.05112878
HALF: Final = math.pi * RADIUS  # metres from the centre to the edge of the square world


def project(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) metres east and north of (0°, 0°)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = math.radians(lon) * RADIUS
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * RADIUS
    return x, y


def unproject(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) degrees of a projected point."""
    lon = math.degrees(x / RADIUS)
    lat = math.degrees(2 * math.atan(math.exp(y / RADIUS)) - math.pi / 2)
    return lon, lat


def tile_bounds(z: int, col: int, row_tms: int) -> tuple[float, float, float, float]:
    """Projected (west, south, east, north) of a tile; MBTiles rows count from the south (TMS)."""
    size = 2 * HALF / (1 << z)
    west = -HALF + col * size
    south = -HALF + row_tms * size
    return west, south, west + size, south + size


def tile_range(z: int, west: float, south: float, east: float, north: float
               ) -> tuple[int, int, int, int]:
    """Columns and TMS rows (inclusive) of the tiles covering a projected box at zoom ``z``."""
    n = 1 << z
    size = 2 * HALF / n

    def clamp(v: float) -> int:
        return max(0, min(n - 1, int(v)))

    return (clamp((west + HALF) / size), clamp((south + HALF) / size),
            clamp((east + HALF) / size), clamp((north + HALF) / size))
