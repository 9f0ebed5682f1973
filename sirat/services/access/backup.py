"""Backing up a vault: a consistent, still-encrypted copy, and its audit record.

One use case: the copy is written first (``Vault.backup``: SQLCipher's own backup into a new
folder, opened with the same passphrases), then ``vault.backup`` is recorded. A copy that
fails records nothing; a record that fails (disk full) leaves a complete copy behind, which
is harmless -- the record only says that one was made.
"""

from __future__ import annotations

from pathlib import Path

from sirat.services.audit import log as audit
from sirat.vault import Vault


def backup_vault(vault: Vault, dest: Path) -> Path:
    """Write the backup to the new folder ``dest`` and audit it; returns the folder."""
    written = vault.backup(dest)
    with vault.session(write=True) as s:
        audit.record(s, actor_id=vault.info.user_id, action="vault.backup",
                     object_type="vault", object_id=vault.info.vault_id)
    return written
