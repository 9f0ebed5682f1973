"""Version history and the word-level comparison of two versions."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sirat.errors import NotFound
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import history
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity
from sirat.services.workflow import review as workflow
from tests.unit.services.conftest import Team
from tests.unit.services.workflow.workflow_helpers import audit_count, draft, last_record


def _sides(changes: tuple[history.Change, ...]) -> tuple[str, str]:
    return "".join(c.old for c in changes), "".join(c.new for c in changes)


def test_words_are_compared_not_characters() -> None:
    changes = history.diff_words("The quick brown fox jumps over the dog.",
                                 "The slow red fox jumped over the lazy dog!")
    assert [(c.tag, c.old, c.new) for c in changes if c.tag != "equal"] == [
        ("replace", "quick brown", "slow red"),
        ("replace", "jumps", "jumped"),
        ("insert", "", "lazy "),
        ("replace", ".", "!"),
    ]


def test_scripts_other_than_latin_are_words_too() -> None:
    changes = history.diff_words("Петров прибыл в Видин", "Петров уехал из Видина")
    assert [(c.old, c.new) for c in changes if c.tag != "equal"] == [
        ("прибыл в Видин", "уехал из Видина")]


def test_identical_and_empty_texts() -> None:
    assert history.diff_words("same", "same") == (history.Change("equal", "same", "same"),)
    assert history.diff_words("", "") == ()
    assert history.diff_words("", "new") == (history.Change("insert", "", "new"),)
    assert history.diff_words("old", "") == (history.Change("delete", "old", ""),)


@given(st.text(alphabet=st.sampled_from("ab cд\n.,"), max_size=40),
       st.text(alphabet=st.sampled_from("ab cд\n.,"), max_size=40))
def test_each_side_of_a_diff_gives_its_text_back(old: str, new: str) -> None:
    changes = history.diff_words(old, new)
    assert _sides(changes) == (old, new)
    assert all(c.old == c.new for c in changes if c.tag == "equal")
    assert all(not c.new for c in changes if c.tag == "delete")
    assert all(not c.old for c in changes if c.tag == "insert")
    for a, b in itertools.pairwise(changes):
        assert not (a.tag != "equal" and b.tag != "equal")  # neighbours are merged


def test_left_and_right_mark_what_changed() -> None:
    diff = history.compare_snapshots({"narrative": "one two three"},
                                     {"narrative": "one 2 three"})
    narrative = next(f for f in diff if f.field == "narrative")
    assert narrative.left() == [("one ", False), ("two", True), (" three", False)]
    assert narrative.right() == [("one ", False), ("2", True), (" three", False)]


def test_history_and_comparison_of_a_report(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = reports.create_report(ana, draft()).id
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    workflow.reopen(ana, rid)
    entity = create_entity(ana, EntityDraft(kind="person", names=(NameForm("Петров Иван"),)))
    link_entity(ana, rid, entity.id, "suspect")
    reports.update_report(ana, rid, draft(
        narrative="The quick red fox jumps over the lazy dog.", places=("Vidin",),
        handling_codes=frozenset({"H0", "H2"})))

    versions = history.versions(ana, rid)
    assert [(v.version, v.approved, v.current) for v in versions] == [
        (1, True, False), (2, False, True)]
    assert versions[0].saved_by_name == "Ana Analyst"

    before = audit_count(sup)
    cmp = history.compare(sup, rid, 1, 2)
    assert audit_count(sup) == before + 1
    rec = last_record(sup)
    assert (rec.action, rec.object_id, rec.details) == ("report.compare", str(rid),
                                                        '{"versions":[1,2]}')
    assert {f.field for f in cmp.changed} == {"narrative", "places", "handling_codes", "links"}
    narrative = cmp.field("narrative")
    assert [(c.old, c.new) for c in narrative.changes if c.tag != "equal"] == [
        ("brown", "red"), ("", "lazy ")]
    assert (cmp.field("places").old, cmp.field("places").new) == ("Vidin, Calafat", "Vidin")
    assert cmp.field("handling_codes").new == "H0, H2"
    assert cmp.field("links").new == "suspect: Петров Иван"
    assert cmp.field("title").changes == (history.Change("equal", draft().title,
                                                         draft().title),)


def test_comparing_a_missing_version(team: Team) -> None:
    ana = team["ana"]
    rid = reports.create_report(ana, draft()).id
    before = audit_count(ana)
    with pytest.raises(NotFound, match="no version 7"):
        history.compare(ana, rid, 1, 7)
    with pytest.raises(NotFound):
        history.versions(ana, 999)
    assert audit_count(ana) == before
