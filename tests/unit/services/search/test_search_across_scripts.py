"""Full-text search across scripts, end to end on a real vault."""

from __future__ import annotations

import json

import pytest

from sirat.models import ReportId
from sirat.services.entities.types import EntityDraft, IdentifierValue
from sirat.services.reports import records as reports
from sirat.services.search.fulltext import SearchFilters, search, search_entities, search_reports
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.services.search.search_helpers import add, audit_actions, person, report


@pytest.fixture
def filled(analyst_vault: Vault) -> dict[str, ReportId]:
    return {
        "serbian": reports.create_report(analyst_vault, report(
            title="Хероин преко Градине", crime_area="drugs", report_date="2026-01-10",
            narrative="Возач Ђорђе Петровић је ухапшен. Камион је пребачен у Ниш.")).id,
        "greek": reports.create_report(analyst_vault, report(
            title="Λαθρεμπόριο τσιγάρων στον Προμαχώνα", report_date="2026-02-11",
            summary="Ο Γιώργος Παπαδόπουλος οδηγούσε το φορτηγό.")).id,
        "turkish": reports.create_report(analyst_vault, report(
            title="Migrants at Kapıkule", crime_area="thb_ms", report_date="2026-03-12",
            narrative="The facilitator Şükrü Yılmaz met them at İpsala.",
            keywords=("smuggling",))).id,
        "latin": reports.create_report(analyst_vault, report(
            title="Cigarettes at Vidin", report_date="2026-04-13",
            narrative="Ivan Petrov drove the truck; Dorde Petrovic paid cash.",
            keywords=("cigarettes", "truck"))).id,
    }


def _refs(vault: Vault, query: str, filters: SearchFilters | None = None) -> set[int]:
    return {int(h.report_id) for h in search_reports(vault, query, filters=filters)}


@pytest.mark.parametrize(("query", "expected"), [
    ("Djordje", {"serbian", "latin"}),        # Dorde is also Đorđe without diacritics
    ("Dorde", {"serbian", "latin"}),
    ("Đorđe", {"serbian", "latin"}),
    ("Ђорђе", {"serbian", "latin"}),
    ("Petrović", {"serbian", "latin"}),
    ("petrov", {"latin"}),
    ("Петров", {"latin"}),                    # Cyrillic query, Latin text
    ("Sukru", {"turkish"}),
    ("ŞÜKRÜ", {"turkish"}),
    ("Шукру", {"turkish"}),
    ("Giorgos", {"greek"}),
    ("Γιώργος", {"greek"}),
    ("papadopoulos", {"greek"}),
    ("heroin", {"serbian"}),                  # Cyrillic text, Latin query
    ("Promachona", {"greek"}),
    ("ipsala", {"turkish"}),
    ("Nis", {"serbian"}),
])
def test_scripts_and_diacritics_do_not_matter(analyst_vault: Vault, filled: dict[str, ReportId],
                                              query: str, expected: set[str]) -> None:
    assert _refs(analyst_vault, query) == {filled[k] for k in expected}


@pytest.mark.parametrize(("query", "expected"), [
    ("petr*", {"serbian", "latin"}),
    ("Петр*", {"serbian", "latin"}),
    ('"Ђорђе Петровић"', {"serbian", "latin"}),  # a phrase; Dorde is a spelling of Đorđe
    ('"Dorde Petrovic"', {"serbian", "latin"}),
    ('"petrovic paid"', {"latin"}),
    ('"paid petrovic"', set()),
    ("truck cigarettes", {"latin"}),
    ("truck AND heroin", set()),
    ("heroin OR smuggling", {"serbian", "turkish"}),
    ("petrovic NOT cash", {"serbian"}),
    ("petrovic -cash", {"serbian"}),
    ("(heroin OR migrants) AND NOT kapikule", {"serbian"}),
    ('"unbalanced', set()),
    ('"Petrovi', set()),                      # the closing quote is added: not a prefix
    ('"Petrovi*', {"serbian", "latin"}),
])
def test_syntax(analyst_vault: Vault, filled: dict[str, ReportId], query: str,
                expected: set[str]) -> None:
    assert _refs(analyst_vault, query) == {filled[k] for k in expected}


@pytest.mark.parametrize(("query", "expected"), [
    ("Yiorgos", {"greek"}),                   # Greek beyond ELOT
    ("Georgios Papadopulos", {"greek"}),      # formal given name, Greeklish
    ("Petrovich", {"serbian", "latin"}),      # English -ich: a reading, and a skeleton
    ("Djordje Petrovich", {"serbian", "latin"}),
    ("Shukru Yilmaz", {"turkish"}),
    ("Sukru Ahmet Yilmaz", {"turkish"}),      # a middle name the report does not write
    ("exact:Dorde", {"latin"}),               # only where Dorde is written
    ("exact:Petrovich", set()),
])
def test_spelling_variants_find_reports(analyst_vault: Vault, filled: dict[str, ReportId],
                                        query: str, expected: set[str]) -> None:
    assert _refs(analyst_vault, query) == {filled[k] for k in expected}


def test_filters(analyst_vault: Vault, filled: dict[str, ReportId]) -> None:
    assert _refs(analyst_vault, "petrovic", filters=SearchFilters(
        crime_areas=frozenset({"drugs"}))) == {filled["serbian"]}
    assert _refs(analyst_vault, "petrovic", filters=SearchFilters(
        date_from="2026-02-01", date_to="2026-12-31")) == {filled["latin"]}
    workflow.submit(analyst_vault, filled["latin"])
    assert _refs(analyst_vault, "petrovic", filters=SearchFilters(
        statuses=frozenset({"submitted"}))) == {filled["latin"]}
    assert _refs(analyst_vault, "petrovic", filters=SearchFilters(
        statuses=frozenset({"draft"}))) == {filled["serbian"]}


