"""Every key and user operation and every sign-in, good or failed, leaves an audit record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import WrongPassphrase
from sirat.models.core import AuditRecord
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.vault import Vault, crypto
from sirat.vault.backup import SLOTS_NAME
from sirat.vault.crypto import KDF_FLOOR
from sirat.vault.signin import FILE_NAME as FAILED_FILE
from sirat.vault.slots import SlotFile
from tests.conftest import ADMIN, USERS, open_as


def _records(vault: Vault, after: int = 0) -> list[AuditRecord]:
    with vault.session() as s:
        return list(
            s.scalars(select(AuditRecord).where(AuditRecord.id > after).order_by(AuditRecord.id))
        )


def _last_id(vault: Vault) -> int:
    recs = _records(vault)
    return recs[-1].id if recs else 0


def test_create_and_sign_in_are_recorded(tmp_path: Path) -> None:
    v = create_vault(tmp_path / "v", "admin", ADMIN[1], kdf=KDF_FLOOR)
    v.lock()
    with sign_in(tmp_path / "v", "admin", ADMIN[1], throttle=False) as again:
        recs = _records(again)
    assert [(r.action, r.actor_id) for r in recs] == [("vault.create", 1), ("signin", 1)]
    assert recs[0].object_id == again.info.vault_id


def test_user_and_key_operations_are_recorded(admin_vault: Vault, vault_path: Path) -> None:
    start = _last_id(admin_vault)
    carol = users.add_user(admin_vault, "carol", "carol passphrase", "supervisor",
                           kdf=KDF_FLOOR)
    users.remove_user(admin_vault, "bora")
    users.rotate_key(admin_vault)
    ana = open_as(vault_path, "ana")
    users.change_passphrase(ana, USERS["ana"], "a new passphrase for ana", kdf=KDF_FLOOR)
    ana.lock()
    recs = _records(admin_vault, after=start)
    got = [(r.action, r.actor_id, r.object_id) for r in recs]
    assert got == [
        ("user.add", 1, str(carol.id)),
        ("user.remove", 1, "3"),
        ("vault.rotate_key", 1, admin_vault.info.vault_id),
        ("signin", 2, "2"),
        ("user.passwd", 2, "2"),
    ]
    assert json.loads(recs[0].details) == {"role": "supervisor"}
    assert json.loads(recs[2].details) == {"generation": 2}


def test_refused_operations_leave_no_record(admin_vault: Vault, vault_path: Path) -> None:
    start = _last_id(admin_vault)
    with pytest.raises(WrongPassphrase):
        users.change_passphrase(admin_vault, "not my passphrase", "whatever new one",
                                kdf=KDF_FLOOR)
    ana = open_as(vault_path, "ana")
    try:
        after_signin = _last_id(ana)
        with pytest.raises(Exception, match="administrator"):
            users.add_user(ana, "eve", "eve passphrase", kdf=KDF_FLOOR)
    finally:
        ana.lock()
    recs = _records(admin_vault, after=start)
    assert [r.action for r in recs] == ["signin"]
    assert recs[-1].id == after_signin


def test_failed_sign_ins_are_recorded_after_the_next_success(vault_path: Path) -> None:
    typed_name = "mallory-typed-Name"
    typed_secret = "guessed passphrase 123"
    # Someone types a passphrase into the name field: that must not leave a trace either.
    name_that_is_a_secret = "correct horse battery staple"
    for name, secret in ((typed_name, typed_secret), ("ana", typed_secret),
                         (name_that_is_a_secret, USERS["ana"])):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_path, name, secret, throttle=False)
    raw = (vault_path / FAILED_FILE).read_bytes()
    vault_id = SlotFile.load(vault_path / SLOTS_NAME).vault_id
    for secret in (typed_name, typed_secret, name_that_is_a_secret):
        assert secret.encode() not in raw
        assert secret.casefold().encode() not in raw
        # Not even a (truncated) hash of it: the vault id is public, so a hash of a typed
        # name -- or of a passphrase typed into the name field -- could be guessed offline.
        assert crypto.lookup_id(vault_id, secret)[:8].encode() not in raw

    v = sign_in(vault_path, "admin", ADMIN[1], throttle=False)
    try:
        recs = _records(v)
    finally:
        v.lock()
    failed = [r for r in recs if r.action == "signin.failed"]
    assert len(failed) == 3
    assert all(r.actor_id is None and r.object_type == "slot" for r in failed)
    ana_lookup = crypto.lookup_id(vault_id, "ana")
    assert [r.object_id for r in failed] == ["unknown", ana_lookup[:16], "unknown"]
    assert recs[-1].action == "signin"
    assert not (vault_path / FAILED_FILE).exists()
    dump = repr([(r.object_id, r.details, r.action) for r in recs])
    for secret in (typed_name, typed_secret, name_that_is_a_secret):
        assert secret not in dump


def test_failed_sign_ins_slow_down_the_next_attempts(vault_path: Path) -> None:
    from sirat.vault.signin import SigninThrottle

    gate = SigninThrottle(vault_path)
    assert gate.delay() == 0.0
    for _ in range(4):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_path, "ana", "wrong passphrase!", throttle=False)
    assert gate.recent_failures() == 4
    assert gate.delay() == 2.0
