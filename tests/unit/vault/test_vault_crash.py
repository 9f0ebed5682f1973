"""A writer killed with SIGKILL, again and again: every committed transaction survives."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from sirat.models.core import AuditRecord
from sirat.services.access import users
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.slots import SlotFile
from tests.conftest import USERS
from tests.unit.vault.vault_helpers import Zygote, data_key_of


def test_kill_9_during_writes_keeps_every_committed_transaction(vault_path: Path) -> None:
    rng = random.Random(4242)
    committed_audit: set[int] = set()
    committed_users: list[str] = []
    zygote = Zygote()
    lines: list[str] = []
    try:
        for _ in range(10):
            pid = zygote.spawn("write", vault_path, "admin", USERS["admin"])
            assert zygote.next_line() == "ready"
            lines += [zygote.next_line() for _ in range(rng.randint(1, 12))]
            # Lines printed before the kill landed were printed after their commit, too.
            lines += zygote.kill(pid)
    finally:
        zygote.close()
    for line in lines:
        kind, value = line.split()
        if kind == "audit":
            committed_audit.add(int(value))
        else:
            committed_users.append(value)
    assert committed_users, "the writers never got as far as adding a user"

    with Vault.unlock(vault_path, "admin", USERS["admin"], throttle=False) as v:
        assert eng.integrity_problems(vault_path / DB_NAME, data_key_of(
            vault_path, "admin", USERS["admin"])) == []
        # Every active user has a slot. A kill between writing a new user's slot and
        # committing the row leaves a slot of nobody: reported, and dropped by rotate-key.
        problems = v.check()
        assert all("belong to no active user" in p for p in problems), problems
        users.rotate_key(v)
        assert v.check() == []
        with v.session() as s:
            rows = s.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
            ids = {r.id for r in rows}
            prev = audit.GENESIS
            for r in rows:  # the hash chain is unbroken
                assert r.prev_hash == prev
                prev = r.hash
        assert committed_audit <= ids
        names = {u.name for u in users.list_users(v)}
        assert set(committed_users) <= names
    assert SlotFile.load(vault_path / SLOTS_NAME).pending is None
    # Every committed user can sign in (spot-check two: each costs a key derivation).
    for name in {committed_users[0], committed_users[-1]}:
        Vault.unlock(vault_path, name, f"{name} passphrase", throttle=False).lock()
