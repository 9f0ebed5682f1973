"""Helpers for the domain tests: a valid report draft, a full table dump."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import text

from sirat.services.reports.types import ReportDraft
from sirat.vault import Vault

BASE_DRAFT = ReportDraft(
    title="Cigarette consignment via Vidin",
    crime_area="anti_fraud",
    report_date="2026-03-14",
    reporting_country="BG",
    source_reliability="B",
    information_accuracy="2",
    classification="RESTRICTED",
    information_date="about 2026-03",
    places=("Vidin", "Calafat"),
    agency="Border Police",
    operation="OP SMOKE",
    handling_codes=frozenset({"H0"}),
    summary="Two trucks.",
    narrative="Line one.\nLine two\twith a tab.",
    analyst_comment="Fits the pattern of 2025.",
    keywords=("cigarettes", "Danube"),
)


def draft(**changes: Any) -> ReportDraft:
    return replace(BASE_DRAFT, **changes)


def dump(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for "the vault is exactly as it was" checks."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with vault.session() as s:
        names = [r[0] for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))]
        for name in names:
            out[name] = [tuple(r) for r in s.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))]
    return out


def populate(vault: Vault) -> list[int]:
    """Two reports with entities of every kind, links and relations; returns report ids."""
    from sirat.services.entities.checks import identifier_warnings
    from sirat.services.entities.records import create_entity
    from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
    from sirat.services.reports.links import link_entity, relate_entities
    from sirat.services.reports.records import create_report

    first = create_report(vault, draft(handling_codes=frozenset({"H0", "H3"}),
                                       h3_text="Not for the press"))
    second = create_report(vault, draft(title="Ship at Constanța", crime_area="drugs",
                                        reporting_country="RO", information_date="2025"))
    specs = [
        ("suspect", EntityDraft("person", names=(
            NameForm("Ђорђе Јовановић"), NameForm("Đorđe Jovanović", True),
            NameForm("Djordje Jovanovic", True)),
            fields={"date_of_birth": "14.03.1980", "nationality": "RS", "gender": "male",
                    "place_of_birth": "Niš"},
            identifiers=(IdentifierValue("national_id", "0101990710008", "RS"),))),
        ("facilitator", EntityDraft("person", names=(
            NameForm("Γιώργος Παπαδόπουλος"), NameForm("Giorgos Papadopoulos", True)),
            fields={"date_of_birth": "about 1975", "nationality": "GR"})),
        ("vehicle_used", EntityDraft("vehicle", identifiers=(
            IdentifierValue("vin", "WVWZZZ1JZXW000001"),
            IdentifierValue("plate", "BG 1234 AB", "BG")),
            fields={"make": "Volkswagen", "model": "Golf", "colour": "black", "year": "1999",
                    "stolen": "yes"})),
        ("vessel_used", EntityDraft("vessel", names=(NameForm("Deniz Yıldızı"),),
                                    identifiers=(IdentifierValue("imo", "IMO 9074729"),
                                                 IdentifierValue("mmsi", "271000123", "TR")),
                                    fields={"flag": "TR"})),
        ("mentioned", EntityDraft("organization", names=(NameForm("Şükrü Lojistik A.Ş."),),
                                  fields={"country": "TR"})),
        ("location", EntityDraft("address", fields={"full": "Strada Portului 3, Constanța",
                                                    "city": "Constanța", "country": "RO"},
                                 is_private=True)),
        ("phone_used", EntityDraft("phone", identifiers=(
            IdentifierValue("phone", "064 123 4567", "RS"),))),
        ("document_used", EntityDraft("identity_document", identifiers=(
            IdentifierValue("document_number", "012345678", "RS"),),
            fields={"doc_type": "passport", "issuing_country": "RS", "expiry": "2031"})),
        ("account_used", EntityDraft("bank_account", identifiers=(
            IdentifierValue("iban", "RO49 AAAA 1B31 0075 9384 0000"),),
            fields={"bank": "Banca Transilvania"})),
        ("mentioned", EntityDraft("online_account", identifiers=(
            IdentifierValue("handle", "@djole_bg"),), fields={"service": "Telegram"})),
    ]
    ids = []
    for role, d in specs:
        acks = [w.key for w in identifier_warnings(d.identifiers)]
        e = create_entity(vault, d, acknowledged=acks)
        ids.append(e.id)
        link_entity(vault, first.id if len(ids) % 2 else second.id, e.id, role)
    person, greek, car, ship, org, _addr, phone, doc, account, _online = ids
    link_entity(vault, second.id, person, "suspect")
    relate_entities(vault, person, car, "owner_of", first.id)
    relate_entities(vault, person, greek, "associate", first.id, note="met in Thessaloniki")
    relate_entities(vault, greek, ship, "crew_of", second.id)
    relate_entities(vault, person, org, "employee_of", second.id)
    relate_entities(vault, person, phone, "uses", first.id)
    relate_entities(vault, person, doc, "holder_of", first.id)
    relate_entities(vault, org, account, "owner_of", second.id)
    return [first.id, second.id]
