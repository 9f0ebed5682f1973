"""Every failure of the vault and user commands: non-zero exit, one clear line, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ADMIN, USERS
from tests.e2e.conftest import Cli, one_line_failure
from tests.unit.vault.vault_helpers import db_and_slots, flip_byte


def _no_crash_records(cli: Cli) -> None:
    crash = cli.home / "crash"
    assert not crash.exists() or not any(crash.iterdir())


def test_wrong_passphrase_and_unknown_user(cli: Cli, vault_path: Path) -> None:
    before = db_and_slots(vault_path)
    wrong = one_line_failure(cli("user", "list", "--vault", vault_path, "--user", "ana",
                                 passphrase="not ana's passphrase"))
    unknown = one_line_failure(cli("user", "list", "--vault", vault_path, "--user", "nobody",
                                   passphrase=USERS["ana"]))
    assert wrong == unknown == (
        "sirat: The user name or passphrase is not correct. "
        "Check the keyboard layout and Caps Lock, then try again."
    )
    assert db_and_slots(vault_path) == before
    _no_crash_records(cli)


def test_missing_vault_is_not_created(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    line = one_line_failure(cli("vault", "check", "--vault", missing, "--user", "admin",
                                passphrase=ADMIN[1]))
    assert "There is no vault" in line
    assert not missing.exists()
    # The default vault (SIRAT_HOME/vault) is not created by a command that needs one either.
    one_line_failure(cli("user", "list", "--user", "admin", passphrase=ADMIN[1]))
    assert not (cli.home / "vault").exists()


def test_no_passphrase_and_no_terminal(cli: Cli, vault_path: Path) -> None:
    line = one_line_failure(cli("user", "list", "--vault", vault_path, "--user", "admin"))
    assert "SIRAT_PASSPHRASE" in line
    line = one_line_failure(cli("vault", "init", "--vault", cli.home / "new", "--user", "x"))
    assert "SIRAT_PASSPHRASE" in line
    assert not (cli.home / "new").exists()


def test_usage_errors_are_one_line(cli: Cli, vault_path: Path) -> None:
    line = one_line_failure(cli("user", "add", "eve", "--role", "boss", "--vault", vault_path,
                                passphrase=ADMIN[1]), code=2)
    assert "invalid choice: 'boss'" in line
    assert "sirat user add --help" in line
    one_line_failure(cli("user"), code=2)
    one_line_failure(cli("vault", "frobnicate"), code=2)


def test_role_and_self_removal_refusals(cli: Cli, vault_path: Path) -> None:
    before = db_and_slots(vault_path)
    line = one_line_failure(cli("user", "remove", "admin", "--vault", vault_path, "--user",
                                "admin", passphrase=ADMIN[1]))
    assert "cannot remove yourself" in line
    # No SIRAT_NEW_PASSPHRASE: the role is checked before anyone is asked for a passphrase.
    line = one_line_failure(cli("user", "add", "eve", "--vault", vault_path, "--user", "ana",
                                passphrase=USERS["ana"]))
    assert "Only an administrator" in line
    line = one_line_failure(cli("vault", "rotate-key", "--vault", vault_path, "--user", "sup",
                                passphrase=USERS["sup"]))
    assert "Only an administrator" in line
    assert db_and_slots(vault_path)[1] == before[1]
    _no_crash_records(cli)


def test_damaged_vault_and_existing_targets(cli: Cli, vault_path: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    line = one_line_failure(cli("vault", "backup", "--vault", vault_path, "--out",
                                tmp_path / "taken", "--user", "admin", passphrase=ADMIN[1]))
    assert "already exists" in line
    line = one_line_failure(cli("vault", "init", "--vault", vault_path, "--user", "admin",
                                passphrase=ADMIN[1]))
    assert "already exists" in line
    flip_byte(vault_path / "vault.db", 3 * 4096 + 100)
    damaged = db_and_slots(vault_path)
    line = one_line_failure(cli("vault", "check", "--vault", vault_path, "--user", "admin",
                                passphrase=ADMIN[1]), code=3)
    assert "damaged" in line
    assert db_and_slots(vault_path) == damaged
    _no_crash_records(cli)
