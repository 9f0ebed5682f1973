"""``sirat audit list|verify|checkpoint|keys`` as an administrator runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from tests.conftest import USERS, open_as

DRAFT = ReportDraft(title="Vessel off Durrës", crime_area="drugs", report_date="2026-05-02",
                    reporting_country="AL", source_reliability="A",
                    information_accuracy="1", classification="CONFIDENTIAL")


def run(home: Path, *args: str | Path, user: str = "admin") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user)
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    return lines[0]


@pytest.fixture
def vault(vault_path: Path) -> Path:
    """A report by ana, submitted and approved by sup."""
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        rid = reports.create_report(ana, DRAFT).id
        workflow.submit(ana, rid)
        workflow.approve(sup, rid)
    finally:
        ana.lock()
        sup.lock()
    return vault_path


def _raw(path: Path, *statements: str) -> None:
    """Tamper as someone with the key: raw SQL through the engine, guards dropped."""
    v = open_as(path, "admin")
    try:
        with v.engine.begin() as conn:
            for name in ("audit_log_no_update", "audit_log_no_delete", "audit_log_append_only"):
                conn.execute(text(f"DROP TRIGGER {name}"))
            for sql in statements:
                conn.execute(text(sql))
        # A key holder can also move the high-water mark (it is MAC'd under a key derived
        # from the data key); without this the next sign-in would refuse the cut log.
        v.accept_lost_work()
    finally:
        v.lock()


def test_list_with_filters(vault: Path, tmp_path: Path) -> None:
    v = ("--vault", vault)
    rows = json.loads(ok(run(tmp_path, "audit", "list", *v, "--json")))
    assert rows[0]["action"] == "signin"
    assert rows[0]["actor_name"] == "admin"
    by_ana = json.loads(ok(run(tmp_path, "audit", "list", *v, "--json", "--actor", "ana")))
    assert [r["action"] for r in by_ana] == ["report.submit", "report.create", "signin"]
    about = json.loads(ok(run(tmp_path, "audit", "list", *v, "--json",
                              "--report", "SIRAT-2026-000001")))
    assert [r["action"] for r in about] == ["report.approve", "report.submit", "report.create"]
    assert about[0]["details"]["to"] == "approved"
    assert json.loads(ok(run(tmp_path, "audit", "list", *v, "--json", "--action", "report.*",
                             "--limit", "1")))[0]["action"] == "report.approve"
    today = about[0]["at"][:10]
    assert len(json.loads(ok(run(tmp_path, "audit", "list", *v, "--json", "--since", today,
                                 "--until", today)))) >= 3
    assert json.loads(ok(run(tmp_path, "audit", "list", *v, "--json",
                             "--until", "2000-01-01"))) == []
    table = ok(run(tmp_path, "audit", "list", *v, "--action", "report.approve"))
    assert "report.approve" in table
    assert "from=submitted" in table
    assert "ISO date" in run(tmp_path, "audit", "list", *v, "--since", "yesterday").stderr
    assert "no user" in failed(run(tmp_path, "audit", "list", *v, "--actor", "nobody"))


@pytest.mark.parametrize("user", ["ana", "sup"])
def test_only_administrators(vault: Path, tmp_path: Path, user: str) -> None:
    for action in (["list"], ["verify"], ["keys"], ["checkpoint", "--out", tmp_path / "c"]):
        line = failed(run(tmp_path, "audit", *action, "--vault", vault, user=user))
        assert "Only an administrator" in line
    assert not (tmp_path / "c").exists()


def test_verify_and_checkpoint(vault: Path, tmp_path: Path) -> None:
    v = ("--vault", vault)
    assert "The audit log is intact" in ok(run(tmp_path, "audit", "verify", *v))
    cp = tmp_path / "checkpoint-1.json"
    out = ok(run(tmp_path, "audit", "checkpoint", *v, "--out", cp))
    assert "Signing key fingerprint:" in out
    assert stat.S_IMODE(cp.stat().st_mode) == 0o600
    fingerprint = out.split("fingerprint: ")[1].splitlines()[0]
    doc = json.loads(cp.read_text())
    assert doc["payload"]["signer"]["fingerprint"] == fingerprint.replace(" ", "")

    line = failed(run(tmp_path, "audit", "checkpoint", *v, "--out", cp))
    assert "already exists" in line
    assert json.loads(cp.read_text()) == doc
    ok(run(tmp_path, "audit", "checkpoint", *v, "--out", cp, "--force"))
    assert json.loads(cp.read_text())["payload"]["last_id"] > doc["payload"]["last_id"]

    out = ok(run(tmp_path, "audit", "verify", *v, "--checkpoint", cp, "--trust", fingerprint))
    assert "holds" in out
    assert "intact" in out
    keys = json.loads(ok(run(tmp_path, "audit", "keys", *v, "--json")))
    assert [k["fingerprint"] for k in keys] == [fingerprint.replace(" ", "")]
    result = json.loads(ok(run(tmp_path, "audit", "verify", *v, "--json", "--checkpoint", cp)))
    assert result["ok"] is True
    assert result["first_break"] is None


def test_verify_names_the_first_broken_record(vault: Path, tmp_path: Path) -> None:
    _raw(vault, "UPDATE audit_log SET object_id = '2' WHERE id = 7")
    result = run(tmp_path, "audit", "verify", "--vault", vault)
    line = failed(result, code=4)
    assert "Record 7 is broken: its content does not match its hash" in line
    as_json = json.loads(run(tmp_path, "audit", "verify", "--vault", vault, "--json").stdout)
    assert as_json["first_break"]["record_id"] == 7
    assert as_json["first_break"]["problem"] == "hash"
    line = failed(run(tmp_path, "audit", "checkpoint", "--vault", vault, "--out",
                      tmp_path / "cp"), code=4)
    assert "Record 7 is broken" in line


def test_a_cut_tail_is_caught_against_a_checkpoint(vault: Path, tmp_path: Path) -> None:
    cp = tmp_path / "cp.json"
    ok(run(tmp_path, "audit", "checkpoint", "--vault", vault, "--out", cp))
    last = json.loads(cp.read_text())["payload"]["last_id"]
    _raw(vault, f"DELETE FROM audit_log WHERE id > {last - 3}")
    # The chain alone cannot tell (the new sign-in records extend the cut chain); the cut
    # took the approval's record, so the approval check names the report ...
    alone = failed(run(tmp_path, "audit", "verify", "--vault", vault), 4)
    assert "its approval has no matching audit record" in alone
    # ... the checkpoint can: the records after the cut are not the ones it saw.
    line = failed(run(tmp_path, "audit", "verify", "--vault", vault, "--checkpoint", cp), 4)
    assert f"Record {last - 2} is broken" in line


def test_a_checkpoint_that_is_not_one(vault: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert "is not a SIRAT audit checkpoint" in failed(run(
        tmp_path, "audit", "verify", "--vault", vault, "--checkpoint", bad))
    assert "cannot be read" in failed(run(
        tmp_path, "audit", "verify", "--vault", vault, "--checkpoint", tmp_path / "missing"))


def test_backup_is_recorded_once(vault: Path, tmp_path: Path) -> None:
    ok(run(tmp_path, "vault", "backup", "--vault", vault, "--out", tmp_path / "copy"))
    rows = json.loads(ok(run(tmp_path, "audit", "list", "--vault", vault, "--json",
                             "--action", "vault.*")))
    assert [r["action"] for r in rows] == ["vault.backup", "vault.create"]
