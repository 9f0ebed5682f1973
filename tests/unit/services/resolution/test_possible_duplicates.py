""""Possible duplicates", "not the same" judgements, suggestions while typing, and the index
built from scratch agreeing with the one kept up to date write by write."""

from __future__ import annotations

import json

from sqlalchemy import text

from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.resolution.candidates import (
    candidates_for_entity,
    forget_not_same,
    is_judged_distinct,
    mark_not_same,
)
from sirat.services.resolution.pairs import possible_duplicates
from sirat.services.resolution.suggestions import find_candidates
from sirat.services.search.fulltext import rebuild_index, search
from sirat.services.search.index import INDEX_VERSION, index_state
from sirat.vault import Vault
from tests.unit.services.search.search_helpers import add, audit_actions, fts_terms, person, report


def _people(vault: Vault) -> dict[str, int]:
    return {
        "cyr": int(add(vault, person("Иван Петров", dob="1980-05-02", nationality="BG")).id),
        "lat": int(add(vault, person("Ivan Petrov", dob="1980-05-02")).id),
        "other": int(add(vault, person("Ivan Petrov", dob="1962-11-23")).id),
        "gr": int(add(vault, person("Γιώργος Παπαδόπουλος", "G. Papadopoulos")).id),
        "gr2": int(add(vault, person("Giorgos Papadopoulos")).id),
        "car1": int(add(vault, EntityDraft("vehicle", identifiers=(
            IdentifierValue("plate", "СА 1234 ВХ", "BG"),))).id),
        "car2": int(add(vault, EntityDraft("vehicle", identifiers=(
            IdentifierValue("plate", "CA1234BX", "BG"),))).id),
    }


def test_possible_duplicates_lists_the_strongest_pairs(analyst_vault: Vault) -> None:
    p = _people(analyst_vault)
    pairs = possible_duplicates(analyst_vault)
    found = [({int(x.first_id), int(x.second_id)}, x.verdict, x.decided_by) for x in pairs]
    assert found[0] == ({p["car1"], p["car2"]}, "same", "identifier")
    assert ({p["cyr"], p["lat"]}, "same", "name") in found
    assert ({p["gr"], p["gr2"]}, "same", "name") in found
    assert not any({p["other"], p["cyr"]} == ids and v != "different" for ids, v, _ in found)
    scores = [x.score for x in pairs]
    assert scores == sorted(scores, reverse=True)
    petrov = next(x for x in pairs if {int(x.first_id), int(x.second_id)} == {p["cyr"], p["lat"]})
    assert petrov.explanation.startswith("same date of birth, name identical across scripts")
    only_vehicles = possible_duplicates(analyst_vault, "vehicle")
    assert {x.kind for x in only_vehicles} == {"vehicle"}


def test_not_the_same_is_remembered(analyst_vault: Vault) -> None:
    p = _people(analyst_vault)
    assert p["lat"] in [int(c.entity_id) for c in candidates_for_entity(analyst_vault, p["cyr"])]
    before = len(audit_actions(analyst_vault))
    mark_not_same(analyst_vault, p["lat"], p["cyr"], note="different fathers' names")
    mark_not_same(analyst_vault, p["cyr"], p["lat"])  # judged once is enough
    assert is_judged_distinct(analyst_vault, p["cyr"], p["lat"])
    assert p["lat"] not in [int(c.entity_id)
                            for c in candidates_for_entity(analyst_vault, p["cyr"])]
    assert {int(x.first_id) for x in possible_duplicates(analyst_vault)
            if {int(x.first_id), int(x.second_id)} == {p["cyr"], p["lat"]}} == set()
    added = audit_actions(analyst_vault)[before:]
    assert [a for a, _ in added] == ["entity.not_same"]
    assert "Petrov" not in added[0][1]
    assert "fathers" not in added[0][1]
    assert forget_not_same(analyst_vault, p["cyr"], p["lat"])
    assert not forget_not_same(analyst_vault, p["cyr"], p["lat"])
    assert not is_judged_distinct(analyst_vault, p["cyr"], p["lat"])


def test_suggestions_while_typing_explain_themselves(analyst_vault: Vault) -> None:
    p = _people(analyst_vault)
    found = find_candidates(analyst_vault, "person", "Ivan Petrov")
    assert {int(c.entity_id) for c in found[:3]} == {p["cyr"], p["lat"], p["other"]}
    assert found[0].exact
    assert "identical" in found[0].explanation
    typed = find_candidates(analyst_vault, "person", "Papadop")
    assert {int(c.entity_id) for c in typed} == {p["gr"], p["gr2"]}
    assert all("starts with what you typed" in c.explanation for c in typed)
    greek = find_candidates(analyst_vault, "person", "Γιωργος Παπαδοπουλος")
    assert {int(c.entity_id) for c in greek[:2]} == {p["gr"], p["gr2"]}
    plate = find_candidates(analyst_vault, "vehicle", "CA 1234 BX")
    assert {(int(c.entity_id), c.matched_on, c.exact) for c in plate} == {
        (p["car1"], "identifier", True), (p["car2"], "identifier", True)}


