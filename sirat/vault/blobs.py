"""Encrypted files beside the database: the content of attachments (docs/attachments.md).

Large files inside SQLCipher would make every integrity check, rotation and backup grow with
them, so each attachment is one file ``attachments/<blob>`` in the vault folder:

* ``<blob>`` is 128 random bits in hex -- never derived from the content, so a name says
  nothing and two copies of one photo are two unrelated files;
* the content is encrypted with **age** (pyrage, the Rust ``rage`` implementation): a
  streaming AEAD (ChaCha20-Poly1305 in 64 KiB chunks, each authenticated, the end marked,
  the header MAC'd) to a fresh X25519 identity made for that one file;
* the identity (the per-file key) is kept in the database row, AES-256-GCM under a key
  derived from the data key, with the vault id and the blob name as associated data: a row
  cannot be pointed at another file, and a key rotation re-wraps every file key in the same
  transaction as the rekey (:func:`rewrap_all`).

Nothing here ever writes plaintext: decryption goes to memory. A write is atomic: the
ciphertext goes to a temporary file in the same folder (0600 before the first byte),
fsync, rename, fsync the folder -- the caller renames while holding the write lock and
commits the row afterwards, so a crash leaves the whole attachment, or a file without a row
(an orphan, swept under the lock by :func:`sweep`), never a row without its file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyrage

from sirat.errors import VaultCorrupt
from sirat.files import STALE_TEMP_S, fsync_dir, translate_os_error
from sirat.vault import crypto

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session


class _CheckedVault(Protocol):
    """What ``check_attachments`` needs of :class:`sirat.vault.core.Vault` (named by shape:
    core imports this module)."""

    path: Path

    def session(self) -> AbstractContextManager[Session]: ...

    def unwrap_file_key(self, blob: str, wrapped: bytes) -> str: ...


DIR_NAME = "attachments"
_TEMP_PREFIX = ".tmp-"
_NAME_CHARS = frozenset("0123456789abcdef")


class BlobDamaged(VaultCorrupt):
    """An attachment's file is missing, altered or does not belong to its row."""


def folder(vault_path: Path) -> Path:
    """The attachments folder of a vault (made 0700 on first use)."""
    path = vault_path / DIR_NAME
    if not path.is_dir():
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise translate_os_error(exc, "attachments folder") from exc
    return path


def new_blob_name() -> str:
    return secrets.token_hex(16)


def is_blob_name(name: str) -> bool:
    return len(name) == 32 and set(name) <= _NAME_CHARS


def new_file_key() -> str:
    """A fresh age identity (``AGE-SECRET-KEY-1...``): the key of one file."""
    return str(pyrage.x25519.Identity.generate())


def _wrap_aad(vault_id: str, blob: str) -> bytes:
    return f"sirat-attachment-key-v1|{vault_id}|{blob}".encode()


def wrap_key(data_key: bytes, vault_id: str, blob: str, file_key: str) -> bytes:
    """``nonce || ciphertext`` of the file key under the data key's attachment key."""
    kek = crypto.derived_key(data_key, vault_id, "attachment-wrap-v1")
    nonce, ct = crypto.aead_encrypt(kek, file_key.encode(), _wrap_aad(vault_id, blob))
    return nonce + ct


def unwrap_key(data_key: bytes, vault_id: str, blob: str, wrapped: bytes) -> str:
    kek = crypto.derived_key(data_key, vault_id, "attachment-wrap-v1")
    try:
        return crypto.aead_decrypt(kek, wrapped[: crypto.NONCE_BYTES],
                                   wrapped[crypto.NONCE_BYTES:],
                                   _wrap_aad(vault_id, blob)).decode()
    except crypto.UnwrapFailed:
        raise BlobDamaged(
            "An attachment's key does not open (its database row was altered).",
            "Run `sirat vault check`; restore the vault from a backup.",
        ) from None


def encrypt_to_temp(vault_path: Path, data: bytes, file_key: str) -> Path:
    """Encrypt ``data`` into a durable temporary file in the attachments folder."""
    target = folder(vault_path)
    # The writer's process id in the name: a sweep removes the temporary files of a process
    # that is gone (killed mid-attach) at once, not only once they are an hour old.
    tmp = target / f"{_TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(8)}"
    recipient = pyrage.x25519.Identity.from_str(file_key).to_public()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pyrage.encrypt_io(io.BytesIO(data), fh, [recipient])
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise translate_os_error(exc, "attachment") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def install(vault_path: Path, tmp: Path, blob: str) -> None:
    """Give a written temporary file its final name (call it under the write lock)."""
    target = folder(vault_path)
    try:
        os.replace(tmp, target / blob)
        fsync_dir(target)
    except OSError as exc:
        raise translate_os_error(exc, "attachment") from exc


def discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def _path(vault_path: Path, blob: str) -> Path:
    if not is_blob_name(blob):  # a row edited to point outside the folder
        raise BlobDamaged("An attachment's database row names an invalid file.",
                          "Run `sirat vault check`; restore the vault from a backup.")
    return vault_path / DIR_NAME / blob


class _Sink(io.RawIOBase):
    """Where verification decrypts to: only a running SHA-256, nothing kept."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        view = memoryview(b)
        self.digest.update(view)
        self.size += view.nbytes
        return view.nbytes


def _decrypt_into(vault_path: Path, blob: str, file_key: str, out: Any) -> None:
    path = _path(vault_path, blob)
    identity = pyrage.x25519.Identity.from_str(file_key)
    try:
        with open(path, "rb") as fh:
            pyrage.decrypt_io(fh, out, [identity])
    except FileNotFoundError:
        raise BlobDamaged("An attachment's file is missing from the vault folder.",
                          "Run `sirat vault check`; restore the vault from a backup.") from None
    except (pyrage.DecryptError, OSError):
        # age reports a chunk whose tag fails as an I/O error of the stream (and a read
        # error of the disk is damage too).
        raise BlobDamaged("An attachment's file does not authenticate (altered or damaged).",
                          "Run `sirat vault check`; restore the vault from a backup.") from None


def read(vault_path: Path, blob: str, file_key: str, sha256: str) -> bytes:
    """The plaintext, in memory only; refuses a file that does not match its row."""
    out = io.BytesIO()
    _decrypt_into(vault_path, blob, file_key, out)
    data = out.getvalue()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobDamaged("An attachment's file is not the one recorded for it.",
                          "Run `sirat vault check`; restore the vault from a backup.")
    return data


def verify(vault_path: Path, blob: str, file_key: str, sha256: str) -> str | None:
    """None if the file authenticates and holds the recorded content, else the problem."""
    sink = _Sink()
    try:
        _decrypt_into(vault_path, blob, file_key, sink)
    except BlobDamaged as exc:
        return exc.message
    if sink.digest.hexdigest() != sha256:
        return "An attachment's file is not the one recorded for it."
    return None


def stored_names(vault_path: Path) -> set[str]:
    """Final file names in the attachments folder (temporary files excluded)."""
    path = vault_path / DIR_NAME
    if not path.is_dir():
        return set()
    return {e.name for e in os.scandir(path) if not e.name.startswith(_TEMP_PREFIX)}


def remove(vault_path: Path, blobs: Iterable[str]) -> int:
    """Delete files whose rows are gone (best effort: a leftover is swept later)."""
    removed = 0
    for blob in blobs:
        if is_blob_name(blob):
            with contextlib.suppress(FileNotFoundError):
                (vault_path / DIR_NAME / blob).unlink()
                removed += 1
    with contextlib.suppress(OSError):
        if removed:
            fsync_dir(vault_path / DIR_NAME)
    return removed


def _writer_gone(name: str) -> bool:
    """The temporary file ``name`` was written by a process of this machine that no longer
    runs (``.tmp-<pid>-<random>``). False when unsure: an unknown name, Windows, a pid that
    is alive again (reused) or not ours to signal."""
    pid_text = name[len(_TEMP_PREFIX):].split("-", 1)[0]
    if os.name != "posix" or not pid_text.isdigit() or "-" not in name[len(_TEMP_PREFIX):]:
        return False
    pid = int(pid_text)
    if pid <= 1 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def sweep(vault_path: Path, known: set[str], *, now: float | None = None) -> tuple[int, int]:
    """Remove orphans (blob-named files no row knows) and stale temporary files.

    Call it while holding the database write lock, with ``known`` read under that lock: an
    attach renames its file and commits its row under the same lock. Temporary files are
    removed when the process that wrote them is gone, or else when older than an hour (one
    may be an attach encrypting right now).
    Returns (orphans removed, temporary files removed). Files that are not blob-named are
    left alone (and reported by ``vault check``).
    """
    import time

    path = vault_path / DIR_NAME
    if not path.is_dir():
        return 0, 0
    cutoff = (now if now is not None else time.time()) - STALE_TEMP_S
    orphans = temps = 0
    for entry in os.scandir(path):
        with contextlib.suppress(OSError):
            if entry.name.startswith(_TEMP_PREFIX):
                if _writer_gone(entry.name) or \
                        entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    temps += 1
            elif is_blob_name(entry.name) and entry.name not in known:
                os.unlink(entry.path)
                orphans += 1
    return orphans, temps


def rewrap_all(conn: Any, vault_id: str, old_key: bytes, new_key: bytes) -> int:
    """Re-wrap every file key from ``old_key`` to ``new_key`` (DBAPI connection, inside the
    rotation's transaction: it commits with the rekey, or not at all)."""
    rows = conn.execute("SELECT id, blob, wrapped_key FROM attachments").fetchall()
    for row_id, blob, wrapped in rows:
        try:
            file_key = unwrap_key(old_key, vault_id, blob, bytes(wrapped))
        except BlobDamaged:
            # Named, with the way out: a damaged row must not block every rotation.
            raise BlobDamaged(
                f"The key rotation was not done: attachment {row_id}'s key does not open "
                "(its database row was altered or damaged).",
                "An administrator removes it with `sirat vault check --repair` (audited), "
                "or restores the vault from a backup; then rotate again.") from None
        conn.execute("UPDATE attachments SET wrapped_key = ? WHERE id = ?",
                     (wrap_key(new_key, vault_id, blob, file_key), row_id))
    return len(rows)


def copy_into(src_vault: Path, dest_vault: Path, blobs: Iterable[str]) -> int:
    """Copy the named files (ciphertext as is) into another vault folder, fsynced."""
    names = list(blobs)
    if not names:  # like the vault itself: the folder appears with the first file
        return 0
    target = dest_vault / DIR_NAME
    target.mkdir(mode=0o700, exist_ok=True)
    copied = 0
    for blob in names:
        src = _path(src_vault, blob)
        dst = target / blob
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        copied += 1
    fsync_dir(target)
    return copied


def _damaged(vault: _CheckedVault, rows: Iterable[Any]) -> list[tuple[int, str, bool, str]]:
    """(id, blob, key opened, problem) of each row whose key or file does not hold up."""
    found = []
    for rid, blob, wrapped, digest in rows:
        try:
            file_key = vault.unwrap_file_key(blob, bytes(wrapped))
        except BlobDamaged as exc:
            found.append((rid, blob, False, exc.message))
            continue
        problem = verify(vault.path, blob, file_key, digest)
        if problem:
            found.append((rid, blob, True, problem))
    return found


def damaged_attachments(vault: _CheckedVault) -> list[tuple[int, str]]:
    """(attachment id, problem) of every attachment whose key or file is damaged."""
    from sqlalchemy import text

    with vault.session() as s:
        rows = list(s.execute(text(
            "SELECT id, blob, wrapped_key, sha256 FROM attachments ORDER BY id")))
    return [(rid, problem) for rid, _b, _o, problem in _damaged(vault, rows)]


def check_attachments(vault: _CheckedVault) -> list[str]:
    """Every attachment's file authenticates (age's header MAC and every chunk's tag) and
    holds the recorded content; no file is missing and none is extra. Messages carry ids,
    counts and the first characters of random blob names only."""
    from sqlalchemy import text

    with vault.session() as s:
        if s.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                          "AND name = 'attachments'")).first() is None:
            return []  # a copy of an older schema (pre-migration backups are opened as is)
        rows = list(s.execute(text(
            "SELECT id, blob, wrapped_key, sha256 FROM attachments ORDER BY id")))
    problems = [f"attachment {rid}{f' (file {blob[:12]}...)' if opened else ''}: {problem}"
                for rid, blob, opened, problem in _damaged(vault, rows)]
    known = {blob for _rid, blob, _w, _d in rows}
    extra = sorted(stored_names(vault.path) - known)
    if extra:
        problems.append(f"{len(extra)} file(s) in {DIR_NAME}/ belong to no attachment "
                        f"({', '.join(e[:12] for e in extra[:5])}): left by an interrupted "
                        "attach (removed at the next sign-in) or put there by someone else")
    return problems
