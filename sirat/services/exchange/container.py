"""The inner container of a package: a zip read in memory, defensively. Pure: no database.

Nothing is ever extracted to disk. Reading refuses, before a byte is inflated: more entries
than :data:`MAX_ENTRIES`, a name that is not a plain relative path (``..``, an absolute path,
a backslash, a drive letter, control characters), a name given twice, a declared size above
the cap of its part or a declared total above :data:`MAX_TOTAL`. While inflating it counts
the bytes it really gets and stops at the declared size plus one, so a zip whose headers lie
about the size (the classic bomb) is refused after at most that many bytes, never inflated
in full. ``zipfile`` checks each entry's CRC at its end.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Final

from sirat.errors import SiratError

MAX_ENTRIES: Final = 10_000
MAX_PART: Final = 256 * 1024 * 1024  # one part (an attachment)
MAX_TOTAL: Final = 512 * 1024 * 1024  # everything inflated
MAX_MANIFEST: Final = 4 * 1024 * 1024
CHUNK: Final = 1024 * 1024
#: A plain relative path: segments of letters, digits, ``._-`` (not starting with a dot).
_NAME: Final = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){0,4}"
                          r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")


class ContainerError(SiratError):
    """The package's container is malformed or hostile; nothing was read into the vault."""


def _refuse(what: str) -> ContainerError:
    return ContainerError(f"The package is refused: {what}. Nothing was imported.",
                          "Ask the sender for a new package; do not open this one elsewhere.")


def safe_name(name: str) -> bool:
    """A part name a reader may use: no traversal, no absolute path, no odd characters."""
    return bool(_NAME.fullmatch(name)) and ".." not in name.split("/")


def write_container(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts`` (name -> bytes), in the order given, with fixed times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if not safe_name(name):
                raise ValueError(f"unsafe part name {name!r}")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data)
    return out.getvalue()


def read_container(data: bytes, caps: dict[str, int] | None = None) -> dict[str, bytes]:
    """Every entry of the zip ``data`` (name -> bytes), or :class:`ContainerError`.

    ``caps`` gives a smaller size limit for named entries (the manifest, say); any other
    entry may be up to :data:`MAX_PART`.
    """
    caps = caps or {}
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse("it is not a readable container (damaged, or not a SIRAT package)") \
            from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _refuse(f"it holds more than {MAX_ENTRIES} parts")
        seen: set[str] = set()
        total = 0
        for info in infos:
            if not safe_name(info.filename) or info.is_dir():
                raise _refuse("a part has an unsafe name (a path outside the package)")
            if info.filename in seen:
                raise _refuse("a part name appears twice")
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise _refuse("a part is encrypted inside the container")
            cap = caps.get(info.filename, MAX_PART)
            if info.file_size > cap:
                raise _refuse("a part is larger than the package size limit")
            total += info.file_size
        if total > MAX_TOTAL:
            raise _refuse("its parts together are larger than the package size limit")
        return {info.filename: _read_entry(zf, info, caps.get(info.filename, MAX_PART))
                for info in infos}


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """Inflate one entry, never past its declared size (+1 byte to notice a lie) or ``cap``."""
    limit = min(info.file_size, cap)
    buf = bytearray()
    try:
        with zf.open(info) as stream:
            while len(buf) <= limit:
                chunk = stream.read(min(CHUNK, limit + 1 - len(buf)))
                if not chunk:
                    break
                buf += chunk
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError):
        raise _refuse("a part is damaged (its checksum or compressed data is wrong)") from None
    except zlib.error:
        raise _refuse("a part is damaged (its compressed data is wrong)") from None
    if len(buf) != info.file_size:
        raise _refuse("a part inflates to another size than its header declares (a zip bomb "
                      "or a damaged file)")
    return bytes(buf)
