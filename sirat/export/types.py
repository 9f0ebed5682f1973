"""Input types of the export layer: what the services hand over to render a report.

The services map vault rows into these frozen dataclasses; nothing here knows the
database. Every string is shown to a recipient exactly as given (after escaping), so the
services pass display text, not ids.

Entity fields carry a stable ``key`` besides their display ``label``: the release rules
(:mod:`sirat.export.release`) decide on keys, never on labels, which may be translated.
The keys SIRAT uses are listed in :data:`FIELD_KEYS`; a key the rules do not know is
treated as identifying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Final, NamedTuple

from sirat.domain.disclosure import may_receive_personal_data
from sirat.domain.vocab import ENTITY_KINDS as _ENTITY_KINDS
from sirat.domain.vocab import KIND_SPECS
from sirat.domain.vocab import RECIPIENT_KINDS as _RECIPIENT_KINDS

if TYPE_CHECKING:  # reportlab's graphics load only when a chart is drawn
    from sirat.export.chart_figure import ChartFigure

#: Entity kinds and recipient kinds come from the domain's vocabularies (one place).
EntityKind = str
RecipientKind = str
ENTITY_KINDS: Final[tuple[str, ...]] = _ENTITY_KINDS
RECIPIENT_KINDS: Final[tuple[str, ...]] = _RECIPIENT_KINDS

#: Field keys per entity kind, as the services should fill them: identifying, then public.
FIELD_KEYS: Final[dict[str, tuple[str, ...]]] = {
    kind.value: spec.identifying + spec.public for kind, spec in KIND_SPECS.items()
}
#: Singular and plural display names of each kind, for headings and messages.
KIND_NAMES: Final[dict[str, tuple[str, str]]] = {
    kind.value: (spec.label, spec.plural) for kind, spec in KIND_SPECS.items()
}

_REFERENCE = re.compile(r"SIRAT-\d{4}-\d{6}")


class HandlingCode(NamedTuple):
    """One handling code of a report: ``H0``..``H3``, its wording, H3's free text."""

    code: str
    wording: str
    free_text: str | None = None


class GradeLevel(NamedTuple):
    """One level of a grading scale: its code and the words that define it."""

    code: str
    wording: str


class EntityField(NamedTuple):
    """One field of an entity: stable ``key`` (see FIELD_KEYS), display label, value."""

    key: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class GradingKey:
    """A grading scheme as data, printed as the key at the end of the report."""

    name: str
    source_reliability: tuple[GradeLevel, ...]
    information_accuracy: tuple[GradeLevel, ...]
    handling_codes: tuple[GradeLevel, ...]


EUROPOL_4X4: Final = GradingKey(
    name="Europol 4x4",
    source_reliability=(
        GradeLevel(
            "A",
            "No doubt of the authenticity, trustworthiness and competence of the source, "
            "or a source that has proved reliable in all instances",
        ),
        GradeLevel("B", "A source that has in most instances proved to be reliable"),
        GradeLevel("C", "A source that has in most instances proved to be unreliable"),
        GradeLevel("X", "Reliability cannot be assessed"),
    ),
    information_accuracy=(
        GradeLevel("1", "Accuracy not in doubt"),
        GradeLevel("2", "Known personally to the source but not to the official passing it on"),
        GradeLevel(
            "3",
            "Not known personally to the source but corroborated by information already recorded",
        ),
        GradeLevel("4", "Not known personally to the source and cannot be corroborated"),
    ),
    handling_codes=(
        GradeLevel("H0", "May be used only for preventing and combating crime"),
        GradeLevel(
            "H1", "Not to be disclosed in judicial proceedings without the provider's permission"
        ),
        GradeLevel("H2", "Not to be disseminated without the provider's permission"),
        GradeLevel("H3", "Other restrictions (see text)"),
    ),
)


@dataclass(frozen=True, slots=True)
class AnnexImage:
    """One attached image as printed: pixels only (EXIF, GPS, XMP, comments dropped by the
    child process that re-encoded it), and the digests the register keeps."""

    number: int
    attachment_id: int  # in the vault it came from (for the register)
    caption: str  # the name it was attached under (user text: escaped when printed)
    jpeg: bytes
    width: int
    height: int
    sha256: str  # of the attachment as stored (the evidence)
    annex_sha256: str  # of the JPEG printed


