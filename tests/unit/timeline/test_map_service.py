"""The map service on a real vault: places geocoded across scripts, what was not placed,
counts per country in SQL, and the observer's PDF figure read back."""

from __future__ import annotations

import io

from pypdf import PdfReader

from sirat.export.map_figure import map_pdf
from sirat.geo.basemap import load_basemap
from sirat.geo.points import redact_for_observer
from sirat.services.charts import map as map_data
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault
from tests.unit.timeline.timeline_data import Dated


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_places_in_three_scripts_are_one_point(ana: Vault, dated: Dated) -> None:
    data = map_data.load(ana)
    by_name = {p.name: p for p in data.points}
    salonica = by_name["Thessaloníki"]
    # "Солун" (report about), "Θεσσαλονίκη" (year) and "Thessaloniki" (day): one place.
    assert set(salonica.report_ids) == {dated.about, dated.year, dated.day}
    assert dated.about in by_name["Skopje"].report_ids
    # "Bar" is ambiguous (ME, UA) but the reports come from Montenegro.
    assert by_name["Bar"].country == "ME"
    # The private home address in Београд is a point, marked withheld, for report B.
    belgrade = by_name["Belgrade"]
    assert belgrade.withheld_for == (dated.net.report_b,)
    assert [(u.text, u.reason, u.report_id) for u in data.unplaced] == [
        ("Atlantis", "not in the gazetteer", dated.day)]
    assert data.counts == {"ME": 4, "MK": 1, "GR": 1, "BG": 1}
    assert data.reports == 7


def test_counts_follow_the_filters(ana: Vault, dated: Dated) -> None:
    data = map_data.load(ana, ReportFilters(crime_areas=frozenset({"anti_fraud"})))
    assert data.counts == {"GR": 1, "BG": 1}
    assert {p.name for p in data.points} == {"Thessaloníki"}


def test_the_observer_pdf_shows_no_place_from_a_withheld_address(ana: Vault) -> None:
    data = map_data.load(ana)
    basemap = load_basemap()
    member = _text(map_pdf(basemap, data, title="Map", credits="GeoNames CC BY 4.0"))
    assert "Belgrade" in member
    assert "Thessaloníki" in member
    observer = _text(map_pdf(basemap, redact_for_observer(data), title="Map", credits=""))
    assert "Belgrade" not in observer
    assert "Atlantis" not in observer
    assert "Thessaloníki" in observer
    assert "no personal data" in observer
