"""The one disclosure policy: every field has a decision, an undecided field is withheld,
and the redactor's corpus for each class of what people write, in each script."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from sirat.domain.disclosure import (
    ENTITY_PARTS,
    RELATION_PARTS,
    REPORT_FIELDS,
    Decision,
    may_receive_personal_data,
    report_field_decision,
)
from sirat.domain.vocab import KIND_SPECS, RecipientKind
from sirat.export.redact import Redactor
from sirat.export.release import ReleasedRelation, build_release_view
from sirat.export.types import EntityInput, RecipientInput, RelationInput, ReportInput


def test_every_field_of_the_release_view_has_a_decision() -> None:
    assert {f.name for f in dataclasses.fields(ReportInput)} == set(REPORT_FIELDS)
    assert {f.name for f in dataclasses.fields(EntityInput)} == set(ENTITY_PARTS)
    assert {f.name for f in dataclasses.fields(RelationInput)} == set(RELATION_PARTS)
    assert {f.name for f in dataclasses.fields(ReleasedRelation)} <= {
        "source", "target", "relation", "note",
        "source_id", "target_id"}  # RELATION_PARTS: internal ids, never printed


def test_a_field_nobody_decided_about_is_withheld(report: ReportInput) -> None:
    @dataclass(frozen=True, slots=True)
    class Later(ReportInput):
        liaison_officer: str = ""
        contacts: tuple[str, ...] = ()

    assert report_field_decision("liaison_officer") is Decision.WITHHOLD
    later = Later(**{f.name: getattr(report, f.name) for f in dataclasses.fields(report)},
                  liaison_officer="Nikos Georgiou", contacts=("+30 694 123 4567",))
    view = build_release_view(later, [], [], RecipientInput("O", "O", "observer"))
    assert view.report.liaison_officer == ""  # type: ignore[attr-defined]
    assert view.report.contacts == ()  # type: ignore[attr-defined]
    partner = build_release_view(later, [], [], RecipientInput("P", "P", "operational-partner"))
    assert partner.report.liaison_officer == "Nikos Georgiou"  # type: ignore[attr-defined]


def test_only_member_states_and_partners_receive_personal_data() -> None:
    assert [k.value for k in RecipientKind if may_receive_personal_data(k)] == [
        "member-state", "operational-partner"]
    assert not may_receive_personal_data("observer")
    assert not may_receive_personal_data("a kind added later")
    for spec in KIND_SPECS.values():
        assert not set(spec.identifying) & set(spec.public)


def _redactor() -> Redactor:
    r = Redactor()
    r.add_person(("Νίκος Γεωργίου", "Nikos Georgiou"), "[PERSON 1]")
    r.add_person(("Марко Николић",), "[PERSON 2]")
    r.add_date("1979-05-14", "[DATE OF BIRTH]")
    r.add_address("Ermou 25, Athens", "[ADDRESS]")
    r.add_address("ул. Витоша 15", "[ADDRESS]")
    r.add_address("Atatürk Caddesi 12", "[ADDRESS]")
    r.add_identifier("+30 694 123 4567", "[PHONE]")
    r.add_identifier("6941234567", "[PHONE]")
    r.add_identifier("CA1234AB", "[VEHICLE ID]")
    r.add_identifier("9074729", "[VESSEL ID]")
    return r


@pytest.mark.parametrize(("text", "expected"), [
    # fields nobody listed: the agency with the liaison officer and his phone
    ("Hellenic Police (liaison officer Nikos Georgiou, tel. +30 694 123 4567)",
     "Hellenic Police (liaison officer [PERSON 1], tel. [PHONE])"),
    ("Ελληνική Αστυνομία (Νίκος ΓΕΩΡΓΙΟΥ)", "Ελληνική Αστυνομία ([PERSON 1])"),
    # addresses as people write them, either order, street words, other scripts
    ("at Ermou 25.", "at [ADDRESS]."), ("at 25 Ermou Street.", "at [ADDRESS]."),
    ("οδός Ερμού 25", "[ADDRESS]"), ("Ερμού 25Α, 2ος όροφος", "[ADDRESS], 2ος όροφος"),
    ("Odos Ermou No. 25", "[ADDRESS]"), ("bul. Vitosha 15", "[ADDRESS]"),
    ("ул. Витоша №15", "[ADDRESS]"), ("15 Vitosha Blvd", "[ADDRESS]"),
    ("Atatürk Cad. No: 12", "[ADDRESS]"), ("Ermou street is long", "Ermou street is long"),
    # dates of birth in other formats and languages
    ("born 14.5.1979", "born [DATE OF BIRTH]"), ("b. 14/05/79", "b. [DATE OF BIRTH]"),
    ("May 14th, 1979", "[DATE OF BIRTH]"), ("14 Μαΐου 1979", "[DATE OF BIRTH]"),
    ("14 ΜΑΪΟΥ 1979", "[DATE OF BIRTH]"), ("14 мая 1979 г.", "[DATE OF BIRTH] г."),
    ("14. мај 1979.", "[DATE OF BIRTH]."), ("14 Mayıs 1979", "[DATE OF BIRTH]"),
    ("14 maj", "[DATE OF BIRTH]"), ("1979. május 14.", "[DATE OF BIRTH]."),
    ("14.V.1979", "[DATE OF BIRTH]"), ("14 mai 1979", "[DATE OF BIRTH]"),
    ("on 14.5.2020", "on 14.5.2020"),
    # identifiers in any spacing, case, punctuation; brackets kept in pairs
    ("call (+30) 694 123 4567!", "call [PHONE]!"), ("(+30 694-123-4567)", "([PHONE])"),
    ("plate ca-1234-ab and са 1234 ав", "plate [VEHICLE ID] and [VEHICLE ID]"),
    ("IMO no. 9074729.", "IMO no. [VESSEL ID]."),
    # case endings and spellings
    ("Николића and Nikolicem", "[PERSON 2] and [PERSON 2]"),
])  # fmt: skip
def test_the_redactor_reads_what_people_write(text: str, expected: str) -> None:
    assert _redactor().redact(text)[0] == expected


def test_a_date_of_birth_stored_day_first_is_read_too() -> None:
    r = Redactor()
    r.add_date("14.05.1979", "[DATE OF BIRTH]")
    assert r.redact("born 1979-05-14, or 14 мая 1979")[0] == (
        "born [DATE OF BIRTH], or [DATE OF BIRTH]")


def test_one_date_format_per_pdf() -> None:
    from sirat.services.dissemination.mapping import format_date

    assert format_date("14.03.2026", "iso") == "2026-03-14"
    assert format_date("about 2026-03", "iso") == "about 2026-03"
    assert format_date("2026-03-14", "dmy") == "14.03.2026"
    assert format_date("2026", "dmy") == "2026"
    assert format_date("not a date", "iso") == "not a date"