@dataclass(frozen=True, slots=True)
class ReportInput:
    """One version of a report, as the recipient would read it before any release rule."""

    reference: str
    version: int
    title: str
    crime_area: str
    report_date: date
    information_date: str
    places: tuple[str, ...]
    reporting_country: str
    agency: str
    operation: str
    source_reliability: str
    source_reliability_wording: str
    information_accuracy: str
    information_accuracy_wording: str
    handling_codes: tuple[HandlingCode, ...]
    classification: str
    summary: str
    narrative: str
    analyst_comment: str
    keywords: tuple[str, ...]
    author: str
    approver: str
    status: str
    originator: str
    grading_key: GradingKey = EUROPOL_4X4
    #: Functions printed instead of the names on an observer copy.
    author_function: str = "Analyst"
    approver_function: str = "Supervisor"
    #: strftime format of every date the PDF prints (ISO unless the vault chooses).
    date_format: str = "%Y-%m-%d"
    #: Where an imported report came from (source, its reference and approval), as text.
    provenance: str = ""
    #: The link chart printed as Annex B (None: no chart).
    chart: ChartFigure | None = None
    #: An analytical product's ``sirat.export.stats_types.StatisticsRelease`` (services
    #: build it per recipient, suppressed for observers).
    statistics: object | None = None
    #: Attached images chosen for this export, re-encoded without metadata (schema 10).
    annex_images: tuple[AnnexImage, ...] = ()
    #: The stored bounds of the date of information (earliest, latest, inclusive), for the
    #: timeline figure; None when the report has no date of information.
    information_span: tuple[date, date] | None = None

    def __post_init__(self) -> None:
        if not _REFERENCE.fullmatch(self.reference):
            raise ValueError("report reference must look like SIRAT-YYYY-NNNNNN")
        if self.version < 1:
            raise ValueError("report version starts at 1")


@dataclass(frozen=True, slots=True)
class EntityInput:
    """An entity linked to the report.

    ``label`` is its display name; ``name_forms`` every spelling and alias SIRAT knows for
    it, in every script (used to find it in free text; the label is always included).
    ``role`` is its role in this report (suspect, victim, vehicle used, ...).
    """

    id: str
    kind: EntityKind
    label: str
    fields: tuple[EntityField, ...] = ()
    name_forms: tuple[str, ...] = ()
    is_private: bool = False
    role: str = ""
    #: The analyst's note on the link of the report to this entity.
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class RelationInput:
    """A relation between two entities of the report (``source`` owner of ``target`` ...)."""

    source_id: str
    target_id: str
    label: str
    note: str = ""


#: Report-to-entity links travel as ``EntityInput.role``; entity-to-entity links as this.
LinkInput = RelationInput


@dataclass(frozen=True, slots=True)
class RecipientInput:
    """A recipient of a disseminated report, from the recipients reference table."""

    code: str
    name: str
    kind: RecipientKind
    may_receive_classifications: frozenset[str] = field(default_factory=frozenset)
    may_receive_handling_codes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.kind not in RECIPIENT_KINDS:
            raise ValueError(f"unknown recipient kind {self.kind!r}")

    @property
    def may_receive_personal_data(self) -> bool:
        """Asks the one disclosure policy (:mod:`sirat.domain.disclosure`)."""
        return may_receive_personal_data(self.kind)


@dataclass(frozen=True, slots=True)
class ProviderPermission:
    """A provider's recorded permission to disseminate (H2), for one recipient or all."""

    handling_code: str = "H2"
    recipient_code: str | None = None

    def covers(self, code: str, recipient: RecipientInput) -> bool:
        """True if this permission allows sending ``code`` material to ``recipient``."""
        return self.handling_code == code and self.recipient_code in (None, recipient.code)


@dataclass(frozen=True, slots=True)
class SignerInfo:
    """Who signs: printed in the signature block in the signer's own script."""

    name: str
    organisation: str
    role: str = ""
    test_certificate: bool = False
