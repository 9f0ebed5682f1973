"""``sirat user role NAME ROLE``: an administrator changes a role; bad input and other
roles get one clear line, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import USERS
from tests.e2e.conftest import Cli, one_line_failure


def test_user_role_from_the_command_line(cli: Cli, vault_path: Path) -> None:
    done = cli("user", "role", "bora", "supervisor", "--vault", vault_path, "--user", "admin",
               passphrase=USERS["admin"])
    assert done.returncode == 0, done.stderr
    assert "bora is now supervisor" in done.stdout
    listed = cli("user", "list", "--json", "--vault", vault_path, "--user", "admin",
                 passphrase=USERS["admin"])
    assert {u["name"]: u["role"] for u in json.loads(listed.stdout)}["bora"] == "supervisor"
    refused = cli("user", "role", "bora", "analyst", "--vault", vault_path, "--user", "ana",
                  passphrase=USERS["ana"])
    assert "Only an administrator" in one_line_failure(refused)
    unknown = cli("user", "role", "nobody", "analyst", "--vault", vault_path, "--user",
                  "admin", passphrase=USERS["admin"])
    assert "no active user" in one_line_failure(unknown)
    own = cli("user", "role", "admin", "analyst", "--vault", vault_path, "--user", "admin",
              passphrase=USERS["admin"])
    assert "your own role" in one_line_failure(own)
    bad = cli("user", "role", "bora", "king", "--vault", vault_path, "--user", "admin",
              passphrase=USERS["admin"])
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
