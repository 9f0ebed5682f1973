"""The dissemination PDF's "Timeline": built from the release view, so an observer's copy has
no lane, bar or label of a withheld entity. The observer's PDF is read back with pypdf --
page text and every decoded object (content streams included) -- for the canary names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sirat.export.pdf import render_pdf_bytes
from sirat.export.pdf_timeline import release_timeline
from sirat.export.release import build_release_view
from sirat.export.types import EntityInput, RelationInput, ReportInput
from sirat.timeline.model import lanes_of
from tests.unit.export.conftest import MakeRecipient, MakeReport
from tests.unit.services.dissemination import pdf_probe

SPAN = (date(2026, 9, 1), date(2026, 11, 30))  # "about 2026-10"
CANARY = "Канарче Тестов"


def _canary_entities(entities: list[EntityInput]) -> list[EntityInput]:
    return [EntityInput("p9", "person", CANARY, name_forms=(CANARY, "Kanarche Testov"),
                        role="courier"), *entities]


def _relations(relations: list[RelationInput]) -> list[RelationInput]:
    return [RelationInput("p9", "v1", "driver of"), RelationInput("s1", "v1", "carries"),
            *relations]


def _pdf(kind: str, make_report: MakeReport, make_recipient: MakeRecipient,
         entities: list[EntityInput], relations: list[RelationInput]) -> bytes:
    view = build_release_view(make_report(information_span=SPAN), _canary_entities(entities),
                              _relations(relations), make_recipient(kind))
    return render_pdf_bytes(view, copy_number=1)


def test_member_state_copy_has_the_timeline_with_every_entity(
    make_report: MakeReport, make_recipient: MakeRecipient, entities: list[EntityInput],
    relations: list[RelationInput],
) -> None:
    text = pdf_probe.page_text(_pdf("member-state", make_report, make_recipient, entities,
                                    relations))
    assert "Timeline" in text
    assert "Date of report" in text
    assert CANARY in text  # the courier's lane
    assert "Volvo FH CA1234AB" in text


def test_observer_copy_timeline_has_no_withheld_entity(
    make_report: MakeReport, make_recipient: MakeRecipient, entities: list[EntityInput],
    relations: list[RelationInput], canary_secrets: tuple[str, ...],
) -> None:
    pdf = _pdf("observer", make_report, make_recipient, entities, relations)
    text = pdf_probe.page_text(pdf)
    assert "Timeline" in text
    assert "Date of report" in text
    assert "MV Aurora" in text or "Vessel" in text  # a kept entity keeps its lane
    assert pdf_probe.leaks(pdf, (CANARY, "Канарче", "Kanarche", *canary_secrets)) == []


def test_observer_timeline_data_drops_withheld_lanes_and_events(
    make_report: MakeReport, make_recipient: MakeRecipient, entities: list[EntityInput],
    relations: list[RelationInput],
) -> None:
    view = build_release_view(make_report(information_span=SPAN), _canary_entities(entities),
                              _relations(relations), make_recipient("observer"))
    data = release_timeline(view)
    assert data is not None
    assert data.for_observer
    kinds = {ref.kind for item in data.items for ref in item.entities}
    assert kinds
    assert not kinds & {"person", "phone", "identity_document", "bank_account",
                                  "online_account"}
    labels = " ".join(lane.label for lane in lanes_of(data, "entity"))
    assert "Канарче" not in labels
    assert "CA1234AB" not in labels
    events = [i for i in data.items if i.kind == "relation"]
    assert [len(e.entities) for e in events] == [2]  # only the vessel carrying the lorry
    links = [i for i in data.items if i.kind == "link"]
    assert sorted(i.label for i in links) == ["vehicle used", "vessel used"]
    assert {(i.start, i.end) for i in links} == {(SPAN[0].toordinal(), SPAN[1].toordinal())}
    assert all(i.fuzzy for i in links)


def test_member_state_timeline_has_the_canary_event(
    make_report: MakeReport, make_recipient: MakeRecipient, entities: list[EntityInput],
    relations: list[RelationInput],
) -> None:
    view = build_release_view(make_report(information_span=SPAN), _canary_entities(entities),
                              _relations(relations), make_recipient("member-state"))
    data = release_timeline(view)
    assert data is not None
    assert any(CANARY in i.label for i in data.items if i.kind == "relation")


def test_no_date_of_information_no_timeline(make_report: MakeReport,
                                            make_recipient: MakeRecipient,
                                            entities: list[EntityInput]) -> None:
    report: ReportInput = replace(make_report(), information_span=None)
    view = build_release_view(report, entities, [], make_recipient("member-state"))
    assert release_timeline(view) is None
    assert "Timeline" not in pdf_probe.page_text(render_pdf_bytes(view, copy_number=1))


def test_relations_find_their_lanes_by_id_when_labels_repeat(
    make_report: MakeReport, make_recipient: MakeRecipient,
) -> None:
    """Two vessels an observer reads as the same generic label: the relation stays with the
    one it is about, and a relation to a withheld person is no event at all."""
    vessels = [EntityInput("s1", "vessel", "MV Aurora", role="vessel used"),
               EntityInput("s2", "vessel", "MV Borealis", role="vessel used"),
               EntityInput("o1", "organization", "Kulata Trans", role="mentioned"),
               EntityInput("p1", "person", CANARY, role="suspect")]
    rels = [RelationInput("o1", "s2", "owner of"), RelationInput("p1", "s1", "crew of"),
            RelationInput("p1", "s2", "crew of")]
    view = build_release_view(make_report(information_span=SPAN), vessels, rels,
                              make_recipient("observer"))
    shown = {e.id: e.label for e in view.entities}
    assert shown["s1"] == shown["s2"]  # both tied to a person: the same generic label
    data = release_timeline(view)
    assert data is not None
    [event] = [i for i in data.items if i.kind == "relation"]
    kept = [e.id for e in view.entities]
    assert [ref.id for ref in event.entities] == [kept.index("o1") + 1, kept.index("s2") + 1]
