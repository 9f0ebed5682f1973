"""From a product's stored figures to what one recipient may read of them.

Member states and operational partners read every count. Observers (anyone who may not
receive personal data: deny by default) read the tables after small-cell suppression
(:mod:`sirat.domain.suppression`, threshold from the vault setting): every count below
the threshold is hidden, and so is any other count or total that would let one be worked
out; the "uncertain date" column is left out; places and routes are printed only for
rows at or above the threshold; the page says so. Charts are drawn from the suppressed
numbers (a hidden count is a missing bar or point).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Any

from sirat.domain.disclosure import may_receive_personal_data
from sirat.domain.suppression import Line, observer_may_cross, one_way, suppress
from sirat.errors import SiratError
from sirat.export.stats_types import (
    HIDDEN_MARK,
    FigureSeries,
    FigureTable,
    KeyFigure,
    StatisticsRelease,
)
from sirat.services.stats.product import ProductInfo, canonical
from sirat.services.stats.query import ARROWS
from sirat.services.stats.templates import template
from sirat.services.stats.types import Dimension, StatsTable

TOP = 10
METHOD = (
    "Counts cover approved and disseminated reports only (drafts, submitted and returned "
    "reports and analytical products are never counted). A report counts once, in the "
    "period of the earliest bound of its date of information (its date of report when it "
    "has none); a report whose date of information spans more than one period is flagged "
    "as uncertain. \u201cReports\u201d counts distinct reports; \u201cmentions\u201d counts "
    "report\u2013entity pairs (or places named), so one report naming three persons is one "
    "report and three mentions; \u201cpersons\u201d, \u201cvehicles\u201d and "
    "\u201cvessels\u201d count distinct entities.")


def suppression_note(threshold: int) -> str:
    return (f"Observer copy: counts below {threshold} are not shown, nor any other count or "
            f"total from which one could be worked out; they are marked “{HIDDEN_MARK}”. "
            "Places and routes are listed only when at least "
            f"{threshold} reports name them and the gazetteer knows them as places (free "
            "text that may be an address is never listed); persons are not broken down by "
            "nationality "
            "over periods shorter than a half-year. The uncertain-date column is omitted.")


def _cells(figures: dict[str, Any], name: str) -> tuple[list[list[Any]], list[Any]]:
    t = figures["tables"][name]
    return t["cells"], t["total"]


def _counts(rows: list[list[Any]], n_keys: int, measure: int) -> list[int]:
    return [int(r[n_keys + measure] or 0) for r in rows]


def _one_way_table(title: str, label: str, rows: list[list[Any]], total: list[Any],
                   measures: Sequence[tuple[str, int]], threshold: int | None,
                   top: int | None = None, hide_totals: frozenset[int] = frozenset(),
                   ) -> FigureTable:
    """Rows sorted by reports (desc); ``threshold`` None: every count shown;
    ``hide_totals``: measures whose total another table hides (hidden here too)."""
    first = 1 + measures[0][1]  # sorted by the first count printed (persons, or reports)
    order = sorted(range(len(rows)), key=lambda i: (-int(rows[i][first] or 0),
                                                    -int(rows[i][1] or 0), str(rows[i][0])))
    if top is not None and threshold is not None:
        order = [i for i in order if int(rows[i][1] or 0) >= threshold]
    if top is not None:
        order = order[:top]
    hidden: dict[int, tuple[frozenset[int], bool]] = {}
    if threshold is not None and top is None:
        for _name, m in measures:
            hidden[m] = one_way([r[0] for r in rows], _counts(rows, 1, m),
                                int(total[m] or 0), threshold, hide_total=m in hide_totals)
    out_rows = []
    for i in order:
        values: list[str | int | None] = [str(rows[i][0])]
        for _name, m in measures:
            shown = m not in hidden or i not in hidden[m][0]
            values.append(int(rows[i][1 + m] or 0) if shown else None)
        out_rows.append(tuple(values))
    total_row: tuple[str | int | None, ...] | None = None
    if top is None:
        total_row = ("Total", *(None if m in hidden and hidden[m][1] else int(total[m] or 0)
                                for _name, m in measures))
    note = (f"None is named by at least {threshold} reports."
            if top is not None and threshold is not None and rows else "")
    return FigureTable(title, (label, *(name for name, _m in measures)), 1, tuple(out_rows),
                       total_row, note)


def _cross(figures: dict[str, Any], areas: dict[str, str], threshold: int | None,
           hide_grand: bool = False) -> tuple[FigureTable, FigureSeries]:
    """Crime area × month: reports, with row, column and grand totals."""
    rows, total = _cells(figures, "area_by_month")
    months: list[str] = figures["months"]
    codes = sorted({r[0] for r in rows})
    inner = {(str(r[0]), str(r[1])): int(r[2]) for r in rows}
    values: dict[Hashable, int] = {("c", a, m): n for (a, m), n in inner.items()}
    for code in codes:
        values[("r", code)] = sum(n for (a, _m), n in inner.items() if a == code)
    for month in months:
        values[("k", month)] = sum(n for (_a, m), n in inner.items() if m == month)
    values[("g",)] = int(total[0] or 0)
    hidden: frozenset[Hashable] = frozenset()
    if threshold is not None:
        lines = [Line(tuple(("c", c, m) for m in months), ("r", c)) for c in codes]
        lines += [Line(tuple(("c", c, m) for c in codes), ("k", m)) for m in months]
        lines += [Line(tuple(("r", c) for c in codes), ("g",)),
                  Line(tuple(("k", m) for m in months), ("g",))]
        hidden = suppress(values, lines, threshold, forced=[("g",)] if hide_grand else [])

    def show(key: Hashable) -> int | None:
        return None if key in hidden else values.get(key, 0)

    table = FigureTable(
        "Reports by crime area and month", ("Crime area", *months, "Total"), 1,
        tuple((areas.get(c, c), *(show(("c", c, m)) for m in months), show(("r", c)))
              for c in codes),
        ("Total", *(show(("k", m)) for m in months), show(("g",))))
    series = FigureSeries("Reports per month by crime area", "line", tuple(months),
                          tuple((areas.get(c, c), tuple(show(("c", c, m)) for m in months))
                                for c in codes))
    return table, series


def known_place(text: str) -> bool:
    """The gazetteer knows ``text`` as a place (a town, a port, a crossing of GeoNames)
    -- and a route leg "A → B" when it knows both ends. Anything else is free text that
    may be a private address ("ul. Vasil Levski 12"): never listed for an observer."""
    from sirat.geo.gazetteer import load_gazetteer
    from sirat.services.stats.query import legs

    stops = [p for leg in legs(text) for p in leg] if any(a in text for a in ARROWS) else [text]
    gazetteer = load_gazetteer()
    return bool(stops) and all(gazetteer.candidates(p) for p in stops)


def _known_places(table: tuple[list[list[Any]], list[Any]], observer: bool
                  ) -> tuple[list[list[Any]], list[Any]]:
    """The rows of a place or route table an observer may read (all for partners)."""
    rows, total = table
    return ([r for r in rows if known_place(str(r[0]))] if observer else rows), total


def _top_places(title: str, label: str, table: tuple[list[list[Any]], list[Any]],
                threshold: int | None) -> FigureTable:
    """The most named places or route legs; an observer's list says why it is empty when
    the period has some (none named by enough reports, or none the gazetteer knows) --
    never "no report names one" when the member states' copy lists them."""
    made = _one_way_table(title, label, *_known_places(table, threshold is not None),
                          [("Reports", 0), ("Mentions", 1)], threshold, top=TOP)
    if threshold is not None and table[0] and not made.rows:
        made = replace(made, note=f"None is named by at least {threshold} reports as a "
                                  "place the gazetteer knows.")
    return made