def test_highlights_mark_the_original_words(analyst_vault: Vault,
                                            filled: dict[str, ReportId]) -> None:
    hits = {int(h.report_id): h for h in search_reports(analyst_vault, "djordje heroin")}
    hit = hits[filled["serbian"]]
    assert [hit.title[a:b] for a, b in hit.title_spans] == ["Хероин"]
    assert hit.snippet_field == "narrative"
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.spans] == ["Ђорђе"]
    greek = search_reports(analyst_vault, "papadop*")[0]
    assert [greek.snippet.text[a:b] for a, b in greek.snippet.spans] == ["Παπαδόπουλος"]


def test_title_matches_rank_first(analyst_vault: Vault) -> None:
    body = reports.create_report(analyst_vault, report(
        title="Routine check", narrative="A word about cocaine in the body."))
    title = reports.create_report(analyst_vault, report(title="Cocaine in bananas"))
    assert [int(h.report_id) for h in search_reports(analyst_vault, "cocaine")] == [
        title.id, body.id]


def test_entities_by_every_name_form_and_identifier(analyst_vault: Vault) -> None:
    who = add(analyst_vault, person("Ђорђе Јовановић", "Gosha", ids=[
        IdentifierValue("national_id", "0101990710008", "RS")]))
    car = add(analyst_vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", "СА 1234 ВХ", "BG"), IdentifierValue("vin", "WVWZZZ1JZXW000001")),
        fields={"make": "Volkswagen"}))
    for query in ("Djordje Jovanovic", "jovanov*", "gosha", "0101990710008"):
        assert [int(h.entity_id) for h in search_entities(analyst_vault, query)] == [who.id]
    for query in ("CA1234BX", "СА 1234 ВХ", "ca 1234 bx", "WVW ZZZ 1JZ XW 000001", "volkswagen"):
        hits = search_entities(analyst_vault, query)
        assert [int(h.entity_id) for h in hits] == [car.id], query
    exact = search_entities(analyst_vault, "CA 1234 BX")[0]
    assert exact.identifier_match
    assert exact.matched_field == "plate"
    assert exact.matched is not None
    assert exact.matched.text == "СА 1234 ВХ"
    alias = search_entities(analyst_vault, "gosha")[0]
    assert (alias.matched_field, alias.label_spans) == ("alias", ())
    assert search_entities(analyst_vault, "Jovanovic", kinds=["vehicle"]) == []


def test_a_reference_finds_its_report(analyst_vault: Vault, filled: dict[str, ReportId]) -> None:
    ref = reports.get_report(analyst_vault, filled["greek"], record_view=False).reference
    assert [int(h.report_id) for h in search_reports(analyst_vault, ref.lower())] == [
        filled["greek"]]


def test_the_index_follows_every_write(analyst_vault: Vault, filled: dict[str, ReportId]) -> None:
    rid = filled["latin"]
    reports.update_report(analyst_vault, rid, report(title="Boats at Sozopol"))
    assert _refs(analyst_vault, "sozopol") == {rid}
    assert _refs(analyst_vault, "petrov") == set()
    reports.delete_report(analyst_vault, rid)
    assert _refs(analyst_vault, "sozopol") == set()


def test_every_search_writes_one_audit_record_without_the_query(
        analyst_vault: Vault, filled: dict[str, ReportId]) -> None:
    before = len(audit_actions(analyst_vault))
    result = search(analyst_vault, "Ђорђе Петровић")
    search_reports(analyst_vault, "heroin")
    search_entities(analyst_vault, "gosha")
    added = audit_actions(analyst_vault)[before:]
    assert [a for a, _ in added] == ["search", "search", "search"]
    first = json.loads(added[0][1])
    assert first["chars"] == len("Ђорђе Петровић")
    assert first["reports"] == len(result.reports) == 2
    assert first["entities"] == 0
    for _a, details in added:
        assert "Ђорђе" not in details
        assert "heroin" not in details
        assert "gosha" not in details


def test_a_query_that_means_nothing_is_refused_plainly(analyst_vault: Vault) -> None:
    from sirat.errors import ValidationError

    before = len(audit_actions(analyst_vault))
    for query in ("", "   ", "AND OR (", "NOT heroin", "p*", "—"):
        with pytest.raises(ValidationError) as caught:
            search(analyst_vault, query)
        assert caught.value.problems[0].hint
    assert len(audit_actions(analyst_vault)) == before  # nothing was searched


def test_paging_past_the_ranked_window(analyst_vault: Vault, monkeypatch: pytest.MonkeyPatch,
                                       ) -> None:
    from sirat.services.search import rank as search_rank

    monkeypatch.setattr(search_rank, "RANK_WINDOW", 4)
    ids = [reports.create_report(analyst_vault, report(
        title="Opium " + ("opium " * (i % 3)), narrative=f"case {i}")).id for i in range(10)]
    first = search(analyst_vault, "opium", scope="reports", limit=4)
    assert not first.report_total_exact
    assert {int(h.report_id) for h in first.reports} == set(ids[-4:])  # the 4 most recent
    rest = search(analyst_vault, "opium", scope="reports", limit=10, offset=4)
    assert [int(h.report_id) for h in rest.reports] == ids[-5::-1]  # then by recency
    assert all(h.score == 0 for h in rest.reports)


def test_names_never_collide_with_the_list_separator(analyst_vault: Vault) -> None:
    reports.create_report(analyst_vault, report(keywords=("cash", "courier")))
    assert search_reports(analyst_vault, '"cash courier"') == []
    assert len(search_reports(analyst_vault, "cash courier")) == 1
