"""The vault file is SQLCipher 4's format, said explicitly on every connection.

A future SQLCipher may change its *default* format (it did from 3 to 4): the engine's
``PRAGMA cipher_compatibility = 4`` keeps today's vaults opening. The tests change
SQLCipher's process-wide default to 3 to play that future release.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import func, select

from sirat.errors import VaultCorrupt
from sirat.models import User
from sirat.services.access.session import create_vault, sign_in
from sirat.vault import engine as eng
from sirat.vault.crypto import KDF_FLOOR

PASS = "cipher format passphrase"


def _set_default_compatibility(version: int) -> None:
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA cipher_default_compatibility = {version}")
    finally:
        conn.close()


@pytest.fixture
def old_default() -> Iterator[None]:
    """SQLCipher's process-wide default format set to 3 (back to 4 afterwards)."""
    _set_default_compatibility(3)
    try:
        yield
    finally:
        _set_default_compatibility(4)


@pytest.fixture
def today(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    create_vault(path, "admin", PASS, kdf=KDF_FLOOR).lock()
    return path


def test_every_connection_reads_the_vault_as_sqlcipher_4(today: Path) -> None:
    with sign_in(today, "admin", PASS, throttle=False) as vault:
        raw = vault.engine.raw_connection()
        try:
            page = raw.execute("PRAGMA cipher_page_size").fetchone()[0]
            hmac = raw.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0]
        finally:
            raw.close()
    assert (str(page), hmac) == ("4096", "HMAC_SHA512")


def test_a_vault_made_today_opens_when_the_library_default_is_another_format(
    today: Path, old_default: None
) -> None:
    with sign_in(today, "admin", PASS, throttle=False) as vault:
        with vault.session() as s:
            assert s.scalar(select(func.count()).select_from(User)) == 1
        # A vault created under the other default is still a SQLCipher 4 file.
        made_now = today.parent / "made-under-old-default"
        create_vault(made_now, "admin", PASS, kdf=KDF_FLOOR).lock()
        # So is a backup (an ATTACHed database takes the library default, not the main one's).
        backup = vault.backup(today.parent / "backup")
    _set_default_compatibility(4)
    for path in (made_now, backup):
        with sign_in(path, "admin", PASS, throttle=False) as vault, vault.session() as s:
            assert s.scalar(select(func.count()).select_from(User)) == 1


def test_the_pragma_is_what_decides_the_format(
    today: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(eng, "CIPHER_COMPATIBILITY", 3)
    with pytest.raises(VaultCorrupt):
        sign_in(today, "admin", PASS, throttle=False)
