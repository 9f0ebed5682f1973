"""Unlocking: uniform wrong-passphrase error, refused paths, Unicode passphrases, the KDF floor."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from sirat.errors import SiratError, ValidationError, VaultCorrupt, VaultNotFound, WrongPassphrase
from sirat.services.access import users
from sirat.services.access.session import create_vault
from sirat.vault import Vault
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.crypto import KDF_FLOOR, KdfParams
from sirat.vault.signin import FILE_NAME as FAILED_FILE
from tests.conftest import ADMIN, USERS
from tests.unit.vault.vault_helpers import db_and_slots, snapshot


def _unlock(path: Path, user: str, passphrase: str) -> Vault:
    return Vault.unlock(path, user, passphrase, throttle=False)


def test_wrong_passphrase_and_unknown_user_same_message_and_files_unchanged(
    vault_path: Path,
) -> None:
    before = db_and_slots(vault_path)
    names_before = {p.name for p in vault_path.iterdir()}
    with pytest.raises(WrongPassphrase) as wrong:
        _unlock(vault_path, "ana", "not the passphrase of ana")
    with pytest.raises(WrongPassphrase) as unknown:
        _unlock(vault_path, "nobody-here", USERS["ana"])
    with pytest.raises(WrongPassphrase) as case_typo:
        _unlock(vault_path, "ana", USERS["ana"].upper())
    assert str(wrong.value) == str(unknown.value) == str(case_typo.value)
    assert "nobody" not in str(unknown.value)
    assert db_and_slots(vault_path) == before
    # Nothing but the failed-attempt log was added (no WAL, no journal: the db was not opened).
    names = {p.name for p in vault_path.iterdir()}
    assert names == names_before | {FAILED_FILE}
    assert names_before <= {DB_NAME, SLOTS_NAME, "highwater.json"}


def test_user_names_match_case_and_normalization_insensitively(vault_path: Path) -> None:
    with _unlock(vault_path, "  ANA ", USERS["ana"]) as v:
        assert v.info.user_name == "ana"


def test_missing_path_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-vault"
    with pytest.raises(VaultNotFound) as err:
        _unlock(missing, "admin", ADMIN[1])
    assert "no vault" in err.value.message.lower()
    assert not missing.exists()
    deeper = tmp_path / "no-parent" / "vault"
    with pytest.raises(VaultNotFound):
        _unlock(deeper, "admin", ADMIN[1])
    assert not deeper.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_missing_keyslots_gives_a_clear_message_naming_it(vault_path: Path) -> None:
    (vault_path / SLOTS_NAME).unlink()
    db = (vault_path / DB_NAME).read_bytes()
    with pytest.raises(VaultCorrupt) as err:
        _unlock(vault_path, "admin", ADMIN[1])
    assert "keyslots.json" in err.value.message
    assert "backup" in err.value.hint
    assert (vault_path / DB_NAME).read_bytes() == db
    assert not (vault_path / SLOTS_NAME).exists()


def test_missing_database_is_reported_not_recreated(vault_path: Path) -> None:
    (vault_path / DB_NAME).unlink()
    with pytest.raises(VaultCorrupt) as err:
        _unlock(vault_path, "admin", ADMIN[1])
    assert "vault.db" in err.value.message
    assert not (vault_path / DB_NAME).exists()


@pytest.mark.parametrize("content", ["empty", "other-files", "a-file"])
def test_a_folder_that_is_not_a_vault_is_refused(tmp_path: Path, content: str) -> None:
    target = tmp_path / "target"
    if content == "a-file":
        target.write_bytes(b"just a file")
    else:
        target.mkdir()
        if content == "other-files":
            (target / "notes.txt").write_text("hello")
    before = snapshot(tmp_path)
    with pytest.raises(VaultNotFound) as err:
        _unlock(target, "admin", ADMIN[1])
    assert err.value.hint
    assert snapshot(tmp_path) == before


def test_a_foreign_key_file_is_reported_as_such(vault_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    create_vault(other, "admin", ADMIN[1], kdf=KDF_FLOOR).lock()
    shutil.copy2(other / SLOTS_NAME, vault_path / SLOTS_NAME)
    before = db_and_slots(vault_path)
    with pytest.raises(VaultCorrupt) as err:
        _unlock(vault_path, "admin", ADMIN[1])
    assert "key file" in err.value.message
    assert db_and_slots(vault_path) == before


def test_damaged_key_file_is_reported(vault_path: Path) -> None:
    (vault_path / SLOTS_NAME).write_text('{"format": "sirat-keyslots", "slots": [')
    with pytest.raises(VaultCorrupt) as err:
        _unlock(vault_path, "admin", ADMIN[1])
    assert "keyslots.json" in err.value.message


TRICKY = {
    "quotes": "it's a \"quoted\" \\back\\slash' ; --",
    "cyrillic": "Ђорђе Петровић лозинка",
    "greek": "Γιώργος Παπαδόπουλος κωδικός",
    "emoji": "🔐 vault 🗝️ key 👮🏽‍♀️",
    "combining": "e\u0301te\u0301 Z\u030c z\u0327 a\u0308 n\u0303",
    "spaces": "  leading and trailing  ",
}


def test_tricky_passphrases_work(tmp_path: Path) -> None:
    path = tmp_path / "vault"
    admin_pass = TRICKY["quotes"]
    v = create_vault(path, "admin", admin_pass, kdf=KDF_FLOOR)
    for name, secret in TRICKY.items():
        if name != "quotes":
            users.add_user(v, name, secret, kdf=KDF_FLOOR)
    v.lock()
    for name, secret in TRICKY.items():
        user = "admin" if name == "quotes" else name
        with _unlock(path, user, secret) as opened:
            assert opened.info.user_name == user
    with pytest.raises(WrongPassphrase):
        _unlock(path, "spaces", TRICKY["spaces"].strip())


def test_nfc_and_nfd_forms_open_the_same_vault(tmp_path: Path) -> None:
    composed = "Ђорђе café naïve Ελληνικά Şükrü"
    nfc = unicodedata.normalize("NFC", composed)
    nfd = unicodedata.normalize("NFD", composed)
    assert nfc != nfd
    made_nfd = tmp_path / "made-with-nfd"
    create_vault(made_nfd, "admin", nfd, kdf=KDF_FLOOR).lock()
    with _unlock(made_nfd, "admin", nfc) as v:
        v.change_passphrase(nfc, nfd + " and more", kdf=KDF_FLOOR)
    _unlock(made_nfd, "admin", unicodedata.normalize("NFC", nfd + " and more")).lock()
    _unlock(made_nfd, "admin", nfd + " and more").lock()


def test_nfd_user_name_finds_the_nfc_slot(vault_path: Path, admin_vault: Vault) -> None:
    name = unicodedata.normalize("NFC", "Đorđe Ünal")
    users.add_user(admin_vault, name, "user passphrase 123", kdf=KDF_FLOOR)
    with _unlock(vault_path, unicodedata.normalize("NFD", name), "user passphrase 123") as v:
        assert v.info.user_name == name


@pytest.mark.parametrize("short", ["", "short", "         x", "12345678 "])
def test_too_short_passphrase_is_refused(tmp_path: Path, admin_vault: Vault, short: str) -> None:
    with pytest.raises(ValidationError) as err:
        create_vault(tmp_path / "v", "admin", short, kdf=KDF_FLOOR)
    assert err.value.problems[0].field == "passphrase"
    assert "too short" in err.value.message
    assert not (tmp_path / "v").exists()
    with pytest.raises(ValidationError):
        users.add_user(admin_vault, "newbie", short, kdf=KDF_FLOOR)
    with pytest.raises(ValidationError):
        users.change_passphrase(admin_vault, ADMIN[1], short, kdf=KDF_FLOOR)
    assert [u.name for u in users.list_users(admin_vault)] == ["admin", "ana", "bora", "sup"]


def _weaken(path: Path, index: int, **params: int) -> None:
    doc = json.loads((path / SLOTS_NAME).read_text())
    doc["slots"][index]["kdf"].update(params)
    (path / SLOTS_NAME).write_text(json.dumps(doc))


@pytest.mark.parametrize(
    "params", [{"memory_kib": 8192}, {"time_cost": 1}, {"memory_kib": 65_535}]
)
def test_a_slot_below_the_kdf_floor_is_refused(vault_path: Path, params: dict[str, int]) -> None:
    _weaken(vault_path, 1, **params)  # slot 1 is ana's (admin's is 0)
    with pytest.raises(SiratError) as err:
        _unlock(vault_path, "ana", USERS["ana"])
    assert not isinstance(err.value, WrongPassphrase)
    assert "key-derivation" in err.value.message
    _unlock(vault_path, "admin", ADMIN[1]).lock()


def test_a_slot_with_an_unknown_algorithm_is_refused(vault_path: Path) -> None:
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    doc["slots"][1]["kdf"]["algorithm"] = "pbkdf2"
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    with pytest.raises(SiratError) as err:
        _unlock(vault_path, "ana", USERS["ana"])
    assert "key-derivation" in err.value.message


def test_weak_kdf_settings_are_never_written(tmp_path: Path, admin_vault: Vault) -> None:
    weak = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)
    before = (admin_vault.path / SLOTS_NAME).read_bytes()
    with pytest.raises(SiratError):
        create_vault(tmp_path / "weak", "admin", ADMIN[1], kdf=weak)
    assert not (tmp_path / "weak").exists()
    with pytest.raises(SiratError):
        users.add_user(admin_vault, "weakling", "weakling passphrase", kdf=weak)
    with pytest.raises(SiratError):
        users.change_passphrase(admin_vault, ADMIN[1], "a new passphrase", kdf=weak)
    assert (admin_vault.path / SLOTS_NAME).read_bytes() == before
    assert "weakling" not in [u.name for u in users.list_users(admin_vault)]


def test_a_vault_folder_name_with_uri_characters(tmp_path: Path) -> None:
    """'#', '?' and '%' mean something in a SQLite URI; a folder name must not."""
    path = tmp_path / "Ops #3 ?50% Ђ" / "vault"
    path.parent.mkdir()
    create_vault(path, "admin", ADMIN[1], kdf=KDF_FLOOR).lock()
    with _unlock(path, "admin", ADMIN[1]) as v:
        assert v.check() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ops #3 ?50% Ђ"]
