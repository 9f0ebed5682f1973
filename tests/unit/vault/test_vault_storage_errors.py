"""Full disks, read-only folders and commit failures: a clear error and nothing half-written."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from sirat import files as atomic
from sirat.errors import DiskFull, ReadOnlyLocation, WrongPassphrase
from sirat.models.core import AuditRecord
from sirat.services.access import users
from sirat.services.access.session import create_vault
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault.backup import SLOTS_NAME
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import ADMIN, USERS
from tests.unit.vault.vault_helpers import db_and_slots

NAMES = ["admin", "ana", "bora", "sup"]


def _unlock(path: Path, user: str) -> Vault:
    return Vault.unlock(path, user, USERS.get(user, f"{user} passphrase"), throttle=False)


def _enospc(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp-" in p.name or ".creating-" in p.name]


@pytest.mark.parametrize("call", ["write", "replace"])
def test_full_disk_while_adding_a_user_keeps_the_old_key_file(
    admin_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    before = db_and_slots(vault_path)
    with monkeypatch.context() as m:
        m.setattr(os, call, _enospc)
        with pytest.raises(DiskFull) as err:
            users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    assert "disk is full" in err.value.message
    assert err.value.hint
    assert (vault_path / SLOTS_NAME).read_bytes() == before[1]
    assert _temp_files(vault_path) == []
    assert [u.name for u in users.list_users(admin_vault)] == NAMES
    # Nothing is stuck: the same user can be added once there is space again.
    users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    _unlock(vault_path, "carol").lock()


def test_full_disk_while_creating_a_vault_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(os, "write", _enospc)
        with pytest.raises(DiskFull):
            create_vault(tmp_path / "vault", "admin", ADMIN[1], kdf=KDF_FLOOR)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_folder_when_creating_a_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    # Tests run as root, which ignores chmod 0500: make the folder refuse instead.
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as m:
        m.setattr(os, "mkdir", refuse)
        with pytest.raises(ReadOnlyLocation) as err:
            create_vault(tmp_path / "vault", "admin", ADMIN[1], kdf=KDF_FLOOR)
    assert "cannot be written" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_read_only_key_file_folder_when_changing_a_passphrase(
    admin_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = db_and_slots(vault_path)

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as m:
        m.setattr(os, "open", refuse)
        with pytest.raises(ReadOnlyLocation):
            users.change_passphrase(admin_vault, ADMIN[1], "a brand new passphrase",
                                    kdf=KDF_FLOOR)
    assert db_and_slots(vault_path)[1] == before[1]
    _unlock(vault_path, "admin").lock()


def _audit_count(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.execute(select(func.count()).select_from(AuditRecord)).scalar_one())


def _fill_up(vault: Vault) -> None:
    with vault.session(write=True) as s:
        pages = s.execute(text("PRAGMA page_count")).scalar_one()
        s.execute(text(f"PRAGMA max_page_count = {int(pages)}"))
        for i in range(100):
            audit.record(s, actor_id=1, action="test.fill", details={"pad": "x" * 3000, "i": i})


def test_full_database_rolls_back_the_transaction(vault_path: Path) -> None:
    """`PRAGMA max_page_count` makes SQLite report a full database, as a full disk would."""
    vault = _unlock(vault_path, "admin")
    count = _audit_count(vault)
    with pytest.raises(DiskFull) as err:
        _fill_up(vault)
    assert "disk is full" in err.value.message
    vault.lock()  # the limit lives on that connection only
    with _unlock(vault_path, "admin") as again:
        assert _audit_count(again) == count
        assert again.check() == []


@pytest.fixture
def failing_commit() -> Iterator[None]:
    """The next commit fails as SQLite fails on a full disk (cannot be simulated otherwise:
    the WAL frames are written at commit time)."""

    def fail(session: Session) -> None:
        event.remove(Session, "before_commit", fail)
        raise sqlcipher3.dbapi2.OperationalError("database or disk is full")

    event.listen(Session, "before_commit", fail)
    yield
    if event.contains(Session, "before_commit", fail):
        event.remove(Session, "before_commit", fail)


def test_failed_commit_when_adding_a_user_leaves_no_orphan_slot(
    admin_vault: Vault, vault_path: Path, failing_commit: None
) -> None:
    before = (vault_path / SLOTS_NAME).read_bytes()
    with pytest.raises(DiskFull):
        users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    assert (vault_path / SLOTS_NAME).read_bytes() == before
    users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    _unlock(vault_path, "carol").lock()


def test_failed_commit_when_removing_a_user_does_not_lock_them_out(
    admin_vault: Vault, vault_path: Path, failing_commit: None
) -> None:
    with pytest.raises(DiskFull):
        users.remove_user(admin_vault, "bora")
    assert "bora" in [u.name for u in users.list_users(admin_vault)]
    _unlock(vault_path, "bora").lock()


def test_orphan_slot_left_by_a_crash_does_not_block_adding_the_user(
    admin_vault: Vault, vault_path: Path
) -> None:
    # A crash between writing the slot and committing the row leaves a slot and no user.
    admin_vault.add_slot("carol", "an older passphrase", KDF_FLOOR)
    with pytest.raises(WrongPassphrase):
        _unlock(vault_path, "carol")
    assert admin_vault.check() == [
        "1 key slot(s) belong to no active user; run `sirat vault rotate-key`"
    ]
    users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    _unlock(vault_path, "carol").lock()


def test_stale_temp_files_neither_block_writes_nor_linger(
    admin_vault: Vault, vault_path: Path
) -> None:
    # A writer killed mid-write leaves its temp file; a later process may reuse its pid.
    old = vault_path / f".{SLOTS_NAME}.tmp-{os.getpid()}"
    old.write_bytes(b"{half a key file")
    fresh = vault_path / f".{SLOTS_NAME}.tmp-0123456789ab"
    fresh.write_bytes(b"{being written right now")
    an_hour_ago = time.time() - atomic.STALE_TEMP_S - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    _unlock(vault_path, "carol").lock()
    assert not old.exists()
    assert fresh.exists()
