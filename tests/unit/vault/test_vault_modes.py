"""Vault folders are 0700 and their files 0600 after every open, migration and rotation --
however loosely a restore left them."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from sirat import config
from sirat.services.access import users
from tests.conftest import open_as

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
V1_FIXTURE = Path(__file__).resolve().parents[2] / "data" / "vault-v1"


def _loosen(folder: Path) -> None:
    os.chmod(folder, 0o755)  # noqa: S103 -- a careless restore, on purpose
    for p in folder.rglob("*"):
        if not p.is_symlink():
            os.chmod(p, 0o755 if p.is_dir() else 0o644)


def _modes(folder: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(folder.stat().st_mode)}
    for p in folder.rglob("*"):
        if not p.is_symlink():
            out[str(p.relative_to(folder))] = stat.S_IMODE(p.stat().st_mode)
    return out


def _assert_private(folder: Path) -> None:
    modes = _modes(folder)
    assert len(modes) > 2
    for name, mode in modes.items():
        expected = 0o700 if name == "." or (folder / name).is_dir() else 0o600
        assert mode == expected, (name, oct(mode))


def test_open_and_rotation_tighten_a_loosely_restored_vault(
    vault_path: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "not-ours.txt"
    outside.write_text("x")
    os.chmod(outside, 0o644)
    (vault_path / "link").symlink_to(outside)
    _loosen(vault_path)
    with open_as(vault_path, "admin") as admin:
        _assert_private(vault_path)
        users.remove_user(admin, "bora")
        users.rotate_key(admin)
        _loosen(vault_path)
    with open_as(vault_path, "ana"):
        _assert_private(vault_path)
    # A symbolic link is never followed: what it points to keeps its mode.
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


def test_a_migrated_vault_and_its_pre_migration_backup_are_private(tmp_path: Path) -> None:
    path = tmp_path / "v1"
    shutil.copytree(V1_FIXTURE, path)
    _loosen(path)
    from sirat.vault import Vault

    with Vault.unlock(path, "admin", "schema one passphrase", throttle=False):
        pass
    assert (path / "backups").is_dir()
    _assert_private(path)


def test_private_file_is_0600_even_if_it_was_0644(tmp_path: Path) -> None:
    settings = tmp_path / "home" / "settings.ini"
    config.private_file(settings)
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    os.chmod(settings, 0o644)
    config.private_file(settings)
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
