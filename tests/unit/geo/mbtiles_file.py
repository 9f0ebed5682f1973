"""A small MBTiles file made in the test (a few solid PNG tiles), never downloaded."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 220, 180)) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def make_mbtiles(path: Path, z: int = 5) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
               "tile_data BLOB)")
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "Test relief"), ("format", "png"), ("attribution", "Test centre")])
    # Columns 17..19, TMS rows 19..20 at z=5 cover the Balkans.
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", [
        (z, col, row, png()) for col in range(17, 20) for row in range(19, 21)])
    db.commit()
    db.close()
    return path
