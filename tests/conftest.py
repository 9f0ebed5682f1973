"""Shared fixtures: a real encrypted vault built once per session and copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR

ADMIN = ("admin", "admin passphrase ÄΩЖ")
ANALYST = ("ana", "analyst passphrase ☕")
ANALYST2 = ("bora", "second analyst pass")
SUPERVISOR = ("sup", "supervisor passphrase")
USERS = dict((ADMIN, ANALYST, ANALYST2, SUPERVISOR))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own SIRAT_HOME so nothing touches the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SIRAT_HOME", str(home))
    monkeypatch.delenv("SIRAT_PASSPHRASE", raising=False)
    monkeypatch.delenv("SIRAT_NEW_PASSPHRASE", raising=False)
    return home


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault with four users (KDF at the floor), made once per test session."""
    path = tmp_path_factory.mktemp("template") / "vault"
    vault = create_vault(path, ADMIN[0], ADMIN[1], display_name="Ada Admin", kdf=KDF_FLOOR)
    users.add_user(vault, ANALYST[0], ANALYST[1], "analyst", "Ana Analyst", kdf=KDF_FLOOR)
    users.add_user(vault, ANALYST2[0], ANALYST2[1], "analyst", "Bora Analyst", kdf=KDF_FLOOR)
    users.add_user(vault, SUPERVISOR[0], SUPERVISOR[1], "supervisor", "Sam Supervisor",
                   kdf=KDF_FLOOR)
    vault.lock()
    return path


@pytest.fixture
def vault_path(template_vault: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template vault folder, closed."""
    dest = tmp_path / "vault"
    shutil.copytree(template_vault, dest)
    os.chmod(dest, 0o700)
    return dest


def open_as(path: Path, name: str) -> Vault:
    return sign_in(path, name, USERS[name], throttle=False)


@pytest.fixture
def admin_vault(vault_path: Path) -> Iterator[Vault]:
    v = open_as(vault_path, ADMIN[0])
    yield v
    v.lock()


@pytest.fixture
def analyst_vault(vault_path: Path) -> Iterator[Vault]:
    v = open_as(vault_path, ANALYST[0])
    yield v
    v.lock()
