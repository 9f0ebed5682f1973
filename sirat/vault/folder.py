"""What a vault folder holds, and the check that a path is one -- without opening anything.

Light on purpose (no SQLCipher, no SQLAlchemy, no KDF): the sign-in window asks it about a
folder before any vault library is loaded.
"""

from __future__ import annotations

from pathlib import Path

from sirat.errors import VaultCorrupt, VaultNotFound

DB_NAME = "vault.db"
SLOTS_NAME = "keyslots.json"
#: Below this size the full page-HMAC check runs on every unlock (a few ms); larger vaults
#: are checked by `sirat vault check` and by the app in the background after sign-in.
CHECK_ON_OPEN_BYTES = 32 * 1024 * 1024


def _paths(path: Path) -> tuple[Path, Path, Path]:
    return path, path / DB_NAME, path / SLOTS_NAME


def check_exists(path: Path) -> None:
    """Refuse a vault path that is not a complete vault folder, saying what is missing."""
    folder, db, slots = _paths(path)
    if not folder.exists():
        raise VaultNotFound(
            f"There is no vault at {folder}.",
            "Check the path, or create a vault with `sirat vault init`.",
        )
    if not folder.is_dir():
        raise VaultNotFound(
            f"{folder} is a file, not a vault folder.",
            "Give the folder that holds vault.db and keyslots.json.",
        )
    has_db, has_slots = db.is_file(), slots.is_file()
    if has_db and not has_slots:
        raise VaultCorrupt(
            "The vault's key file keyslots.json is missing; without it nobody can unlock "
            "the data. Nothing was changed.",
            "Restore keyslots.json (or the whole vault folder) from a backup.",
        )
    if has_slots and not has_db:
        raise VaultCorrupt(
            "The vault's data file vault.db is missing. Nothing was changed.",
            "Restore the whole vault folder from a backup.",
        )
    if has_db and db.stat().st_size == 0:
        raise VaultCorrupt(
            "The vault's data file vault.db is empty (damaged). Nothing was changed.",
            "Restore the whole vault folder from a backup.",
        )
    if not has_db:
        raise VaultNotFound(
            f"{folder} is not a SIRAT vault (no vault.db and keyslots.json).",
            "Choose a vault folder, or create one with `sirat vault init`.",
        )
