"""Key rotation: a removed user's old slot stops working; a crash never loses the vault."""

from __future__ import annotations

import contextlib
import json
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import VaultCorrupt, VaultInUse, WrongPassphrase
from sirat.models.core import AuditRecord, User
from sirat.services.access import users
from sirat.vault import Vault, rotation
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.slots import SlotFile
from sirat.vault.upgrade import KeyFileMismatch
from tests.conftest import USERS
from tests.unit.vault.vault_helpers import Proc, Zygote, data_key_of

REMAINING = ("admin", "ana", "sup")


class SimulatedCrash(BaseException):
    """Stands for the process dying: nothing may catch it."""


def _unlock(path: Path, user: str) -> Vault:
    return Vault.unlock(path, user, USERS[user], throttle=False)


def _assert_remaining_open_and_bora_does_not(path: Path) -> None:
    for name in REMAINING:
        with _unlock(path, name) as v:
            assert v.info.user_name == name
            assert v.check() == []
    with pytest.raises(WrongPassphrase):
        _unlock(path, "bora")


def test_removed_users_old_slot_no_longer_opens_after_rotation(
    vault_path: Path, admin_vault: Vault, tmp_path: Path
) -> None:
    old_slots = (vault_path / SLOTS_NAME).read_bytes()
    old_key = data_key_of(vault_path, "bora", USERS["bora"])
    users.remove_user(admin_vault, "bora")
    generation = users.rotate_key(admin_vault)
    assert generation == 2
    admin_vault.lock()
    _assert_remaining_open_and_bora_does_not(vault_path)
    assert data_key_of(vault_path, "admin", USERS["admin"]) != old_key

    # 1. The whole old key file put back beside the re-keyed database: the key it holds is
    #    the old one, which no longer decrypts a single page.
    restored = tmp_path / "restored"
    shutil.copytree(vault_path, restored)
    (restored / SLOTS_NAME).write_bytes(old_slots)
    for name in ("bora", "admin"):
        with pytest.raises(VaultCorrupt) as err:
            _unlock(restored, name)
        assert "cannot be decrypted" in err.value.message

    # 2. Bora's old slot grafted into the current key file: sealed for generation 1, so it
    #    does not even yield a key -- and says so, rather than "passphrase not correct".
    grafted = tmp_path / "grafted"
    shutil.copytree(vault_path, grafted)
    doc = json.loads((grafted / SLOTS_NAME).read_text())
    doc["slots"].append(json.loads(old_slots)["slots"][2])
    (grafted / SLOTS_NAME).write_text(json.dumps(doc))
    with pytest.raises(KeyFileMismatch) as mismatch:
        _unlock(grafted, "bora")
    assert "generation 2" in mismatch.value.message
    assert mismatch.value.exit_code == 1

    # 3. Even the old data key itself (which bora could have kept) opens nothing.
    with pytest.raises(VaultCorrupt):
        eng.connect(vault_path / DB_NAME, old_key)


def test_rotation_keeps_data_and_is_audited(admin_vault: Vault, vault_path: Path) -> None:
    users.remove_user(admin_vault, "bora")
    users.rotate_key(admin_vault)
    # The vault object keeps working under the new key.
    names = [u.name for u in users.list_users(admin_vault)]
    assert names == list(REMAINING)
    with admin_vault.session() as s:
        actions = [r.action for r in s.query(AuditRecord).order_by(AuditRecord.id)]
    assert actions[-2:] == ["user.remove", "vault.rotate_key"]
    assert SlotFile.load(vault_path / SLOTS_NAME).pending is None


