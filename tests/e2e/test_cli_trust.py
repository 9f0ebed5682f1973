"""The command line as an insider or a careless user meets it: ``--out`` never replaces what it
should not, personal data can come from standard input, hostile files and table edits get one
clear line (exit 1, or 4 for a failed verification), never an internal error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import USERS, open_as
from tests.e2e.conftest import one_line_failure
from tests.unit.services.dissemination.dissem_data import canary_vault


def run(vault: Path, *args: str | Path, user: str = "ana",
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env.update(SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user,
               SIRAT_HOME=str(vault.parent / "home"))
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args), "--vault",
                           str(vault)], env=env, capture_output=True, text=True, timeout=300,
                          check=False, input=stdin if stdin is not None else "")


@pytest.fixture(scope="module")
def canary(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return canary_vault(template_vault, tmp_path_factory.mktemp("cli-trust") / "vault")


@pytest.fixture
def vault(canary: tuple[Path, str], tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(canary[0], dest)
    os.chmod(dest, 0o700)
    return dest


@pytest.fixture
def ref(canary: tuple[Path, str]) -> str:
    return canary[1]


@pytest.mark.parametrize("command", ["report", "pdf"])
def test_out_keeps_an_existing_file_unless_force(
    vault: Path, ref: str, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "existing.out"
    out.write_bytes(b"keep me")
    args = ["report", "export", ref] if command == "report" else [
        "pdf", "export", ref, "--recipient", "BG"]
    line = one_line_failure(run(vault, *args, "--out", out))
    assert "already exists" in line
    assert "--force" in line
    assert out.read_bytes() == b"keep me"
    assert run(vault, *args, "--out", out, "--force").returncode == 0
    assert out.read_bytes() != b"keep me"


@pytest.mark.parametrize("command", ["report", "pdf"])
def test_out_never_replaces_a_link_or_a_device_even_with_force(
    vault: Path, ref: str, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"precious")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    args = ["report", "export", ref] if command == "report" else [
        "pdf", "export", ref, "--recipient", "BG"]
    assert "symbolic link" in one_line_failure(run(vault, *args, "--out", link, "--force"))
    assert link.is_symlink()
    assert target.read_bytes() == b"precious"
    line = one_line_failure(run(vault, *args, "--out", "/dev/null", "--force"))
    assert "not a regular file" in line


def test_out_to_a_folder_or_a_missing_folder_is_one_clear_line(
    vault: Path, ref: str, tmp_path: Path
) -> None:
    assert "is a folder" in one_line_failure(run(vault, "report", "export", ref, "--out",
                                                 tmp_path))
    missing = tmp_path / "nowhere" / "x.json"
    for args in (["report", "export", ref], ["pdf", "export", ref, "--recipient", "BG"]):
        line = one_line_failure(run(vault, *args, "--out", missing))
        assert "does not exist" in line
    assert not missing.parent.exists()


def test_search_reads_the_query_from_standard_input(vault: Path) -> None:
    result = run(vault, "search", "-", "--json", stdin="Петров\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["report_total"] >= 1
    helped = subprocess.run([sys.executable, "-m", "sirat", "search", "--help"],
                            capture_output=True, text=True, check=False)
    assert "process list" in " ".join(helped.stdout.split())


def test_a_comment_can_come_from_standard_input(vault: Path, ref: str) -> None:
    result = run(vault, "report", "comment", ref, "--comment", "-",
                 stdin="Ask Ivan Petrov's lawyer.\n")
    assert result.returncode == 0, result.stderr
    shown = run(vault, "report", "comments", ref, "--json")
    assert "Ask Ivan Petrov's lawyer." in shown.stdout


@pytest.mark.parametrize(("body", "says"), [
    (b'{"format": "sirat-interchange", "format_version": ' + b"7" * 5000 + b"}",
     "number far too long"),
    (json.dumps({"format": "sirat-interchange", "format_version": "v" * 2_000_000}).encode(),
     "is not supported"),
])
def test_hostile_interchange_files_get_one_short_line(
    vault: Path, tmp_path: Path, body: bytes, says: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(body)
    line = one_line_failure(run(vault, "report", "import", path))
    assert says in line
    assert len(line) < 300


def test_a_status_flipped_with_sql_is_named_by_audit_verify(vault: Path, ref: str) -> None:
    """The canary vault's second report is a draft by ana: she flips it to approved."""
    ana = open_as(vault, "ana")
    try:
        with ana.engine.begin() as conn:
            other = conn.execute(text("SELECT reference FROM reports WHERE reference != :r"),
                                 {"r": ref}).scalar_one()
            conn.execute(text("UPDATE reports SET status = 'approved' WHERE reference = :o"),
                         {"o": other})
    finally:
        ana.lock()
    result = run(vault, "audit", "verify", user="admin")
    assert result.returncode == 4
    assert f"FAILS: {other} version 1 has no signed approval" in result.stdout
    assert other in one_line_failure(result, 4)
    refused = one_line_failure(run(vault, "pdf", "export", other, "--recipient", "BG",
                                   "--out", vault.parent / "x.pdf"))
    assert "no signed approval" in refused
    assert not (vault.parent / "x.pdf").exists()


def test_standard_input_that_is_not_utf8_is_one_clear_line(vault: Path, ref: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env.update(SIRAT_PASSPHRASE=USERS["ana"], SIRAT_USER="ana")
    result = subprocess.run([sys.executable, "-m", "sirat", "report", "comment", ref,
                             "--comment", "-", "--vault", str(vault)], env=env,
                            input=b"\xff\xfe\x00", capture_output=True, timeout=300,
                            check=False)
    assert result.returncode == 1
    assert result.stderr.decode().strip().endswith("pipe it in again.")
    assert b"Traceback" not in result.stderr
