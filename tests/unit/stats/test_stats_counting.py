"""The counting rules: approved data only, the approximate-date rule, reports vs mentions,
drill-down to exactly the reports a cell counted, on a real vault."""

from __future__ import annotations

import pytest

from sirat.errors import SiratError
from sirat.services.stats import query as q
from sirat.services.stats.product import create_product
from sirat.services.stats.types import Dimension, Granularity, StatsFilters, StatsQuery
from sirat.vault import Vault
from tests.unit.stats.stats_data import Counted, counted_reports


@pytest.fixture
def counted(pair: tuple[Vault, Vault]) -> Counted:
    return counted_reports(*pair)


def _cells(vault: Vault, *dims: Dimension, g: Granularity = Granularity.MONTH,
           **filters: object) -> dict[tuple[str, ...], q.Cell]:
    t = q.table(vault, StatsQuery(dims, g, StatsFilters(**filters)))  # type: ignore[arg-type]
    return {c.key: c for c in t.cells}


def test_only_approved_and_disseminated_reports_count(pair: tuple[Vault, Vault],
                                                      counted: Counted) -> None:
    ana, _sup = pair
    t = q.table(ana, StatsQuery((Dimension.CRIME_AREA,)))
    assert t.total.reports == 4  # draft and submitted left out
    behind = q.reports_behind(ana, StatsQuery((Dimension.CRIME_AREA,)), ("anti_fraud",))
    assert {r.id for r in behind} == {counted.about_march, counted.disseminated,
                                      counted.no_info_date}


def test_an_approximate_date_counts_in_the_period_of_its_earliest_bound(
        pair: tuple[Vault, Vault], counted: Counted) -> None:
    ana, _sup = pair
    months = _cells(ana, Dimension.PERIOD)
    # "about 2026-03" runs 2026-02-01 .. 2026-04-30: February, flagged uncertain;
    # "2026" runs the whole year: January, uncertain; no date of information: date of report.
    assert months[("2026-02",)].reports == 1
    assert months[("2026-02",)].uncertain == 1
    assert months[("2026-01",)].reports == 1
    assert months[("2026-01",)].uncertain == 1
    assert months[("2026-05",)].uncertain == 0
    assert months[("2026-06",)].reports == 1
    assert ("2026-03",) not in months  # counted once, never in each month it spans
    halves = _cells(ana, Dimension.PERIOD, g=Granularity.HALF)
    assert halves[("2026-H1",)].reports == 4
    assert halves[("2026-H1",)].uncertain == 1
    years = _cells(ana, Dimension.PERIOD, g=Granularity.YEAR)
    assert years[("2026",)].uncertain == 0
    # The period filter applies to the same counting date.
    assert set(_cells(ana, Dimension.PERIOD, date_from="2026-02-01",
                      date_to="2026-05-31")) == {("2026-02",), ("2026-05",)}


def test_reports_mentions_and_persons_are_different_counts(pair: tuple[Vault, Vault],
                                                           counted: Counted) -> None:
    ana, _sup = pair
    nat = _cells(ana, Dimension.NATIONALITY)
    # BG: persons 1 and 2 in one report, person 1 again in another.
    assert (nat[("BG",)].reports, nat[("BG",)].mentions, nat[("BG",)].entities) == (2, 3, 2)
    assert (nat[("RS",)].reports, nat[("RS",)].mentions) == (1, 1)  # draft/submitted not
    behind = q.reports_behind(ana, StatsQuery((Dimension.NATIONALITY,)), ("BG",))
    assert {r.id for r in behind} == {counted.about_march, counted.disseminated}


def test_places_and_route_legs(pair: tuple[Vault, Vault], counted: Counted) -> None:
    ana, _sup = pair
    places = _cells(ana, Dimension.PLACE)
    assert places[("Vidin",)].reports == 4  # the two defaults name Vidin and Calafat
    assert places[("Calafat",)].reports == 2
    assert not any("→" in key[0] or "->" in key[0] for key in places)
    routes = _cells(ana, Dimension.ROUTE)
    assert routes[("Vidin → Calafat",)].reports == 2
    assert routes[("Calafat → Bucharest",)].reports == 1
    behind = q.reports_behind(ana, StatsQuery((Dimension.ROUTE,)), ("Vidin → Calafat",))
    assert {r.id for r in behind} == {counted.about_march, counted.disseminated}


