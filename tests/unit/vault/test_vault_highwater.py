"""Lost commits are never silent: a damaged frame in a left-over WAL, or an older vault.db
put back, is caught by the high-water mark on open and by `vault check`."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.models.core import AuditRecord
from sirat.services.access.session import accept_lost_work, sign_in
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault.backup import DB_NAME
from sirat.vault.highwater import FILE_NAME, WorkLost
from tests.conftest import USERS, open_as
from tests.unit.vault.vault_helpers import flip_byte

WAL_HEADER = 32
FRAME_HEADER = 24


def _commit_comments(vault: Vault, n: int) -> list[tuple[int, str]]:
    done = []
    for i in range(n):
        with vault.session(write=True) as s:
            rec = audit.record(s, actor_id=vault.info.user_id, action="report.comment",
                               object_type="report", object_id=1, details={"i": i})
            done.append((rec.id, rec.at))
    return done


def _crashed_copy(vault_path: Path, dest: Path) -> Path:
    """The folder as a crash leaves it: vault.db plus the WAL of an open vault (the
    wal-index in -shm is rebuilt on the next open, as after a reboot)."""
    shutil.copytree(vault_path, dest)
    (dest / f"{DB_NAME}-shm").unlink(missing_ok=True)
    return dest


def _flip_in_frame(wal: Path, frame: int) -> None:
    page_size = struct.unpack(">I", wal.read_bytes()[8:12])[0]
    flip_byte(wal, WAL_HEADER + frame * (FRAME_HEADER + page_size) + FRAME_HEADER + 200)


def test_a_damaged_wal_frame_that_drops_later_commits_is_named(
    vault_path: Path, tmp_path: Path
) -> None:
    ana = open_as(vault_path, "ana")
    try:
        committed = _commit_comments(ana, 6)
        crashed = _crashed_copy(vault_path, tmp_path / "crashed")
    finally:
        ana.lock()
    wal = crashed / f"{DB_NAME}-wal"
    assert wal.stat().st_size > WAL_HEADER
    _flip_in_frame(wal, 1)
    with pytest.raises(WorkLost) as err:
        open_as(crashed, "ana")
    last_id, last_at = committed[-1]
    assert f"committed up to {last_at}" in err.value.message
    assert f"record {last_id} had been committed" in err.value.message
    assert err.value.exit_code == 1
    # Still refused at the next attempt (the loss does not become silent after a close) ...
    with pytest.raises(WorkLost):
        open_as(crashed, "sup")
    # ... `vault check` names it, and signing in for the check does not move the mark ...
    for _ in range(2):
        with sign_in(crashed, "admin", USERS["admin"], throttle=False,
                     allow_lost_work=True) as admin:
            problems = admin.check()
        assert any(f"committed up to {last_at}" in p for p in problems)
    # ... until an administrator accepts the loss, which is audited.
    with sign_in(crashed, "admin", USERS["admin"], throttle=False,
                 allow_lost_work=True) as admin:
        assert accept_lost_work(admin) is not None
        assert admin.check() == []
    with open_as(crashed, "ana") as v, v.session() as s:
        actions = list(s.scalars(select(AuditRecord.action)))
    assert "vault.accept_lost_work" in actions


def test_an_older_vault_db_put_back_is_caught(vault_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(vault_path / DB_NAME, old)
    with open_as(vault_path, "ana") as ana:
        _commit_comments(ana, 3)
    shutil.copy(old, vault_path / DB_NAME)
    with pytest.raises(WorkLost):
        open_as(vault_path, "ana")


def test_closing_checkpoints_the_wal_and_the_mark_follows_commits(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    committed = _commit_comments(ana, 2)
    mark = json.loads((vault_path / FILE_NAME).read_text())
    assert (mark["audit_id"], mark["at"]) == committed[-1]
    ana.lock()
    wal = vault_path / f"{DB_NAME}-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_forged_or_missing_mark_does_not_lock_anyone_out(vault_path: Path) -> None:
    """The mark is MAC'd: an edited one is not believed (and not obeyed); it is rewritten."""
    mark = json.loads((vault_path / FILE_NAME).read_text())
    mark["audit_id"] += 100
    (vault_path / FILE_NAME).write_text(json.dumps(mark))
    with open_as(vault_path, "ana") as v:
        assert v.check() == []
    (vault_path / FILE_NAME).unlink()
    with open_as(vault_path, "ana") as v:
        assert v.check() == []
    assert (vault_path / FILE_NAME).exists()
