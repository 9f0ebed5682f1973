"""Failed sign-ins slow down and are recorded, without the passphrase or the name typed."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import WrongPassphrase
from sirat.models import AuditRecord
from sirat.services import integrity
from sirat.services.access.session import sign_in
from sirat.vault.signin import FILE_NAME, MAX_DELAY_S, SigninThrottle
from tests.conftest import USERS, open_as

WRONG = "wrong passphrase 🔑 Ψ"


def _fail(path: Path, name: str = "ana", *, throttle: bool = False) -> None:
    with pytest.raises(WrongPassphrase):
        sign_in(path, name, WRONG, throttle=throttle)


def test_the_delay_grows_with_each_failure_up_to_a_cap(vault_path: Path) -> None:
    gate = SigninThrottle(vault_path)
    delays = [gate.delay()]
    for _ in range(9):
        _fail(vault_path)
        delays.append(gate.delay())
    assert delays[:3] == [0.0, 0.0, 0.5]
    growing = delays[2:]
    assert all(b > a for a, b in itertools.pairwise(growing) if b < MAX_DELAY_S)
    assert delays[-1] == MAX_DELAY_S
    assert delays[4] == 2 * delays[3]


def test_signing_in_waits_the_delay_first(vault_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("sirat.vault.signin.time.sleep", slept.append)
    for _ in range(5):
        _fail(vault_path, throttle=True)
    assert slept == [0.5, 1.0, 2.0]
    # The right passphrase waits too: guessing is not sped up by the right guess.
    sign_in(vault_path, "ana", USERS["ana"]).lock()
    assert slept == [0.5, 1.0, 2.0, 4.0]
    # Success clears the count.
    assert SigninThrottle(vault_path).delay() == 0.0


def test_failures_are_recorded_at_the_next_sign_in_without_secrets(vault_path: Path) -> None:
    _fail(vault_path, "ana")
    _fail(vault_path, "Mallory Unknown")
    pending = (vault_path / FILE_NAME).read_text("utf-8")
    for secret in (WRONG, "Mallory", "ana\""):
        assert secret not in pending

    vault = open_as(vault_path, "admin")
    try:
        with vault.session() as s:
            recs = list(s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(3)))
        recs.reverse()
        assert [r.action for r in recs] == ["signin.failed", "signin.failed", "signin"]
        failed = recs[:2]
        assert all(r.actor_id is None and r.object_type == "slot" for r in failed)
        # The slot tried (its id is in keyslots.json anyway); nothing of a name unknown here.
        assert len(failed[0].object_id) == 16
        assert failed[1].object_id == "unknown"
        assert (recs[2].actor_id, recs[2].object_id) == (vault.info.user_id,
                                                          str(vault.info.user_id))
        assert all(r.at <= recs[2].at for r in failed)
        for r in failed:
            text = " ".join(str(v) for v in (r.at, r.action, r.object_id, r.details))
            assert WRONG not in text
            assert "Mallory" not in text
            assert "ana" not in text
        assert not (vault_path / FILE_NAME).exists()
        assert integrity.verify(vault).ok
    finally:
        vault.lock()


def test_a_failure_changes_nothing_in_the_vault(vault_path: Path) -> None:
    before = (vault_path / "vault.db").read_bytes()
    _fail(vault_path)
    assert (vault_path / "vault.db").read_bytes() == before
