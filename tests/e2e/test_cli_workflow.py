"""``sirat report submit|approve|return|reopen|comment|queue|history|compare`` as subprocesses.

The role rules again, this time through the command line: every forbidden transition for
every kind of user exits non-zero with one line naming what and why, and changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sirat.models import AuditRecord
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.conftest import USERS, open_as

DRAFT = ReportDraft(title="Cigarettes via Vidin", crime_area="anti_fraud",
                    report_date="2026-03-14", reporting_country="BG", source_reliability="B",
                    information_accuracy="2", classification="RESTRICTED",
                    narrative="Two trucks crossed the bridge at night.")


def run(home: Path, *args: str | Path, user: str = "ana",
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user)
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          input=stdin, capture_output=True, text=True, timeout=300,
                          check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    return lines[0]


def _new(vault: Vault, status: str, approver: Vault | None = None) -> str:
    rid = reports.create_report(vault, DRAFT).id
    if status != "draft":
        workflow.submit(vault, rid)
    if status in ("approved", "disseminated"):
        assert approver is not None
        workflow.approve(approver, rid)
    if status == "disseminated":
        workflow.mark_disseminated(vault, rid, "RS", 1)
    return reports.get_report(vault, rid, record_view=False).reference


def test_review_round_trip(vault_path: Path, tmp_path: Path) -> None:
    v = ("--vault", vault_path)
    ana = open_as(vault_path, "ana")
    try:
        ref = _new(ana, "draft")
        rid = reports.find_report_id(ana, ref)
        reports.update_report(ana, rid, replace(
            DRAFT, narrative="Three trucks crossed the bridge at dawn."))
    finally:
        ana.lock()

    assert ok(run(tmp_path, "report", "submit", ref, *v)) == (
        f"{ref} (version 2): draft -> submitted.\n")
    queue = json.loads(ok(run(tmp_path, "report", "queue", *v, "--json", user="sup")))
    assert [(q["reference"], q["author_name"]) for q in queue] == [(ref, "Ana Analyst")]
    assert "Only supervisors" in failed(run(tmp_path, "report", "queue", *v))

    out = ok(run(tmp_path, "report", "return", ref, *v, "--comment-file", "-", user="sup",
                 stdin="Which bridge?\nName the crossing.\n"))
    assert "submitted -> draft" in out
    ok(run(tmp_path, "report", "submit", ref, *v))
    assert "changed since you opened it" in failed(
        run(tmp_path, "report", "approve", ref, *v, "--version", "1", user="sup"))
    ok(run(tmp_path, "report", "approve", ref, *v, "--version", "2", "--comment", "Fine.",
           user="sup"))
    ok(run(tmp_path, "report", "comment", ref, *v, "--comment", "Thanks.", user="ana"))

    thread = json.loads(ok(run(tmp_path, "report", "comments", ref, *v, "--json")))
    assert [(c["kind"], c["body"]) for c in thread] == [
        ("return", "Which bridge?\nName the crossing."), ("approval", "Fine."),
        ("comment", "Thanks.")]
    text = ok(run(tmp_path, "report", "comments", ref, *v))
    assert "Sam Supervisor (return, version 2)" in text

    versions = json.loads(ok(run(tmp_path, "report", "history", ref, *v, "--json")))
    assert [(x["version"], x["approved"], x["current"]) for x in versions] == [
        (1, False, False), (2, True, True)]
    cmp = json.loads(ok(run(tmp_path, "report", "compare", ref, "1", "2", *v, "--json")))
    assert [f["field"] for f in cmp["changed"]] == ["narrative"]
    changes = [(c["tag"], c["old"], c["new"]) for c in cmp["changed"][0]["changes"]]
    assert ("replace", "Two", "Three") in changes
    assert ("replace", "night", "dawn") in changes
    text = ok(run(tmp_path, "report", "compare", ref, "1", "2", *v))
    assert "old: [-Two-] trucks" in text
    assert "new: {+Three+} trucks" in text
    assert "no version 9" in failed(run(tmp_path, "report", "compare", ref, "1", "9", *v))

    assert "approved -> draft" in ok(run(tmp_path, "report", "reopen", ref, *v))


@pytest.fixture(scope="module")
def world(template_vault: Path, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[tuple[Path, dict[str, str], Vault]]:
    """Reports in each status, and an administrator's vault to look at them."""
    path = tmp_path_factory.mktemp("cli-roles") / "vault"
    shutil.copytree(template_vault, path)
    ana, sup = open_as(path, "ana"), open_as(path, "sup")
    try:
        made = {f"ana:{st}": _new(ana, st, sup)
                for st in ("draft", "submitted", "approved", "disseminated")}
        made["sup:submitted"] = _new(sup, "submitted")
    finally:
        ana.lock()
        sup.lock()
    observer = open_as(path, "admin")
    yield path, made, observer
    observer.lock()


