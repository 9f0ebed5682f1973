"""The dissemination PDF's "Places on the map": built from the release view, so an observer's
copy shows no place of a withheld (private) address; texts not placed are listed, never
guessed; the GeoNames attribution goes with the figure. Read back with pypdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from io import BytesIO

from pypdf import PdfReader

from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import EntityField, EntityInput, RecipientInput, ReportInput

REPORT = ReportInput(
    reference="SIRAT-2026-000001", version=1, title="Heroin", crime_area="Drug trafficking",
    report_date=date(2026, 3, 14), information_date="2026-03", places=("Солун", "Atlantis"),
    reporting_country="GR", agency="Police", operation="", source_reliability="B",
    source_reliability_wording="", information_accuracy="2", information_accuracy_wording="",
    handling_codes=(), classification="UNCLASSIFIED", summary="", narrative="",
    analyst_comment="", keywords=(), author="A", approver="B", status="approved",
    originator="Centre",
)  # fmt: skip
HOME = EntityInput("1", "address", "Ул. Цара Душана 14, Београд", fields=(
    EntityField("city", "City", "Београд"), EntityField("country", "Country", "RS")),
    is_private=True, role="location")
DEPOT = EntityInput("2", "address", "Depot, Skopje", fields=(
    EntityField("city", "City", "Скопје"), EntityField("country", "Country", "MK")),
    role="location")


def _text(kind: str, report: ReportInput = REPORT) -> str:
    view = build_release_view(report, [HOME, DEPOT], [], RecipientInput("X", "X", kind))
    pdf = render_pdf_bytes(view, copy_number=1)
    pages = PdfReader(BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pages))


def test_member_state_copy_maps_places_and_addresses() -> None:
    text = _text("member-state")
    assert "Places on the map" in text
    assert "Thessaloníki" in text  # "Солун", placed through the cross-script keys
    assert "Belgrade" in text
    assert "Skopje" in text
    assert "Atlantis (not in the gazetteer)" in text
    assert "GeoNames" in text


def test_observer_copy_maps_no_place_of_a_withheld_address() -> None:
    text = _text("observer")
    assert "Places on the map" in text
    assert "Belgrade" not in text
    assert "Београд" not in text
    assert "Thessaloníki" in text
    assert "Skopje" in text


def test_no_places_no_map() -> None:
    view = build_release_view(replace(REPORT, places=()), [], [],
                              RecipientInput("X", "X", "observer"))
    pages = PdfReader(BytesIO(render_pdf_bytes(view, copy_number=1))).pages
    assert "Places on the map" not in " ".join(p.extract_text() or "" for p in pages)
