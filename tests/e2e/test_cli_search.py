"""``sirat search`` and ``sirat entity merge|unmerge|duplicates|...`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sirat.models import AuditRecord
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity
from sirat.services.reports.types import ReportDraft
from tests.conftest import USERS, open_as

DRAFT = ReportDraft(title="Хероин преко Градине", crime_area="drugs", report_date="2026-03-14",
                    reporting_country="RS", source_reliability="B", information_accuracy="2",
                    classification="RESTRICTED",
                    narrative="Возач Ђорђе Петровић је ухапшен код Ниша.")


def run(home: Path, *args: str | Path, user: str = "ana") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user)
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    return lines[0]


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def filled(vault_path: Path) -> dict[str, int]:
    vault = open_as(vault_path, "ana")
    try:
        rid = reports.create_report(vault, DRAFT).id
        a = create_entity(vault, EntityDraft("person", names=(NameForm("Ђорђе Петровић"),),
                                             fields={"date_of_birth": "1985-01-14"}))
        b = create_entity(vault, EntityDraft("person", names=(NameForm("Djordje Petrovic"),),
                                             fields={"date_of_birth": "1985-01-14"}))
        car = create_entity(vault, EntityDraft("vehicle", identifiers=(
            IdentifierValue("plate", "BG 1234 AB", "BG"),)))
        link_entity(vault, rid, a.id, "suspect")
        link_entity(vault, rid, b.id, "driver")
        return {"report": rid, "a": a.id, "b": b.id, "car": car.id}
    finally:
        vault.lock()


def test_search_in_any_script(filled: dict[str, int], vault_path: Path, tmp_path: Path) -> None:
    v = ("--vault", vault_path)
    found = _json(run(tmp_path, "search", "Djordje heroin", *v, "--json"))
    assert [r["report_id"] for r in found["reports"]] == [filled["report"]]
    hit = found["reports"][0]
    assert [hit["title"][a:b] for a, b in hit["title_spans"]] == ["Хероин"]
    people = _json(run(tmp_path, "search", "Đorđe", *v, "--kind", "person", "--json"))
    assert people["reports"] == []
    assert {e["entity_id"] for e in people["entities"]} == {filled["a"], filled["b"]}
    assert _json(run(tmp_path, "search", "Djordje", *v, "--crime-area", "anti_fraud",
                     "--kind", "report", "--json"))["reports"] == []
    assert _json(run(tmp_path, "search", "Djordje", *v, "--from", "2026-03-14", "--to",
                     "2026-03-14", "--status", "draft", "--json"))["report_total"] == 1
    text = ok(run(tmp_path, "search", "petrovi*", *v))
    assert "SIRAT-" in text
    assert "Entities: 2" in text
    assert "\x1b[" not in text  # no terminal: no escape codes
    assert "Nothing found." in ok(run(tmp_path, "search", "zzyzx", *v))


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR (", "NOT heroin", "x*"])
def test_odd_queries(filled: dict[str, int], vault_path: Path, tmp_path: Path,
                     query: str) -> None:
    result = run(tmp_path, "search", query, "--vault", vault_path, "--json")
    if query == '"unbalanced':
        assert _json(result)["reports"] == []  # the closing quote is added
    else:
        line = one_line_error(result)
        assert "Traceback" not in result.stderr
        assert "sql" not in line.lower()


def test_merge_undo_duplicates(filled: dict[str, int], vault_path: Path,
                               tmp_path: Path) -> None:
    v = ("--vault", vault_path)
    pairs = _json(run(tmp_path, "entity", "duplicates", *v, "--json"))
    assert {pairs[0]["first_id"], pairs[0]["second_id"]} == {filled["a"], filled["b"]}
    assert pairs[0]["explanation"].startswith("same date of birth")
    cands = _json(run(tmp_path, "entity", "candidates", str(filled["a"]), *v, "--json"))
    assert [c["entity_id"] for c in cands] == [filled["b"]]
    dry = ok(run(tmp_path, "entity", "merge", str(filled["a"]), str(filled["b"]), *v,
                 "--dry-run"))
    assert dry.startswith("same (100): same date of birth")
    merged = _json(run(tmp_path, "entity", "merge", str(filled["a"]), str(filled["b"]), *v,
                       "--json"))
    merge_id = merged["merge"]["merge_id"]
    assert merged["merge"]["links_moved"] == 1
    listed = _json(run(tmp_path, "entity", "merges", *v, "--json"))
    assert [m["merge_id"] for m in listed] == [merge_id]
    shown = _json(run(tmp_path, "entity", "show", str(filled["a"]), *v, "--json"))
    assert {r["role"] for r in shown["reports"]} == {"suspect", "driver"}
    ok(run(tmp_path, "entity", "unmerge", str(merge_id), *v))
    back = _json(run(tmp_path, "entity", "show", str(filled["b"]), *v, "--json"))
    assert [r["role"] for r in back["reports"]] == ["driver"]
    assert "no such merge" in one_line_error(run(tmp_path, "entity", "unmerge", str(merge_id),
                                                 *v))
    ok(run(tmp_path, "entity", "not-same", str(filled["a"]), str(filled["b"]), *v))
    assert _json(run(tmp_path, "entity", "duplicates", *v, "--json")) == []
    assert "judged not to be the same" in one_line_error(
        run(tmp_path, "entity", "merge", str(filled["a"]), str(filled["b"]), *v))
    ok(run(tmp_path, "entity", "not-same", str(filled["a"]), str(filled["b"]), *v, "--undo"))
    assert len(_json(run(tmp_path, "entity", "duplicates", *v, "--json"))) == 1


def test_rebuild_index(filled: dict[str, int], vault_path: Path, tmp_path: Path) -> None:
    out = ok(run(tmp_path, "search", "--rebuild-index", "--vault", vault_path))
    assert out.startswith("Search index rebuilt: 1 reports, 3 entities")
    vault = open_as(vault_path, "ana")
    try:
        with vault.session() as s:
            actions = list(s.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    finally:
        vault.lock()
    assert actions[-2] == "search.rebuild"