def test_two_dimensions_and_not_recorded(pair: tuple[Vault, Vault], counted: Counted) -> None:
    ana, _sup = pair
    cells = _cells(ana, Dimension.OPERATION, Dimension.COUNTRY)
    assert cells[("OP X", "RS")].reports == 1
    assert cells[(q.NONE_LABEL, "BG")].reports == 3
    behind = q.reports_behind(ana, StatsQuery((Dimension.OPERATION, Dimension.COUNTRY)),
                              (q.NONE_LABEL, "BG"))
    assert len(behind) == 3


def test_analytical_products_are_not_counted(pair: tuple[Vault, Vault],
                                             counted: Counted) -> None:
    ana, sup = pair
    from sirat.services.workflow import review as workflow

    rid = create_product(ana, "thb-ms-half-year", "2026-H1", ("anti_fraud",)).id
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    assert q.table(ana, StatsQuery((Dimension.CRIME_AREA,))).total.reports == 4


@pytest.mark.parametrize("dims", [(), (Dimension.PLACE, Dimension.NATIONALITY),
                                  (Dimension.PERIOD, Dimension.PERIOD),
                                  (Dimension.PERIOD, Dimension.COUNTRY, Dimension.PLACE)])
def test_tables_the_service_refuses(analyst_vault: Vault, dims: tuple[Dimension, ...]) -> None:
    with pytest.raises(SiratError):
        q.table(analyst_vault, StatsQuery(dims))


def test_a_date_filter_that_is_not_a_date_is_refused(analyst_vault: Vault) -> None:
    with pytest.raises(SiratError, match="YYYY-MM-DD"):
        q.table(analyst_vault, StatsQuery((Dimension.PERIOD,),
                                          filters=StatsFilters(date_from="2026-13")))


def test_observer_tables_hide_small_counts_and_refuse_persons_by_month(
        pair: tuple[Vault, Vault], counted: Counted) -> None:
    from sirat.services.stats import tabular

    ana, _sup = pair
    t = q.table(ana, StatsQuery((Dimension.NATIONALITY,)))
    rows = tabular.observer_rows(t, 2)  # BG: 2 reports, 3 mentions, 2 persons; RS: 1 each
    # RS's 1 is hidden, so BG's counts are too (total minus BG would give RS away).
    assert rows[1][:4] == ["BG", "c", "c", "c"]
    assert rows[2][:4] == ["RS", "c", "c", "c"]
    assert rows[3][0] == "Total"
    by_month = q.table(ana, StatsQuery((Dimension.NATIONALITY, Dimension.PERIOD)))
    with pytest.raises(SiratError, match="not released to observers"):
        tabular.observer_rows(by_month, 5)
    from tests.unit.stats.stats_data import report

    report(ana, _sup, "approved", places=("=HYPERLINK(\"x\")", "@SUM(1)"))
    written = tabular.to_csv(q.table(ana, StatsQuery((Dimension.PLACE,)))).decode("utf-8-sig")
    assert "'=HYPERLINK" in written
    assert "'@SUM(1)" in written
    assert "\n=" not in written


@pytest.mark.parametrize("filters", [
    StatsFilters(), StatsFilters(date_from="2024-01-01", date_to="2024-06-30",
                                 crime_areas=frozenset({"thb_ms"}))])
def test_entity_tables_look_up_the_links_of_each_counted_report(
        analyst_vault: Vault, filters: StatsFilters) -> None:
    """The plan, not a timing: left to itself SQLite drove the join from every person's
    link and scanned the counted reports for each (4.7 s at 100,000 reports with a
    half-year and one crime area; an analytical product took 13 s). Each counted report's
    links must be one primary-key lookup."""
    from sqlalchemy import text

    sql = str(q.facts(StatsQuery((Dimension.NATIONALITY,), filters=filters)).compile(
        analyst_vault.engine, compile_kwargs={"literal_binds": True}))
    assert " CROSS JOIN stats_entity_links " in sql
    with analyst_vault.session() as s:
        plan = [str(r[3]) for r in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
    links = [p for p in plan if "stats_entity_links" in p]
    assert links == ["SEARCH stats_entity_links USING PRIMARY KEY (kind=? AND report_id=?)"]
    assert plan.index("SCAN r") < plan.index(links[0])  # the counted reports outside
