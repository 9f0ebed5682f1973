"""``sirat entity import-sheet`` as an analyst uses it: targets, preview (exit 1 when a row
has a problem, nothing written), a saved mapping, the import, one-line failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import USERS, open_as
from tests.e2e.conftest import one_line_failure
from tests.unit.services.service_helpers import draft


def run(vault: Path, *args: str | Path, user: str = "ana") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env.update(SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user,
               SIRAT_HOME=str(vault.parent / "home"))
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args), "--vault",
                           str(vault)], env=env, capture_output=True, text=True, timeout=300,
                          check=False, stdin=subprocess.DEVNULL)


def test_import_a_cp1251_sheet_from_the_command_line(vault_path: Path, tmp_path: Path) -> None:
    from sirat.services.reports import records as reports

    v = open_as(vault_path, "ana")
    ref = reports.create_report(v, draft()).reference
    v.lock()
    sheet = tmp_path / "persons.csv"
    sheet.write_bytes("Име;Роден;Държава\nИван Петров;14.03.1980;BG\nПетър Иванов;1975;XX\n"
                      .encode("cp1251"))
    base = ("entity", "import-sheet", sheet, "--kind", "person", "--map", "Име=name",
            "--map", "Роден=field:date_of_birth", "--map", "Държава=field:nationality")
    preview = run(vault_path, *base, "--preview", "--save-mapping", "BG persons")
    assert preview.returncode == 1, preview.stderr
    assert "encoding cp1251" in preview.stdout
    assert "line 3: PROBLEM" in preview.stdout
    refused = run(vault_path, *base, "--report", ref)
    assert "line 3" in one_line_failure(refused)
    sheet.write_bytes("Име;Роден;Държава\nИван Петров;14.03.1980;BG\nПетър Иванов;1975;RS\n"
                      .encode("cp1251"))
    done = run(vault_path, "entity", "import-sheet", sheet, "--mapping", "BG persons",
               "--report", ref, "--role", "suspect")
    assert done.returncode == 0, done.stderr
    assert "2 new entity(ies)" in done.stdout
    shown = run(vault_path, "report", "show", ref)
    assert "Иван Петров" in shown.stdout
    assert "BG persons" in run(vault_path, "entity", "import-sheet", "--list-mappings").stdout
    assert "field:date_of_birth" in run(vault_path, "entity", "import-sheet", "--targets",
                                        "person").stdout
    assert "no column with that header" in one_line_failure(
        run(vault_path, "entity", "import-sheet", sheet, "--kind", "person", "--map",
            "Nope=name", "--preview"))
    binary = tmp_path / "x.xlsx"
    binary.write_bytes(b"PK\x03\x04broken")
    assert "cannot be read" in one_line_failure(
        run(vault_path, "entity", "import-sheet", binary, "--kind", "person", "--preview"))
