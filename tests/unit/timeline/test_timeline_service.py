"""The timeline service on a real encrypted vault: items, events, filters, SQL bins."""

from __future__ import annotations

from datetime import date

import pytest

from sirat.errors import ValidationError
from sirat.services.charts import timeline
from sirat.services.reports.types import ReportFilters
from sirat.timeline import day_of, lanes_of
from sirat.vault import Vault
from tests.unit.timeline.timeline_data import Dated


def test_reports_are_intervals_of_their_information_date(ana: Vault, dated: Dated) -> None:
    data = timeline.load(ana)
    by_id = {i.id: i for i in data.items}
    about = by_id[f"report:{dated.about}"]
    # "about 2025-06" is widened by a month each side and drawn fuzzy.
    assert about.start == day_of("2025-05-01")
    assert about.end == day_of("2025-07-31")
    assert about.approximate
    assert about.fuzzy
    year = by_id[f"report:{dated.year}"]
    assert (year.start, year.end) == (day_of("2024-01-01"), day_of("2024-12-31"))
    assert year.fuzzy
    assert not year.approximate
    day = by_id[f"report:{dated.day}"]
    assert day.start == day.end == day_of("2026-01-15")
    assert not day.fuzzy
    assert f"report:{dated.undated}" not in by_id
    assert data.undated == 1


def test_the_report_axis_uses_the_date_of_report(ana: Vault, dated: Dated) -> None:
    data = timeline.load(ana, axis="report")
    by_id = {i.id: i for i in data.items}
    assert by_id[f"report:{dated.about}"].start == day_of("2025-07-02")
    assert f"report:{dated.undated}" in by_id
    assert data.undated == 0


def test_relations_are_events_dated_by_the_asserting_report(ana: Vault, dated: Dated) -> None:
    data = timeline.load(ana)
    events = [i for i in data.items if i.kind == "relation"]
    assert len(events) == 6
    report_a = next(i for i in data.items if i.id == f"report:{dated.net.report_a}")
    owner = next(e for e in events if {x.id for x in e.entities} == {dated.net.petrovic,
                                                                       dated.net.volvo})
    assert (owner.start, owner.end) == (report_a.start, report_a.end)
    assert "Петар Петровић" in owner.label
    assert timeline.load(ana, events=False).items[-1].kind != "relation"


def test_entity_lanes_hold_the_reports_that_link_the_entity(ana: Vault, dated: Dated) -> None:
    data = timeline.load(ana, events=False)
    lanes = {ln.key: ln for ln in lanes_of(data, "entity")}
    ship = lanes[f"entity:{dated.net.ship}"]
    assert ship.label == "Aegean Star"
    assert {i.report_id for i in ship.items} == {dated.net.report_a, dated.net.report_c}


def test_filters_are_the_lists(ana: Vault, dated: Dated) -> None:
    data = timeline.load(ana, ReportFilters(crime_areas=frozenset({"anti_fraud"})), events=False)
    assert {i.report_id for i in data.items} == {dated.year, dated.day}
    data = timeline.load(ana, ReportFilters(info_from="2026-01-01"), events=False)
    assert dated.year not in {i.report_id for i in data.items}


def test_histogram_is_counted_by_the_database(ana: Vault, dated: Dated) -> None:
    bins = timeline.histogram(ana, unit="year")
    assert {(b.lane, date.fromordinal(b.start).year, b.count) for b in bins} == {
        ("all", 2024, 1), ("all", 2025, 1), ("all", 2026, 4)}
    by_area = timeline.histogram(ana, unit="month", lane_by="crime_area")
    march = {b.lane: b.count for b in by_area if date.fromordinal(b.start) == date(2026, 3, 1)}
    assert march == {"drugs": 1, "stolen_vehicles": 1, "container_security": 1}
    by_entity = timeline.histogram(ana, unit="year", lane_by="entity")
    ship = [b for b in by_entity if b.lane == f"entity:{dated.net.ship}"]
    assert [b.count for b in ship] == [2]


def test_the_histogram_does_not_load_reports_into_python(
        ana: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline, "load_in", lambda *a, **k: pytest.fail("loaded items"))
    assert timeline.histogram(ana, unit="month")


def test_bad_arguments_are_refused_plainly(ana: Vault) -> None:
    with pytest.raises(ValidationError):
        timeline.load(ana, axis="birth")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        timeline.histogram(ana, unit="week")
    with pytest.raises(ValidationError):
        timeline.histogram(ana, lane_by="colour")  # type: ignore[arg-type]


def test_country_lanes_carry_sirats_country_names(ana: Vault, dated: Dated) -> None:
    labels = [ln.label for ln in lanes_of(timeline.load(ana, events=False), "country")]
    assert "Montenegro (ME)" in labels
    assert "North Macedonia (MK)" in labels


def test_a_date_of_birth_is_not_an_event(ana: Vault, dated: Dated) -> None:
    """Петар Петровић was born 1980-04-12 (stored on the person): nothing on the timeline
    is placed on that day or carries it, on either axis; his items are the reports'."""
    born = day_of("1980-04-12")
    for axis in ("information", "report"):
        data = timeline.load(ana, axis=axis)  # type: ignore[arg-type]
        assert not [i for i in data.items if i.start <= born <= i.end]
        assert not [i for i in data.items if "1980" in i.label]
        his = [i for i in data.items if any(e.id == dated.net.petrovic for e in i.entities)]
        assert his
        assert {i.report_id for i in his} <= {dated.net.report_a}
