"""The release view: what each recipient kind may see, decided before rendering."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sirat.export.errors import ExportPolicyError
from sirat.export.redact import Redactor, default_fold
from sirat.export.release import build_release_view, check_release, describe_losses
from sirat.export.types import (
    EntityField,
    EntityInput,
    HandlingCode,
    ProviderPermission,
    RecipientInput,
    RelationInput,
    ReportInput,
)

MakeReport = Callable[..., ReportInput]
MakeRecipient = Callable[..., RecipientInput]


def _leaks(text: str, secrets: tuple[str, ...]) -> list[str]:
    folded = text.casefold()
    return [s for s in secrets if s.casefold() in folded]


def test_observer_view_contains_no_personal_data(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
    canary_secrets: tuple[str, ...],
) -> None:
    view = build_release_view(report, entities, relations, make_recipient("observer"))

    leaks = [_leaks(text, canary_secrets) for text in view.all_text()]
    assert [leak for leak in leaks if leak] == []
    kinds = {e.kind for e in view.entities}
    assert kinds == {"vehicle", "vessel"}
    assert view.personal_data_withheld


def test_observer_view_keeps_the_text_around_placeholders(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
) -> None:
    view = build_release_view(report, entities, relations, make_recipient("observer"))

    assert view.report.title == "Cigarette smuggling route run by [PERSON 1] via Kulata"
    assert view.report.summary.startswith("[PERSON 1] ([PERSON 1]) and [PERSON 2] move ")
    assert "[PERSON 2]'s phone [PHONE] was seen daily." in view.report.summary
    # adjacent mentions of one person separated by a comma become one placeholder
    assert "The driver, [PERSON 3] ([PERSON 3]), showed" in view.report.narrative
    assert "[PERSON 1], born [DATE OF BIRTH], lives at [ADDRESS]." in view.report.narrative
    assert "showed [DOCUMENT NO.] and called [PHONE]." in view.report.narrative
    assert "IBAN [BANK ACCOUNT], held by [PERSON 1] I." in view.report.narrative
    assert "lorry [VEHICLE ID] (VIN [VEHICLE ID]) crossed at Kulata.\n" in view.report.narrative
    assert "\n\n" in view.report.narrative
    assert view.report.keywords == ("cigarettes", "[PERSON 1]")
    assert [(p.placeholder, p.role) for p in view.withheld_persons] == [
        ("[PERSON 1]", "suspect"),
        ("[PERSON 2]", "financier"),
        ("[PERSON 3]", "driver"),
    ]


def test_observer_sees_only_non_identifying_fields_of_a_linked_vehicle(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
) -> None:
    view = build_release_view(report, entities, relations, make_recipient("observer"))

    lorry = next(e for e in view.entities if e.kind == "vehicle")
    assert [f.key for f in lorry.fields] == ["make", "model", "colour"]
    assert lorry.label == "Vehicle: Volvo, FH, white"
    vessel = next(e for e in view.entities if e.kind == "vessel")
    # The report names persons: a shared report is a connection (the disclosure policy),
    # so the vessel keeps its type and flag only.
    assert vessel.label.startswith("Vessel")
    assert "MV Aurora" not in vessel.label
    # The same vessel in a report that names nobody keeps its name.
    alone = build_release_view(report, [e for e in entities if e.kind == "vessel"], [],
                               make_recipient("observer"))
    assert alone.entities[0].label == "MV Aurora"
    assert [(r.source, r.relation, r.target) for r in view.relations] == [
        ("[PERSON 1]", "owner of", "Vehicle: Volvo, FH, white"),
        ("[PERSON 3]", "driver of", "Vehicle: Volvo, FH, white"),
        ("[PERSON 1]", "associate", "[PERSON 2]"),
    ]


@pytest.mark.parametrize("kind", ["member-state", "operational-partner"])
def test_member_states_and_partners_see_everything(
    kind: str,
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
) -> None:
    view = build_release_view(report, entities, relations, make_recipient(kind))

    assert view.report == report
    assert view.entities == tuple(entities)
    assert len(view.relations) == len(relations)
    assert describe_losses(report, entities, relations, kind) == []  # type: ignore[arg-type]


def test_describe_losses_for_an_observer_names_counts_not_data(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    canary_secrets: tuple[str, ...],
) -> None:
    losses = describe_losses(
        dataclasses.replace(report, chart=object()), entities, relations, "observer"
    )

    assert losses[0] == (
        "3 persons left out of the entity annex; shown as [PERSON 1]–[PERSON 3] in the text"
    )
    assert "1 phone number left out of the entity annex" in losses
    assert "1 private address left out of the entity annex" in losses
    assert (
        "Identifying details (Registration plate, VIN) removed from 1 vehicle "
        "linked to personal data"
    ) in losses
    assert "4 of 7 relations left out (they involve withheld entities)" in losses
    assert [line for line in losses if _leaks(line, canary_secrets)] == []


@pytest.mark.parametrize(
    ("form", "text", "expected"),
    [
        ("Петров", "Petrov; PETROV and petrov left", "[P]; [P] and [P] left"),
        ("Ivan Petrov", "Ivana; Petrovu; Petrovs; Petrovski", "[P]; [P]; [P]; Petrovski"),
        ("Marko", "Marka; Markom; the market", "[P]; [P]; the market"),
        ("Ђорђе", "Đorđe or Djordje came", "[P] or [P] came"),
        ("Giorgos Papadopoulos", "ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ said", "[P] said"),
        ("Şükrü Yılmaz", "Sukru YILMAZ and Yilmaz", "[P] and [P]"),
        ("Petrov", "Pe\u00adtrov and Petrovs", "[P] and [P]"),
        ("Li Na", "Li Na met Lina and Li", "[P] met Lina and Li"),
        ("Mark", "the market and marked goods", "the market and marked goods"),
    ],
)
def test_person_names_match_across_scripts_and_spellings(
    form: str, text: str, expected: str
) -> None:
    redactor = Redactor()
    redactor.add_person((form,), "[P]")

    assert redactor.redact(text)[0] == expected


def test_a_token_two_persons_share_names_neither_alone() -> None:
    redactor = Redactor()
    redactor.add_person(("Ivan Petrov",), "[PERSON 1]")
    redactor.add_person(("Pavel Petrov",), "[PERSON 2]")

    assert redactor.redact("Ivan Petrov, Petrov and Pavel")[0] == (
        "[PERSON 1], [PERSON 1 or PERSON 2] and [PERSON 2]"
    )


def test_identifiers_match_whatever_the_separators() -> None:
    redactor = Redactor()
    redactor.add_identifier("СА 1234 АВ", "[PLATE]")  # Cyrillic look-alike letters
    redactor.add_identifier("BG80BNBG96611020345678", "[IBAN]")

    text = "plate CA-1234-AB, iban BG80 BNBG 9661 1020 3456 78."
    assert redactor.redact(text) == ("plate [PLATE], iban [IBAN].", 2)


def test_an_injected_fold_function_is_used() -> None:
    calls: list[str] = []

    def fold(text: str) -> str:
        calls.append(text)
        return default_fold(text)

    redactor = Redactor(fold)
    redactor.add_person(("Petrov",), "[P]")
    assert redactor.redact("Petrov")[0] == "[P]"
    assert "Petrov" in calls


@pytest.fixture
def member_state(make_recipient: MakeRecipient) -> MakeRecipient:
    """A member state recipient, with ``changes`` applied."""

    def make(**changes: Any) -> RecipientInput:
        return dataclasses.replace(make_recipient("member-state"), **changes)

    return make


def test_only_approved_or_disseminated_reports_leave(
    make_report: MakeReport, member_state: MakeRecipient
) -> None:
    for status in ("approved", "disseminated"):
        check_release(make_report(status=status), member_state(), ())
    with pytest.raises(ExportPolicyError) as info:
        check_release(make_report(status="submitted"), member_state(), ())
    assert info.value.message == (
        "SIRAT-2026-000042 is submitted; only approved reports can be exported."
    )
    assert "supervisor" in info.value.hint


def test_classification_the_recipient_may_not_receive_is_refused(
    make_report: MakeReport, member_state: MakeRecipient
) -> None:
    with pytest.raises(ExportPolicyError, match="may not receive SECRET material"):
        check_release(
            make_report(classification="SECRET"),
            member_state(may_receive_classifications=frozenset({"RESTRICTED"})),
            (),
        )


def test_handling_code_the_recipient_may_not_receive_is_refused(
    make_report: MakeReport, member_state: MakeRecipient
) -> None:
    with pytest.raises(ExportPolicyError, match="may not receive material marked H3"):
        check_release(make_report(), member_state(may_receive_handling_codes=frozenset({"H0"})), ())


def test_h2_needs_the_provider_permission_for_this_recipient(
    make_report: MakeReport, member_state: MakeRecipient
) -> None:
    h2 = make_report(handling_codes=(HandlingCode("H2", "Not to be disseminated"),))
    with pytest.raises(ExportPolicyError, match="without the provider's permission"):
        check_release(h2, member_state(), ())
    with pytest.raises(ExportPolicyError, match="without the provider's permission"):
        check_release(h2, member_state(), (ProviderPermission("H2", "GR"),))

    check_release(h2, member_state(), (ProviderPermission("H2", "RO"),))
    check_release(h2, member_state(), (ProviderPermission("H2", None),))


def test_inputs_are_validated(make_report: MakeReport) -> None:
    with pytest.raises(ValueError, match="SIRAT-YYYY-NNNNNN"):
        make_report(reference="2026-42")
    with pytest.raises(ValueError, match="unknown entity kind"):
        EntityInput("x", "spaceship", "x")  # type: ignore[arg-type]
    assert EntityField("plate", "Plate", "X").key == "plate"


@given(text=st.text(max_size=200))
def test_a_redactor_without_terms_changes_nothing(text: str) -> None:
    assert Redactor().redact(text) == (text, 0)


@given(
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    form=st.sampled_from(
        [
            "Петров",
            "Petrov",
            "PETROV",
            "Petrova",
            "Παπαδόπουλος",
            "PAPADOPOULOS",
            "Papadopoulou",
            "Đorđe",
            "Djordje",
            "ЂОРЂЕ",
            "Jovanović",
            "Ivan Petrov",
        ]
    ),
)
def test_a_known_name_never_survives_whatever_surrounds_it(
    before: str, after: str, form: str
) -> None:
    redactor = Redactor()
    redactor.add_person(("Иван Петров", "Ivan Petrov"), "[PERSON 1]")
    redactor.add_person(("Γιώργος Παπαδόπουλος",), "[PERSON 2]")
    redactor.add_person(("Ђорђе Јовановић",), "[PERSON 3]")
    text, count = redactor.redact(f"{before} {form} {after}")

    assert count >= 1
    assert form not in text
