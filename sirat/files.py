"""Writing files safely, for every file SIRAT writes (vault keys, PDFs, checkpoints, figures).

Atomic file replacement: temp file in the same folder, 0600 before the first byte,
fsync, os.replace, fsync the folder (as Electrum's storage and KeePassXC's QSaveFile do).
OS errors become the ``SiratError`` a user can act on (disk full, folder not writable)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from pathlib import Path

from sirat.errors import DiskFull, ReadOnlyLocation


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def translate_os_error(exc: OSError, what: str) -> Exception:
    """Map an OSError to the SiratError a user can act on (or return it unchanged)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"The disk is full while writing the {what}.", "Free some space and retry.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyLocation(
            f"The folder of the {what} cannot be written.",
            "Choose a folder you can write to, or ask an administrator for access.",
        )
    return exc


def atomic_write_bytes(
    path: Path, data: bytes, what: str = "file", *, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new content.

    ``durable=False`` skips both fsyncs: a power cut may then leave the *old* content (or,
    on a file system that does not order a rename after the data, an empty file) -- for a
    file that is rewritten often and whose older content is harmless (the high-water mark).
    """
    folder = path.parent
    # A random name: a process killed mid-write leaves its temp file behind, and a later
    # process may get the same pid (O_EXCL would then fail on every write).
    tmp = folder / f".{path.name}.tmp-{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        if durable:
            fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise translate_os_error(exc, what) from exc


STALE_TEMP_S = 3600.0


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files of ``path`` left by writers that died (older than an hour)."""
    removed = 0
    cutoff = time.time() - STALE_TEMP_S
    for tmp in path.parent.glob(f".{path.name}.tmp-*"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
    return removed
