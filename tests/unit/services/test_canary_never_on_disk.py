"""A canary typed into every kind of field never reaches the disk in clear: not in vault.db,
not in its WAL, not in the temporary folder."""

from __future__ import annotations

import secrets
import time

from sirat.services.entities.checks import identifier_warnings
from sirat.services.entities.records import create_entity, get_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity, relate_entities
from sirat.services.reports.query import list_reports
from sirat.vault import Vault
from tests.canary import assert_never_on_disk
from tests.unit.services.service_helpers import draft


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
    assert_never_on_disk(analyst_vault, forms, start)
