"""Frozen values the entity services take and return, and what each kind may hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from sirat.domain.vocab import KIND_SPECS, KindSpec
from sirat.errors import SiratError
from sirat.models import EntityId, LinkId, ReportId
from sirat.services.formats.identifiers import IdentifierWarning
from sirat.services.reports.types import RelationView

#: What each entity kind holds (free fields, identifier types, named, always personal), by
#: kind code: the domain's one spec per kind (``sirat.domain.vocab.KIND_SPECS``).
KINDS: Final[dict[str, KindSpec]] = {kind.value: spec for kind, spec in KIND_SPECS.items()}

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
