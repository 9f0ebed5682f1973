"""``sirat recipient set`` as an administrator would run it: add, re-kind, retire; refused
for anyone else and for bad input with one clear line, nothing changed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import USERS
from tests.e2e.conftest import Cli, one_line_failure


def _listed(cli: Cli, vault_path: Path) -> dict[str, dict[str, object]]:
    out = cli("recipient", "list", "--vault", vault_path, "--user", "ana", "--json",
              passphrase=USERS["ana"])
    assert out.returncode == 0, out.stderr
    return {r["code"]: r for r in json.loads(out.stdout)}


def test_set_adds_changes_and_retires(cli: Cli, vault_path: Path) -> None:
    def admin(*args: str) -> subprocess.CompletedProcess[str]:
        return cli("recipient", "set", *args, "--vault", vault_path, "--user", "admin",
                   passphrase=USERS["admin"])

    added = admin("XK", "--name", "Κόσοβο — полиција", "--kind", "observer",
                  "--classification", "RESTRICTED", "--handling", "H0,H1")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "XK: observer, up to RESTRICTED, H0,H1, offered."
    row = _listed(cli, vault_path)["XK"]
    assert (row["name"], row["may_receive_personal_data"]) == ("Κόσοβο — полиција", False)
    admin("XK", "--name", "Kosovo police", "--kind", "operational-partner",
          "--classification", "CONFIDENTIAL", "--handling", "H0")
    assert _listed(cli, vault_path)["XK"]["may_receive_personal_data"] is True
    retired = admin("XK", "--name", "Kosovo police", "--kind", "operational-partner",
                    "--classification", "CONFIDENTIAL", "--retire")
    assert retired.stdout.strip().endswith("retired.")
    assert "XK" not in _listed(cli, vault_path)

    before = _listed(cli, vault_path)
    bad = admin("BG", "--name", "Bulgaria", "--kind", "member-state",
                "--classification", "TOP-SECRET-ISH")
    assert "Unknown classification" in one_line_failure(bad)
    bad = admin("BG", "--name", "Bulgaria", "--kind", "member-state",
                "--classification", "RESTRICTED", "--handling", "H9")
    assert "Unknown handling code" in one_line_failure(bad)
    refused = cli("recipient", "set", "BG", "--name", "x", "--kind", "observer",
                  "--classification", "RESTRICTED", "--vault", vault_path, "--user", "ana",
                  passphrase=USERS["ana"])
    assert "Only an administrator" in one_line_failure(refused)
    assert _listed(cli, vault_path) == before  # BG is still a member state
