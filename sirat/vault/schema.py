"""Bring a vault's schema to the latest version, after a backup, in one transaction."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from sirat import clock
from sirat.errors import SiratError, VaultTooNew
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, backup_folder
from sirat.vault.migrations import Migration, all_migrations

log = logging.getLogger(__name__)


class MigrationFailed(SiratError):
    pass


def current_version_of(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def migrate(
    path: Path, key: bytes, *, backup: Path | None, migrations: list[Migration] | None = None
) -> int:
    """Apply pending migrations. Returns the version reached.

    ``backup`` is the folder under which a copy is written before an existing vault is
    migrated (None for a brand-new vault). Everything -- reading the version, the backup,
    the steps -- happens under the database write lock, so two processes opening an old
    vault at once migrate it once. A failed migration rolls back entirely.
    """
    steps = all_migrations() if migrations is None else migrations
    latest = steps[-1].version if steps else 0
    conn = eng.connect(path / DB_NAME, key)
    try:
        # Translated: a key rotation in another process may re-key the file between the
        # caller's soundness check and this read ("file is not a database"); as VaultCorrupt
        # the caller sees the new key file and starts again, instead of crashing.
        with eng.translated_errors():
            version = _check_version(conn, latest)
        if version == latest:
            return version
        with eng.translated_errors():
            conn.execute("BEGIN IMMEDIATE")
        try:
            version = _check_version(conn, latest)  # another process may have done it
            if version == latest:
                conn.execute("COMMIT")
                return version
            if backup is not None and version > 0:
                backup.mkdir(mode=0o700, exist_ok=True)
                stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
                dest = backup / f"pre-migration-v{version}-to-v{latest}-{stamp}"
                backup_folder(path, key, dest)
                log.info("backup before migration from v%s written", version)
            for step in steps:
                if step.version > version:
                    step.upgrade(conn)
                    conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            mapped = eng.translate(exc)
            if isinstance(mapped, SiratError):
                raise mapped from exc
            log.error("migration from v%s failed: %s", version, type(exc).__name__)
            raise MigrationFailed(
                f"Upgrading the vault from schema {version} to {latest} failed; the vault was "
                "left exactly as it was.",
                "Report this to your administrator; keep using the previous SIRAT version.",
            ) from exc
        log.info("vault migrated from v%s to v%s", version, latest)
        return latest
    finally:
        conn.close()


def _check_version(conn: Any, latest: int) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > latest:
        raise VaultTooNew(
            f"This vault was written by a newer SIRAT (schema {version}; this one "
            f"knows up to {latest}).",
            "Update SIRAT on this workstation.",
        )
    return version
