"""Schema versions: old vaults migrate after a backup; failures and newer vaults change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sirat.errors import VaultInUse, VaultTooNew
from sirat.services.access import users
from sirat.vault import Vault, schema
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.migrations import Migration, all_migrations, latest_version
from tests.unit.vault.vault_helpers import data_key_of, db_and_slots

V1 = Path(__file__).resolve().parents[2] / "data" / "vault-v1"
V1_USERS = {
    "admin": "schema one passphrase",
    "ana": "analyst passphrase 1",
    "sup": "supervisor passphrase 1",
}


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(V1, dest)
    return dest


def _version(path: Path, key: bytes) -> int:
    conn = eng.connect(path / DB_NAME, key)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _create_table(name: str) -> Any:
    def upgrade(conn: Any) -> None:
        conn.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute(f"INSERT INTO {name} (note) VALUES ('added by a test migration')")

    return upgrade


def _boom(conn: Any) -> None:
    conn.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    conn.execute("ALTER TABLE users ADD COLUMN half_done_col TEXT")
    raise RuntimeError("a migration bug")


@pytest.fixture
def extra_step(monkeypatch: pytest.MonkeyPatch) -> int:
    """One more migration than the code has, so the test migrates whatever `latest` is."""
    real = all_migrations()
    version = len(real) + 1
    steps = [*real, Migration(version, "test step", _create_table("test_extra"))]
    monkeypatch.setattr(schema, "all_migrations", lambda: steps)
    return version


def test_the_v1_fixture_is_at_schema_1() -> None:
    key = data_key_of(V1, "admin", V1_USERS["admin"])
    assert _version(V1, key) == 1


def test_opening_v1_migrates_to_latest_after_a_backup(v1: Path) -> None:
    key = data_key_of(v1, "admin", V1_USERS["admin"])
    with Vault.unlock(v1, "admin", V1_USERS["admin"], throttle=False) as vault:
        assert vault.info.schema_version == latest_version()
        assert [u.name for u in users.list_users(vault)] == ["admin", "ana", "sup"]
        assert vault.check() == []
    for name, secret in V1_USERS.items():
        Vault.unlock(v1, name, secret, throttle=False).lock()
    backups = sorted((v1 / "backups").iterdir()) if (v1 / "backups").exists() else []
    if latest_version() > 1:
        assert len(backups) == 1
        assert _version(backups[0], key) == 1
    else:
        assert backups == []


def test_migration_backup_opens_at_the_old_version_with_the_same_passphrases(
    v1: Path, extra_step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = data_key_of(v1, "admin", V1_USERS["admin"])
    with Vault.unlock(v1, "ana", V1_USERS["ana"], throttle=False) as vault:
        assert vault.info.schema_version == extra_step
    assert _version(v1, key) == extra_step
    (backup,) = (v1 / "backups").iterdir()
    assert backup.name.startswith("pre-migration-v1-to-v")
    assert _version(backup, key) == 1
    assert (backup / SLOTS_NAME).read_bytes() == (V1 / SLOTS_NAME).read_bytes()
    # Opened by a SIRAT that knows only schema 1, the backup is that old vault, whole.
    monkeypatch.setattr(schema, "all_migrations", lambda: all_migrations()[:1])
    for name, secret in V1_USERS.items():
        with Vault.unlock(backup, name, secret, throttle=False) as old:
            assert old.info.schema_version == 1
            assert old.check() == []
            assert len(users.list_users(old)) == 3


def test_a_failing_migration_leaves_the_vault_untouched(v1: Path) -> None:
    key = data_key_of(v1, "admin", V1_USERS["admin"])
    before = db_and_slots(v1)
    steps = [*all_migrations(), Migration(latest_version() + 1, "broken", _boom)]
    with pytest.raises(schema.MigrationFailed) as err:
        schema.migrate(v1, key, backup=v1 / "backups", migrations=steps)
    assert "left exactly as it was" in err.value.message
    assert "a migration bug" not in str(err.value)
    assert db_and_slots(v1) == before
    assert _version(v1, key) == 1
    # The real migrations still work afterwards.
    with Vault.unlock(v1, "admin", V1_USERS["admin"], throttle=False) as vault:
        assert vault.info.schema_version == latest_version()


def test_a_failing_migration_on_unlock_changes_nothing(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = [*all_migrations(), Migration(latest_version() + 1, "broken", _boom)]
    monkeypatch.setattr(schema, "all_migrations", lambda: steps)
    before = db_and_slots(vault_path)
    with pytest.raises(schema.MigrationFailed):
        Vault.unlock(vault_path, "admin", "admin passphrase ÄΩЖ", throttle=False)
    assert db_and_slots(vault_path) == before
    monkeypatch.undo()
    Vault.unlock(vault_path, "admin", "admin passphrase ÄΩЖ", throttle=False).lock()


def test_a_vault_from_a_newer_sirat_is_refused(vault_path: Path) -> None:
    key = data_key_of(vault_path, "admin", "admin passphrase ÄΩЖ")
    conn = eng.connect(vault_path / DB_NAME, key)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = db_and_slots(vault_path)
    with pytest.raises(VaultTooNew) as err:
        Vault.unlock(vault_path, "admin", "admin passphrase ÄΩЖ", throttle=False)
    assert "newer SIRAT" in err.value.message
    assert db_and_slots(vault_path) == before
    assert not (vault_path / "backups").exists()


def test_migration_waits_for_no_writer_and_says_so(
    v1: Path, extra_step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process writing while we want to migrate: "in use", and no stray backup."""
    monkeypatch.setattr(eng, "BUSY_TIMEOUT_S", 0.1)
    key = data_key_of(v1, "admin", V1_USERS["admin"])
    holder = eng.connect(v1 / DB_NAME, key)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(VaultInUse):
            Vault.unlock(v1, "admin", V1_USERS["admin"], throttle=False)
        assert not (v1 / "backups").exists()
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert _version(v1, key) == 1


def test_migrating_twice_in_a_row_is_a_no_op(v1: Path, extra_step: int) -> None:
    key = data_key_of(v1, "admin", V1_USERS["admin"])
    assert schema.migrate(v1, key, backup=v1 / "backups") == extra_step
    assert schema.migrate(v1, key, backup=v1 / "backups") == extra_step
    assert len(list((v1 / "backups").iterdir())) == 1


def test_every_migration_file_is_listed() -> None:
    """A ``vNNN_*.py`` file not in ``all_migrations`` would never run: name it here."""
    from sirat.vault import migrations

    folder = Path(migrations.__file__).parent
    files = sorted(p.stem for p in folder.glob("v[0-9][0-9][0-9]_*.py"))
    listed = sorted(m.upgrade.__module__.rsplit(".", 1)[1] for m in all_migrations())
    assert files == listed, "add the missing vNNN module to sirat/vault/migrations/all_migrations"
