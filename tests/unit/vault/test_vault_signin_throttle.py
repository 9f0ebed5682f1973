"""Failed sign-ins are never lost on the way into the audit log, and an edited throttle file
cannot make everyone wait."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import DiskFull, WrongPassphrase
from sirat.models.core import AuditRecord
from sirat.services.access.session import sign_in
from sirat.services.audit import log as audit
from sirat.vault.signin import FILE_NAME, SigninThrottle
from tests.conftest import USERS, open_as


def _fail(path: Path, n: int) -> None:
    for _ in range(n):
        with pytest.raises(WrongPassphrase):
            sign_in(path, "ana", "not ana's passphrase", throttle=False)


def _failed_records(path: Path) -> list[AuditRecord]:
    with open_as(path, "admin") as v, v.session() as s:
        return list(s.scalars(select(AuditRecord).where(AuditRecord.action == "signin.failed")))


def test_failures_stay_in_the_file_until_they_are_in_the_log(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail(vault_path, 2)

    def full(*args: object, **kwargs: object) -> None:
        raise DiskFull("The disk is full; nothing was saved.", "Free some space and retry.")

    with monkeypatch.context() as m:
        m.setattr(audit, "_append", full)  # every record written, folded ones included
        with pytest.raises(DiskFull):
            sign_in(vault_path, "ana", USERS["ana"], throttle=False)
    # The sign-in did not reach the log: the failures (and the delay they cause) remain.
    assert len((vault_path / FILE_NAME).read_text().splitlines()) == 2
    assert SigninThrottle(vault_path).recent_failures() == 2
    sign_in(vault_path, "ana", USERS["ana"], throttle=False).lock()
    assert not (vault_path / FILE_NAME).exists()
    assert len(_failed_records(vault_path)) == 2


def test_future_dated_failures_do_not_delay_and_are_clamped(vault_path: Path) -> None:
    lines = [json.dumps({"at": "2099-01-01T00:00:00+00:00", "slot": "unknown"})] * 30
    (vault_path / FILE_NAME).write_text("\n".join(lines) + "\n")
    assert SigninThrottle(vault_path).delay() == 0.0
    before = datetime.now(UTC)
    sign_in(vault_path, "ana", USERS["ana"]).lock()
    records = _failed_records(vault_path)
    assert len(records) == 30
    assert all(datetime.fromisoformat(r.at) <= datetime.now(UTC) for r in records)
    assert all(datetime.fromisoformat(r.at) >= before for r in records)
