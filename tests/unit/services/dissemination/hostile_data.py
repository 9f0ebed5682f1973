"""A hostile report: personal data where nobody listed it, written the way people write.

Each class of the release-by-construction issue is here, in Latin, Cyrillic and Greek:

1. fields nobody listed -- the reporting agency names the liaison officer and his phone;
   link notes and relation notes name persons;
2. addresses as people write them -- street and number in either order, with and
   without the street word, abbreviated, in the other script;
3. entities personal through *another* report -- a vessel (IMO, MMSI, call sign) and a
   company (registration number) tied to a person only by a relation another report
   asserts; that person's name typed in this report's narrative;
4. dates of birth in other formats and languages.
"""

from __future__ import annotations

from dataclasses import replace

from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity, relate_entities
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.services.dissemination.dissem_data import _entity

NARRATIVE = """\
On 3 March 2026 the liaison officer Νίκος Γεωργίου (tel. (+30) 694 123 4567) reported that
NIKOS GEORGIOU's informant met Марко Николић, born 14.5.1979 (also given as 14/05/1979,
1979-05-14, 14 May 1979, May 14, 1979, 14 Μαΐου 1979, 14 мая 1979, 14 мај 1979,
14 Mayıs 1979, 14 maj 1979, 14 mai 1979, 14. svibnja 1979, 1979. május 14.).
Nikolić lives at Ermou 25 (25 Ermou Street; οδός Ερμού 25; Ερμού 25, Athens) and keeps a
flat at ул. Витоша 15 (Vitosha Blvd. 15; bul. Vitosha No. 15), Sofia.
His phone 0030 694-123-4567 and +30 694 1234567 were seen; passport ab 98 76 543.
The vessel Sea Falcon (IMO 9074729, MMSI 248 123 456, call sign 9HA2345) and the company
Delta Shipping Ltd (reg. no. BG 204 567 890) belong to Mehmet Yılmaz, as SIRAT records
elsewhere; Yilmaz and Йълмаз were seen in Varna.
"""

DRAFT = ReportDraft(
    title="Marko Nikolić and the Sea Falcon",
    crime_area="drugs",
    report_date="2026-11-20",
    reporting_country="GR",
    source_reliability="B",
    information_accuracy="2",
    classification="UNCLASSIFIED",
    information_date="14.03.2026",
    places=("Ermou 25, Athens", "Varna (BG)"),
    agency="Hellenic Police (liaison officer Nikos Georgiou, tel. +30 694 123 4567)",
    operation="Operation Марко",
    handling_codes=frozenset({"H0"}),
    summary="Νικολιć moves cocaine on the Sea Falcon; contact +30 694 123 4567.",
    narrative=NARRATIVE,
    analyst_comment="Georgiou's source on Nikolic is reliable.",
    keywords=("Nikolić", "9HA2345", "Delta Shipping"),
)

#: What must never reach an observer, in any rendering.
SECRETS = (
    "Νίκος Γεωργίου", "Georgiou", "GEORGIOU", "Γεωργίου", "Nikos",
    "Марко Николић", "Николић", "Nikolić", "Nikolic", "Νικολιć", "Marko",
    "Mehmet", "Yılmaz", "Yilmaz", "Йълмаз",
    "694 123 4567", "6941234567", "694-123-4567", "123 4567",
    "14.5.1979", "14/05/1979", "1979-05-14", "14 May 1979", "May 14, 1979", "14 Μαΐου",
    "14 мая", "14 мај", "14 Mayıs", "14 maj", "14 mai", "svibnja 1979", "május 14",
    "Ermou 25", "25 Ermou", "Ερμού 25", "Витоша 15", "Vitosha Blvd. 15", "Vitosha No. 15",
    "9074729", "248 123 456", "248123456", "9HA2345", "BG 204 567 890", "204567890",
    "Sea Falcon", "Delta Shipping", "AB9876543", "98 76 543",
)  # fmt: skip


def hostile_report(ana: Vault, sup: Vault) -> tuple[int, int, dict[str, int]]:
    """The hostile report (approved) and the other report that ties ship and company to
    Mehmet Yılmaz. Returns (report id, other report id, entity ids)."""
    specs = {
        "marko": EntityDraft("person", names=(NameForm("Марко Николић"),
                                              NameForm("Marko Nikolić", True)),
                             fields={"date_of_birth": "1979-05-14", "nationality": "RS"},
                             identifiers=(IdentifierValue("document_number", "AB9876543",
                                                          "RS"),)),
        "nikos": EntityDraft("person", names=(NameForm("Νίκος Γεωργίου"),
                                              NameForm("Nikos Georgiou", True))),
        "phone": EntityDraft("phone", identifiers=(
            IdentifierValue("phone", "+30 694 123 4567", "GR"),)),
        "home": EntityDraft("address", fields={"full": "Ermou 25, Athens", "city": "Athens",
                                               "country": "GR"}, is_private=True),
        "flat": EntityDraft("address", fields={"street": "ул. Витоша 15", "city": "Sofia",
                                               "country": "BG"}),
        "ship": EntityDraft("vessel", names=(NameForm("Sea Falcon"),), identifiers=(
            IdentifierValue("imo", "IMO 9074729"), IdentifierValue("mmsi", "248123456"),
            IdentifierValue("call_sign", "9HA2345")),
            fields={"flag": "MT", "vessel_type": "general cargo"}),
        "company": EntityDraft("organization", names=(NameForm("Delta Shipping Ltd"),),
                               identifiers=(IdentifierValue("registration_number",
                                                            "BG204567890"),),
                               fields={"org_type": "company", "country": "BG"}),
        "mehmet": EntityDraft("person", names=(NameForm("Mehmet Yılmaz"),)),
    }
    ids = {key: _entity(ana, d) for key, d in specs.items()}
    rid = reports.create_report(ana, DRAFT).id
    for key, role, note in (
        ("marko", "suspect", "Nikolić admitted the trips"),
        ("nikos", "witness", "Georgiou, tel. +30 694 123 4567"),
        ("phone", "phone_used", "Nikolić's phone"),
        ("home", "location", "Nikolić's home, Ermou 25"),
        ("flat", "location", ""),
        ("ship", "vessel_used", "Sea Falcon, IMO 9074729"),
        ("company", "mentioned", ""),
    ):
        link_entity(ana, rid, ids[key], role, note)
    relate_entities(ana, ids["marko"], ids["phone"], "uses", rid,
                    note="Nikolić uses it since 14.5.2020")
    relate_entities(ana, ids["marko"], ids["home"], "resides_at", rid)
    # Another report, with no link to this one, ties ship and company to Mehmet.
    other = reports.create_report(ana, replace(DRAFT, title="Port of Varna", summary="",
                                               narrative="", analyst_comment="", keywords=(),
                                               agency="Border Police", places=(),
                                               operation=""))
    relate_entities(ana, ids["mehmet"], ids["ship"], "owner_of", other.id)
    relate_entities(ana, ids["mehmet"], ids["company"], "owner_of", other.id)
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    return rid, other.id, ids
