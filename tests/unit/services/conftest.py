"""A team on one vault: two analysts, two supervisors and an administrator, signed in lazily."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.services.access import users
from sirat.services.access.session import sign_in
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import USERS

SUP2 = ("sup2", "second supervisor pass")
PASSPHRASES = {**USERS, SUP2[0]: SUP2[1]}


class Team:
    """``team["ana"]`` is a vault signed in as ana (opened on first use, locked at the end)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._open: dict[str, Vault] = {}

    def __getitem__(self, name: str) -> Vault:
        if name not in self._open:
            self._open[name] = sign_in(self.path, name, PASSPHRASES[name], throttle=False)
        return self._open[name]

    def close(self) -> None:
        for v in self._open.values():
            v.lock()


@pytest.fixture(scope="session")
def team_template(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("team") / "vault"
    shutil.copytree(template_vault, path)
    admin = sign_in(path, "admin", USERS["admin"], throttle=False)
    users.add_user(admin, SUP2[0], SUP2[1], "supervisor", "Second Supervisor", kdf=KDF_FLOOR)
    admin.lock()
    return path


@pytest.fixture
def team(team_template: Path, tmp_path: Path) -> Iterator[Team]:
    dest = tmp_path / "vault"
    shutil.copytree(team_template, dest)
    os.chmod(dest, 0o700)
    t = Team(dest)
    yield t
    t.close()