def _state(vault: Vault, ref: str) -> tuple[object, ...]:
    """Everything a transition could change, but the sign-in records a CLI run adds."""
    rid = reports.find_report_id(vault, ref)
    view = reports.get_report(vault, rid, record_view=False)
    with vault.session() as s:
        records = s.execute(select(func.count()).select_from(AuditRecord)
                            .where(AuditRecord.action != "signin")).scalar_one()
    return (view.status, view.version, view.approved_by, view.returned_at,
            len(workflow.comments(vault, rid)), records)


#: (action, user, report, why) -- refused because of who asks.
BY_ROLE = [
    ("submit", "bora", "ana:draft", "Only the author"),
    ("submit", "sup", "ana:draft", "Only the author"),
    ("submit", "admin", "ana:draft", "administrators manage users"),
    ("reopen", "bora", "ana:submitted", "Only the author"),
    ("reopen", "sup", "ana:submitted", "Only the author"),
    ("reopen", "admin", "ana:submitted", "administrators manage users"),
    ("approve", "ana", "ana:submitted", "Only a supervisor"),
    ("approve", "bora", "ana:submitted", "Only a supervisor"),
    ("approve", "sup", "sup:submitted", "your own report"),
    ("approve", "admin", "ana:submitted", "administrators manage users"),
    ("return", "ana", "ana:submitted", "Only a supervisor"),
    ("return", "bora", "ana:submitted", "Only a supervisor"),
    ("return", "sup", "sup:submitted", "your own report"),
    ("return", "admin", "ana:submitted", "administrators manage users"),
    ("comment", "admin", "ana:draft", "administrators manage users"),
]
#: refused because of the report's status, though the user could act on it otherwise.
BY_STATUS = [
    ("submit", "ana", "ana:submitted", "This report is submitted"),
    ("reopen", "ana", "ana:draft", "This report is a draft"),
    ("approve", "sup", "ana:draft", "This report is a draft"),
    ("approve", "sup", "ana:approved", "This report is approved"),
    ("return", "sup", "ana:draft", "This report is a draft"),
    ("return", "sup", "ana:disseminated", "This report is disseminated"),
]


@pytest.mark.parametrize(("action", "user", "report", "why"), BY_ROLE + BY_STATUS,
                         ids=[f"{a}-{u}-{r}" for a, u, r, _ in BY_ROLE + BY_STATUS])
def test_forbidden_transition_is_refused(world: tuple[Path, dict[str, str], Vault],
                                         tmp_path: Path, action: str, user: str, report: str,
                                         why: str) -> None:
    path, made, observer = world
    ref = made[report]
    before = _state(observer, ref)
    assert before[0] == report.split(":")[1]
    extra: list[str] = ["--comment", "Because."] if action in ("return", "comment") else []
    result = run(tmp_path, "report", action, ref, "--vault", path, *extra, user=user)
    line = failed(result)
    assert result.returncode == 1
    assert why in line
    assert ref not in result.stdout
    assert _state(observer, ref) == before


def test_return_needs_a_comment(world: tuple[Path, dict[str, str], Vault],
                                tmp_path: Path) -> None:
    path, made, _ = world
    result = run(tmp_path, "report", "return", made["ana:submitted"], "--vault", path,
                 user="sup")
    assert result.returncode == 2  # argparse: the option is required
    assert "--comment" in result.stderr
    line = failed(run(tmp_path, "report", "return", made["ana:submitted"], "--vault", path,
                      "--comment", "  ", user="sup"))
    assert "Write a comment" in line


def test_unknown_report(world: tuple[Path, dict[str, str], Vault], tmp_path: Path) -> None:
    path, _, _ = world
    assert "no report" in failed(run(tmp_path, "report", "submit", "SIRAT-2020-000099",
                                     "--vault", path))
