"""Damage is detected and reported, never repaired by silently starting a new vault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sirat.errors import VaultCorrupt
from sirat.services.access.session import create_vault, sign_in
from sirat.vault import Vault, core
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import ADMIN, USERS
from tests.unit.vault.vault_helpers import data_key_of, flip_byte, snapshot

PAGE = 4096


def _unlock(path: Path, user: str = "admin") -> Vault:
    return Vault.unlock(path, user, USERS[user], throttle=False)


@pytest.fixture(scope="module")
def rootpages(template_vault: Path) -> dict[str, int]:
    """Where each table and index starts in the template (every copy has the same layout)."""
    conn = eng.connect(template_vault / DB_NAME, data_key_of(template_vault, "admin", ADMIN[1]))
    try:
        rows = conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0")
        return {str(name): int(page) for name, page in rows}
    finally:
        conn.close()


def test_same_passphrase_gives_different_headers_and_slots(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    create_vault(a, "admin", ADMIN[1], kdf=KDF_FLOOR).lock()
    create_vault(b, "admin", ADMIN[1], kdf=KDF_FLOOR).lock()
    head_a, head_b = (a / DB_NAME).read_bytes()[:16], (b / DB_NAME).read_bytes()[:16]
    assert head_a != head_b
    assert b"SQLite format 3" not in (a / DB_NAME).read_bytes()
    slot_a = json.loads((a / SLOTS_NAME).read_text())
    slot_b = json.loads((b / SLOTS_NAME).read_text())
    assert slot_a["vault_id"] != slot_b["vault_id"]
    sa, sb = slot_a["slots"][0], slot_b["slots"][0]
    for field in ("lookup", "salt", "priv_ct", "public"):
        assert sa[field] != sb[field], field
    assert sa["data_key"]["ct"] != sb["data_key"]["ct"]


def _assert_damaged_on_unlock(path: Path) -> None:
    damaged = snapshot(path)
    with pytest.raises(VaultCorrupt) as err:
        _unlock(path)
    assert "damaged" in err.value.message
    assert "backup" in err.value.hint
    # Reported, not repaired or replaced: the damaged bytes are still there, nothing added
    # but the failed-attempt record.
    after = snapshot(path)
    after.pop("failed-signins.jsonl", None)
    assert after == damaged


@pytest.mark.parametrize("offset", [0, 7, 15], ids=["salt0", "salt7", "salt15"])
def test_flipped_byte_in_the_header_salt(vault_path: Path, offset: int) -> None:
    flip_byte(vault_path / DB_NAME, offset)
    _assert_damaged_on_unlock(vault_path)


@pytest.mark.parametrize("offset", [16, 100, 2048, PAGE - 80, PAGE - 1],
                         ids=["first-byte", "header", "middle", "iv", "hmac"])
def test_flipped_byte_in_page_one(vault_path: Path, offset: int) -> None:
    flip_byte(vault_path / DB_NAME, offset)
    _assert_damaged_on_unlock(vault_path)


@pytest.mark.parametrize(
    ("table", "where"),
    [("users", 100), ("users", PAGE - 40), ("audit_log", PAGE // 2),
     ("ix_audit_log_object", PAGE // 2)],
    ids=["users-start", "users-hmac", "audit-middle", "unused-index-middle"],
)
def test_flipped_byte_in_a_later_page_is_detected_on_unlock(
    vault_path: Path, rootpages: dict[str, int], table: str, where: int
) -> None:
    page = rootpages[table]
    assert page > 1
    flip_byte(vault_path / DB_NAME, (page - 1) * PAGE + where)
    _assert_damaged_on_unlock(vault_path)


def test_flipped_byte_in_the_last_page(vault_path: Path) -> None:
    size = (vault_path / DB_NAME).stat().st_size
    flip_byte(vault_path / DB_NAME, size - PAGE // 2)
    _assert_damaged_on_unlock(vault_path)


def test_large_vault_damage_is_found_by_check(
    vault_path: Path, rootpages: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above CHECK_ON_OPEN_BYTES unlock skips the full scan; `check()` still finds the damage."""
    monkeypatch.setattr(core, "CHECK_ON_OPEN_BYTES", 0)
    page = rootpages["ix_audit_log_object"]
    flip_byte(vault_path / DB_NAME, (page - 1) * PAGE + 1000)
    with _unlock(vault_path) as v:
        problems = v.check()
        assert problems
        assert all(ADMIN[0] not in p for p in problems)
    # Writing an audit record touches that index: the damage surfaces as VaultCorrupt.
    with pytest.raises(VaultCorrupt):
        sign_in(vault_path, "admin", ADMIN[1], throttle=False)


def test_check_passes_on_a_sound_vault(admin_vault: Vault) -> None:
    assert admin_vault.check() == []


def test_check_reports_a_user_without_a_key_slot(vault_path: Path) -> None:
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    del doc["slots"][2]  # bora's slot
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    with _unlock(vault_path) as v:
        problems = v.check()
    assert problems == ["1 active user(s) have no key slot and cannot sign in"]


def test_truncated_database_is_reported(vault_path: Path) -> None:
    db = vault_path / DB_NAME
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])
    _assert_damaged_on_unlock(vault_path)


def test_empty_database_file_is_not_treated_as_a_new_vault(vault_path: Path) -> None:
    (vault_path / DB_NAME).write_bytes(b"")
    _assert_damaged_on_unlock(vault_path)
    assert (vault_path / DB_NAME).stat().st_size == 0