def test_a_rebuilt_index_equals_the_one_kept_in_step(analyst_vault: Vault) -> None:
    _people(analyst_vault)
    rid = reports.create_report(analyst_vault, report(narrative="Ђорђе и Христо")).id
    reports.update_report(analyst_vault, rid, report(narrative="Ђорђе и Христо, Şükrü."))
    kept = {t: fts_terms(analyst_vault, t) for t in ("search_reports", "search_entities")}
    with analyst_vault.session() as s:
        keys = list(s.execute(text("SELECT * FROM entity_match_keys ORDER BY 1, 2, 3")))
    result = rebuild_index(analyst_vault)
    assert (result.reports, result.entities) == (1, 7)
    assert {t: fts_terms(analyst_vault, t) for t in kept} == kept
    with analyst_vault.session() as s:
        assert list(s.execute(text("SELECT * FROM entity_match_keys ORDER BY 1, 2, 3"))) == keys
    assert audit_actions(analyst_vault)[-1][0] == "search.rebuild"


def test_a_new_vault_needs_no_build(analyst_vault: Vault) -> None:
    assert index_state(analyst_vault) == "fresh"  # empty, so complete
    reports.create_report(analyst_vault, report())
    assert index_state(analyst_vault) == INDEX_VERSION  # stamped by the first write
    before = len(audit_actions(analyst_vault))
    search(analyst_vault, "vidin")
    assert [a for a, _ in audit_actions(analyst_vault)[before:]] == ["search"]


def test_rows_written_past_the_services_into_a_new_vault(analyst_vault: Vault) -> None:
    """A bulk tool that fills a new vault without index_batch: the first search builds."""
    with analyst_vault.session(write=True) as s:
        s.execute(text(
            "INSERT INTO entities (id, uid, kind, label, label_key, attributes, is_private, "
            "created_at, created_by, updated_at, updated_by) VALUES (7, 'u7', 'person', "
            "'Ђорђе', 'djordje', '{}', 0, 'now', 1, 'now', 1)"))
        s.execute(text("INSERT INTO entity_names (entity_id, name, script, is_alias, position, "
                       "name_key) VALUES (7, 'Ђорђе', 'Cyrl', 0, 0, 'djordje')"))
    assert index_state(analyst_vault) == "fresh"
    assert [int(h.entity_id) for h in search(analyst_vault, "dorde").entities] == [7]
    assert index_state(analyst_vault) == INDEX_VERSION


def test_a_vault_without_an_index_builds_it_on_first_search(analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, report(title="Heroin at Gradina")).id
    with analyst_vault.session(write=True) as s:
        s.execute(text("UPDATE vault_meta SET value = '' WHERE key = 'search.index'"))
        s.execute(text("INSERT INTO search_reports (search_reports) VALUES ('delete-all')"))
    assert index_state(analyst_vault) == ""
    before = len(audit_actions(analyst_vault))
    assert [int(h.report_id) for h in search(analyst_vault, "heroin").reports] == [rid]
    assert index_state(analyst_vault) != ""
    added = audit_actions(analyst_vault)[before:]
    assert [a for a, _ in added] == ["search.rebuild", "search"]
    assert json.loads(added[0][1])["reports"] == 1


def test_names_of_other_kinds(analyst_vault: Vault) -> None:
    org = add(analyst_vault, EntityDraft("organization", names=(NameForm("Şükrü Lojistik A.Ş."),),
                                         fields={"country": "TR"}))
    found = find_candidates(analyst_vault, "organization", "Sukru Lojistik AS")
    assert [int(c.entity_id) for c in found] == [org.id]


def test_suggestions_from_the_whole_form(analyst_vault: Vault) -> None:
    p = _people(analyst_vault)
    form = person("Ivan Petrov", dob="1980-05-02", nationality="BG")
    found = find_candidates(analyst_vault, "person", "Ivan Petrov", draft=form)
    assert {int(c.entity_id) for c in found[:2]} == {p["cyr"], p["lat"]}
    cyr = next(c for c in found if int(c.entity_id) == p["cyr"])
    assert cyr.explanation == ("same date of birth, name identical across scripts, "
                               "same nationality")
    assert p["other"] not in [int(c.entity_id) for c in found if c.exact]
