"""Frozen values the entity services take and return, and what each kind may hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from sirat.domain.vocab import PERSONAL_KINDS
from sirat.errors import SiratError
from sirat.models import EntityId, LinkId, ReportId
from sirat.services.formats.identifiers import IdentifierWarning
from sirat.services.reports.types import RelationView


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What an entity kind holds: free fields, identifier types, whether it has names."""

    fields: tuple[str, ...]
    identifiers: tuple[str, ...]
    named: bool
    #: Always personal data (PRODUCT.md): persons, phones, documents, accounts.
    personal: bool


KINDS: Final[dict[str, KindSpec]] = {
    "person": KindSpec(("date_of_birth", "place_of_birth", "nationality", "gender"),
                       ("national_id", "document_number", "email"), True, True),
    "vehicle": KindSpec(("make", "model", "colour", "year", "vehicle_type", "stolen"),
                        ("vin", "plate"), False, False),
    "vessel": KindSpec(("flag", "vessel_type"), ("imo", "mmsi", "call_sign"), True, False),
    "organization": KindSpec(("org_type", "country"), ("registration_number",), True, False),
    "address": KindSpec(("full", "street", "city", "postcode", "region", "country"), (),
                        False, False),
    "phone": KindSpec(("country",), ("phone",), False, True),
    "identity_document": KindSpec(("doc_type", "issuing_country", "expiry"),
                                  ("document_number", "mrz", "national_id"), False, True),
    "bank_account": KindSpec(("bank", "currency"), ("iban", "account_number", "bic"),
                             False, True),
    "online_account": KindSpec(("service", "url"), ("handle", "email"), False, True),
}

# Whether a kind is always personal data is the domain's decision, not this table's.
KINDS.update({k: replace(spec, personal=k in PERSONAL_KINDS) for k, spec in KINDS.items()})

#: Fields holding partial dates, countries, and closed vocabularies.
DATE_FIELDS: Final = frozenset({"date_of_birth", "expiry"})
COUNTRY_FIELDS: Final = frozenset({"nationality", "country", "flag", "issuing_country"})
CHOICE_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "gender": ("", "male", "female", "other", "unknown"),
    "stolen": ("", "yes", "no"),
}
#: Relation types that make a vehicle personal data when a person is on the other side.
PERSONAL_VEHICLE_RELATIONS: Final = frozenset({"owner_of", "driver_of"})


@dataclass(frozen=True, slots=True)
class NameForm:
    """One spelling of a name, in its original script; aliases are other names used."""

    text: str
    is_alias: bool = False


@dataclass(frozen=True, slots=True)
class IdentifierValue:
    """An identifier as typed, with its country where it has one (plate, document...)."""

    type: str
    value: str
    country: str = ""


@dataclass(frozen=True)
class EntityDraft:
    kind: str
    names: tuple[NameForm, ...] = ()
    identifiers: tuple[IdentifierValue, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    #: For addresses: a private home (personal data) rather than a business or public place.
    is_private: bool = False


@dataclass(frozen=True, slots=True)
class NameView:
    text: str
    script: str  # Latn, Cyrl, Grek, Zyyy (mixed or other)
    is_alias: bool
    key: str  # folded search key


@dataclass(frozen=True, slots=True)
class IdentifierView:
    type: str
    value: str
    normalized: str
    country: str


@dataclass(frozen=True, slots=True)
class OverrideView:
    identifier_type: str
    normalized: str
    warning_code: str
    acknowledged_by: int
    acknowledged_at: str
    acknowledged_by_name: str = ""


@dataclass(frozen=True, slots=True)
class EntityReport:
    """A report that mentions the entity, and in which role."""

    report_id: ReportId
    reference: str
    title: str
    status: str
    role: str
    link_id: LinkId


@dataclass(frozen=True)
class EntityView:
    id: EntityId
    uid: str
    kind: str
    label: str
    names: tuple[NameView, ...]
    identifiers: tuple[IdentifierView, ...]
    fields: Mapping[str, str]
    is_private: bool
    personal: bool
    created_at: str
    updated_at: str
    overrides: tuple[OverrideView, ...] = ()
    reports: tuple[EntityReport, ...] = ()
    relations: tuple[RelationView, ...] = ()

    def to_draft(self) -> EntityDraft:
        return EntityDraft(
            kind=self.kind,
            names=tuple(NameForm(n.text, n.is_alias) for n in self.names),
            identifiers=tuple(IdentifierValue(i.type, i.value, i.country)
                              for i in self.identifiers),
            fields=dict(self.fields),
            is_private=self.is_private,
        )


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: EntityId
    uid: str
    kind: str
    label: str
    updated_at: str
    report_count: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible match while typing, with why it was offered."""

    entity_id: EntityId
    kind: str
    label: str
    matched_on: str  # "identifier" | "name" | "alias"
    exact: bool
    explanation: str


class IdentifierWarnings(SiratError):
    """Identifier checks failed and were not acknowledged; nothing was saved.

    Save again with ``acknowledged=[w.key for w in exc.warnings]`` to keep the values as
    typed; the override is stored (who, when, which) and recorded in the audit log.
    """

    def __init__(self, warnings: Sequence[IdentifierWarning]) -> None:
        self.warnings = tuple(warnings)
        first = self.warnings[0].message if self.warnings else ""
        more = f" (and {len(self.warnings) - 1} more)" if len(self.warnings) > 1 else ""
        super().__init__(
            f"Identifier check failed: {first}{more}",
            "Correct the value, or confirm it is what the source says to save it anyway.",
        )
