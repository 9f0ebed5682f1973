"""Consistent, still-encrypted copies of a vault folder (backups and pre-migration copies)."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from sirat.errors import VaultExists, VaultInUse, VaultLocked, VaultNotFound
from sirat.files import fsync_dir, translate_os_error
from sirat.vault import blobs, crypto
from sirat.vault import engine as eng
from sirat.vault.folder import DB_NAME, SLOTS_NAME
from sirat.vault.slots import SlotFile

__all__ = ["DB_NAME", "SLOTS_NAME", "backup_folder"]


def backup_folder(src: Path, key: bytes, dest: Path) -> Path:
    """The database and the attachment files of one snapshot, or nothing (no folder)."""
    for attempt in range(3):
        try:
            return _backup_once(src, key, dest)
        except FileNotFoundError:
            if attempt == 2:
                raise VaultInUse(
                    "Attachments were being deleted during the backup; nothing was written.",
                    "Retry the backup.") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _attachment_names(conn: Any) -> list[str]:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'").fetchone()
    if has is None:  # a pre-migration copy of an older schema
        return []
    return [r[0] for r in conn.execute("SELECT blob FROM attachments")]


def _backup_once(src: Path, key: bytes, dest: Path) -> Path:
    if dest.exists():
        raise VaultExists(f"{dest} already exists.", "Choose a new name for the backup.")
    if not dest.parent.is_dir():
        raise VaultNotFound(f"The folder {dest.parent} does not exist.", "Create it first.")
    # The copy is written under `key`, so its key file must be the one that holds `key`
    # (a rotation elsewhere may have changed keyslots.json since this vault was opened).
    slots = SlotFile.load(src / SLOTS_NAME)
    if slots.key_check != crypto.key_check(key, slots.vault_id):
        raise VaultLocked(
            "The vault's data key was changed (key rotation) since you signed in.",
            "Sign in again, then back up.",
        )
    staging = dest.parent / f".{dest.name}.backup-{uuid.uuid4().hex[:8]}"
    try:
        os.mkdir(staging, 0o700)
        target = staging / DB_NAME
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn = eng.connect(src / DB_NAME, key)
        try:
            # sqlcipher_export copies inside one read transaction: a consistent snapshot,
            # written encrypted under the same key so the same passphrases open it.
            conn.execute("BEGIN")
            conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(target),))
            # An attached database takes SQLCipher's *default* format, not the main one's.
            conn.execute(f"PRAGMA backup.cipher_compatibility = {eng.CIPHER_COMPATIBILITY}")
            conn.execute("SELECT sqlcipher_export('backup')")
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            # The attachments of this same snapshot (docs/attachments.md): copied below.
            names = _attachment_names(conn)
            conn.execute(f"PRAGMA backup.user_version = {int(version)}")
            conn.execute("COMMIT")
            # sqlcipher_export does not carry the journal mode over: a restored copy must
            # behave like the original (WAL: readers and the writer do not block each other).
            conn.execute("PRAGMA backup.journal_mode = WAL")
            conn.execute("DETACH DATABASE backup")
        except eng.DbapiError as exc:
            raise eng.translate(exc) from exc
        finally:
            conn.close()
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())
        # Files are never rewritten once named, only deleted after their row's commit: a
        # file of the snapshot that is gone now was deleted meanwhile -- start again.
        blobs.copy_into(src, staging, names)
        replace(slots, pending=None).save(staging / SLOTS_NAME)
        fsync_dir(staging)
        os.replace(staging, dest)
        fsync_dir(dest.parent)
    except FileNotFoundError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise translate_os_error(exc, "backup") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest
