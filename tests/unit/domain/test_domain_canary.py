"""A canary typed into every kind of field never reaches the disk in clear: not in vault.db,
not in its WAL, not in the temporary folder."""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

from sirat.services import reports
from sirat.services.entities import create_entity, get_entity
from sirat.services.entity_check import identifier_warnings
from sirat.services.entity_links import link_entity, relate_entities
from sirat.services.entity_types import EntityDraft, IdentifierValue, NameForm
from sirat.services.report_query import list_reports
from sirat.vault import Vault
from tests.unit.domain.domain_helpers import draft

MAX_SCAN = 64 * 1024 * 1024


def _files_since(folder: Path, since: float) -> list[Path]:
    out = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if st.st_mtime >= since and st.st_size <= MAX_SCAN and path.is_file():
                out.append(path)
    return out


def test_canary_never_on_disk_in_clear(analyst_vault: Vault) -> None:
    start = time.time() - 1
    canary = "CANARY" + secrets.token_hex(8).upper()
    forms = [canary, canary.lower(), canary.encode().hex()]
    report = reports.create_report(analyst_vault, draft(
        title=f"T {canary}", summary=canary, narrative=f"x {canary} y" * 50,
        analyst_comment=canary, keywords=(canary,), places=(canary,), agency=canary,
        operation=canary, handling_codes=frozenset({"H3"}), h3_text=canary))
    reports.record_h2_permission(analyst_vault, report.id, canary)
    person = EntityDraft("person", names=(NameForm(f"Ivan {canary}"),
                                          NameForm(f"Иван {canary}", True)),
                         fields={"place_of_birth": canary},
                         identifiers=(IdentifierValue("national_id", canary, "BG"),))
    plate = EntityDraft("vehicle", identifiers=(IdentifierValue("plate", canary[:10], "RS"),
                                                IdentifierValue("vin", canary)),
                        fields={"make": canary})
    ids = []
    for d in (person, plate):
        acks = [w.key for w in identifier_warnings(d.identifiers)]
        ids.append(create_entity(analyst_vault, d, acknowledged=acks).id)
        link_entity(analyst_vault, report.id, ids[-1], "suspect", note=canary)
    relate_entities(analyst_vault, ids[0], ids[1], "owner_of", report.id, note=canary)
    reports.update_report(analyst_vault, report.id, draft(title=f"U {canary}"))
    get_entity(analyst_vault, ids[0])
    assert list_reports(analyst_vault)
    # Checked while the vault is open (WAL present) and again after closing it.
    for phase in ("open", "closed"):
        if phase == "closed":
            analyst_vault.lock()
        files = _files_since(analyst_vault.path, start)
        files += _files_since(Path(tempfile.gettempdir()), start)
        assert any(p.name == "vault.db" for p in files)
        if phase == "open":
            assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                # Another test process removed its own file between listing and reading.
                assert not path.is_relative_to(analyst_vault.path), path.name
                continue
            for form in forms:
                assert form.encode() not in data, (phase, path.name)