def _bar(table: FigureTable, title: str, limit: int = 12) -> FigureSeries:
    rows = list(table.rows)[:limit]
    return FigureSeries(title, "bar", tuple(str(r[0]) for r in rows),
                        (("Reports", tuple(r[1] if isinstance(r[1], int) else None
                                           for r in rows)),))


def build_release(info: ProductInfo, recipient_kind: str, threshold: int,
                  area_names: dict[str, str]) -> StatisticsRelease:
    """The statistics ``recipient_kind`` may read (observers: suppressed)."""
    observer = not may_receive_personal_data(recipient_kind)
    limit = threshold if observer else None
    figures = info.figures
    report_measures = [("Reports", 0), ("Entity mentions", 1)]
    if not observer:
        report_measures.append(("Uncertain date", 3))
    entity_tables = (("nationality", "Persons by nationality", "Nationality", "Persons"),
                     ("vehicle_make", "Vehicles by make", "Make", "Vehicles"),
                     ("vessel_flag", "Vessels by flag", "Flag", "Vessels"))
    # One number printed by several tables (the reports counted: the cross table's grand
    # total, the country and operation totals, the key figure; their entity mentions; the
    # persons, vehicles and vessels of an entity table and of the key figures) is hidden
    # in all of them once one table must hide it -- else the reader takes it from another
    # table and works the hidden cells out. Hiding a total can hide more cells, so this
    # runs until nothing changes (at most once per shared number).
    shared: set[str] = set()
    while True:
        cross, trend = _cross(figures, area_names, limit, hide_grand="reports" in shared)
        totals = frozenset(m for m, name in ((0, "reports"), (1, "mentions")) if name in shared)
        country = _one_way_table("Reports by reporting country", "Country",
                                 *_cells(figures, "country"), report_measures, limit,
                                 hide_totals=totals)
        operation = _one_way_table("Reports by operation", "Operation",
                                   *_cells(figures, "operation"), report_measures, limit,
                                   hide_totals=totals)
        made: dict[str, FigureTable] = {}
        for name, title, label, what in entity_tables:
            if observer and not observer_may_cross(["nationality"] if name == "nationality"
                                                   else [name], "half"):
                continue  # whole period, at least a half-year: never a short period here
            measures = [(what, 2), ("Reports", 0), ("Mentions", 1)]
            made[name] = _one_way_table(title, label, *_cells(figures, name), measures, limit,
                                        hide_totals=frozenset({2} if name in shared else ()))
        hidden_now = set()
        if cross.total is not None and cross.total[-1] is None:
            hidden_now.add("reports")
        for t in (country, operation):
            if t.total is not None and t.total[1] is None:
                hidden_now.add("reports")
            if t.total is not None and t.total[2] is None:
                hidden_now.add("mentions")
        hidden_now |= {n for n, t in made.items() if t.total is not None and t.total[1] is None}
        if hidden_now <= shared:
            break
        shared |= hidden_now
    places = _top_places(f"Top {TOP} places named", "Place", _cells(figures, "place"), limit)
    routes = _top_places(f"Top {TOP} routes (legs)", "Route", _cells(figures, "route"), limit)
    tables = [cross, country, operation, *made.values(), places, routes]
    total = figures["tables"]["area_by_month"]["total"]
    reports_counted = None if "reports" in shared else _or_hidden(int(total[0] or 0), limit)
    key = [KeyFigure("Reports counted", reports_counted),
           KeyFigure("Reporting countries", len(figures["tables"]["country"]["cells"])),
           *(KeyFigure(f"{what} (distinct)", None if name in shared else _or_hidden(
               int(figures["tables"][name]["total"][2] or 0), limit))
             for name, _t, _l, what in entity_tables)]
    if not observer:
        key.insert(1, KeyFigure("Reports with an uncertain date", int(total[3] or 0)))
    charts = [trend, _bar(country, "Reports by reporting country")]
    if "nationality" in made:
        charts.append(_bar(made["nationality"], "Persons by nationality"))
    chosen = template(info.template)
    return StatisticsRelease(
        template=chosen.title, period_label=f"{info.period_label} ({info.period_start} to "
        f"{info.period_end})", crime_areas=tuple(area_names.get(a, a) for a in info.crime_areas),
        key_figures=tuple(key), charts=tuple(charts), tables=tuple(tables), method=METHOD,
        suppression=suppression_note(threshold) if observer else "",
        data_digest=info.data_digest,
        parameters=canonical({k: info.parameters[k] for k in sorted(info.parameters)}))


