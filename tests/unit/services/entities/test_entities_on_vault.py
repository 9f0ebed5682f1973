"""Entities on a real vault: kinds, scripts, identifier warnings and overrides, links,
relations, candidates while typing, personal-data marking."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sirat.errors import PermissionDenied, ValidationError
from sirat.models import AuditRecord
from sirat.services.entities.query import count_entities, list_entities
from sirat.services.entities.records import create_entity, get_entity, is_personal, update_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, IdentifierWarnings, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity, relate_entities, unlink_entity
from sirat.services.resolution.suggestions import find_candidates
from sirat.vault import Vault
from tests.unit.services.service_helpers import draft, dump

PETROV = EntityDraft(
    "person",
    names=(NameForm("Иван Петров"), NameForm("Ivan Petrov", is_alias=True),
           NameForm("Ιβάν Πετρόφ", is_alias=True)),
    fields={"date_of_birth": "about 1980", "nationality": "BG", "gender": "male"},
    identifiers=(IdentifierValue("national_id", "7501020018", "BG"),),
)
SHIP = EntityDraft(
    "vessel", names=(NameForm("Deniz Yıldızı"),),
    identifiers=(IdentifierValue("imo", "IMO 9074729"), IdentifierValue("mmsi", "271000123", "TR")),
    fields={"flag": "TR", "vessel_type": "general cargo"},
)
BAD_IMO = IdentifierValue("imo", "IMO 9074728")


def _audit(vault: Vault) -> list[tuple[str, str]]:
    with vault.session() as s:
        return [(r.action, r.details) for r in s.scalars(select(AuditRecord)
                                                          .order_by(AuditRecord.id))]


def test_person_keeps_every_name_in_its_script(analyst_vault: Vault) -> None:
    view = create_entity(analyst_vault, PETROV)
    assert view.label == "Иван Петров"
    assert [(n.text, n.script, n.is_alias) for n in view.names] == [
        ("Иван Петров", "Cyrl", False), ("Ivan Petrov", "Latn", True),
        ("Ιβάν Πετρόφ", "Grek", True)]
    assert view.names[0].key == view.names[1].key == "ivan petrov"
    assert view.fields["date_of_birth"] == "about 1980"
    assert view.personal
    assert view.to_draft() == PETROV


def test_every_kind_can_be_saved(analyst_vault: Vault) -> None:
    drafts = [
        PETROV, SHIP,
        EntityDraft("vehicle", identifiers=(IdentifierValue("vin", "1M8GDM9AXKP042788"),
                                            IdentifierValue("plate", "CA 1234 BX", "BG")),
                    fields={"make": "Škoda", "model": "Octavia", "stolen": "yes",
                            "year": "2019"}),
        EntityDraft("organization", names=(NameForm("Đurđević Trans d.o.o."),),
                    fields={"country": "RS"}),
        EntityDraft("address", fields={"full": "ul. Vasile Lupu 14, Iași", "country": "RO"},
                    is_private=True),
        EntityDraft("phone", identifiers=(IdentifierValue("phone", "+381 64 123 4567"),)),
        EntityDraft("identity_document",
                    identifiers=(IdentifierValue("document_number", "012345678", "RS"),),
                    fields={"doc_type": "passport", "issuing_country": "RS",
                            "expiry": "2031-05-01"}),
        EntityDraft("bank_account",
                    identifiers=(IdentifierValue("iban", "RO49 AAAA 1B31 0075 9384 0000"),)),
        EntityDraft("online_account", identifiers=(IdentifierValue("handle", "@smuggler"),),
                    fields={"service": "Telegram"}),
    ]
    for d in drafts:
        create_entity(analyst_vault, d)
    assert count_entities(analyst_vault) == 9
    assert {r.kind for r in list_entities(analyst_vault)} == {
        "person", "vessel", "vehicle", "organization", "address", "phone",
        "identity_document", "bank_account", "online_account"}
    phone = list_entities(analyst_vault, "phone")[0]
    assert phone.label == "+381 64 123 4567"


def test_failed_check_is_a_warning_until_acknowledged(analyst_vault: Vault) -> None:
    ship = EntityDraft("vessel", names=(NameForm("Mara"),), identifiers=(BAD_IMO,))
    before = dump(analyst_vault)
    with pytest.raises(IdentifierWarnings) as err:
        create_entity(analyst_vault, ship)
    assert dump(analyst_vault) == before
    (warning,) = err.value.warnings
    assert warning.code == "imo-check-digit"
    assert "9074728" not in str(err.value)  # messages never repeat the identifier
    view = create_entity(analyst_vault, ship, acknowledged=[warning.key])
    assert [(o.warning_code, o.acknowledged_by) for o in view.overrides] == [
        ("imo-check-digit", analyst_vault.info.user_id)]
    created = [json.loads(d) for a, d in _audit(analyst_vault) if a == "entity.create"]
    assert created[-1] == {"kind": "vessel", "overridden": ["imo-check-digit"]}
    # The stored override covers later saves of the same value.
    again = update_entity(analyst_vault, view.id, EntityDraft(
        "vessel", names=(NameForm("Mara II"),), identifiers=(BAD_IMO,)))
    assert again.label == "Mara II"


def test_entity_refusals_are_reported_together(analyst_vault: Vault) -> None:
    bad = EntityDraft("person", names=(NameForm("a\x1bb"),),
                      fields={"date_of_birth": "1980-13-01", "shoe_size": "44",
                              "nationality": "Serbia"},
                      identifiers=(IdentifierValue("vin", "X"),))
    with pytest.raises(ValidationError) as err:
        create_entity(analyst_vault, bad)
    fields = {p.field for p in err.value.problems}
    assert fields == {"names[0]", "fields.date_of_birth", "fields.shoe_size",
                      "fields.nationality", "identifiers[0]"}
    with pytest.raises(ValidationError, match="kind"):
        create_entity(analyst_vault, EntityDraft("spaceship"))
    with pytest.raises(ValidationError, match="at least one name"):
        create_entity(analyst_vault, EntityDraft("person"))


def test_entity_detail_shows_reports_and_relations(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, draft())
    person = create_entity(analyst_vault, PETROV)
    ship = create_entity(analyst_vault, SHIP)
    link = link_entity(analyst_vault, report.id, person.id, "suspect")
    link_entity(analyst_vault, report.id, ship.id, "vessel_used")
    assert link_entity(analyst_vault, report.id, person.id, "suspect") == link
    rel = relate_entities(analyst_vault, person.id, ship.id, "crew_of", report.id)
    assert (rel.relation_name, rel.report_reference) == ("crew of", report.reference)
    view = get_entity(analyst_vault, person.id)
    assert [(r.reference, r.role) for r in view.reports] == [(report.reference, "suspect")]
    assert [r.target_label for r in view.relations] == ["Deniz Yıldızı"]
    shown = reports.get_report(analyst_vault, report.id)
    assert [(x.label, x.role) for x in shown.links] == [
        ("Иван Петров", "suspect"), ("Deniz Yıldızı", "vessel_used")]
    assert len(shown.relations) == 1
    actions = [a for a, _ in _audit(analyst_vault)]
    assert {"entity.create", "entity.link", "entity.relate", "entity.view"} <= set(actions)
    unlink_entity(analyst_vault, link.link_id)
    assert len(reports.get_report(analyst_vault, report.id).links) == 1


def test_relation_to_missing_entity_or_unknown_type_is_refused(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, draft())
    person = create_entity(analyst_vault, PETROV)
    before = dump(analyst_vault)
    with pytest.raises(ValidationError, match="does not exist"):
        relate_entities(analyst_vault, person.id, 9999, "associate", report.id)
    with pytest.raises(ValidationError, match="Unknown relation type"):
        relate_entities(analyst_vault, person.id, person.id, "enemy_of", report.id)
    with pytest.raises(ValidationError, match="Unknown role"):
        link_entity(analyst_vault, report.id, person.id, "hero")
    assert dump(analyst_vault) == before


def test_links_only_on_the_authors_draft(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, draft())
    person = create_entity(analyst_vault, PETROV)
    with analyst_vault.session(write=True) as s:
        from sirat.models import Report

        row = s.get(Report, report.id)
        assert row is not None
        row.author_id = 1
    with pytest.raises(PermissionDenied):
        link_entity(analyst_vault, report.id, person.id, "suspect")


@pytest.mark.parametrize(("typed", "kind"), [
    ("Petrov", "person"), ("петров", "person"), ("ivan pe", "person"), ("Πετρ", "person"),
    ("9074", "vessel"), ("imo 9074729", "vessel"), ("deniz yil", "vessel"),
])
def test_candidates_while_typing(analyst_vault: Vault, typed: str, kind: str) -> None:
    person = create_entity(analyst_vault, PETROV)
    ship = create_entity(analyst_vault, SHIP)
    found = find_candidates(analyst_vault, None, typed)
    expected = person.id if kind == "person" else ship.id
    assert found
    assert found[0].entity_id == expected
    assert found[0].explanation
    assert find_candidates(analyst_vault, "organization", typed) == []


def test_exact_identifier_ranks_first(analyst_vault: Vault) -> None:
    car = create_entity(analyst_vault, EntityDraft(
        "vehicle", identifiers=(IdentifierValue("plate", "СА 1234 ВХ", "BG"),)))
    found = find_candidates(analyst_vault, "vehicle", "ca1234bx")
    assert [(c.entity_id, c.exact, c.matched_on) for c in found] == [
        (car.id, True, "identifier")]


def test_personal_data_marking() -> None:
    assert is_personal("person")
    assert is_personal("phone")
    assert is_personal("bank_account")
    assert not is_personal("vessel")
    assert not is_personal("organization")
    assert not is_personal("address")
    assert not is_personal("vehicle")
    assert is_personal("unknown-kind")
