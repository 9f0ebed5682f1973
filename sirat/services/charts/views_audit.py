"""Audit records of the timeline and the map: who looked at or exported what, with which filters.

``timeline.view`` / ``map.view`` are consultations (written with the read, or kept in the
vault's journal while another process holds the write lock, as every consultation);
``timeline.export`` / ``map.export`` are written after the file was written. Details follow
the audit's rule (docs/audit.md): ids, codes and counts only. The list's filters are reference
codes (crime areas, countries, statuses, grading codes, classifications), ISO dates and a
user id, recorded as they are; what a person typed is not: the words of the list's search box
are recorded as the number of reports they matched (the search itself writes its own
``search`` record), a reference prefix as its length (a phone number typed there would
otherwise be kept).
"""

from __future__ import annotations

from typing import Any, Final, Literal

from sirat.services.audit import log as audit
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault

View = Literal["timeline", "map"]
VIEWS: Final[tuple[View, ...]] = ("timeline", "map")
FORMATS: Final = ("png", "svg", "pdf")
_CODE_SETS: Final = ("crime_areas", "statuses", "countries", "source_reliability",
                     "information_accuracy", "classifications")
_DATES: Final = ("date_from", "date_to", "info_from", "info_to")


def filter_details(filters: ReportFilters | None) -> dict[str, Any]:
    """The filters as audit details (only those set): codes, dates, counts -- no typed text."""
    if filters is None:
        return {}
    out: dict[str, Any] = {}
    for name in _CODE_SETS:
        codes = getattr(filters, name)
        if codes:
            out[name] = sorted(codes)
    for name in _DATES:
        value = getattr(filters, name)
        if value:
            out[name] = value
    if filters.author_id is not None:
        out["author_user_id"] = filters.author_id
    if filters.exclude_author_id is not None:
        out["not_author_user_id"] = filters.exclude_author_id
    if filters.returned is not None:
        out["returned"] = filters.returned
    if filters.reference_prefix:
        out["reference_chars"] = len(filters.reference_prefix)
    if filters.ids is not None:
        out["words_matched"] = len(filters.ids)
    return out


def view_record(view: View, filters: ReportFilters | None, **counts: Any) -> dict[str, Any]:
    """What :func:`sirat.services.audit.log.consult` records for opening ``view``."""
    return {"action": f"{view}.view", "object_type": view,
            "details": {**filter_details(filters), **counts}}


def record_export(vault: Vault, view: View, *, fmt: str, observer: bool,
                  filters: ReportFilters | None, recipient_kind: str = "",
                  **counts: Any) -> None:
    """Record that the signed-in user exported ``view`` (after the file was written)."""
    if view not in VIEWS or fmt not in FORMATS:
        raise ValueError(f"unknown view or format: {view} {fmt}")
    details: dict[str, Any] = {"format": fmt, "observer": observer,
                               **filter_details(filters), **counts}
    if recipient_kind:
        details["recipient_kind"] = recipient_kind
    what = {"action": f"{view}.export", "object_type": view, "details": details}
    audit.consult(vault, lambda _s: None, lambda _none: what)
