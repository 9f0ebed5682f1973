"""Fixtures of the export tests: a realistic report whose personal data is known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from sirat.export.types import (
    EntityField,
    EntityInput,
    HandlingCode,
    RecipientInput,
    RelationInput,
    ReportInput,
)
from tests.unit.services.dissemination import pdf_probe

ALL_CLASSIFICATIONS = frozenset({"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET"})
ALL_HANDLING = frozenset({"H0", "H1", "H2", "H3"})

#: Every piece of personal data in the canary report, as it must never reach an observer.
CANARY_SECRETS = (
    "Иван Петров",
    "Петров",
    "Ivan Petrov",
    "Petrov",
    "PETROV",
    "Petrova",
    "Γιώργος Παπαδόπουλος",
    "Παπαδόπουλος",
    "Papadopoulos",
    "Papadopoulou",
    "Giorgos",
    "Đorđe",
    "Djordje",
    "Ђорђе",
    "Jovanović",
    "Jovanovic",
    "+359 88 123 4567",
    "+359881234567",
    "0881234567",
    "881234567",
    "AB1234567",
    "BG80 BNBG 9661 1020 3456 78",
    "BG80BNBG96611020345678",
    "CA1234AB",
    "WVWZZZ1JZXW000001",
    "petrov.ivan@example.bg",
    "Vitosha 15",
    "1985-03-12",
)


def _sample_report(**changes: object) -> ReportInput:
    """The canary report; keyword arguments replace fields."""
    fields: dict[str, object] = {
        "reference": "SIRAT-2026-000042",
        "version": 3,
        "title": "Cigarette smuggling route run by Ivan Petrov via Kulata",
        "crime_area": "Anti-fraud and anti-smuggling",
        "report_date": date(2026, 11, 20),
        "information_date": "about 2026-10",
        "places": ("Kulata (BG)", "Promachonas (GR)", "Vitosha 15, Sofia"),
        "reporting_country": "BG",
        "agency": "Border Police",
        "operation": "Task force TOBACCO",
        "source_reliability": "B",
        "source_reliability_wording": "A source that has in most instances proved reliable",
        "information_accuracy": "2",
        "information_accuracy_wording": "Known personally to the source",
        "handling_codes": (
            HandlingCode("H0", "May be used only for preventing and combating crime"),
            HandlingCode("H3", "Other restrictions", "Not to be shared with private parties"),
        ),
        "classification": "RESTRICTED",
        "summary": (
            "PETROV (Петров) and Γιώργος Παπαδόπουλος move cigarettes through Kulata. "
            "Papadopoulou's phone +359881234567 was seen daily."
        ),
        "narrative": (
            "On 2026-10-03 the lorry CA 1234 AB (VIN WVWZZZ1JZXW000001) crossed at Kulata.\n"
            "The driver, Đorđe Jovanović (Djordje Jovanovic, Ђорђе Јовановић), showed "
            "passport AB1234567 and called 0881234567.\n\n"
            "Payments went to IBAN BG80 BNBG 9661 1020 3456 78, held by Petrova I. "
            "(petrov.ivan@example.bg). Ivan Petrov, born 1985-03-12, lives at Vitosha 15.\n"
            "Giorgos Papadopoulos organises the Greek side."
        ),
        "analyst_comment": "Petrov is probably the organiser; Papadopoulos the financier.",
        "keywords": ("cigarettes", "Petrov"),
        "author": "Analyst Mira Stoyanova",
        "approver": "Supervisor Nikos Andreou",
        "status": "approved",
        "originator": "SELEC Operational Center",
    }
    fields.update(changes)
    return ReportInput(**fields)  # type: ignore[arg-type]


def _sample_entities() -> list[EntityInput]:
    """Persons in three scripts, their identifiers, a linked lorry and a harmless vessel."""
    return [
        EntityInput(
            "p1", "person", "Иван Петров",
            fields=(EntityField("date_of_birth", "Date of birth", "1985-03-12"),
                    EntityField("nationality", "Nationality", "BG")),
            name_forms=("Иван Петров", "Ivan Petrov"), role="suspect",
        ),
        EntityInput(
            "p2", "person", "Γιώργος Παπαδόπουλος",
            name_forms=("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"), role="financier",
        ),
        EntityInput(
            "p3", "person", "Đorđe Jovanović",
            name_forms=("Đorđe Jovanović", "Ђорђе Јовановић"), role="driver",
        ),
        EntityInput("ph1", "phone", "+359 88 123 4567",
                    fields=(EntityField("number", "Number", "+359 88 123 4567"),)),
        EntityInput("d1", "identity_document", "Passport AB1234567",
                    fields=(EntityField("doc_type", "Type", "Passport"),
                            EntityField("number", "Number", "AB1234567"))),
        EntityInput("b1", "bank_account", "BG80 BNBG 9661 1020 3456 78",
                    fields=(EntityField("iban", "IBAN", "BG80 BNBG 9661 1020 3456 78"),)),
        EntityInput("o1", "online_account", "petrov.ivan@example.bg",
                    fields=(EntityField("email", "E-mail", "petrov.ivan@example.bg"),)),
        EntityInput("a1", "address", "Vitosha 15, Sofia", is_private=True,
                    fields=(EntityField("street", "Street", "Vitosha 15"),
                            EntityField("city", "City", "Sofia"))),
        EntityInput(
            "v1", "vehicle", "Volvo FH CA1234AB",
            fields=(EntityField("plate", "Registration plate", "CA1234AB"),
                    EntityField("vin", "VIN", "WVWZZZ1JZXW000001"),
                    EntityField("make", "Make", "Volvo"),
                    EntityField("model", "Model", "FH"),
                    EntityField("colour", "Colour", "white")),
            role="vehicle used",
        ),
        EntityInput("s1", "vessel", "MV Aurora",
                    fields=(EntityField("name", "Name", "MV Aurora"),
                            EntityField("imo", "IMO", "9074729")),
                    role="vessel used"),
    ]  # fmt: skip


def _sample_relations() -> list[RelationInput]:
    """Ivan owns the lorry, Đorđe drives it; the phone, account and address are theirs."""
    return [
        RelationInput("p1", "v1", "owner of"),
        RelationInput("p3", "v1", "driver of"),
        RelationInput("p1", "ph1", "uses"),
        RelationInput("p3", "d1", "holder of"),
        RelationInput("p1", "b1", "holder of"),
        RelationInput("p1", "a1", "lives at"),
        RelationInput("p1", "p2", "associate"),
    ]


def _recipient(kind: str, code: str = "RO") -> RecipientInput:
    """A recipient of ``kind`` that may receive every classification and handling code."""
    return RecipientInput(
        code=code,
        name=f"Recipient {code}",
        kind=kind,  # type: ignore[arg-type]
        may_receive_classifications=ALL_CLASSIFICATIONS,
        may_receive_handling_codes=ALL_HANDLING,
    )


MakeReport = Callable[..., ReportInput]
MakeRecipient = Callable[..., RecipientInput]


@pytest.fixture
def make_report() -> MakeReport:
    return _sample_report


@pytest.fixture
def make_recipient() -> MakeRecipient:
    return _recipient


@pytest.fixture
def canary_secrets() -> tuple[str, ...]:
    return CANARY_SECRETS


@pytest.fixture
def report() -> ReportInput:
    return _sample_report()


@pytest.fixture
def entities() -> list[EntityInput]:
    return _sample_entities()


@pytest.fixture
def relations() -> list[RelationInput]:
    return _sample_relations()


def _page_texts(data: bytes) -> list[str]:
    """Text of every page as pypdf extracts it (fonts are subset: this is the way back)."""
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


@pytest.fixture
def page_texts() -> Callable[[bytes], list[str]]:
    return _page_texts


@pytest.fixture
def decoded_objects() -> Callable[[bytes], list[bytes]]:
    return pdf_probe.decoded_objects
