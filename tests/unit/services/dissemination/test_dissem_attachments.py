"""Attached images in the dissemination PDF: partners get them without metadata, observers
get none, the register lists each with its digest (pypdf reads the files back)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from sirat.errors import NotFound, ValidationError
from sirat.models import Report
from sirat.services.attachments import store as attachments
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination import register
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from tests.unit.services.dissemination.dissem_data import Team
from tests.unit.services.dissemination.pdf_probe import page_text

sys.path.insert(0, str(Path(__file__).parents[2] / "attachments"))
from attach_helpers import CANARY, DRAFT, photo


def _setup(team: Team) -> tuple[int, dict[str, int]]:
    ana = team["ana"]
    with ana.session() as s:
        rid = s.scalars(select(Report.id).where(Report.status == "approved")).one()
        ents = dict(s.execute(text(
            "SELECT e.attributes, e.id FROM entities e JOIN report_entities l "
            "ON l.entity_id = e.id WHERE l.report_id = :r AND e.kind IN ('vehicle','person')"),
            {"r": rid}).all())
    lorry = next(i for a, i in ents.items() if "Volvo" in a)
    person = next(i for a, i in ents.items() if "1985-03-12" in a)
    ids = {
        "lorry": attachments.add_attachment(ana, photo(900, 600), "Volvo_CA1234AB.jpg",
                                            entity_id=lorry).id,
        "person": attachments.add_attachment(ana, photo(300, 400), "Иван_Петров.jpg",
                                             entity_id=person).id,
        "pdf": attachments.add_attachment(ana, b"%PDF-1.4\n", "bill.pdf", entity_id=lorry).id,
    }
    return rid, ids


def _images(pdf: bytes) -> list[bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    return [img.data for page in reader.pages for img in page.images]


def test_partner_gets_the_chosen_images_without_metadata(team: Team) -> None:
    rid, ids = _setup(team)
    result = dissemination.export_report(team["ana"], rid, "BG",
                                         attachments=(ids["lorry"], ids["person"]))
    images = _images(result.pdf_bytes)
    photos = [d for d in images if len(d) > 2000]
    assert len(photos) >= 2
    for data in photos:
        assert b"Exif" not in data
        assert b"GPS" not in data
        assert CANARY.encode() not in data
    assert CANARY.encode() not in result.pdf_bytes
    assert b"Exif" not in result.pdf_bytes
    text_ = page_text(result.pdf_bytes)
    assert "Attached images" in text_
    assert "Volvo_CA1234AB.jpg" in text_
    entry = register.list_register(team["ana"], report_id=rid)[0]
    sent = {a.id: a.sha256 for a in attachments.list_attachments(team["ana"])}
    assert entry.attachments == (
        f"attachment {ids['lorry']} (image 1) sha256 {sent[ids['lorry']]}",
        f"attachment {ids['person']} (image 2) sha256 {sent[ids['person']]}")
    with team["ana"].session() as s:
        raw = json.loads(s.execute(text(
            "SELECT attachments FROM dissemination_register ORDER BY id DESC LIMIT 1"
        )).scalar_one())
    assert all(len(item["annex_sha256"]) == 64 for item in raw)


def test_observer_gets_none_and_is_told(team: Team) -> None:
    rid, ids = _setup(team)
    result = dissemination.export_report(team["ana"], rid, "OBS-GE",
                                         attachments=(ids["lorry"], ids["person"]))
    assert [d for d in _images(result.pdf_bytes) if len(d) > 2000] == []
    assert "Attached images" not in page_text(result.pdf_bytes)
    assert any("2 attached images left out: observers receive no attachments" in line
               for line in result.losses)
    assert register.list_register(team["ana"], report_id=rid)[0].attachments == ()


def test_only_images_of_this_report_go(team: Team) -> None:
    rid, ids = _setup(team)
    with pytest.raises(ValidationError, match="not an image"):
        dissemination.plan_export(team["ana"], rid, "BG", attachments=(ids["pdf"],))
    other = reports.create_report(team["ana"], DRAFT)
    foreign = attachments.add_attachment(team["ana"], photo(), "x.jpg", report_id=other.id)
    with pytest.raises(NotFound, match="not attached to this report"):
        dissemination.plan_export(team["ana"], rid, "BG", attachments=(foreign.id,))


def test_report_attachment_goes_to_a_partner(team: Team) -> None:
    ana, sup = team["ana"], team["sup"]
    rid = reports.create_report(ana, DRAFT).id
    view = attachments.add_attachment(ana, photo(800, 600), "scene.jpg", report_id=rid)
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    result = dissemination.export_report(ana, rid, "BG", attachments=(view.id,))
    assert len([d for d in _images(result.pdf_bytes) if len(d) > 2000]) == 1
