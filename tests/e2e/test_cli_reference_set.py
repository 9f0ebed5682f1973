"""``sirat handling set`` and ``sirat relation set`` as an administrator would run them:
reword, add, rename; refused for anyone else and for bad input with one clear line, nothing
changed; every change in the audit trail."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import USERS
from tests.e2e.conftest import Cli, one_line_failure


def _as(cli: Cli, vault_path: Path, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args, "--vault", vault_path, "--user", user, passphrase=USERS[user])


def _listed(cli: Cli, vault_path: Path, command: str) -> dict[str, dict[str, object]]:
    out = _as(cli, vault_path, "ana", command, "list", "--json")
    assert out.returncode == 0, out.stderr
    return {r["code"]: r for r in json.loads(out.stdout)}


def _audited(cli: Cli, vault_path: Path, action: str) -> int:
    out = _as(cli, vault_path, "admin", "audit", "list", "--json")
    assert out.returncode == 0, out.stderr
    return sum(1 for row in json.loads(out.stdout) if row.get("action") == action)


def test_handling_wording_set_by_an_administrator_only(cli: Cli, vault_path: Path) -> None:
    before = _listed(cli, vault_path, "handling")
    assert set(before) == {"H0", "H1", "H2", "H3"}
    done = _as(cli, vault_path, "admin", "handling", "set", "H1",
               "--wording", "Μόνο για αστυνομική χρήση — только для полиции")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "H1: Μόνο για αστυνομική χρήση — только для полиции"
    after = _listed(cli, vault_path, "handling")
    assert after["H1"]["wording"] == "Μόνο για αστυνομική χρήση — только для полиции"
    assert _audited(cli, vault_path, "reference.handling_code") == 1

    refused = _as(cli, vault_path, "ana", "handling", "set", "H0", "--wording", "x")
    assert "Only an administrator" in one_line_failure(refused)
    unknown = _as(cli, vault_path, "admin", "handling", "set", "H7", "--wording", "x")
    assert "no handling code" in one_line_failure(unknown)
    blank = _as(cli, vault_path, "admin", "handling", "set", "H0", "--wording", "   ")
    assert "wording" in one_line_failure(blank).lower()
    control = _as(cli, vault_path, "admin", "handling", "set", "H0", "--wording", "a\tb")
    assert "control characters" in one_line_failure(control)
    usage = _as(cli, vault_path, "admin", "handling", "set", "H0")
    assert "--wording" in one_line_failure(usage, code=2)
    assert _listed(cli, vault_path, "handling") == after
    assert _audited(cli, vault_path, "reference.handling_code") == 1


def test_relation_types_added_and_renamed_by_an_administrator_only(
        cli: Cli, vault_path: Path) -> None:
    added = _as(cli, vault_path, "admin", "relation", "set", "smuggles_for",
                "--name", "перевозит для", "--reverse-name", "is smuggled for by",
                "--ftm-schema", "Associate")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == ("smuggles_for: перевозит для / is smuggled for by "
                                    "(Associate).")
    renamed = _as(cli, vault_path, "admin", "relation", "set", "smuggles_for",
                  "--name", "smuggles for", "--reverse-name", "is smuggled for by")
    assert renamed.returncode == 0, renamed.stderr
    row = _listed(cli, vault_path, "relation")["smuggles_for"]
    assert (row["name"], row["ftm_schema"]) == ("smuggles for", "UnknownLink")
    assert _audited(cli, vault_path, "reference.relation_type") == 2

    before = _listed(cli, vault_path, "relation")
    refused = _as(cli, vault_path, "sup", "relation", "set", "x", "--name", "x",
                  "--reverse-name", "y")
    assert "Only an administrator" in one_line_failure(refused)
    bad_code = _as(cli, vault_path, "admin", "relation", "set", "два слова",
                   "--name", "x", "--reverse-name", "y")
    assert "short code" in one_line_failure(bad_code)
    empty = _as(cli, vault_path, "admin", "relation", "set", "ok_code",
                "--name", "", "--reverse-name", "y")
    assert "name" in one_line_failure(empty).lower()
    schema = _as(cli, vault_path, "admin", "relation", "set", "ok_code",
                 "--name", "x", "--reverse-name", "y", "--ftm-schema", "Payment")
    assert "invalid choice" in one_line_failure(schema, code=2)
    assert _listed(cli, vault_path, "relation") == before
    assert _audited(cli, vault_path, "reference.relation_type") == 2
