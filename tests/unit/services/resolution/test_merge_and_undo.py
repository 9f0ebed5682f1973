"""Merging two entities keeps every link; undoing the merge leaves the vault as it was."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sirat.errors import Conflict, NotFound, ValidationError
from sirat.services.entities.records import get_entity, update_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity, relate_entities
from sirat.services.resolution.candidates import mark_not_same
from sirat.services.resolution.merge import list_merges, merge_entities, unmerge
from sirat.services.search.fulltext import search_entities
from sirat.vault import Vault
from tests.unit.services.search.search_helpers import (
    add,
    audit_actions,
    dump,
    fts_terms,
    person,
    report,
)


def _world(vault: Vault) -> dict[str, int]:
    """Two records of one man, with links, relations, aliases, identifiers, a judgement."""
    r1 = reports.create_report(vault, report(title="Truck at Kapitan Andreevo"))
    r2 = reports.create_report(vault, report(title="Transfer in Sofia"))
    kept = add(vault, person("Ђорђе Петровић", "Djordje Petrovic", dob="1985-01-14",
                             nationality="RS", ids=[IdentifierValue("national_id",
                                                                    "0101985710008", "RS")]))
    merged = add(vault, person("Đorđe Petrović", "Гоша", dob="1985-01-14", gender="male",
                               ids=[IdentifierValue("national_id", "0101985710008", "RS"),
                                    IdentifierValue("document_number", "P1234567", "RS")]))
    truck = add(vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", "BG 1234 AB", "BG"),), fields={"make": "MAN"}))
    other = add(vault, person("Marko Marković"))
    for rid, eid, role in ((r1.id, kept.id, "suspect"), (r1.id, merged.id, "suspect"),
                           (r1.id, merged.id, "driver"), (r2.id, merged.id, "suspect"),
                           (r1.id, truck.id, "vehicle_used")):
        link_entity(vault, rid, eid, role)
    relate_entities(vault, merged.id, truck.id, "driver_of", r1.id)
    relate_entities(vault, kept.id, truck.id, "driver_of", r1.id)  # the same, twice
    relate_entities(vault, other.id, merged.id, "associate", r2.id)
    relate_entities(vault, kept.id, merged.id, "associate", r2.id)  # between the two
    mark_not_same(vault, merged.id, other.id)
    return {"r1": r1.id, "r2": r2.id, "kept": kept.id, "merged": merged.id,
            "truck": truck.id, "other": other.id}


def _links(vault: Vault, entity_id: int) -> set[tuple[int, str]]:
    return {(int(r.report_id), r.role) for r in get_entity(vault, entity_id, record_view=False)
            .reports}


def test_merge_keeps_every_link_relation_alias_and_identifier(analyst_vault: Vault) -> None:
    w = _world(analyst_vault)
    before = _links(analyst_vault, w["kept"]) | _links(analyst_vault, w["merged"])
    result = merge_entities(analyst_vault, w["kept"], w["merged"], score=100,
                            reasons=("same national id (RS)",))
    view = get_entity(analyst_vault, w["kept"], record_view=False)
    assert {(int(r.report_id), r.role) for r in view.reports} == before
    assert (result.links_moved, result.links_dropped) == (2, 1)  # (r1, suspect) twice
    assert sorted(n.text for n in view.names) == sorted(
        ["Ђорђе Петровић", "Djordje Petrovic", "Đorđe Petrović", "Гоша"])
    assert view.names[0].text == "Ђорђе Петровић"
    assert not view.names[0].is_alias
    assert {(i.type, i.value) for i in view.identifiers} == {
        ("national_id", "0101985710008"), ("document_number", "P1234567")}
    assert view.fields["gender"] == "male"  # an empty field filled from the merged entity
    assert view.fields["nationality"] == "RS"
    rels = {(int(r.source_id), r.relation_type, int(r.target_id)) for r in view.relations}
    assert rels == {(w["kept"], "driver_of", w["truck"]),
                    (w["other"], "associate", w["kept"])}
    with pytest.raises(NotFound):
        get_entity(analyst_vault, w["merged"], record_view=False)
    # Search finds the kept entity by the merged one's alias; the merged one is gone.
    hits = search_entities(analyst_vault, "Гоша")
    assert [int(h.entity_id) for h in hits] == [w["kept"]]
    assert [m.merge_id for m in list_merges(analyst_vault, w["kept"])] == [result.merge_id]


def test_merge_then_undo_leaves_the_vault_exactly_as_before(analyst_vault: Vault) -> None:
    w = _world(analyst_vault)
    tables = dump(analyst_vault)
    terms = {t: fts_terms(analyst_vault, t) for t in ("search_reports", "search_entities")}
    audit_before = audit_actions(analyst_vault)
    result = merge_entities(analyst_vault, w["kept"], w["merged"])
    assert dump(analyst_vault) != tables
    assert unmerge(analyst_vault, result.merge_id) == w["merged"]
    assert dump(analyst_vault) == tables
    assert {t: fts_terms(analyst_vault, t) for t in terms} == terms
    added = audit_actions(analyst_vault)[len(audit_before):]
    assert [a for a, _d in added] == ["entity.merge", "entity.unmerge"]
    for _action, details in added:
        assert json.loads(details)["merged"] == [w["merged"]]
        assert "Петров" not in details
        assert "Petrov" not in details


def test_chained_merges_undo_in_reverse_order(analyst_vault: Vault) -> None:
    w = _world(analyst_vault)
    tables = dump(analyst_vault)
    third = add(analyst_vault, person("Djordje Petrovic", dob="1985"))
    link_entity(analyst_vault, w["r2"], third.id, "witness")
    with_third = dump(analyst_vault)
    first = merge_entities(analyst_vault, w["kept"], w["merged"])
    second = merge_entities(analyst_vault, third.id, w["kept"])  # the kept one is merged on
    with pytest.raises(Conflict, match="Undo merge"):
        unmerge(analyst_vault, first.merge_id)
    unmerge(analyst_vault, second.merge_id)
    unmerge(analyst_vault, first.merge_id)
    assert dump(analyst_vault) == with_third
    # The third person's rows only (stats_entity_links: schema 13's copy of the links).
    theirs = ("entities", "entity_names", "report_entities", "entity_match_keys",
              "stats_entity_links")
    assert {k: v for k, v in with_third.items() if k not in theirs} == {
        k: v for k, v in tables.items() if k not in theirs}
    with pytest.raises(NotFound):
        unmerge(analyst_vault, first.merge_id)


def test_undo_after_the_kept_entity_was_edited(analyst_vault: Vault) -> None:
    w = _world(analyst_vault)
    result = merge_entities(analyst_vault, w["kept"], w["merged"])
    view = get_entity(analyst_vault, w["kept"], record_view=False)
    draft = view.to_draft()
    update_entity(analyst_vault, w["kept"], EntityDraft(
        "person", names=(*draft.names, NameForm("Gosha", True)), identifiers=draft.identifiers,
        fields=draft.fields))
    unmerge(analyst_vault, result.merge_id)
    kept = get_entity(analyst_vault, w["kept"], record_view=False)
    back = get_entity(analyst_vault, w["merged"], record_view=False)
    assert {n.text for n in kept.names} == {"Ђорђе Петровић", "Djordje Petrovic", "Gosha"}
    assert [n.text for n in back.names] == ["Đorđe Petrović", "Гоша"]
    assert {i.type for i in back.identifiers} == {"national_id", "document_number"}
    assert {(int(r.report_id), r.role) for r in back.reports} == {
        (w["r1"], "suspect"), (w["r1"], "driver"), (w["r2"], "suspect")}


def test_what_cannot_be_merged(analyst_vault: Vault) -> None:
    w = _world(analyst_vault)
    with pytest.raises(ValidationError):
        merge_entities(analyst_vault, w["kept"], w["kept"])
    with pytest.raises(ValidationError, match="one kind"):
        merge_entities(analyst_vault, w["kept"], w["truck"])
    with pytest.raises(Conflict, match="not to be the same"):
        merge_entities(analyst_vault, w["other"], w["merged"])
    with pytest.raises(NotFound):
        merge_entities(analyst_vault, w["kept"], 999_999)
    with analyst_vault.session() as s:
        assert s.execute(text("SELECT count(*) FROM entity_merges")).scalar_one() == 0
