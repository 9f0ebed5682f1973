"""The key file is trusted only as far as it can prove itself: swapped vaults, downgraded or
edited key files and hostile key-derivation settings, against real vault folders."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sirat.errors import SiratError, WrongPassphrase
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.vault import Vault, crypto
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.crypto import DEFAULT_KDF, KDF_FLOOR, KdfRejected
from sirat.vault.slots import SealedKey, SlotFile, auth_aad, dk_aad
from sirat.vault.upgrade import KeyFileMismatch
from tests.conftest import USERS

V1_FIXTURE = Path(__file__).resolve().parents[2] / "data" / "vault-v1"
V1_USERS = {"admin": "schema one passphrase", "ana": "analyst passphrase 1",
            "sup": "supervisor passphrase 1"}


def _unlock(path: Path, user: str, secret: str | None = None) -> Vault:
    return Vault.unlock(path, user, secret or USERS[user], throttle=False)


def _evil_database(victim: Path, tmp_path: Path) -> bytes:
    """An attacker's own vault.db (their data key) with the victims' names, public keys and
    vault id, as someone who can write the folder but knows no passphrase would build it.
    Returns the attacker's data key."""
    slots = SlotFile.load(victim / SLOTS_NAME)
    evil = tmp_path / "evil"
    with create_vault(evil, "admin", "attacker's own passphrase", kdf=KDF_FLOOR) as v:
        key = v._require_key()  # the attacker's own key: they made it
    victim_admin = slots.find(crypto.lookup_id(slots.vault_id, "admin"))
    assert victim_admin is not None
    conn = eng.connect(evil / DB_NAME, key)
    try:
        conn.execute("UPDATE users SET public_key = ? WHERE name = 'admin'",
                     (victim_admin.public,))
        conn.execute("UPDATE vault_meta SET value = ? WHERE key = 'vault_id'", (slots.vault_id,))
        conn.execute("DELETE FROM vault_meta WHERE key = 'keyslots_binding'")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for name in os.listdir(victim):
        if name.startswith(DB_NAME):
            (victim / name).unlink()
    shutil.copy(evil / DB_NAME, victim / DB_NAME)
    return key


def _reseal(doc: dict[str, object], key: bytes, vault_id: str, generation: int,
            offer: bytes | None = None) -> None:
    """Seal ``key`` to every slot's public key, as anyone holding keyslots.json can."""
    for raw in doc["slots"]:  # type: ignore[attr-defined]
        public = SlotFile.from_bytes(json.dumps({
            "format": "sirat-keyslots", "version": 2, "vault_id": vault_id, "generation": 1,
            "key_check": "", "slots": [raw]}).encode()).slots[0].public
        eph, nonce, ct = crypto.seal_to_public(public, key, dk_aad(vault_id, raw["lookup"],
                                                                     generation))
        raw["data_key"] = SealedKey(eph, nonce, ct).to_json()
        if offer is not None:
            raw.pop("auth", None)
            e2, n2, c2 = crypto.seal_to_public(public, offer, auth_aad(vault_id, raw["lookup"]))
            raw["auth_offer"] = SealedKey(e2, n2, c2).to_json()
    doc["key_check"] = crypto.key_check(key, vault_id)


@pytest.mark.parametrize("variant", ["resealed", "as-format-1", "with-own-offer"])
def test_a_swapped_vault_resealed_to_the_users_public_keys_is_refused(
    vault_path: Path, tmp_path: Path, variant: str
) -> None:
    """Write access to the folder, no passphrase: a new database under one's own key, sealed
    to the public keys copied from keyslots.json. Nobody may sign in to it."""
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    vault_id, generation = doc["vault_id"], doc["generation"]
    key = _evil_database(vault_path, tmp_path)
    if variant == "resealed":
        _reseal(doc, key, vault_id, generation)
    elif variant == "as-format-1":
        _reseal(doc, key, vault_id, generation)
        doc["version"] = 1
        for raw in doc["slots"]:
            raw.pop("auth", None)
    else:
        _reseal(doc, key, vault_id, generation, offer=crypto.random_key())
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    with pytest.raises(KeyFileMismatch) as err:
        _unlock(vault_path, "admin")
    assert "passphrase is correct" in err.value.message
    assert err.value.exit_code == 1


def test_a_new_vault_is_format_2_and_bound_to_its_database(vault_path: Path) -> None:
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    assert doc["version"] == 2
    assert all("auth" in s and "auth_offer" not in s for s in doc["slots"])
    # The database names the generation: a key file whose generation is edited is refused
    # with its own message, not "passphrase not correct".
    doc["generation"] = 7
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    with pytest.raises(KeyFileMismatch) as err:
        _unlock(vault_path, "ana")
    assert "generation 7" in err.value.message


