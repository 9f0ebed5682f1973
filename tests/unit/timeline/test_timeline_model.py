"""The pure timeline model: intervals, lanes, stacking, zoom levels, ticks, redaction."""

from __future__ import annotations

from datetime import date

from sirat.timeline import (
    LEVELS,
    Item,
    TimelineData,
    Viewport,
    day_of,
    lanes_of,
    level_for,
    redact_for_observer,
    ticks,
)
from sirat.timeline.model import MAX_ROWS, EntityRef, pack_rows
from sirat.timeline.scale import MAX_DAYS_PER_PX, MIN_DAYS_PER_PX

D = day_of


def _item(n: int, start: str, end: str | None = None, **kw: object) -> Item:
    s = D(start)
    e = D(end) if end else s
    assert s is not None
    assert e is not None
    return Item(f"report:{n}", "report", s, e, f"Report {n}", n, f"SIRAT-2026-{n:06d}",
                **kw)  # type: ignore[arg-type]


def test_day_of_rejects_nonsense() -> None:
    assert D("2026-03-01") == date(2026, 3, 1).toordinal()
    assert D("") is None
    assert D(None) is None
    assert D("2026-13-40") is None


def test_about_a_month_is_a_fuzzy_interval_and_a_day_is_a_point() -> None:
    month = _item(1, "2026-03-01", "2026-03-31", approximate=True)
    day = _item(2, "2026-03-14")
    assert month.fuzzy
    assert month.end - month.start == 30
    assert not day.fuzzy


def test_overlapping_items_stack_in_rows_and_rows_are_capped() -> None:
    items = [_item(k, "2026-03-01", "2026-03-31") for k in range(MAX_ROWS + 3)]
    rows, count = pack_rows(items)
    assert count == MAX_ROWS
    assert sorted(rows[:MAX_ROWS]) == list(range(MAX_ROWS))
    apart = [_item(1, "2026-01-01"), _item(2, "2026-02-01")]
    assert pack_rows(apart) == ([0, 0], 1)
    # Points on neighbouring days overprint unless widened to what the view draws.
    close = [_item(1, "2026-01-01"), _item(2, "2026-01-02")]
    assert pack_rows(close)[1] == 1
    assert pack_rows(close, min_days=3)[1] == 2


def test_lanes_by_each_grouping() -> None:
    ent = EntityRef(7, "vessel", "Aegean Star", "general cargo, MT (Vessel)")
    data = TimelineData((
        _item(1, "2026-01-01", crime_area="drugs", country="ME", operation="OP PORT",
              entities=(ent,)),
        _item(2, "2026-02-01", crime_area="drugs", country="GR"),
        _item(3, "2026-03-01", crime_area="anti_fraud", country="GR"),
    ), lane_labels={"crime_area:drugs": "Drug trafficking", ent.lane: ent.label})
    assert [ln.label for ln in lanes_of(data, "none")] == ["Reports"]
    by_area = lanes_of(data, "crime_area")
    assert [(ln.label, len(ln.items)) for ln in by_area] == [
        ("Drug trafficking", 2), ("anti_fraud", 1)]
    assert [ln.key for ln in lanes_of(data, "country")] == ["GR", "ME"]
    assert [ln.label for ln in lanes_of(data, "operation")] == ["OP PORT", "(no operation)"]
    assert [ln.label for ln in lanes_of(data, "entity")] == ["Aegean Star", "(no entity)"]


def test_zoom_goes_from_a_day_to_a_decade_and_stops_there() -> None:
    vp = Viewport.fitting(D("2026-03-14") or 0, D("2026-03-14") or 0, 1000)
    assert level_for(vp.days_per_px).name == "day"
    names = set()
    for _ in range(60):
        vp = vp.zoomed(0.5)
        names.add(level_for(vp.days_per_px).name)
    assert names >= {"week", "month", "quarter", "year", "decade"}
    assert vp.days_per_px == MAX_DAYS_PER_PX
    for _ in range(80):
        vp = vp.zoomed(2.0)
    assert vp.days_per_px == MIN_DAYS_PER_PX
    assert [lv.name for lv in LEVELS] == ["day", "week", "month", "quarter", "year", "decade"]


def test_zoom_keeps_the_day_under_the_pointer() -> None:
    vp = Viewport(float(D("2026-01-01") or 0), 1.0, 800)
    anchor = vp.day_at(200)
    zoomed = vp.zoomed(4.0, 200)
    assert abs(zoomed.day_at(200) - anchor) < 1e-9
    assert zoomed.days_per_px == 0.25


def test_ticks_follow_the_level() -> None:
    start, end = D("2026-01-01") or 0, D("2026-12-31") or 0
    months = ticks(start, end, LEVELS[2])
    assert [t[1] for t in months[:3]] == ["Jan 2026", "Feb", "Mar"]
    assert len(months) == 12
    decades = ticks(D("1990-01-01") or 0, D("2030-01-01") or 0, LEVELS[5])
    assert [t[1] for t in decades] == ["1990", "2000", "2010", "2020", "2030"]


def test_observer_copy_drops_withheld_entities_and_free_text() -> None:
    person = EntityRef(1, "person", "Петар Петровић", "Person")
    home = EntityRef(2, "address", "Ул. Цара Душана 14", "Београд, RS (Address)", is_private=True)
    van = EntityRef(3, "vehicle", "Volvo FH CA1234AB", "Volvo FH, white (Vehicle)")
    report = _item(1, "2026-01-01", operation="OP Петровић", entities=(person, home, van))
    relation = Item("relation:9", "relation", report.start, report.end,
                    "Петар Петровић — owner of — Volvo FH CA1234AB", 1, report.reference,
                    entities=(person, van))
    safe_rel = Item("relation:10", "relation", report.start, report.end, "x — y", 1,
                    report.reference, entities=(van, van))
    data = TimelineData((report, relation, safe_rel),
                        lane_labels={person.lane: person.label, van.lane: van.label})
    out = redact_for_observer(data)
    text = repr(out)
    for secret in ("Петар", "Петровић", "CA1234AB", "Цара Душана", "Report 1"):
        assert secret not in text
    assert [i.id for i in out.items] == ["report:1", "relation:10"]
    assert out.items[0].label == "SIRAT-2026-000001"
    assert [e.id for e in out.items[0].entities] == [3]
    assert [ln.label for ln in lanes_of(out, "entity")] == ["Volvo FH, white (Vehicle)"]
    assert [ln.label for ln in lanes_of(out, "operation")] == ["Operation 1", "(no operation)"]


def test_a_lane_says_how_many_items_overlap_beyond_its_rows() -> None:
    items = tuple(_item(k, "2026-03-01", "2026-03-31") for k in range(MAX_ROWS + 3))
    (lane,) = lanes_of(TimelineData(items), "none")
    assert lane.row_count == MAX_ROWS
    assert lane.overlapping == 3
    (apart,) = lanes_of(TimelineData((_item(1, "2026-01-01"), _item(2, "2026-02-01"))), "none")
    assert apart.overlapping == 0
