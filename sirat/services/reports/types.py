"""Frozen values the report services take and return (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sirat.domain.vocab import EntityId, LinkId, RelationId, ReportId, UserId

SORT_KEYS = (
    "reference", "created", "updated", "report_date", "information_date", "title",
    "crime_area", "status", "country", "grading", "classification", "handling",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """What an analyst fills in. Text is stored exactly as given (after validation).

    ``report_date`` is a full date (2026-03-14 or 14.03.2026); ``information_date`` may be
    partial or approximate (2026, 2026-03, about 2026-03) or empty.
    """

    title: str
    crime_area: str
    report_date: str
    reporting_country: str
    source_reliability: str
    information_accuracy: str
    classification: str
    information_date: str = ""
    places: tuple[str, ...] = ()
    agency: str = ""
    operation: str = ""
    grading_scheme: str = "europol-4x4"
    handling_codes: frozenset[str] = frozenset()
    h3_text: str = ""
    summary: str = ""
    narrative: str = ""
    analyst_comment: str = ""
    keywords: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class OverrideNote:
    """An identifier value kept as typed although a check failed (see overrides.py)."""

    identifier_type: str
    value: str  # normalized
    by_name: str
    at: str


@dataclass(frozen=True, slots=True)
class LinkedEntity:
    """An entity as a report mentions it."""

    link_id: LinkId
    entity_id: EntityId
    entity_uid: str
    kind: str
    label: str
    role: str
    note: str = ""
    overrides: tuple[OverrideNote, ...] = ()


@dataclass(frozen=True, slots=True)
class RelationView:
    """``source`` is ``relation_type`` of ``target``, asserted by ``report_id``."""

    id: RelationId
    uid: str
    relation_type: str
    relation_name: str
    source_id: EntityId
    source_kind: str
    source_label: str
    target_id: EntityId
    target_kind: str
    target_label: str
    report_id: ReportId
    report_reference: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report with everything a reader sees."""

    id: ReportId
    uid: str
    reference: str
    draft: ReportDraft
    information_date_earliest: str | None
    information_date_latest: str | None
    status: str
    version: int
    author_id: UserId
    author_name: str
    created_at: str
    updated_at: str
    submitted_at: str | None = None
    approved_at: str | None = None
    approved_by: UserId | None = None
    approver_name: str = ""
    disseminated_at: str | None = None
    returned_at: str | None = None
    returned_by: UserId | None = None
    return_comment: str = ""
    h2_permission_note: str = ""
    h2_permission_recorded_by: UserId | None = None
    h2_permission_recorded_at: str | None = None
    origin_author: str = ""
    origin_approver: str = ""
    links: tuple[LinkedEntity, ...] = ()
    relations: tuple[RelationView, ...] = ()
    #: Where an imported report came from and what its source said of it (one sentence).
    provenance: str = ""

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def grading(self) -> str:
        return f"{self.draft.source_reliability}{self.draft.information_accuracy}"


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of the report list."""

    id: ReportId
    reference: str
    title: str
    crime_area: str
    status: str
    report_date: str
    information_date: str
    reporting_country: str
    source_reliability: str
    information_accuracy: str
    classification: str
    author_id: UserId
    created_at: str
    updated_at: str
    version: int
    handling_codes: str = ""  # "H0,H2"
    returned: bool = False  # a draft a supervisor sent back (not resubmitted since)


@dataclass(frozen=True, slots=True)
class ReportFilters:
    """Filters of the report list; empty sets mean "any". Dates are ISO ``yyyy-mm-dd``.

    ``date_from``/``date_to`` select on the date of the report; ``info_from``/``info_to``
    select reports whose information date range overlaps the given range.
    """

    crime_areas: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    source_reliability: frozenset[str] = frozenset()
    information_accuracy: frozenset[str] = frozenset()
    classifications: frozenset[str] = frozenset()
    date_from: str | None = None
    date_to: str | None = None
    info_from: str | None = None
    info_to: str | None = None
    author_id: UserId | None = None
    #: not written by this user (a supervisor's "waiting for my review")
    exclude_author_id: UserId | None = None
    #: True: only drafts returned by a supervisor and not resubmitted since
    returned: bool | None = None
    reference_prefix: str = ""
    ids: frozenset[int] | None = field(default=None)


@dataclass(frozen=True, slots=True)
class ReportVersionView:
    """One saved version of a report; ``snapshot`` is the report as it was then."""

    report_id: ReportId
    version: int
    saved_by: UserId
    saved_by_name: str
    saved_at: str
    snapshot: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LinkView:
    link_id: LinkId
    report_id: ReportId
    entity_id: EntityId
    role: str
    note: str
