"""The hostile report against observer copies: fields nobody listed, addresses and dates
of birth as people write them, entities personal through another report (issue 13).

Every rendering is read back: page text, every decompressed object of every revision
(signed), raw bytes in several encodings, metadata, annotations, the file name, the chart
labels, what the preview and the register say.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.export.sign import LoadedSigner
from sirat.models import DisseminationRecord
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination import register
from tests.unit.services.dissemination.dissem_data import Team, copy_vault
from tests.unit.services.dissemination.hostile_data import SECRETS, hostile_report
from tests.unit.services.dissemination.pdf_probe import (
    annotations_other_than_signature,
    leaks,
    page_text,
)


@pytest.fixture(scope="module")
def hostile_template(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_vault(template_vault, tmp_path_factory.mktemp("hostile") / "vault")
    team = Team(path)
    try:
        hostile_report(team["ana"], team["sup"])
    finally:
        team.close()
    return path


@pytest.fixture
def hostile(hostile_template: Path, tmp_path: Path) -> Team:
    team = Team(copy_vault(hostile_template, tmp_path / "vault"))
    yield team  # type: ignore[misc]
    team.close()


def _reference(team: Team) -> str:
    with team["ana"].session() as s:
        from sirat.models import Report

        return s.scalars(select(Report.reference).order_by(Report.id)).first() or ""


def _found(texts: list[str]) -> list[str]:
    joined = "\n".join(texts).casefold()
    return [s for s in SECRETS if s.casefold() in joined]


def test_the_observer_view_and_chart_carry_none_of_it(hostile: Team) -> None:
    plan = dissemination.plan_export(hostile["ana"], _reference(hostile), "OBS-GE")
    texts = list(plan.view.all_text())
    if plan.chart is not None:
        texts += [t for n in plan.chart.nodes() for t in (n.label, n.sublabel)]
        texts += [e.label for e in plan.chart.edges()]
    assert _found(texts) == []
    assert _found(list(plan.losses)) == []
    report = plan.view.report
    # the agency nobody listed: redacted, the organisation kept, brackets balanced
    assert report.agency.startswith("Hellenic Police (liaison officer [PERSON")
    assert report.agency.count("(") == report.agency.count(")")
    assert "(tel. [PHONE])" in report.narrative
    # staff by function and organisation
    assert report.author == "Analyst, Regional Operational Center"
    assert report.approver == "Supervisor, Regional Operational Center"


def test_the_observer_pdf_signed_carries_none_of_it(
    hostile: Team, outside_signer: LoadedSigner
) -> None:
    result = dissemination.export_report(hostile["ana"], _reference(hostile), "OBS-UNODC",
                                         sign_with=outside_signer)
    assert leaks(result.pdf_bytes, SECRETS) == []
    assert [s for s in SECRETS if s in result.file_name] == []
    assert annotations_other_than_signature(result.pdf_bytes) == []
    text = page_text(result.pdf_bytes)
    assert "Ana Analyst" not in text
    assert "Sam Supervisor" not in text
    assert text.count("OBSERVER COPY") >= result.pages  # the running header, every page


def test_the_preview_and_the_register_say_why(hostile: Team) -> None:
    ana = hostile["ana"]
    reference = _reference(hostile)
    plan = dissemination.plan_export(ana, reference, "OBS-WCO")
    why = [w.sentence() for w in plan.withholdings]
    with ana.session() as s:
        from sirat.models import Report

        other = s.scalars(select(Report.reference).where(Report.title == "Port of Varna")).one()
    assert any(w.startswith("Vessel") and "owner of" in w and other in w for w in why), why
    assert any(w.startswith("Organisation") and other in w for w in why), why
    assert any(w.startswith("Person") and "withheld because it is a person" in w for w in why)
    assert _found(why) == []
    entry = dissemination.export_report(ana, reference, "OBS-WCO").entry
    assert entry.withheld == tuple(why)
    with ana.session() as s:
        raw = s.scalars(select(DisseminationRecord.withheld)
                        .where(DisseminationRecord.id == entry.id)).one()
    assert {item["via"] for item in json.loads(raw)} >= {other}
    assert register.list_register(ana)[0].withheld == tuple(why)


def test_a_partner_reads_the_notes_and_the_names(
    hostile: Team, outside_signer: LoadedSigner
) -> None:
    result = dissemination.export_report(hostile["ana"], _reference(hostile), "BG",
                                         sign_with=outside_signer)
    text = page_text(result.pdf_bytes)
    for shown in ("Nikolić admitted the trips", "Nikolić uses it since 14.5.2020",
                  "Марко Николић", "Sea Falcon", "9HA2345", "Ana Analyst",
                  "Hellenic Police (liaison officer Nikos Georgiou"):
        assert shown in text, shown
    assert "OBSERVER COPY" not in text


def test_a_chain_of_relations_to_a_person_is_a_connection(hostile: Team) -> None:
    """A report naming no person: its lorry belongs to the company Mehmet owns (both said
    by other reports). The lorry's plate and VIN still stay out of the observer copy."""
    from dataclasses import replace

    from sirat.models import Entity
    from sirat.services.entities.types import EntityDraft, IdentifierValue
    from sirat.services.reports import records as reports
    from sirat.services.reports.links import link_entity, relate_entities
    from sirat.services.workflow import review as workflow
    from tests.unit.services.dissemination.dissem_data import _entity
    from tests.unit.services.dissemination.hostile_data import DRAFT

    ana, sup = hostile["ana"], hostile["sup"]
    with ana.session() as s:
        company = s.scalars(select(Entity.id).where(Entity.label == "Delta Shipping Ltd")).one()
    truck = _entity(ana, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", "B4455XY", "RO"), IdentifierValue("vin", "WMA06XZZ7BP000123")),
        fields={"make": "MAN", "model": "TGX", "colour": "red"}))
    clean = replace(DRAFT, title="A red lorry at the border", agency="Border Police",
                    summary="The lorry B 4455 XY crossed twice.", places=("Giurgiu",),
                    narrative="Lorry b4455xy (VIN WMA06XZZ7BP000123) crossed at Giurgiu.",
                    analyst_comment="", keywords=(), operation="")
    third = reports.create_report(ana, replace(clean, title="Fleet of Delta"))
    relate_entities(ana, company, truck, "owner_of", third.id)
    rid = reports.create_report(ana, clean).id
    link_entity(ana, rid, truck, "vehicle_used")
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)

    plan = dissemination.plan_export(ana, rid, "OBS-GE")
    shown = "\n".join(plan.view.all_text())
    for secret in ("B4455XY", "4455", "WMA06XZZ7BP000123"):
        assert secret not in shown.upper().replace(" ", "")
    assert "Vehicle: MAN, TGX, red" in [e.label for e in plan.view.entities]
    why = [w.sentence() for w in plan.withholdings]
    assert any("through another entity" in w for w in why), why
