"""Realistic sample reports and entities (Latin, Cyrillic and Greek names) for UI tests."""

from __future__ import annotations

from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.vault import Vault

AREAS = ("drugs", "thb_ms", "stolen_vehicles", "anti_fraud", "financial_cyber")
COUNTRIES = ("RS", "GR", "BG", "MK", "RO")


def draft(i: int, **changes: object) -> ReportDraft:
    values: dict[str, object] = {
        "title": f"Heroin shipment via Evzoni crossing #{i}",
        "crime_area": AREAS[i % len(AREAS)],
        "report_date": f"2026-03-{1 + i % 28:02d}",
        "reporting_country": COUNTRIES[i % len(COUNTRIES)],
        "source_reliability": "ABCX"[i % 4],
        "information_accuracy": "1234"[i % 4],
        "classification": "RESTRICTED",
        "information_date": "about 2026-02",
        "places": ("Evzoni", "Θεσσαλονίκη"),
        "agency": "Border police",
        "operation": "TF Balkan Route",
        "handling_codes": frozenset({"H0", "H2"}),
        "summary": "A truck crossed with concealed cargo; driver known as Петров.",
        "narrative": "Line one of the narrative.\nSuspect <Ivan> & co met at the border.",
        "analyst_comment": "Corroborates earlier reporting.",
        "keywords": ("heroin", "truck"),
    }
    values.update(changes)
    return ReportDraft(**values)  # type: ignore[arg-type]


def person(name: str, *aliases: str) -> EntityDraft:
    return EntityDraft(kind="person", names=(NameForm(name), *(NameForm(a, True) for a in aliases)),
                       fields={"nationality": "RS", "date_of_birth": "1984"})


def fill(vault: Vault, count: int = 3) -> list[int]:
    """``count`` reports; the first links a Serbian, a Greek person and a vehicle."""
    ids = [int(reports.create_report(vault, draft(i)).id) for i in range(count)]
    petrov = entities.create_entity(vault, person("Ђорђе Петровић", "Djordje Petrovic"))
    giorgos = entities.create_entity(vault, person("Γιώργος Παπαδόπουλος"))
    truck = entities.create_entity(vault, EntityDraft(
        kind="vehicle", identifiers=(IdentifierValue("plate", "BG 123-AB", "BG"),),
        fields={"make": "MAN", "model": "TGX", "colour": "white"}))
    entity_links.link_entity(vault, ids[0], petrov.id, "suspect")
    entity_links.link_entity(vault, ids[0], giorgos.id, "facilitator")
    entity_links.link_entity(vault, ids[0], truck.id, "vehicle_used")
    entity_links.relate_entities(vault, petrov.id, truck.id, "driver_of", ids[0])
    return ids


def bulk_reports(vault: Vault, count: int) -> None:
    """``count`` minimal reports in one Core insert (fast; no versions, no audit)."""
    from sqlalchemy import insert

    from sirat.models import Report

    rows = [
        {"uid": f"{i:032x}", "reference": f"SIRAT-2025-{i:06d}", "ref_year": 2025, "ref_seq": i,
         "title": f"Λιμάνι Πειραιά — пошиљка {i}", "crime_area": AREAS[i % len(AREAS)],
         "report_date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
         "reporting_country": COUNTRIES[i % len(COUNTRIES)], "grading_scheme": "europol-4x4",
         "source_reliability": "ABCX"[i % 4], "information_accuracy": "1234"[i % 4],
         "classification": "RESTRICTED", "status": "draft", "author_id": vault.info.user_id,
         "created_at": f"2025-01-01T00:00:{i % 60:02d}", "updated_at": f"2025-06-01T{i:09d}",
         "version": 1}
        for i in range(1, count + 1)
    ]
    with vault.engine.begin() as conn:
        conn.execute(insert(Report), rows)


def legacy_admin_draft(analyst: Vault, admin_user_id: int, i: int = 1) -> int:
    """A draft as the first release let an administrator write it (the service refuses
    that now): written by ``analyst``, then its author set to the administrator in the
    store, the way such a draft sits in a vault made before the refusal."""
    from sqlalchemy import update

    from sirat.models import Report

    report_id = int(reports.create_report(analyst, draft(i)).id)
    with analyst.session(write=True) as s:
        s.execute(update(Report).where(Report.id == report_id)
                  .values(author_id=admin_user_id))
    return report_id
