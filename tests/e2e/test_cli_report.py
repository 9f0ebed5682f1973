"""``sirat report|entity|recipient`` as a user runs them: subprocesses on a real vault."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import USERS, open_as
from tests.unit.services.service_helpers import populate


def run(home: Path, *args: str | Path, user: str = "ana",
        passphrase: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=passphrase or USERS[user],
               SIRAT_USER=user)
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    return lines[0]


@pytest.fixture
def populated(vault_path: Path) -> Path:
    vault = open_as(vault_path, "ana")
    try:
        populate(vault)
    finally:
        vault.lock()
    return vault_path


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(ok(result))


def test_list_with_filters(populated: Path, tmp_path: Path) -> None:
    v = ("--vault", populated)
    everything = _json(run(tmp_path, "report", "list", *v, "--json"))
    assert everything["total"] == 2
    assert {r["crime_area"] for r in everything["reports"]} == {"anti_fraud", "drugs"}
    drugs = _json(run(tmp_path, "report", "list", *v, "--json", "--crime-area", "drugs"))
    assert [r["title"] for r in drugs["reports"]] == ["Ship at Constanța"]
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--country", "ro"))["total"] == 1
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--grading", "B2"))["total"] == 2
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--grading", "A"))["total"] == 0
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--status",
                     "submitted"))["total"] == 0
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--from", "2026-03-14",
                     "--to", "2026-03-14"))["total"] == 2
    table = ok(run(tmp_path, "report", "list", *v, "--sort", "reference", "--asc"))
    assert "Ship at Constanța" in table
    assert "2 of 2 report(s)" in table
    # Dates as the editor accepts them (14.03.2026, 2026-03, 2026); impossible ones refused.
    assert _json(run(tmp_path, "report", "list", *v, "--json", "--from", "14.03.2026",
                     "--to", "2026-03"))["total"] == 2
    assert "not a date" in failed(run(tmp_path, "report", "list", *v, "--from", "31.02.2026"))


def test_show(populated: Path, tmp_path: Path) -> None:
    rows = _json(run(tmp_path, "report", "list", "--vault", populated, "--json"))["reports"]
    ref = next(r["reference"] for r in rows if r["crime_area"] == "anti_fraud")
    shown = _json(run(tmp_path, "report", "show", ref, "--vault", populated, "--json"))
    assert shown["reference"] == ref
    assert shown["draft"]["handling_codes"] == ["H0", "H3"]
    assert len(shown["links"]) == 5
    text = ok(run(tmp_path, "report", "show", ref, "--vault", populated))
    assert "Not for the press" in text
    assert "Ђорђе Јовановић" in text
    assert "no report" in failed(run(tmp_path, "report", "show", "SIRAT-1999-000001",
                                     "--vault", populated))


def test_export_import_round_trip(populated: Path, template_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    ok(run(tmp_path, "report", "export", "--vault", populated, "--out", out))
    other = tmp_path / "other"
    shutil.copytree(template_vault, other)
    first = _json(run(tmp_path, "report", "import", out, "--vault", other, "--json",
                      user="bora"))
    assert (first["reports_added"], first["entities_added"], first["relations_added"]) == (
        2, 10, 7)
    again = _json(run(tmp_path, "report", "import", out, "--vault", other, "--json",
                      user="bora"))
    assert (again["reports_added"], again["entities_added"]) == (0, 0)
    back = tmp_path / "back.json"
    ok(run(tmp_path, "report", "export", "--vault", other, "--out", back, user="admin"))
    a, b = json.loads(out.read_text("utf-8")), json.loads(back.read_text("utf-8"))
    for doc in (a, b):
        doc.pop("exported_at")
        doc.pop("source_vault")
    assert a == b
    stdout = run(tmp_path, "report", "export", "--vault", other, "--out", "-",
                 "--crime-area", "drugs", user="admin")
    assert len(json.loads(ok(stdout))["reports"]) == 1


@pytest.mark.parametrize(("content", "message"), [
    (b'{"format": "sirat-interchange", "format_version": 1, "reports": [', "ends too early"),
    (b"not json at all", "not valid JSON"),
    (b'{"format": "something-else"}', "not a SIRAT interchange file"),
])
def test_import_refuses_broken_files(vault_path: Path, tmp_path: Path, content: bytes,
                                     message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    line = failed(run(tmp_path, "report", "import", bad, "--vault", vault_path))
    assert message in line
    assert "cannot be read" in failed(run(tmp_path, "report", "import", tmp_path / "nope.json",
                                          "--vault", vault_path))


def test_import_names_the_bad_record(populated: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    ok(run(tmp_path, "report", "export", "--vault", populated, "--out", out))
    doc = json.loads(out.read_text("utf-8"))
    doc["reports"][1]["source_reliability"] = "Z"
    doc["reports"][1]["id"] = "new-report-id"
    out.write_text(json.dumps(doc), "utf-8")
    line = failed(run(tmp_path, "report", "import", out, "--vault", populated))
    assert "Record reports[1] (id new-report-id), field source_reliability" in line
    assert "Nothing was imported" in line


def test_entity_list_and_show(populated: Path, tmp_path: Path) -> None:
    v = ("--vault", populated)
    people = _json(run(tmp_path, "entity", "list", *v, "--kind", "person", "--json"))
    assert people["total"] == 2
    labels = sorted(e["label"] for e in people["entities"])
    assert labels == ["Γιώργος Παπαδόπουλος", "Ђорђе Јовановић"]
    djordje = next(e for e in people["entities"] if e["label"] == "Ђорђе Јовановић")
    shown = _json(run(tmp_path, "entity", "show", str(djordje["id"]), *v, "--json"))
    assert [n["text"] for n in shown["names"]][:2] == ["Ђорђе Јовановић", "Đorđe Jovanović"]
    assert len(shown["reports"]) == 2
    assert len(shown["relations"]) == 5
    assert shown["personal"] is True
    text = ok(run(tmp_path, "entity", "show", str(djordje["id"]), *v))
    assert "Đorđe Jovanović" in text
    prefix = _json(run(tmp_path, "entity", "list", *v, "--prefix", "gior", "--json"))
    assert [e["label"] for e in prefix["entities"]] == ["Γιώργος Παπαδόπουλος"]
    assert "no entity" in failed(run(tmp_path, "entity", "show", "9999", *v))


def test_recipients(vault_path: Path, tmp_path: Path) -> None:
    members = _json(run(tmp_path, "recipient", "list", "--vault", vault_path, "--kind",
                        "member-state", "--json"))
    assert sorted(r["code"] for r in members) == [
        "AL", "BA", "BG", "GR", "HU", "MD", "ME", "MK", "RO", "RS", "TR"]
    observers = _json(run(tmp_path, "recipient", "list", "--vault", vault_path, "--kind",
                          "observer", "--json"))
    assert observers
    assert not any(o["may_receive_personal_data"] for o in observers)
    table = ok(run(tmp_path, "recipient", "list", "--vault", vault_path))
    assert "operational-partner" in table


def test_wrong_passphrase_is_one_line(vault_path: Path, tmp_path: Path) -> None:
    line = failed(run(tmp_path, "report", "list", "--vault", vault_path,
                      passphrase="not the passphrase"))
    assert "passphrase" in line
