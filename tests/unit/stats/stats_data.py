"""A small team vault with reports in every status, for the statistics tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.services.workflow.workflow_helpers import DRAFT


def report(ana: Vault, sup: Vault, status: str, *, persons: tuple[int, ...] = (),
           **changes: Any) -> int:
    """A report by ``ana`` with ``persons`` linked, brought to ``status``."""
    rid = reports.create_report(ana, replace(DRAFT, **changes)).id
    for pid in persons:
        entity_links.link_entity(ana, rid, pid, "suspect")
    if status == "draft":
        return rid
    workflow.submit(ana, rid)
    if status == "submitted":
        return rid
    workflow.approve(sup, rid)
    if status == "disseminated":
        workflow.mark_disseminated(ana, rid, "RS", "export-1")
    return rid


def person(ana: Vault, name: str, nationality: str) -> int:
    return entities.create_entity(ana, EntityDraft(
        "person", names=(NameForm(name),), fields={"nationality": nationality})).id


@dataclass
class Counted:
    """Ids of the reports the counting tests make."""

    about_march: int  # approved, "about 2026-03", two BG persons
    year_only: int  # approved, "2026", one RS person
    disseminated: int  # "2026-05-10", the first BG person again
    draft: int
    submitted: int
    no_info_date: int  # approved, no date of information: counts on 2026-06-20


def counted_reports(ana: Vault, sup: Vault) -> Counted:
    p1 = person(ana, "Петър Петров", "BG")
    p2 = person(ana, "Γιώργος Παπαδόπουλος", "BG")
    p3 = person(ana, "Marko Marković", "RS")
    return Counted(
        about_march=report(ana, sup, "approved", persons=(p1, p2),
                           information_date="about 2026-03",
                           places=("Vidin", "Vidin → Calafat → Bucharest")),
        year_only=report(ana, sup, "approved", persons=(p3,), information_date="2026",
                         crime_area="drugs", reporting_country="RS", operation="OP X"),
        disseminated=report(ana, sup, "disseminated", persons=(p1,),
                            information_date="2026-05-10",
                            places=("Vidin", "Vidin -> Calafat")),
        draft=report(ana, sup, "draft", persons=(p3,), information_date="2026-03-01"),
        submitted=report(ana, sup, "submitted", persons=(p3,),
                         information_date="2026-03-01"),
        no_info_date=report(ana, sup, "approved", information_date="",
                            report_date="2026-06-20"),
    )
