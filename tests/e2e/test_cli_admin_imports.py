"""``sirat report import`` and ``sirat entity import-sheet`` by an administrator: exit 1,
one line saying why and what to do, nothing written (the reports and entities are as
before); the same file by an analyst goes in."""

from __future__ import annotations

import json
from pathlib import Path

from sirat.services.reports import records as reports
from tests.conftest import open_as
from tests.e2e.conftest import one_line_failure
from tests.e2e.test_cli_report import ok, run
from tests.ui.sample_data import legacy_admin_draft
from tests.unit.services.service_helpers import populate


def _counts(home: Path, vault: Path) -> tuple[int, int]:
    reports = json.loads(ok(run(home, "report", "list", "--vault", vault, "--json")))
    entities = json.loads(ok(run(home, "entity", "list", "--vault", vault, "--json")))
    return reports["total"], entities["total"]


def test_an_administrator_cannot_import_from_the_command_line(
        vault_path: Path, tmp_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    try:
        populate(ana)
        admin = open_as(vault_path, "admin")
        admin_id = int(admin.info.user_id)
        admin.lock()
        legacy_ref = reports.get_report(ana, legacy_admin_draft(ana, admin_id)).reference
    finally:
        ana.lock()
    out = tmp_path / "export.json"
    ok(run(tmp_path, "report", "export", "--vault", vault_path, "--out", out))
    before = _counts(tmp_path, vault_path)

    line = one_line_failure(run(tmp_path, "report", "import", out, "--vault", vault_path,
                                user="admin"))
    assert "cannot import reports" in line
    assert "analyst" in line
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name\nЂорђе Јовановић\nΓιώργος Παπαδόπουλος\n", encoding="utf-8")
    line = one_line_failure(run(tmp_path, "entity", "import-sheet", sheet, "--kind", "person",
                      "--map", "Name=name", "--report", legacy_ref, "--vault", vault_path,
                      user="admin"))
    assert "cannot import entities into reports" in line
    assert _counts(tmp_path, vault_path) == before
