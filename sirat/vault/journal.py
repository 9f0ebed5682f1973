"""Audit records that could not be written yet: a durable, encrypted journal in the vault folder.

A sign-in (or a consultation) must leave an audit record, but the audit log lives in the
database and appending to it needs the write lock, which a long import may hold for minutes.
Rather than refuse the reader, its records go to ``pending-audit/`` -- one file per batch,
AES-256-GCM under a key derived from the data key (the file name in the associated data), so
nobody without the key reads or forges one -- and the next write transaction, by whoever
comes next, folds them into the log in the order they were written, then deletes the files.

Crash safety: a batch file is written atomically (temporary name, fsync, rename, fsync of
the folder) before the caller goes on; folding inserts the records and notes the batch names
in ``vault_meta`` (``journal_folded``) in the same transaction, and deletes the files after
the commit -- a crash in between leaves files whose names say they are already folded.
A file that does not authenticate (edited, or from before a key rotation that could not
re-encrypt it) is kept and reported by ``sirat vault check``, never silently dropped.
What it does not prevent: someone with write access to the folder deleting batch files
before they are folded (the throttle file has the same limit; see docs/audit.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from sirat import clock
from sirat.files import atomic_write_bytes
from sirat.vault import crypto

log = logging.getLogger(__name__)

DIR_NAME = "pending-audit"
SUFFIX = ".rec"
FOLDED_KEY = "journal_folded"

Record = dict[str, Any]
#: Appends records to the audit log inside the caller's write session; set by the audit
#: service (``sirat.services.audit.log``), which owns the hash chain.
Folder = Callable[[Session, list[Record]], None]
_folder: list[Folder] = []


def set_folder(fn: Folder) -> None:
    _folder[:] = [fn]


def folder_fn() -> Folder | None:
    return _folder[0] if _folder else None


def _key(data_key: bytes, vault_id: str) -> bytes:
    return crypto.derived_key(data_key, vault_id, "journal-v1")


def _aad(vault_id: str, name: str) -> bytes:
    return f"sirat-journal-v1|{vault_id}|{name}".encode()


def append(vault_path: Path, data_key: bytes, vault_id: str, records: list[Record]) -> str:
    """Write one batch durably; returns its file name."""
    folder = vault_path / DIR_NAME
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{secrets.token_hex(6)}{SUFFIX}"
    body = json.dumps(records, sort_keys=True, separators=(",", ":")).encode()
    nonce, ct = crypto.aead_encrypt(_key(data_key, vault_id), body, _aad(vault_id, name))
    atomic_write_bytes(folder / name, nonce + ct, "pending audit records")
    return name


def names(vault_path: Path) -> list[str]:
    folder = vault_path / DIR_NAME
    try:
        return sorted(n for n in os.listdir(folder) if n.endswith(SUFFIX))
    except OSError:
        return []


def read(vault_path: Path, data_key: bytes, vault_id: str, name: str) -> list[Record] | None:
    """One batch, or None if it does not authenticate under this key."""
    try:
        raw = (vault_path / DIR_NAME / name).read_bytes()
        body = crypto.aead_decrypt(_key(data_key, vault_id), raw[:crypto.NONCE_BYTES],
                                   raw[crypto.NONCE_BYTES:], _aad(vault_id, name))
        records = json.loads(body)
    except (OSError, ValueError, crypto.UnwrapFailed):
        return None
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else None


def fold(session: Session, vault_path: Path, data_key: bytes, vault_id: str) -> list[str]:
    """Inside a write transaction: append every readable batch not folded before; returns
    the names to delete after the commit."""
    pending = names(vault_path)
    fn = folder_fn()
    if not pending or fn is None:
        return []
    row = session.execute(
        text("SELECT value FROM vault_meta WHERE key = :k"), {"k": FOLDED_KEY}
    ).fetchone()
    already = set(json.loads(row[0])) if row else set()
    done, records = [], []
    for name in pending:
        if name in already:
            done.append(name)
            continue
        batch = read(vault_path, data_key, vault_id, name)
        if batch is None:
            log.warning("a pending audit batch does not authenticate; kept for `vault check`")
            continue
        records += batch
        done.append(name)
    if records:
        fn(session, records)
    session.execute(
        text("INSERT OR REPLACE INTO vault_meta (key, value) VALUES (:k, :v)"),
        {"k": FOLDED_KEY, "v": json.dumps([n for n in done if n not in already])},
    )
    return done


def remove(vault_path: Path, done: list[str]) -> None:
    for name in done:
        with contextlib.suppress(OSError):
            (vault_path / DIR_NAME / name).unlink()


def unreadable(vault_path: Path, data_key: bytes, vault_id: str) -> int:
    return sum(read(vault_path, data_key, vault_id, n) is None for n in names(vault_path))


def rekey(vault_path: Path, old_key: bytes, new_key: bytes, vault_id: str) -> None:
    """Re-encrypt pending batches under a new data key (key rotation, under the lock)."""
    for name in names(vault_path):
        batch = read(vault_path, old_key, vault_id, name)
        if batch is None:
            continue
        body = json.dumps(batch, sort_keys=True, separators=(",", ":")).encode()
        nonce, ct = crypto.aead_encrypt(_key(new_key, vault_id), body, _aad(vault_id, name))
        atomic_write_bytes(vault_path / DIR_NAME / name, nonce + ct, "pending audit records")
