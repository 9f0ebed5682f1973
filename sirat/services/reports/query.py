"""The report list: filtered, sorted and paged in SQL (indexed; 100,000 reports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, not_, or_, select, tuple_

from sirat.errors import ValidationError
from sirat.models import Report, ReportId, UserId
from sirat.services.reports.reference import reference_data
from sirat.services.reports.types import SORT_KEYS, ReportFilters, ReportRow
from sirat.services.reports.validation import check_filters
from sirat.vault import Vault

MAX_PAGE = 5_000

_SORT: dict[str, tuple[Any, ...]] = {
    "reference": (Report.reference,),
    "created": (Report.created_at,),
    "updated": (Report.updated_at,),
    "report_date": (Report.report_date,),
    "information_date": (Report.info_date_earliest,),
    "title": (Report.title,),
    "crime_area": (Report.crime_area,),
    "status": (Report.status,),
    "country": (Report.reporting_country,),
    "grading": (Report.source_reliability, Report.information_accuracy),
    "classification": (Report.classification,),
    "handling": (Report.handling_codes,),
}
assert set(_SORT) == set(SORT_KEYS)  # noqa: S101 -- the two lists must agree

_COLUMNS = (
    Report.id, Report.reference, Report.title, Report.crime_area, Report.status,
    Report.report_date, Report.info_date_text, Report.reporting_country,
    Report.source_reliability, Report.information_accuracy, Report.classification,
    Report.author_id, Report.created_at, Report.updated_at, Report.version,
    Report.handling_codes, Report.returned_at, Report.submitted_at,
)  # fmt: skip


def _returned() -> ColumnElement[bool]:
    """A draft returned by a supervisor and not submitted again since."""
    return and_(Report.status == "draft", Report.returned_at.is_not(None),
                or_(Report.submitted_at.is_(None), Report.returned_at >= Report.submitted_at))


def _conditions(f: ReportFilters) -> list[ColumnElement[bool]]:
    c: list[ColumnElement[bool]] = []
    if f.crime_areas:
        c.append(Report.crime_area.in_(sorted(f.crime_areas)))
    if f.statuses:
        c.append(Report.status.in_(sorted(f.statuses)))
    if f.countries:
        c.append(Report.reporting_country.in_(sorted(f.countries)))
    if f.source_reliability:
        c.append(Report.source_reliability.in_(sorted(f.source_reliability)))
    if f.information_accuracy:
        c.append(Report.information_accuracy.in_(sorted(f.information_accuracy)))
    if f.classifications:
        c.append(Report.classification.in_(sorted(f.classifications)))
    if f.date_from:
        c.append(Report.report_date >= f.date_from)
    if f.date_to:
        c.append(Report.report_date <= f.date_to)
    if f.info_from:
        c.append(Report.info_date_latest >= f.info_from)
    if f.info_to:
        c.append(Report.info_date_earliest <= f.info_to)
    if f.author_id is not None:
        c.append(Report.author_id == f.author_id)
    if f.exclude_author_id is not None:
        c.append(Report.author_id != f.exclude_author_id)
    if f.returned is not None:
        c.append(_returned() if f.returned else not_(_returned()))
    if f.reference_prefix:
        prefix = f.reference_prefix.strip().upper()
        c.append(Report.reference >= prefix)
        c.append(Report.reference < prefix + "\U0010ffff")
    if f.ids is not None:
        c.append(Report.id.in_(sorted(f.ids)))
    return c


def checked_filters(vault: Vault, filters: ReportFilters) -> ReportFilters:
    """Filters as typed by a person, checked against the vault's reference data.

    Raises ValidationError (every problem at once) instead of quietly matching nothing.
    """
    return check_filters(filters, reference_data(vault))


#: The sort values of a row, read from the row itself, for keyset paging (``after``).
#: Sorts on a column that may be NULL (information date, handling codes) page by offset:
#: a row-value comparison with NULL is neither before nor after, so rows would be skipped.
_KEYSET: dict[str, Callable[[ReportRow], tuple[Any, ...]]] = {
    "reference": lambda r: (r.reference,),
    "created": lambda r: (r.created_at,),
    "updated": lambda r: (r.updated_at,),
    "report_date": lambda r: (r.report_date,),
    "title": lambda r: (r.title,),
    "crime_area": lambda r: (r.crime_area,),
    "status": lambda r: (r.status,),
    "country": lambda r: (r.reporting_country,),
    "grading": lambda r: (r.source_reliability, r.information_accuracy),
    "classification": lambda r: (r.classification,),
}


def list_reports(
    vault: Vault,
    filters: ReportFilters | None = None,
    sort_key: str = "updated",
    descending: bool = True,
    offset: int = 0,
    limit: int = 500,
    *,
    after: ReportRow | None = None,
) -> list[ReportRow]:
    """One page of the report list. Ties are broken by id so paging is stable.

    ``after``: the last row of the previous page (keyset paging: the next page starts
    right after it in the index, whatever its depth -- OFFSET walks every row before the
    page); ``offset`` is then ignored. Sorts without a keyset (see :data:`_KEYSET`) fall
    back to ``offset``."""
    if sort_key not in _SORT:
        raise ValidationError.single("sort_key", "Unknown sort order.",
                                     "Choose one of: " + ", ".join(SORT_KEYS) + ".")
    limit = max(0, min(limit, MAX_PAGE))
    order = [*_SORT[sort_key], Report.id]
    conditions = _conditions(filters or ReportFilters())
    keyset = _KEYSET.get(sort_key) if after is not None else None
    if keyset is not None and after is not None:
        mark = tuple_(*order)
        values = tuple_(*[literal(v) for v in (*keyset(after), int(after.id))])
        conditions.append(mark < values if descending else mark > values)
        offset = 0
    q = (
        select(*_COLUMNS)
        .where(*conditions)
        .order_by(*[col.desc() if descending else col.asc() for col in order])
        .offset(max(0, offset))
        .limit(limit)
    )
    with vault.session() as s:
        return [
            ReportRow(ReportId(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                      r[10], UserId(r[11]), r[12], r[13], r[14], handling_codes=r[15] or "",
                      returned=_is_returned(r[4], r[16], r[17]))
            for r in s.execute(q)
        ]


def _is_returned(status: str, returned_at: str | None, submitted_at: str | None) -> bool:
    return (status == "draft" and returned_at is not None
            and (submitted_at is None or returned_at >= submitted_at))


def count_reports(vault: Vault, filters: ReportFilters | None = None) -> int:
    q = select(func.count()).select_from(Report).where(*_conditions(filters or ReportFilters()))
    with vault.session() as s:
        return int(s.execute(q).scalar_one())
