"""The import figure's SQLCipher settings are really the settings it names: each database it
writes reports them back, holds the rows, and cannot be read without the key -- so a ratio in
docs/bench.md is the cost of exactly that setting. Never a time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlcipher3

from sirat.bench import fig_import_cipher as cipher

KEY = os.urandom(32)
SECRET = "Anastasia Probe-Marker"
EXPECTED = {
    "vault": ("HMAC_SHA512", 4096, 1),
    "hmac_sha256": ("HMAC_SHA256", 4096, 1),
    "page_16k": ("HMAC_SHA512", 16384, 1),
    "page_16k_sha256": ("HMAC_SHA256", 16384, 1),
    "no_hmac": ("HMAC_SHA512", 4096, 0),
}


def test_every_setting_is_named_and_the_unauthenticated_one_is_never_the_answer() -> None:
    assert set(cipher.SETTINGS) == set(EXPECTED)
    assert {n for n, made in EXPECTED.items() if not made[2]} == cipher.UNAUTHENTICATED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_database_carries_its_setting_and_stays_encrypted(tmp_path: Path, name: str) -> None:
    db = tmp_path / "vault.db"
    conn = cipher._encrypted(db, KEY, cipher.SETTINGS[name][0])
    assert cipher._made_with(conn) == EXPECTED[name]
    conn.execute("INSERT INTO users (name, name_key, display_name, role, public_key, created_at)"
                 f" VALUES ('ana', 'ana', '{SECRET}', 'analyst', x'00', '2026-01-01')")
    conn.close()
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert written
    assert SECRET.encode() not in written
    # Without the key the file is noise; with the key and the setting it reads back.
    plain = sqlcipher3.connect(str(db))
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    again = sqlcipher3.connect(str(db))
    again.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
    again.execute("PRAGMA cipher_compatibility = 4")
    for pragma in cipher.SETTINGS[name][0]:
        again.execute(pragma)
    assert again.execute("SELECT display_name FROM users").fetchall() == [(SECRET,)]
    again.close()


def test_the_unkeyed_baseline_has_the_page_size_it_is_compared_at(tmp_path: Path) -> None:
    for size in (4096, 16384):
        conn = cipher._unkeyed(tmp_path / f"plain-{size}.db", size)
        assert conn.execute("PRAGMA page_size").fetchone()[0] == size
        conn.close()