def test_the_binding_in_the_database_is_checked(vault_path: Path) -> None:
    with _unlock(vault_path, "admin") as v:
        key = v._require_key()
    conn = eng.connect(vault_path / DB_NAME, key)
    try:
        conn.execute("UPDATE vault_meta SET value = ? WHERE key = 'keyslots_binding'",
                     ("0" * 64,))
    finally:
        conn.close()
    with pytest.raises(KeyFileMismatch):
        _unlock(vault_path, "ana")


def test_format_1_fixture_upgrades_on_first_unlock_and_keeps_opening(tmp_path: Path) -> None:
    path = tmp_path / "v1"
    shutil.copytree(V1_FIXTURE, path)
    assert json.loads((path / SLOTS_NAME).read_text())["version"] == 1
    with _unlock(path, "ana", V1_USERS["ana"]) as v:
        assert v.check() == []
    doc = json.loads((path / SLOTS_NAME).read_text())
    assert doc["version"] == 2
    mine = [s for s in doc["slots"] if "auth" in s]
    offered = [s for s in doc["slots"] if "auth_offer" in s]
    assert len(mine) == 1
    assert len(offered) == 2
    # Each other user accepts the offer at their own first sign-in.
    for name in ("admin", "sup"):
        with _unlock(path, name, V1_USERS[name]) as v:
            assert v.info.user_name == name
    doc = json.loads((path / SLOTS_NAME).read_text())
    assert all("auth" in s and "auth_offer" not in s for s in doc["slots"])
    # An upgraded vault works fully: add a user, rotate, everyone still signs in.
    with sign_in(path, "admin", V1_USERS["admin"], throttle=False) as v:
        users.add_user(v, "neo", "new user passphrase", kdf=KDF_FLOOR)
        users.rotate_key(v)
    for name, secret in [*V1_USERS.items(), ("neo", "new user passphrase")]:
        with _unlock(path, name, secret) as v:
            assert v.check() == []
    # Now that ana's slot is bound to format 2, presenting it as format 1 is refused.
    doc = json.loads((path / SLOTS_NAME).read_text())
    doc["version"] = 1
    (path / SLOTS_NAME).write_text(json.dumps(doc))
    with pytest.raises(KeyFileMismatch):
        _unlock(path, "ana", V1_USERS["ana"])


@pytest.mark.parametrize(("field", "value"), [
    ("time_cost", 100_000), ("memory_kib", 16 * 1024 * 1024), ("parallelism", 10_000),
    ("parallelism", 0), ("memory_kib", 8), ("algorithm", "argon2i"),
])
def test_hostile_kdf_settings_are_refused_before_any_derivation(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: object
) -> None:
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    for raw in doc["slots"]:
        raw["kdf"][field] = value
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    derived: list[object] = []
    real = crypto.hash_secret_raw

    def spy(*args: object, **kwargs: object) -> bytes:
        derived.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(crypto, "hash_secret_raw", spy)
    with pytest.raises(KdfRejected) as err:
        _unlock(vault_path, "ana")
    assert err.value.exit_code == 1
    assert derived == []


def test_the_unknown_user_decoy_uses_the_codes_default_settings(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slot 0's settings set to argon2i (or to hours of work) change nothing for unknown
    names: the decoy derivation does not read the file."""
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    doc["slots"][0]["kdf"]["algorithm"] = "argon2i"
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    used: list[crypto.KdfParams] = []
    real = crypto.derive_kek

    def spy(passphrase: str, salt: bytes, params: crypto.KdfParams) -> bytes:
        used.append(params)
        return real(passphrase, salt, params)

    monkeypatch.setattr(crypto, "derive_kek", spy)
    with pytest.raises(WrongPassphrase):
        _unlock(vault_path, "nobody", "whatever passphrase")
    assert used == [DEFAULT_KDF]


def test_kdf_errors_are_sirat_errors() -> None:
    assert issubclass(KdfRejected, SiratError)


@pytest.mark.parametrize("number", ["1e400", "9" * 5000])
def test_hostile_numbers_in_the_key_file_and_the_mark_are_clear_errors(
    vault_path: Path, number: str
) -> None:
    slots_text = (vault_path / SLOTS_NAME).read_text()
    mark = vault_path / "highwater.json"
    mark.write_text(mark.read_text().replace('"audit_id": ', f'"audit_id": {number}, "x": '))
    with _unlock(vault_path, "ana") as v:  # a mark that does not parse is rewritten
        assert v.check() == []
    doc = json.loads(slots_text)
    (vault_path / SLOTS_NAME).write_text(
        json.dumps(doc).replace(f'"generation": {doc["generation"]}', f'"generation": {number}'))
    with pytest.raises(SiratError) as err:
        _unlock(vault_path, "ana")
    assert "keyslots.json" in err.value.message
