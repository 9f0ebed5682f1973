"""What a service keeps in memory for an unlocked vault is forgotten at its lock
(``Vault.on_lock``): every hook runs, a failing one does not stop the lock, and a hook added
during or after the lock runs at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sirat.vault import Vault
from tests.conftest import open_as


def test_every_hook_runs_once_at_lock_even_when_one_fails(
    vault_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vault = open_as(vault_path, "admin")
    calls: list[str] = []

    def failing() -> None:
        calls.append("failing")
        raise RuntimeError("a hook that breaks")

    vault.on_lock(lambda: calls.append("first"))
    vault.on_lock(failing)
    vault.on_lock(lambda: calls.append("last"))

    vault.lock()
    vault.lock()  # a second lock (the context manager's exit) calls nothing again

    assert calls == ["first", "failing", "last"]
    assert "a lock hook failed" in caplog.text
    with pytest.raises(Exception, match="locked"):
        vault.engine  # noqa: B018 -- the lock itself went on: the keys are gone


def test_a_hook_added_after_the_lock_runs_at_once(vault_path: Path) -> None:
    vault = open_as(vault_path, "admin")
    vault.lock()
    calls: list[str] = []

    vault.on_lock(lambda: calls.append("late"))

    assert calls == ["late"]


def test_a_hook_added_by_a_hook_during_the_lock_runs_too(vault_path: Path) -> None:
    vault: Vault = open_as(vault_path, "admin")
    calls: list[str] = []
    vault.on_lock(lambda: vault.on_lock(lambda: calls.append("nested")))

    vault.lock()

    assert calls == ["nested"]