@pytest.mark.parametrize("where", ["before-rekey", "after-rekey"])
def test_crash_during_rotation_leaves_a_vault_that_opens(
    vault_path: Path, admin_vault: Vault, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    users.remove_user(admin_vault, "bora")

    save = SlotFile.save

    def save_then_crash(self: SlotFile, path: Path) -> None:
        save(self, path)
        if self.pending is not None:
            raise SimulatedCrash

    def crash(*args: object, **kwargs: object) -> None:
        raise SimulatedCrash

    if where == "before-rekey":
        # The pending block is on disk; PRAGMA rekey never runs.
        monkeypatch.setattr(SlotFile, "save", save_then_crash)
    else:
        # The rekey committed; the pending key is never promoted.
        monkeypatch.setattr(rotation, "promote_ours", crash)
    with pytest.raises(SimulatedCrash):
        users.rotate_key(admin_vault)
    monkeypatch.undo()
    admin_vault.lock()

    stranded = SlotFile.load(vault_path / SLOTS_NAME)
    assert stranded.pending is not None
    assert stranded.generation == 1
    _assert_remaining_open_and_bora_does_not(vault_path)
    healed = SlotFile.load(vault_path / SLOTS_NAME)
    assert healed.pending is None
    assert healed.generation == (1 if where == "before-rekey" else 2)
    assert len(healed.slots) == len(REMAINING)


def test_kill_9_during_rotation_never_loses_the_vault(
    vault_path: Path, admin_vault: Vault
) -> None:
    users.remove_user(admin_vault, "bora")
    admin_vault.lock()
    rng = random.Random(20261128)
    generations = []
    stranded = 0
    # The helper prints "saved pending", "saved", "gen N" for each rotation; killing right
    # after one of them lands in the next phase: the rekey, the audit write, the next
    # rotation's first steps.
    zygote = Zygote()
    try:
        for round_no in range(8):
            pid = zygote.spawn("rotate", vault_path, "admin", USERS["admin"])
            assert zygote.next_line() == "ready"
            for _ in range(rng.randint(1, 7)):
                line = zygote.next_line()
                if line.startswith("gen "):
                    generations.append(int(line.split()[1]))
            zygote.kill(pid)
            stranded += SlotFile.load(vault_path / SLOTS_NAME).pending is not None
            # Whoever signs in next finds a vault that opens, with the newest committed key.
            with _unlock(vault_path, REMAINING[round_no % 3]) as v:
                assert v.check() == []
                assert SlotFile.load(vault_path / SLOTS_NAME).pending is None
    finally:
        zygote.close()
    assert stranded, "no kill landed inside a rotation; the test proved nothing"
    slots = SlotFile.load(vault_path / SLOTS_NAME)
    assert slots.generation >= max(generations, default=1)
    _assert_remaining_open_and_bora_does_not(vault_path)


def test_signing_in_during_rotations_elsewhere_never_loses_the_vault(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unlock resolves an interrupted rotation; it must not mistake a live one for it."""
    monkeypatch.setattr(eng, "BUSY_TIMEOUT_S", 2.0)
    proc = Proc("rotate", str(vault_path), "admin", env={"SIRAT_PASSPHRASE": USERS["admin"]})
    try:
        assert proc.next_line() == "ready"
        for i in range(8):
            # VaultInUse: the rotation held the lock longer than we waited, a clear refusal.
            with contextlib.suppress(VaultInUse):
                _unlock(vault_path, REMAINING[i % 3]).lock()
            assert proc.popen.poll() is None, "the rotating process died"
        for _ in range(3):  # still rotating successfully after all those sign-ins
            proc.next_line()
    finally:
        proc.kill()
    _assert_everyone_opens(vault_path)


def _assert_everyone_opens(path: Path) -> None:
    for name in ("admin", "ana", "bora", "sup"):
        with _unlock(path, name) as v:
            assert v.check() == []


def test_rotation_while_someone_reads_is_not_reported_as_damage(
    vault_path: Path, admin_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader keeps the checkpoint after the rekey from finishing: the main file then
    still holds superseded pages under the old key, which is not damage."""
    monkeypatch.setattr(eng, "BUSY_TIMEOUT_S", 0.2)
    ana = _unlock(vault_path, "ana")
    try:
        with ana.session() as s:
            assert s.execute(select(User.id)).all()
            users.rotate_key(admin_vault)
        # Ana's window and the admin's stay open (no last-connection checkpoint yet).
        with _unlock(vault_path, "sup") as sup:
            assert sup.check() == []
    finally:
        ana.lock()


def test_a_rekey_between_the_soundness_check_and_the_schema_read_restarts_the_sign_in(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race behind a flaky failure ("file is not a database" from schema.py): another
    process rotates the key after unlock checked the file and before it reads the schema
    version. Unlock must see the new key file and start again, not crash."""
    from sirat.vault import schema

    admin = _unlock(vault_path, "admin")
    real = schema._check_version
    rotated: list[int] = []

    def rotate_first(conn: object, latest: int) -> int:
        if not rotated:
            rotated.append(users.rotate_key(admin))
        return real(conn, latest)

    monkeypatch.setattr(schema, "_check_version", rotate_first)
    try:
        with _unlock(vault_path, "ana") as ana:
            assert ana.check() == []
    finally:
        admin.lock()
    assert rotated == [2]
