"""Partial and approximate dates as analysts type them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.services.formats.dates import DateProblem, parse_full_date, parse_partial_date


@pytest.mark.parametrize(("typed", "normalized", "approx", "earliest", "latest"), [
    ("2026", "2026", False, "2026-01-01", "2026-12-31"),
    ("2026-03", "2026-03", False, "2026-03-01", "2026-03-31"),
    ("about 2026-03", "2026-03", True, "2026-02-01", "2026-04-30"),
    ("2026-03-14", "2026-03-14", False, "2026-03-14", "2026-03-14"),
    ("14.03.2026", "2026-03-14", False, "2026-03-14", "2026-03-14"),
    ("14.03.2026.", "2026-03-14", False, "2026-03-14", "2026-03-14"),
    ("03.2026", "2026-03", False, "2026-03-01", "2026-03-31"),
    ("14/03/2026", "2026-03-14", False, "2026-03-14", "2026-03-14"),
    ("ca. 2025", "2025", True, "2024-01-01", "2026-12-31"),
    ("about 2026-12", "2026-12", True, "2026-11-01", "2027-01-31"),
    ("~2024-02-29", "2024-02-29", True, "2024-02-22", "2024-03-07"),
    ("  2026-02  ", "2026-02", False, "2026-02-01", "2026-02-28"),
])
def test_partial_dates(typed: str, normalized: str, approx: bool, earliest: str,
                       latest: str) -> None:
    d = parse_partial_date(typed)
    assert (d.normalized, d.approximate, d.earliest, d.latest) == (
        normalized, approx, earliest, latest)
    assert d.text == typed.strip()


@pytest.mark.parametrize("typed", [
    "2026-13-40", "2026-02-30", "31.04.2026", "yesterday", "", "14.03.26", "2026-3-14x",
    "0999", "about", "2026--01", "١٤.٠٣.٢٠٢٦",
])
def test_refused_dates_say_why(typed: str) -> None:
    with pytest.raises(DateProblem) as err:
        parse_partial_date(typed)
    assert str(err.value)


def test_report_date_must_be_complete() -> None:
    assert parse_full_date("14.03.2026").isoformat() == "2026-03-14"
    with pytest.raises(DateProblem, match="full date"):
        parse_full_date("2026-03")
    with pytest.raises(DateProblem):
        parse_full_date("about 2026-03-14")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_clear_refusal(text: str) -> None:
    try:
        d = parse_partial_date(text)
    except DateProblem as exc:
        message = str(exc)
        assert message.endswith(".")
        return
    assert d.earliest <= d.latest


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.booleans())
def test_every_calendar_date_parses_both_ways(day: object, approx: bool) -> None:
    from datetime import date

    assert isinstance(day, date)
    prefix = "about " if approx else ""
    if not 1800 <= day.year <= 2199:
        return
    iso = parse_partial_date(prefix + day.isoformat())
    dotted = parse_partial_date(prefix + day.strftime("%d.%m.%Y"))
    assert iso == parse_partial_date(prefix + day.isoformat())
    assert (iso.normalized, iso.earliest, iso.latest) == (
        dotted.normalized, dotted.earliest, dotted.latest)
    assert iso.earliest <= day.isoformat() <= iso.latest
