"""A service call says what it changed -- the app's one signal carries it and every view
refreshes from it, so no window declares what a service did. Each case asks what a view
needs: the report list a saved report, the editor its links, the register its export."""

from __future__ import annotations

import pytest

from sirat.domain.changes import NOTHING, Changes
from sirat.domain.vocab import EntityId
from sirat.errors import ValidationError
from sirat.services.access import users
from sirat.services.audit.changes import of_record
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.history import compare
from sirat.services.reports.links import link_entity, unlink_entity
from sirat.services.reports.reference import save_crime_area
from sirat.services.reports.saving import NewLink, NewRelation, save_report
from sirat.services.resolution.merge import merge_entities, unmerge
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from sirat.vault.changes import collecting
from sirat.vault.crypto import KDF_FLOOR
from tests.unit.services.service_helpers import draft

PERSON = EntityDraft("person", names=(NameForm("Ivan Petrov"),))
COMPANY = EntityDraft("organization", names=(NameForm("Danube Trade SRL"),))


def test_saving_a_report_with_links_yields_its_report_entities_links_and_relation(
        analyst_vault: Vault) -> None:
    ivan = create_entity(analyst_vault, PERSON).id
    firm = create_entity(analyst_vault, COMPANY).id
    with collecting() as got:
        view = save_report(analyst_vault, None, draft(),
                           links=[NewLink(ivan, "suspect"), NewLink(firm, "owner")],
                           relations=[NewRelation(ivan, firm, "employee_of")])
    assert got.changes.reports == {view.id}
    assert got.changes.entities == {ivan, firm}
    assert got.changes.links == {link.link_id for link in view.links}
    assert got.changes.relations == {r.id for r in view.relations}
    assert got.changes.only_report() == view.id  # the list keeps the saved report selected


def test_a_save_that_fails_changes_nothing(analyst_vault: Vault) -> None:
    with collecting() as got, pytest.raises(ValidationError):
        save_report(analyst_vault, None, draft(), links=[NewLink(EntityId(999_999), "x")])
    assert got.changes == NOTHING


def test_reading_is_not_a_change(analyst_vault: Vault) -> None:
    """Opening a report writes a consultation record; a view refreshing on it would reload
    itself for ever."""
    view = save_report(analyst_vault, None, draft())
    save_report(analyst_vault, view.id, draft(title="Second"), expected_version=1)
    with collecting() as got:
        reports.get_report(analyst_vault, view.id)
        compare(analyst_vault, view.id, 1, 2)
    assert got.changes == NOTHING


def test_linking_and_unlinking_name_the_report_entity_and_link(analyst_vault: Vault) -> None:
    report = save_report(analyst_vault, None, draft())
    ivan = create_entity(analyst_vault, PERSON).id
    with collecting() as linked:
        link = link_entity(analyst_vault, report.id, ivan, "suspect")
    with collecting() as unlinked:
        unlink_entity(analyst_vault, link.link_id)
    expected = Changes(reports=frozenset({report.id}), entities=frozenset({ivan}),
                       links=frozenset({link.link_id}))
    assert linked.changes == expected
    assert unlinked.changes == expected


def test_a_review_step_names_its_report(analyst_vault: Vault) -> None:
    report = save_report(analyst_vault, None, draft())
    with collecting() as got:
        workflow.submit(analyst_vault, report.id)
    assert got.changes == Changes.of_reports(report.id)


def test_merge_and_unmerge_name_both_entities(analyst_vault: Vault) -> None:
    a = create_entity(analyst_vault, PERSON).id
    b = create_entity(analyst_vault, PERSON).id
    with collecting() as merged:
        result = merge_entities(analyst_vault, a, b)
    with collecting() as undone:
        unmerge(analyst_vault, result.merge_id)
    assert merged.changes.entities == {a, b}
    assert undone.changes.entities == {a, b}
    assert not merged.changes.reports


def test_administration_says_users_keys_and_reference(admin_vault: Vault) -> None:
    with collecting() as added:
        user = users.add_user(admin_vault, "cleo", "a long enough passphrase", "analyst",
                              kdf=KDF_FLOOR)
    with collecting() as area:
        save_crime_area(admin_vault, "ARSON", "Arson")
    assert added.changes == Changes(users=frozenset({user.id}), keys=True)
    assert area.changes == Changes(reference=True)


def test_nested_collectors_both_hear_and_an_outer_one_hears_everything(
        analyst_vault: Vault) -> None:
    with collecting() as outer:
        first = save_report(analyst_vault, None, draft())
        with collecting() as inner:
            second = save_report(analyst_vault, None, draft(title="Other"))
    assert inner.changes.reports == {second.id}
    assert outer.changes.reports == {first.id, second.id}


def test_records_of_reading_or_copying_change_nothing() -> None:
    for action in ("report.export", "package.export", "attachment.export", "vault.backup",
                   "report.compare", "audit.list"):
        assert of_record(action, "report", 1, {"report": 1}) == NOTHING
    # a chart names its report only as context: the report did not change
    assert of_record("chart.save", "chart", 4, {"report": 1}) == Changes(charts=frozenset({4}))
    # counts are not ids: a merge's "links" is how many links moved
    assert of_record("entity.merge", "entity", 2, {"entity": 2, "merged": [3], "links": 5}
                     ) == Changes.of_entities(2, 3)
    assert of_record("report.disseminate", "report", 7, {"export": 9}).exports == {9}