def _or_hidden(value: int, threshold: int | None) -> int | None:
    return None if threshold is not None and 0 < value < threshold else value


def observer_table(table: StatsTable, threshold: int) -> tuple[
        tuple[tuple[str, ...], tuple[int | None, int | None, int | None]], ...]:
    """Any counted table as an observer may read it: (key, (reports, mentions, entities)).

    Every cell of a measure and the table's total form one line (conservative: for report
    dimensions the cells add up to the total; for the others they do not, and treating
    them as if they did hides at least as much). The uncertain column is dropped. A table
    of persons by a short period is refused (:func:`observer_may_cross`).
    """
    dims = [str(d) for d in table.query.dimensions]
    if not observer_may_cross(dims, str(table.query.granularity)):
        raise SiratError("Persons by nationality are not released to observers by month or "
                         "quarter.", "Choose half-years or years, or leave out the period.")
    cells = table.cells
    if table.query.multiplier in (Dimension.PLACE, Dimension.ROUTE):
        # Free text that may be a private address: only places the gazetteer knows.
        where = table.query.dimensions.index(table.query.multiplier)
        cells = tuple(c for c in cells if known_place(c.key[where]))
    measures: list[tuple[list[int], int]] = [
        ([c.reports for c in cells], table.total.reports),
        ([c.mentions for c in cells], table.total.mentions),
        ([c.entities or 0 for c in cells], table.total.entities or 0)]
    hidden = [one_way([c.key for c in cells], values, total, threshold)
              for values, total in measures]

    def shown(i: int | None, m: int, value: int | None) -> int | None:
        if value is None:
            return None
        cells, total_hidden = hidden[m]
        return None if (total_hidden if i is None else i in cells) else value

    rows = [(c.key, (shown(i, 0, c.reports), shown(i, 1, c.mentions),
                     shown(i, 2, c.entities))) for i, c in enumerate(cells)]
    rows.append((("Total",), (shown(None, 0, table.total.reports),
                              shown(None, 1, table.total.mentions),
                              shown(None, 2, table.total.entities))))
    return tuple(rows)
