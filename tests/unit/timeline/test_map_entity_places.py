"""Places of entities other than addresses, on a real vault: a company and a vessel *located
at* an address, a person who *resides at* one -- geocoded through the gazetteer's cross-script
keys (Cyrillic, Greek), the unknown listed, never guessed; the person's place withheld from an
observer's map (and from the PDF figure read back)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

import pytest
from pypdf import PdfReader

from sirat.export.map_figure import map_pdf
from sirat.geo.basemap import load_basemap
from sirat.geo.points import redact_for_observer
from sirat.services.charts import map as map_data
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import links
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault
from tests.unit.services.charts.charts_net import BASE, _entity


@dataclass(frozen=True)
class Located:
    report: int
    company: int
    vessel: int
    person: int
    depot: int


def _address(vault: Vault, city: str, country: str, *, private: bool = False) -> int:
    return _entity(vault, EntityDraft("address", fields={"city": city, "country": country},
                                      is_private=private))


@pytest.fixture
def located(ana: Vault) -> Located:
    rid = int(reports.create_report(ana, replace(
        BASE, title="Port calls", places=(), reporting_country="BG")).id)
    company = _entity(ana, EntityDraft("organization", names=(NameForm("Кулата Транс ООД"),),
                                       fields={"country": "BG"}))
    vessel = _entity(ana, EntityDraft("vessel", names=(NameForm("Αιγαίο"),),
                                      fields={"flag": "GR"}))
    person = _entity(ana, EntityDraft("person", names=(NameForm("Стоян Канарчев"),)))
    depot = _address(ana, "Пловдив", "BG")
    links.relate_entities(ana, company, depot, "located_at", rid)
    links.relate_entities(ana, vessel, _address(ana, "Πειραιάς", "GR"), "located_at", rid)
    # Not private, yet a place of a person: withheld from observers all the same.
    links.relate_entities(ana, person, _address(ana, "Ниш", "RS"), "resides_at", rid)
    links.relate_entities(ana, company, _address(ana, "Атлантида", "BG"), "located_at", rid)
    return Located(rid, company, vessel, person, depot)


def _mine(ana: Vault, located: Located) -> map_data.MapData:
    return map_data.load(ana, ReportFilters(ids=frozenset({located.report})), record=False)


def test_related_entities_are_placed_across_scripts(ana: Vault, located: Located) -> None:
    data = _mine(ana, located)
    by_name = {p.name: p for p in data.points}
    assert set(by_name) == {"Plovdiv", "Piraeus", "Niš"}
    plovdiv = by_name["Plovdiv"]
    assert {located.company, located.depot} <= set(plovdiv.entity_ids)
    assert plovdiv.report_ids == (located.report,)
    assert "Пловдив" in plovdiv.spellings  # as the address wrote it, shown beside the name
    assert located.vessel in by_name["Piraeus"].entity_ids
    assert by_name["Niš"].spellings == ()  # a withheld point lists no spelling
    assert by_name["Niš"].withheld_for == (located.report,)
    assert not by_name["Plovdiv"].withheld_for
    # Never guessed: the unknown city is listed with the reason; the flag and the company's
    # country are countries, not points.
    assert [(u.text, u.reason) for u in data.unplaced] == [
        ("Атлантида", "not in the gazetteer")]


def test_the_observer_map_has_no_place_of_a_person(ana: Vault, located: Located) -> None:
    data = _mine(ana, located)
    safe = redact_for_observer(data)
    assert {p.name for p in safe.points} == {"Plovdiv", "Piraeus"}
    assert all(p.entity_ids == () for p in safe.points)
    pages = PdfReader(io.BytesIO(map_pdf(load_basemap(), safe, title="Map", credits=""))).pages
    text = "".join(page.extract_text() for page in pages)
    assert "Plovdiv" in text
    assert "Niš" not in text
    assert "Ниш" not in text
    assert "Канарчев" not in text
