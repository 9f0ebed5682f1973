"""``sirat report stranded`` and ``sirat report handover`` as an administrator would run them,
and refused for everyone else with one clear line."""

from __future__ import annotations

import json
from pathlib import Path

from sirat.services.reports import records as reports
from tests.conftest import USERS, open_as
from tests.e2e.conftest import Cli, one_line_failure
from tests.ui.sample_data import legacy_admin_draft


def test_stranded_then_handover(cli: Cli, vault_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    admin_id = int(admin.info.user_id)
    admin.lock()
    ana = open_as(vault_path, "ana")
    try:  # written by an administrator before the service refused it
        reference = reports.get_report(ana, legacy_admin_draft(ana, admin_id)).reference
    finally:
        ana.lock()
    listed = cli("report", "stranded", "--vault", vault_path, "--user", "admin", "--json",
                 passphrase=USERS["admin"])
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["reference"], r["why"]) for r in rows] == [
        (reference, "written by an administrator")]

    refused = cli("report", "handover", reference, "--to", "ana", "--vault", vault_path,
                  "--user", "bora", passphrase=USERS["bora"])
    assert "Only an administrator" in one_line_failure(refused)
    unknown = cli("report", "handover", reference, "--to", "nobody", "--vault", vault_path,
                  "--user", "admin", passphrase=USERS["admin"])
    assert "no active user" in one_line_failure(unknown)

    done = cli("report", "handover", reference, "--to", "ana", "--vault", vault_path,
               "--user", "admin", passphrase=USERS["admin"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{reference}: handed over from Ada Admin to Ana Analyst."
    submitted = cli("report", "submit", reference, "--vault", vault_path, "--user", "ana",
                    passphrase=USERS["ana"])
    assert submitted.returncode == 0, submitted.stderr
