"""Backups: consistent, still encrypted, open with the same passphrases, even under writes."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import DiskFull, VaultExists, VaultNotFound
from sirat.models.core import AuditRecord
from sirat.services.access import users
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.slots import SlotFile
from tests.conftest import USERS, open_as
from tests.unit.vault.vault_helpers import data_key_of, wait_until


def _chain(vault: Vault) -> list[tuple[int, str]]:
    """(id, hash) of every audit record, after checking the hash chain links up."""
    with vault.session() as s:
        rows = s.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
        prev = audit.GENESIS
        for expected_id, r in enumerate(rows, start=1):
            assert r.id == expected_id
            assert r.prev_hash == prev
            fields = {k: getattr(r, k) for k in ("id", "at", "actor_id", "action", "object_type",
                                                  "object_id", "details", "prev_hash")}
            assert audit.chain_hash(**fields) == r.hash
            prev = r.hash
        return [(r.id, r.hash) for r in rows]


def test_backup_while_another_connection_writes(
    admin_vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    writer = open_as(vault_path, "ana")
    written: list[int] = []
    stop = threading.Event()
    failure: list[BaseException] = []

    def write() -> None:
        try:
            while not stop.is_set():
                with writer.session(write=True) as s:
                    rec = audit.record(s, actor_id=writer.info.user_id, action="test.busy",
                                       details={"pad": "y" * 2000})
                    rid = rec.id
                written.append(rid)
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        wait_until(lambda: len(written) >= 5 or bool(failure))
        at_start = len(written)
        dest = admin_vault.backup(tmp_path / "backup")
        wait_until(lambda: len(written) >= at_start + 5 or bool(failure))
    finally:
        stop.set()
        thread.join(timeout=30)
        writer.lock()
    assert not failure
    live = _chain(admin_vault)
    assert b"SQLite format 3" not in (dest / DB_NAME).read_bytes()[:100]
    for name in USERS:
        with Vault.unlock(dest, name, USERS[name], throttle=False) as copy:
            assert copy.check() == []
            assert [u.name for u in users.list_users(copy)] == ["admin", "ana", "bora", "sup"]
            snapshot = _chain(copy)
    # A consistent snapshot: a prefix of the live log, taken while the writer ran.
    assert live[: len(snapshot)] == snapshot
    assert at_start < len(snapshot) < len(live)


def test_backup_is_a_complete_vault_folder(admin_vault: Vault, tmp_path: Path) -> None:
    dest = admin_vault.backup(tmp_path / "copy")
    assert sorted(p.name for p in dest.iterdir()) == [SLOTS_NAME, DB_NAME]
    assert oct(dest.stat().st_mode & 0o777) == "0o700"
    for f in dest.iterdir():
        assert oct(f.stat().st_mode & 0o777) == "0o600"
    # Same data key, so the key file is the vault's own (minus any pending rotation).
    assert SlotFile.load(dest / SLOTS_NAME) == SlotFile.load(admin_vault.path / SLOTS_NAME)
    key = data_key_of(dest, "sup", USERS["sup"])
    conn = eng.connect(dest / DB_NAME, key)
    try:
        # WAL like the original, so a restored vault behaves like the original.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == admin_vault.info.schema_version
    finally:
        conn.close()


def test_backup_refuses_existing_or_impossible_targets(
    admin_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(VaultExists):
        admin_vault.backup(tmp_path / "taken")
    with pytest.raises(VaultNotFound):
        admin_vault.backup(tmp_path / "missing" / "backup")
    assert not (tmp_path / "missing").exists()

    def enospc(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", enospc)
        with pytest.raises(DiskFull):
            admin_vault.backup(tmp_path / "full")
    assert not (tmp_path / "full").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_after_rotation_matches_its_key_file(
    admin_vault: Vault, tmp_path: Path
) -> None:
    users.remove_user(admin_vault, "bora")
    users.rotate_key(admin_vault)
    dest = admin_vault.backup(tmp_path / "after")
    for name in ("admin", "ana", "sup"):
        Vault.unlock(dest, name, USERS[name], throttle=False).lock()
