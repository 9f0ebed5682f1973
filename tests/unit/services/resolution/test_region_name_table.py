"""End to end through the resolution service on a real vault: the region's name table.

Every pair of the names library's table (76 same-person pairs across scripts, 36 look-alike
pairs of different people) is stored (A) in one crowded vault, then B is asked for as a new
entity would be: A must come back "same" for the first table and never "same" for the
second. Plates with Cyrillic/Greek look-alike letters and identifiers are checked the same
way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.names import PersonFacts
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.resolution.candidates import candidates_for_draft, candidates_for_entity
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.names.test_names_match import DIFFERENT, SAME
from tests.unit.services.search.search_helpers import add

OWN_SAME = [  # persons typed the way registers write them (surname first, capitals)
    (PersonFacts(["ΠΑΠΑΔΟΠΟΥΛΟΣ ΓΕΩΡΓΙΟΣ"], "1971-03-09"),
     PersonFacts(["Georgios Papadopoulos"], "1971-03-09")),
    (PersonFacts(["ИВАНОВ, Стоян"], "1969"), PersonFacts(["Stoyan Ivanov"], "1969-04-30")),
]


def _draft(p: PersonFacts) -> EntityDraft:
    dob = p.date_of_birth.isoformat() if isinstance(p.date_of_birth, dt.date) else (
        p.date_of_birth or "")
    gender = {"m": "male", "f": "female"}.get((p.gender or "")[:1].lower(), "")
    fields = {k: v for k, v in (("date_of_birth", dob), ("gender", gender),
                                ("nationality", p.nationalities[0] if p.nationalities else ""))
              if v}
    return EntityDraft("person", names=tuple(NameForm(n, i > 0) for i, n in
                                             enumerate(p.names)), fields=fields)


PAIRS = [("same", a, b) for a, b in [*SAME, *OWN_SAME]] + [("different", a, b)
                                                           for a, b in DIFFERENT]


@pytest.fixture(scope="module")
def crowded(template_vault: Path, tmp_path_factory: pytest.TempPathFactory,
            ) -> Iterator[tuple[Vault, list[int]]]:
    """One vault holding every A of the table (so B meets all the look-alikes at once)."""
    import shutil

    path = tmp_path_factory.mktemp("crowded") / "vault"
    shutil.copytree(template_vault, path)
    vault = open_as(path, "ana")
    ids = [int(add(vault, _draft(a)).id) for _kind, a, _b in PAIRS]
    yield vault, ids
    vault.lock()


def test_the_table_is_big_enough() -> None:
    assert sum(1 for k, *_ in PAIRS if k == "same") >= 60
    assert sum(1 for k, *_ in PAIRS if k == "different") >= 30


@pytest.mark.parametrize("index", range(len(PAIRS)),
                         ids=[f"{k}:{a.names[0]}~{b.names[0]}" for k, a, b in PAIRS])
def test_candidates_for_a_new_person(crowded: tuple[Vault, list[int]], index: int) -> None:
    vault, ids = crowded
    kind, _a, b = PAIRS[index]
    found = {int(c.entity_id): c for c in candidates_for_draft(vault, _draft(b), limit=200)}
    mine = found.get(ids[index])
    if kind == "same":
        assert mine is not None, "A was not among the candidates"
        assert mine.verdict == "same", mine.reasons
        assert mine.reasons
        assert mine.decided_by == "name"
    else:
        assert mine is None or mine.verdict != "same", mine.reasons


def test_reasons_read_like_the_issue(crowded: tuple[Vault, list[int]]) -> None:
    vault, _ids = crowded
    b = EntityDraft("person", names=(NameForm("Djordje Petrovic"),),
                    fields={"date_of_birth": "1985-01-14", "nationality": "RS"})
    best = candidates_for_draft(vault, b)[0]
    assert best.explanation.startswith("same date of birth, name ")
    assert "across scripts" in best.explanation or "identical" in best.explanation


PLATES = [  # (stored, country, typed as a colleague would)
    ("СА 1234 ВХ", "BG", "CA1234BX"),       # Bulgarian plate typed in Cyrillic
    ("CA 1234 BX", "BG", "СА-1234-ВХ"),
    ("ΙΚΗ 4567", "GR", "IKH4567"),           # Greek capitals that look Latin
    ("BG 123-AB", "RS", "bg 123 ab"),
    ("34 ABC 123", "TR", "34ABC123"),
]


@pytest.mark.parametrize(("stored", "country", "typed"), PLATES)
def test_plates_with_look_alike_letters(analyst_vault: Vault, stored: str, country: str,
                                        typed: str) -> None:
    car = add(analyst_vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", stored, country),)))
    add(analyst_vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", stored, "AL" if country != "AL" else "BG"),)))
    found = candidates_for_draft(analyst_vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", typed, country),)))
    assert [(int(c.entity_id), c.verdict, c.decided_by) for c in found] == [
        (car.id, "same", "identifier")]
    assert found[0].reasons[0] == f"same plate ({country})"


def test_identifiers_decide_exactly(analyst_vault: Vault) -> None:
    vin = "WVWZZZ1JZXW000001"
    car = add(analyst_vault, EntityDraft("vehicle", identifiers=(IdentifierValue("vin", vin),)))
    add(analyst_vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("vin", vin[:-1] + "2"),)))  # one character apart: another car
    ship = add(analyst_vault, EntityDraft("vessel", names=(NameForm("Deniz Yıldızı"),),
                                          identifiers=(IdentifierValue("imo", "IMO 9074729"),)))
    namesake = add(analyst_vault, EntityDraft("vessel", names=(NameForm("Deniz Yildizi"),),
                                              identifiers=(IdentifierValue("imo", "9176187"),)))
    phone = add(analyst_vault, EntityDraft("phone", identifiers=(
        IdentifierValue("phone", "+359 88 123 4567"),)))
    acct = add(analyst_vault, EntityDraft("bank_account", identifiers=(
        IdentifierValue("iban", "BG80 BNBG 9661 1020 3456 78"),)))

    def ask(draft: EntityDraft) -> list[tuple[int, str]]:
        return [(int(c.entity_id), c.verdict) for c in candidates_for_draft(analyst_vault, draft)]

    assert ask(EntityDraft("vehicle", identifiers=(
        IdentifierValue("vin", "wvw zzz 1jz xw 000001"),))) == [(car.id, "same")]
    assert ask(EntityDraft("vessel", names=(NameForm("DENIZ YILDIZI"),), identifiers=(
        IdentifierValue("imo", "9074729"),))) == [(ship.id, "same")]  # namesake: other IMO
    assert ask(EntityDraft("vessel", names=(NameForm("Deniz Yildizi"),))) == [
        (namesake.id, "possible"), (ship.id, "possible")]  # names alone never decide a ship
    assert ask(EntityDraft("phone", identifiers=(IdentifierValue("phone", "00359881234567"),
                                                 ))) == [(phone.id, "same")]
    assert ask(EntityDraft("bank_account", identifiers=(
        IdentifierValue("iban", "bg80bnbg96611020345678"),))) == [(acct.id, "same")]
    assert ask(EntityDraft("phone", identifiers=(IdentifierValue("phone", "+359881234568"),
                                                 ))) == []


def test_documents_need_the_same_country(analyst_vault: Vault) -> None:
    ana = add(analyst_vault, EntityDraft("person", names=(NameForm("Ana Popescu"),),
                                         identifiers=(IdentifierValue(
                                             "document_number", "AB123456", "RO"),)))
    other = EntityDraft("person", names=(NameForm("Elena Ionescu"),), identifiers=(
        IdentifierValue("document_number", "AB 123456", "MD"),))
    assert candidates_for_draft(analyst_vault, other) == []
    unknown = EntityDraft("person", names=(NameForm("Elena Ionescu"),), identifiers=(
        IdentifierValue("document_number", "AB123456"),))
    found = candidates_for_draft(analyst_vault, unknown)
    assert [(int(c.entity_id), c.verdict) for c in found] == [(ana.id, "possible")]
    assert "country not given" in found[0].explanation


def test_candidates_of_a_stored_entity_leave_itself_out(analyst_vault: Vault) -> None:
    a = add(analyst_vault, EntityDraft("person", names=(NameForm("Иван Петров"),),
                                       fields={"date_of_birth": "1980-05-02"}))
    b = add(analyst_vault, EntityDraft("person", names=(NameForm("Ivan Petrov"),),
                                       fields={"date_of_birth": "1980-05-02"}))
    assert [int(c.entity_id) for c in candidates_for_entity(analyst_vault, a.id)] == [b.id]


def test_one_number_on_two_different_people_is_only_possible(analyst_vault: Vault) -> None:
    jmbg = IdentifierValue("national_id", "0101985710008", "RS")
    add(analyst_vault, EntityDraft("person", names=(NameForm("Јелена Јовановић"),),
                                   fields={"gender": "female"}, identifiers=(jmbg,)))
    found = candidates_for_draft(analyst_vault, EntityDraft(
        "person", names=(NameForm("Nebojša Petrović"),), fields={"gender": "male"},
        identifiers=(jmbg,)))
    assert [(c.verdict, c.decided_by) for c in found] == [("possible", "identifier")]
    assert found[0].explanation.startswith(
        "same national id (RS), but different gender and the names differ")
    same = candidates_for_draft(analyst_vault, EntityDraft(
        "person", names=(NameForm("Jelena Jovanovic"),), identifiers=(jmbg,)))
    assert [(c.verdict, c.score) for c in same] == [("same", 100)]
