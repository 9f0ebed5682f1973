"""A small network of reports and entities in a real vault, for the chart tests.

Report A (drugs): Петар Петровић (suspect), Γιώργος Παπαδόπουλος (facilitator), a Volvo FH
(vehicle used; Petrović owns it), the vessel Aegean Star (vessel used; Papadopoulos is crew),
Petrović Trans d.o.o. (mentioned; Petrović works there), a phone Petrović uses.
Report B (stolen vehicles): the same Volvo, Şükrü Yılmaz (driver of it), a private address.
Report C (container security): the Aegean Star and Ege Lojistik A.Ş.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sirat.services.entities import records as entities
from sirat.services.entities.checks import identifier_warnings
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.vault import Vault

BASE = ReportDraft(
    title="Cocaine in banana containers", crime_area="drugs", report_date="2026-03-14",
    reporting_country="ME", source_reliability="B", information_accuracy="2",
    classification="RESTRICTED", information_date="2026-03", places=("Bar",),
    agency="Police", operation="OP PORT", handling_codes=frozenset({"H0"}),
    summary="Containers.", narrative="Петар Петровић met the crew.", analyst_comment="",
    keywords=("cocaine",),
)  # fmt: skip

#: Texts an observer must never receive (names in three scripts, identifiers).
SECRETS = (
    "Петар", "Петровић", "Petrovic", "Γιώργος", "Παπαδόπουλος", "Papadopoulos", "Şükrü",
    "Yılmaz", "Yilmaz", "CA1234AB", "CA 1234 AB", "YV2RT40A8LB123456", "+381641234567",
    "064 123 4567", "Цара Душана", "Petrović Trans", "1980-04-12", "BG 77 XY",
)


@dataclass(frozen=True)
class Net:
    """Ids of the test network (plain ints)."""

    report_a: int
    report_b: int
    report_c: int
    petrovic: int
    giorgos: int
    sukru: int
    volvo: int
    ship: int
    company: int
    other_company: int
    phone: int
    home: int


def _entity(vault: Vault, draft: EntityDraft) -> int:
    acks = [w.key for w in identifier_warnings(draft.identifiers)]
    return int(entities.create_entity(vault, draft, acknowledged=acks).id)


def build_network(vault: Vault) -> Net:
    a = int(reports.create_report(vault, BASE).id)
    b = int(reports.create_report(vault, replace(
        BASE, title="Stolen trucks to Turkey", crime_area="stolen_vehicles",
        report_date="2025-11-02")).id)
    c = int(reports.create_report(vault, replace(
        BASE, title="Container manifest", crime_area="container_security",
        report_date="2026-05-01")).id)
    petrovic = _entity(vault, EntityDraft("person", names=(
        NameForm("Петар Петровић"), NameForm("Petar Petrovic", True)),
        fields={"date_of_birth": "1980-04-12", "nationality": "RS"}))
    giorgos = _entity(vault, EntityDraft("person", names=(NameForm("Γιώργος Παπαδόπουλος"),)))
    sukru = _entity(vault, EntityDraft("person", names=(NameForm("Şükrü Yılmaz"),)))
    volvo = _entity(vault, EntityDraft("vehicle", identifiers=(
        IdentifierValue("plate", "CA 1234 AB", "BG"), IdentifierValue("vin", "YV2RT40A8LB123456")),
        fields={"make": "Volvo", "model": "FH", "colour": "white"}))
    ship = _entity(vault, EntityDraft("vessel", names=(NameForm("Aegean Star"),), identifiers=(
        IdentifierValue("imo", "9074729"),),
        fields={"flag": "MT", "vessel_type": "general cargo"}))
    company = _entity(vault, EntityDraft("organization", names=(NameForm("Petrović Trans d.o.o."),),
                                         fields={"country": "RS", "org_type": "haulier"}))
    other = _entity(vault, EntityDraft("organization", names=(NameForm("Ege Lojistik A.Ş."),),
                                       fields={"country": "TR"}))
    phone = _entity(vault, EntityDraft("phone", identifiers=(
        IdentifierValue("phone", "064 123 4567", "RS"),)))
    home = _entity(vault, EntityDraft("address", fields={
        "full": "Ул. Цара Душана 14, Београд", "city": "Београд", "country": "RS"},
        is_private=True))
    link = entity_links.link_entity
    for eid, role in ((petrovic, "suspect"), (giorgos, "facilitator"), (volvo, "vehicle_used"),
                      (ship, "vessel_used"), (company, "mentioned")):
        link(vault, a, eid, role)
    for eid, role in ((volvo, "vehicle_used"), (sukru, "driver"), (home, "location")):
        link(vault, b, eid, role)
    for eid, role in ((ship, "vessel_used"), (other, "mentioned")):
        link(vault, c, eid, role)
    relate = entity_links.relate_entities
    relate(vault, petrovic, volvo, "owner_of", a)
    relate(vault, giorgos, ship, "crew_of", a)
    relate(vault, petrovic, phone, "uses", a)
    relate(vault, petrovic, company, "employee_of", a)
    relate(vault, sukru, volvo, "driver_of", b)
    relate(vault, sukru, home, "resides_at", b)
    return Net(a, b, c, petrovic, giorgos, sukru, volvo, ship, company, other, phone, home)
