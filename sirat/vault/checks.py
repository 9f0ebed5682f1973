"""Checks before a vault is opened or a slot is written: paths, soundness, input."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from sirat.errors import SiratError, ValidationError, VaultCorrupt
from sirat.vault import engine as eng
from sirat.vault.crypto import KDF_FLOOR, KdfParams
from sirat.vault.folder import CHECK_ON_OPEN_BYTES, DB_NAME, check_exists

__all__ = [
    "CHECK_ON_OPEN_BYTES", "check_exists", "check_kdf", "check_new_passphrase", "check_user_name",
    "require_sound",
]

log = logging.getLogger(__name__)


def require_sound(path: Path, key: bytes, limit: int = CHECK_ON_OPEN_BYTES) -> None:
    """Refuse a file that decrypts but is not an initialised vault, or fails its page HMACs.

    A 0-byte vault.db opens under any key as an empty database: without this check it
    would be "migrated" into a brand-new empty vault.
    """
    damaged = VaultCorrupt(
        "The vault file is damaged (it is empty, truncated or fails its integrity check). "
        "Nothing was changed.",
        "Restore the vault folder from a backup; `sirat vault check` lists the problems.",
    )
    conn = eng.connect(path / DB_NAME, key)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except eng.DbapiError as exc:
        raise damaged from exc
    finally:
        conn.close()
    if version < 1:
        raise damaged
    if (path / DB_NAME).stat().st_size <= limit:
        problems = eng.integrity_problems(path / DB_NAME, key)
        if problems:
            log.warning("integrity check on unlock: %s problem(s)", len(problems))
            raise damaged


MIN_PASSPHRASE_CHARS = 10


def check_new_passphrase(passphrase: str) -> None:
    # Count characters as they will be derived (NFC): "é" is one, typed either way.
    if len(unicodedata.normalize("NFC", passphrase).strip()) < MIN_PASSPHRASE_CHARS:
        raise ValidationError.single(
            "passphrase",
            f"The passphrase is too short (at least {MIN_PASSPHRASE_CHARS} characters).",
            "Use a few unrelated words; any script, spaces and punctuation are welcome.",
        )


def check_kdf(kdf: KdfParams) -> None:
    """Refuse to *write* a slot that unlock would refuse to open."""
    if not kdf.meets(KDF_FLOOR):
        raise SiratError(
            "The requested key-derivation settings are weaker than SIRAT accepts "
            f"(at least {KDF_FLOOR.memory_kib // 1024} MiB and {KDF_FLOOR.time_cost} passes "
            "of Argon2id).",
            "Use the default settings.",
        )


def check_user_name(name: str) -> None:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 64 or any(ord(c) < 32 for c in cleaned):
        raise ValidationError.single(
            "user name",
            "The user name must be 1 to 64 printable characters.",
            "Use the name people know you by at the operational center.",
        )
