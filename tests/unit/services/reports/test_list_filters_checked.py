"""QA: report-list filters typed by a person are checked, not silently matched to nothing."""

from __future__ import annotations

import pytest

from sirat.errors import ValidationError
from sirat.services.reports.query import checked_filters, count_reports
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault
from tests.unit.services.service_helpers import populate


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_impossible_dates_and_unknown_codes_are_refused_all_at_once(
        analyst_vault: Vault) -> None:
    bad = ReportFilters(date_from="2026-13-40", date_to="2026-02-30",
                        crime_areas=frozenset({"nonsense"}), countries=frozenset({"XX"}),
                        source_reliability=frozenset({"Q"}),
                        classifications=frozenset({"TOP"}))
    with pytest.raises(ValidationError) as exc:
        checked_filters(analyst_vault, bad)
    assert _fields(exc) == {"date_from", "date_to", "crime_area", "country", "grading",
                            "classification"}


def test_reversed_range_is_refused(analyst_vault: Vault) -> None:
    with pytest.raises(ValidationError) as exc:
        checked_filters(analyst_vault, ReportFilters(date_from="2026-03-01",
                                                     date_to="2026-01-01"))
    assert _fields(exc) == {"date_to"}


def test_partial_and_local_dates_become_iso_bounds(analyst_vault: Vault) -> None:
    populate(analyst_vault)
    f = checked_filters(analyst_vault, ReportFilters(date_from="2026", date_to="14.03.2026",
                                                     crime_areas=frozenset({"anti_fraud"})))
    assert (f.date_from, f.date_to) == ("2026-01-01", "2026-03-14")
    assert count_reports(analyst_vault, f) == 1
    month = checked_filters(analyst_vault, ReportFilters(date_to="2026-02"))
    assert month.date_to == "2026-02-28"


def test_an_unreadable_information_date_lists_the_forms_once() -> None:
    from sirat.services.reports.reference import ReferenceData
    from sirat.services.reports.validation import check_report
    from tests.unit.services.service_helpers import draft

    empty = ReferenceData((), (), (), (), (), ())
    problem = next(p for p in check_report(draft(information_date="sometime soon"), empty).items
                   if p.field == "information_date")
    shown = f"{problem.message} {problem.hint}"
    assert shown.count("2026-03 or") + shown.count("2026-03,") == 1  # the forms, listed once
