"""The editor's Save is one use case: the report, its links and relations in one transaction;
a link that fails leaves the vault exactly as it was (no half-saved report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import Conflict, PermissionDenied, ValidationError
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.query import count_reports
from sirat.services.reports.saving import NewLink, NewRelation, save_report
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import draft, dump

PERSON = EntityDraft("person", names=(NameForm("Ivan Petrov"),))
COMPANY = EntityDraft("organization", names=(NameForm("Danube Trade SRL"),))
GONE = EntityId(999_999)


def test_a_new_report_is_saved_with_its_links_and_relations(analyst_vault: Vault) -> None:
    ivan = create_entity(analyst_vault, PERSON).id
    firm = create_entity(analyst_vault, COMPANY).id
    view = save_report(analyst_vault, None, draft(),
                       links=[NewLink(ivan, "suspect"), NewLink(firm, "owner")],
                       relations=[NewRelation(ivan, firm, "employee_of")])
    assert view.version == 1
    assert {(e.entity_id, e.role) for e in view.links} == {(ivan, "suspect"),
                                                              (firm, "owner")}
    assert [(r.source_id, r.target_id, r.relation_type) for r in view.relations] == [
        (ivan, firm, "employee_of")]
    assert reports.get_report(analyst_vault, view.id, record_view=False) == view


def test_a_link_that_fails_leaves_no_report_behind(analyst_vault: Vault) -> None:
    ivan = create_entity(analyst_vault, PERSON).id
    before = dump(analyst_vault)
    with pytest.raises(ValidationError, match="entity does not exist"):
        save_report(analyst_vault, None, draft(),
                    links=[NewLink(ivan, "suspect"), NewLink(GONE, "witness")])
    assert dump(analyst_vault) == before  # no report, no link, no audit record
    assert count_reports(analyst_vault) == 0


def test_a_bad_relation_on_an_update_keeps_the_previous_version(analyst_vault: Vault) -> None:
    ivan = create_entity(analyst_vault, PERSON).id
    first = save_report(analyst_vault, None, draft())
    before = dump(analyst_vault)
    with pytest.raises(ValidationError, match="related to itself"):
        save_report(analyst_vault, first.id, draft(title="Changed"), expected_version=1,
                    links=[NewLink(ivan, "suspect")],
                    relations=[NewRelation(ivan, ivan, "associate")])
    assert dump(analyst_vault) == before
    assert reports.get_report(analyst_vault, first.id, record_view=False).title == first.title


def test_the_rules_of_the_report_hold(analyst_vault: Vault, vault_path: Path) -> None:
    view = save_report(analyst_vault, None, draft())
    with pytest.raises(Conflict, match="saved this report after you opened it"):
        save_report(analyst_vault, view.id, draft(title="Late"), expected_version=0)
    bora = open_as(vault_path, "bora")
    try:
        with pytest.raises(PermissionDenied, match="Only the author"):
            save_report(bora, ReportId(view.id), draft(title="Not mine"))
    finally:
        bora.lock()
