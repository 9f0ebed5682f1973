"""``sirat demo`` as a newcomer runs it: one command, a populated vault, same seed same data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ADMIN_PASS = "demo administrator passphrase"
OTHER_PASS = "demo colleagues passphrase"


def run(home: Path, *args: str | Path, user: str, passphrase: str,
        new_passphrase: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=passphrase, SIRAT_USER=user)
    if new_passphrase is not None:
        env["SIRAT_NEW_PASSPHRASE"] = new_passphrase
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def _listing(home: Path, vault: Path, user: str, passphrase: str) -> dict[str, object]:
    result = run(home, "report", "list", "--vault", vault, "--json", "--limit", "1000",
                 user=user, passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.slow
def test_demo_creates_a_populated_vault(tmp_path: Path) -> None:
    vault = tmp_path / "demo"
    result = run(tmp_path, "demo", "--vault", vault, "--reports", "20", user="chief",
                 passphrase=ADMIN_PASS, new_passphrase=OTHER_PASS)
    assert result.returncode == 0, result.stderr
    assert "20 reports" in result.stdout
    assert "SIRAT_NEW_PASSPHRASE" in result.stdout
    assert ADMIN_PASS not in result.stdout + result.stderr
    listing = _listing(tmp_path, vault, "analyst1", OTHER_PASS)
    assert listing["total"] == 20
    users = run(tmp_path, "user", "list", "--vault", vault, "--json", user="chief",
                passphrase=ADMIN_PASS)
    assert users.returncode == 0, users.stderr
    roles = {u["name"]: u["role"] for u in json.loads(users.stdout)}
    assert roles == {"chief": "administrator", "supervisor": "supervisor",
                     "analyst1": "analyst", "analyst2": "analyst"}
    people = run(tmp_path, "entity", "list", "--vault", vault, "--kind", "person", "--json",
                 user="supervisor", passphrase=OTHER_PASS)
    assert people.returncode == 0, people.stderr
    assert json.loads(people.stdout)["total"] > 10


@pytest.mark.slow
def test_same_seed_gives_the_same_reports(tmp_path: Path) -> None:
    listings = []
    for name in ("one", "two"):
        vault = tmp_path / name
        result = run(tmp_path, "demo", "--vault", vault, "--reports", "15", "--seed", "5",
                     user="admin", passphrase=ADMIN_PASS)
        assert result.returncode == 0, result.stderr
        assert "administrator's" in result.stdout
        listings.append(_listing(tmp_path, vault, "analyst2", ADMIN_PASS))
    assert listings[0] == listings[1]


def test_demo_refuses_bad_requests(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something").write_text("x")
    for args in (("--vault", taken), ("--vault", tmp_path / "new", "--reports", "0")):
        result = run(tmp_path, "demo", *args, user="admin", passphrase=ADMIN_PASS)
        assert result.returncode != 0
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("sirat: ")
    assert not (tmp_path / "new").exists()
