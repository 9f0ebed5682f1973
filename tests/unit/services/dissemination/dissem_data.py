"""A team vault with a realistic approved report whose personal data is known (the canary).

Shared by the unit, app and command-line tests of dissemination. Persons are written in
Cyrillic, Greek and Latin with aliases in the other scripts; identifiers sit on the persons
themselves (national id, e-mail) and on entities of their own; the narrative names all of
them. A second lorry is personal data only through a relation of *another* report.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from sirat.services.access.session import sign_in
from sirat.services.entities.checks import identifier_warnings
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity, relate_entities
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.conftest import USERS

NARRATIVE = (
    "On 2026-10-03 the lorry CA 1234 AB (VIN WVWZZZ1JZXW000001) crossed at Kulata.\n"
    "The driver, Đorđe Jovanović (Djordje Jovanovic, Ђорђе Јовановић), showed passport "
    "AB1234567 and called 0881234567.\n\n"
    "Payments went to IBAN BG80 BNBG 9661 1020 3456 78, held by Petrova I. "
    "(petrov.ivan@example.bg, national id 8503121234). Ivan Petrov, born 1985-03-12, lives "
    "at Vitosha 15.\nGiorgos Papadopoulos organises the Greek side with a second lorry, "
    "PB 7788 KK. The vessel MV Aurora and Kulata Trans Ltd were also seen."
)

DRAFT = ReportDraft(
    title="Cigarette smuggling route run by Ivan Petrov via Kulata",
    crime_area="anti_fraud",
    report_date="2026-11-20",
    reporting_country="BG",
    source_reliability="B",
    information_accuracy="2",
    classification="UNCLASSIFIED",
    information_date="about 2026-10",
    places=("Kulata (BG)", "Promachonas (GR)"),
    agency="Border Police",
    operation="Task force TOBACCO",
    handling_codes=frozenset({"H0"}),
    summary="PETROV (Петров) and Γιώργος Παπαδόπουλος move cigarettes through Kulata. "
            "Papadopoulou's phone +359881234567 was seen daily.",
    narrative=NARRATIVE,
    analyst_comment="Petrov is probably the organiser; Papadopoulos the financier.",
    keywords=("cigarettes", "Petrov"),
)

#: Every piece of personal data of the canary report, as it must never reach an observer.
CANARY_SECRETS = (
    "Иван Петров", "Петров", "Ivan Petrov", "Petrov", "PETROV", "Petrova",
    "Γιώργος Παπαδόπουλος", "Παπαδόπουλος", "Papadopoulos", "Papadopoulou", "Giorgos",
    "Đorđe", "Djordje", "Ђорђе", "Jovanović", "Jovanovic",
    "+359 88 123 4567", "+359881234567", "0881234567", "881234567",
    "AB1234567", "BG80 BNBG 9661 1020 3456 78", "BG80BNBG96611020345678",
    "CA1234AB", "CA 1234 AB", "WVWZZZ1JZXW000001", "PB7788KK", "PB 7788 KK",
    "WDB9634031L000002", "petrov.ivan@example.bg", "8503121234", "Vitosha 15", "1985-03-12",
)  # fmt: skip
#: What the operational partner's copy must show (a sample of the above).
PARTNER_SHOWS = ("Иван Петров", "Γιώργος Παπαδόπουλος", "Đorđe Jovanović", "CA1234AB",
                 "+359 88 123 4567", "AB1234567", "8503121234")


@dataclass
class Team:
    """``team["ana"]`` is a vault signed in as ana (opened on first use)."""

    path: Path
    _open: dict[str, Vault] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Vault:
        if name not in self._open:
            self._open[name] = sign_in(self.path, name, USERS[name], throttle=False)
        return self._open[name]

    def close(self) -> None:
        for vault in self._open.values():
            vault.lock()
        self._open.clear()


def copy_vault(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest)
    os.chmod(dest, 0o700)
    return dest


def _entity(vault: Vault, draft: EntityDraft) -> int:
    acks = [w.key for w in identifier_warnings(draft.identifiers)]
    return create_entity(vault, draft, acknowledged=acks).id


def canary_entities(ana: Vault) -> dict[str, int]:
    specs = {
        "ivan": EntityDraft("person", names=(NameForm("Иван Петров"),
                                             NameForm("Ivan Petrov", True)),
                            fields={"date_of_birth": "1985-03-12", "nationality": "BG"},
                            identifiers=(IdentifierValue("national_id", "8503121234", "BG"),
                                         IdentifierValue("email", "petrov.ivan@example.bg"))),
        "giorgos": EntityDraft("person", names=(NameForm("Γιώργος Παπαδόπουλος"),
                                                NameForm("Giorgos Papadopoulos", True)),
                               fields={"nationality": "GR"}),
        "djordje": EntityDraft("person", names=(NameForm("Đorđe Jovanović"),
                                                NameForm("Ђорђе Јовановић", True))),
        "phone": EntityDraft("phone", identifiers=(
            IdentifierValue("phone", "+359 88 123 4567", "BG"),)),
        "passport": EntityDraft("identity_document", identifiers=(
            IdentifierValue("document_number", "AB1234567", "RS"),),
            fields={"doc_type": "passport", "issuing_country": "RS"}),
        "account": EntityDraft("bank_account", identifiers=(
            IdentifierValue("iban", "BG80 BNBG 9661 1020 3456 78"),)),
        "home": EntityDraft("address", fields={"full": "Vitosha 15, Sofia", "city": "Sofia",
                                               "country": "BG"}, is_private=True),
        "lorry": EntityDraft("vehicle", identifiers=(
            IdentifierValue("plate", "CA1234AB", "BG"),
            IdentifierValue("vin", "WVWZZZ1JZXW000001")),
            fields={"make": "Volvo", "model": "FH", "colour": "white"}),
        "lorry2": EntityDraft("vehicle", identifiers=(
            IdentifierValue("plate", "PB7788KK", "BG"),
            IdentifierValue("vin", "WDB9634031L000002")),
            fields={"make": "Mercedes", "model": "Actros", "colour": "blue"}),
        "vessel": EntityDraft("vessel", names=(NameForm("MV Aurora"),),
                              identifiers=(IdentifierValue("imo", "IMO 9074729"),),
                              fields={"flag": "MT", "vessel_type": "general cargo"}),
        "company": EntityDraft("organization", names=(NameForm("Kulata Trans Ltd"),),
                               fields={"org_type": "company", "country": "BG"}),
    }
    return {key: _entity(ana, d) for key, d in specs.items()}


def canary_report(ana: Vault, sup: Vault, *, draft: ReportDraft = DRAFT,
                  status: str = "approved") -> tuple[int, dict[str, int]]:
    """The canary report by ``ana``, brought to ``status`` (approved by ``sup``)."""
    ids = canary_entities(ana)
    rid = reports.create_report(ana, draft).id
    roles = {"ivan": "suspect", "giorgos": "organizer", "djordje": "driver",
             "phone": "phone_used", "passport": "document_used", "account": "account_used",
             "home": "location", "lorry": "vehicle_used", "lorry2": "vehicle_used",
             "vessel": "vessel_used", "company": "mentioned"}
    for key, role in roles.items():
        link_entity(ana, rid, ids[key], role)
    for source, target, kind in (
        ("ivan", "lorry", "owner_of"), ("djordje", "lorry", "driver_of"),
        ("ivan", "phone", "uses"), ("djordje", "passport", "holder_of"),
        ("ivan", "account", "holder_of"), ("ivan", "home", "resides_at"),
        ("ivan", "giorgos", "associate"), ("lorry", "company", "linked_to"),
    ):
        relate_entities(ana, ids[source], ids[target], kind, rid)
    # The second lorry is Giorgos's according to another report only.
    other = reports.create_report(ana, replace(DRAFT, title="Another report", summary="",
                                               narrative="", analyst_comment="", keywords=()))
    relate_entities(ana, ids["giorgos"], ids["lorry2"], "owner_of", other.id)
    if status != "draft":
        workflow.submit(ana, rid)
    if status in ("approved", "disseminated"):
        workflow.approve(sup, rid)
    return rid, ids


def canary_vault(template: Path, dest: Path, *, status: str = "approved",
                 draft: ReportDraft = DRAFT) -> tuple[Path, str]:
    """A copy of ``template`` holding the canary report (by ana, approved by sup).

    Returns the vault folder and the report's reference.
    """
    team = Team(copy_vault(template, dest))
    try:
        rid, _ = canary_report(team["ana"], team["sup"], draft=draft, status=status)
        reference = reports.get_report(team["ana"], rid, record_view=False).reference
    finally:
        team.close()
    return team.path, reference
