"""An optional raster layer from a local MBTiles file a center supplies (never downloaded).

MBTiles is an SQLite file of PNG/JPEG tiles (``tiles(zoom_level, tile_column, tile_row,
tile_data)``, rows counted from the south) with a ``metadata`` table. The file is opened
read-only (``mode=ro``, ``immutable``) -- SIRAT never writes to it -- and refused plainly
when it is not an MBTiles file. Tile bytes are decoded by the UI (Qt), not here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sirat.errors import SiratError

MAX_TILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TileSet:
    name: str
    format: str
    min_zoom: int
    max_zoom: int
    attribution: str


def _bad() -> SiratError:
    return SiratError("That file is not an MBTiles raster layer.",
                      "Choose an .mbtiles file of PNG or JPEG tiles supplied by your center.")


class MBTiles:
    """Read-only access to one MBTiles file; close() or use as a context manager."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SiratError("The raster layer file does not exist.", "Check the path.")
        uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        try:
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT name, value FROM metadata").fetchall())
            zooms = self._db.execute(
                "SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise _bad() from exc
        fmt = str(meta.get("format", "png")).lower()
        if fmt not in ("png", "jpg", "jpeg") or zooms is None or zooms[0] is None:
            self._db.close()
            raise _bad()
        self.info = TileSet(str(meta.get("name", path.stem)), fmt, int(zooms[0]),
                            int(zooms[1]), str(meta.get("attribution", "")))

    def tiles(self, z: int, col0: int, row0: int, col1: int, row1: int,
              limit: int = 256) -> list[tuple[int, int, bytes]]:
        """(column, TMS row, bytes) of the stored tiles in the range, at most ``limit``."""
        rows = self._db.execute(
            "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ? AND "
            "tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ? LIMIT ?",
            (z, col0, col1, row0, row1, limit)).fetchall()
        return [(int(c), int(r), bytes(d)) for c, r, d in rows
                if isinstance(d, bytes | memoryview) and len(d) <= MAX_TILE_BYTES]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MBTiles:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
