"""Argon2id in a child process: the same key, the secret never on a command line, failures
plain, and the in-process fallback where no child can start (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw

from sirat.services.access.session import create_vault, sign_in
from sirat.vault import crypto, kdf_child
from sirat.vault.crypto import KdfParams

#: The smallest settings that go to the child (and meet the floor).
CHILD = KdfParams(memory_kib=kdf_child.CHILD_MIN_KIB, time_cost=3, parallelism=1)
PASS = "Ђорђе's passphrase ☕"
SALT = bytes(range(16))


def _in_process(passphrase: str, salt: bytes, p: KdfParams) -> bytes:
    return hash_secret_raw(crypto.normalize_passphrase(passphrase), salt, time_cost=p.time_cost,
                           memory_cost=p.memory_kib, parallelism=p.parallelism,
                           hash_len=crypto.KEY_BYTES, type=Type.ID)


class _Spy:
    """Records how subprocess.Popen was called, and calls it."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []
        self.real = subprocess.Popen

    def __call__(self, args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        return self.real(args, **kwargs)


def test_the_child_derives_the_same_key_and_the_passphrase_goes_through_a_pipe(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy()
    monkeypatch.setattr(kdf_child.subprocess, "Popen", spy)
    key = crypto.derive_kek(PASS, SALT, CHILD)
    assert key == _in_process(PASS, SALT, CHILD)
    assert len(spy.calls) == 1
    args, kwargs = spy.calls[0]
    assert args[:3] == [sys.executable, "-I", "-c"]
    flat = " ".join(args) + repr(kwargs.get("env"))
    assert PASS not in flat
    assert "passphrase" not in flat.lower()
    assert kwargs.get("env") is None  # nothing added to the environment
    assert kwargs["stdin"] == subprocess.PIPE
    if Path("/proc/self/status").exists():
        assert kdf_child.last_child_peak_kib is not None
        assert kdf_child.last_child_peak_kib >= CHILD.memory_kib  # the child held the memory


def test_the_floor_stays_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy()
    monkeypatch.setattr(kdf_child.subprocess, "Popen", spy)
    assert crypto.derive_kek(PASS, SALT, crypto.KDF_FLOOR) == _in_process(
        PASS, SALT, crypto.KDF_FLOOR)
    assert spy.calls == []


def test_a_failing_child_is_a_plain_error_never_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf_child, "SOURCE", "import sys; sys.stdout.write('x' * 8); sys.exit(3)")
    with pytest.raises(kdf_child.KdfChildFailed, match="could not be derived"):
        crypto.derive_kek(PASS, SALT, CHILD)
    monkeypatch.setattr(kdf_child, "SOURCE", "import sys; sys.stdout.write('short')")
    with pytest.raises(kdf_child.KdfChildFailed):
        crypto.derive_kek(PASS, SALT, CHILD)


def test_without_an_interpreter_the_key_is_derived_in_process(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(kdf_child.sys, "executable", str(tmp_path / "no-python"))
    assert crypto.derive_kek(PASS, SALT, CHILD) == _in_process(PASS, SALT, CHILD)
    monkeypatch.setattr(kdf_child.sys, "frozen", True, raising=False)
    assert not kdf_child.can_spawn()
    assert crypto.derive_kek(PASS, SALT, CHILD) == _in_process(PASS, SALT, CHILD)


def test_a_vault_made_with_child_settings_opens_and_refuses_a_wrong_passphrase(
        tmp_path: Path) -> None:
    from sirat.errors import WrongPassphrase

    v = create_vault(tmp_path / "v", "ada", PASS, display_name="Ada", kdf=CHILD)
    v.lock()
    v = sign_in(tmp_path / "v", "ada", PASS, throttle=False)
    assert v.info.user_id > 0
    v.lock()
    with pytest.raises(WrongPassphrase):
        sign_in(tmp_path / "v", "ada", PASS + "x", throttle=False)
