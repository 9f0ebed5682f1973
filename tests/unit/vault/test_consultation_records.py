"""Consultation records commit without their own fsync, yet none is lost (issue 16).

A search, a report or entity view writes its record with ``synchronous = NORMAL``: in the
WAL when the call returns, durable with the next fsync. These tests kill a process right
after its searches (no lock, no close: what a crash does) and find every record, the chain
intact and no "work lost"; they check that the high-water mark never moves ahead of an
unsynced commit, that a sync or a durable write moves it, and that records folded from the
journal are never committed lazily (their files are deleted after the commit).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from sirat.services import integrity
from sirat.services.audit import log as audit
from sirat.services.reports.records import create_report
from sirat.services.search.fulltext import search
from sirat.vault import Vault, highwater
from tests.conftest import ADMIN, ANALYST, open_as
from tests.unit.services.search.search_helpers import report

CHILD = r"""
import os, sys
from pathlib import Path
from sirat.services.search.fulltext import search
from sirat.services.access.session import sign_in
secret = sys.stdin.readline().rstrip("\n")
vault = sign_in(Path(sys.argv[1]), sys.argv[2], secret, throttle=False)
for word in ("durres", "vidin", "heroin", "cigarettes", "ferry"):
    search(vault, word)
print("searched", flush=True)
os._exit(0)   # no lock, no checkpoint, no close: as a crash leaves it
"""


def _searches(v: Vault) -> int:
    with v.session() as s:
        return int(s.execute(text(
            "SELECT count(*) FROM audit_log WHERE action = 'search'")).scalar_one())


def _mark(v: Vault) -> int:
    mark, state = highwater.read(v.path, v._require_key(), v.info.vault_id)
    assert state == "ok"
    assert mark is not None
    return mark.audit_id


def _head(v: Vault) -> int:
    with v.session() as s:
        return int(s.execute(text("SELECT max(id) FROM audit_log")).scalar_one())


def test_records_of_a_killed_process_are_all_there(vault_path: Path) -> None:
    v = open_as(vault_path, ANALYST[0])
    create_report(v, report(title="Ferry from Durres"))
    before = _searches(v)
    v.lock()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_path), ANALYST[0]],
        input=ANALYST[1] + "\n", capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert proc.stdout.strip() == "searched", proc.stderr[-2000:]
    v = open_as(vault_path, ADMIN[0])  # would raise WorkLost if the mark were ahead
    assert _searches(v) == before + 5
    assert integrity.verify(v).ok
    v.lock()


def test_the_mark_waits_for_a_sync_and_a_durable_write_moves_it(vault_path: Path) -> None:
    v = open_as(vault_path, ANALYST[0])
    create_report(v, report(title="Ferry from Durres"))
    durable = _mark(v)
    assert durable == _head(v)
    search(v, "durres")
    search(v, "vidin")
    assert _head(v) == durable + 2
    assert _mark(v) == durable  # not ahead of what an fsync has covered
    v.sync_consultations()
    assert _mark(v) == _head(v)
    search(v, "durres")
    create_report(v, report(title="Second ferry"))  # a durable commit covers the search
    assert _mark(v) == _head(v)
    search(v, "ferry")
    v.lock()  # lock syncs: the next sign-in finds the mark at the head
    v = open_as(vault_path, ANALYST[0])
    with v.session() as s:
        last = s.execute(text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")).all()
    assert [a for (a,) in last] == ["signin", "search"]
    v.lock()


def test_records_folded_from_the_journal_commit_durably(vault_path: Path) -> None:
    v = open_as(vault_path, ANALYST[0])
    v.record_later([audit.later(v.info.user_id, "report.view", "report", 1)])
    assert list((vault_path / "pending-audit").iterdir())
    search(v, "anything")
    assert not list((vault_path / "pending-audit").glob("*"))
    assert _mark(v) == _head(v)  # the fold's commit was durable (and raised the mark)
    with v.session() as s:
        actions = [str(a) for (a,) in s.execute(text(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 2"))]
    assert actions == ["search", "report.view"]
    details = json.dumps(actions)
    assert "anything" not in details
    v.lock()


def test_a_timer_fsyncs_the_wal_after_an_unsynced_commit(
        vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sirat.vault import core

    synced: list[Path] = []
    monkeypatch.setattr(core, "LAZY_SYNC_S", 0.0)
    monkeypatch.setattr(core, "_fsync_wal", synced.append)
    v = open_as(vault_path, ANALYST[0])
    search(v, "durres")
    timer = v._timer
    assert timer is not None
    timer.join()
    assert synced == [vault_path]
    v.lock()
