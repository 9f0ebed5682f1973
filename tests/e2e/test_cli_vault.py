"""``sirat vault init|backup|rotate-key|check`` and ``sirat user add|remove|list|passwd``.

Vaults made by the CLI use the default key derivation (~0.5 s per passphrase); the other
tests start from the floor-KDF template vault to keep the invocation count and time modest.
"""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

from tests.conftest import ADMIN, USERS
from tests.e2e.conftest import Cli


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_help_lists_the_commands(cli: Cli) -> None:
    out = _ok(cli("--help"))
    assert "vault" in out
    assert "user" in out
    out = _ok(cli("vault", "--help"))
    for action in ("init", "backup", "rotate-key", "check"):
        assert action in out
    assert not any(cli.home.iterdir()), "--help must not create files"


def test_init_creates_the_default_vault_and_its_admin_can_list(cli: Cli) -> None:
    secret = "a fresh vault passphrase"
    out = _ok(cli("vault", "init", "--user", "chief", "--display-name", "Chief Admin",
                  passphrase=secret))
    assert "chief" in out
    folder = cli.home / "vault"
    assert {p.name for p in folder.iterdir()} == {"vault.db", "keyslots.json", "highwater.json"}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    rows = json.loads(_ok(cli("user", "list", "--json", "--user", "chief", passphrase=secret)))
    assert [(r["name"], r["display_name"], r["role"]) for r in rows] == [
        ("chief", "Chief Admin", "administrator")
    ]
    assert secret not in out


def test_user_lifecycle(cli: Cli, vault_path: Path) -> None:
    v: list[str | Path] = ["--vault", vault_path]
    admin = ADMIN[1]
    out = _ok(cli("user", "add", "carol", "--role", "supervisor", *v, "--user", "admin",
                  passphrase=admin, new_passphrase="carol's first passphrase"))
    assert "carol" in out
    _ok(cli("user", "passwd", *v, "--user", "carol", passphrase="carol's first passphrase",
            new_passphrase="carol's second passphrase"))
    rows = json.loads(_ok(cli("user", "list", "--json", *v, "--user", "carol",
                              passphrase="carol's second passphrase")))
    assert [r["name"] for r in rows] == ["admin", "ana", "bora", "sup", "carol"]
    assert rows[-1]["role"] == "supervisor"
    out = _ok(cli("user", "remove", "carol", *v, "--user", "admin", passphrase=admin))
    assert "rotate-key" in out
    out = _ok(cli("vault", "rotate-key", *v, "--user", "admin", passphrase=admin))
    assert "generation 2" in out
    table = _ok(cli("user", "list", *v, "--user", "ana", passphrase=USERS["ana"]))
    assert "carol" not in table
    assert "bora" in table


def test_backup_and_check(cli: Cli, vault_path: Path, tmp_path: Path) -> None:
    v: list[str | Path] = ["--vault", vault_path]
    out = _ok(cli("vault", "backup", *v, "--out", tmp_path / "copy", "--user", "sup",
                  passphrase=USERS["sup"]))
    assert "same passphrases" in out
    assert "sound" in _ok(cli("vault", "check", *v, "--user", "admin", passphrase=ADMIN[1]))
    report = json.loads(_ok(cli("vault", "check", "--json", "--vault", tmp_path / "copy",
                                "--user", "bora", passphrase=USERS["bora"])))
    assert report == {"ok": True, "problems": []}
