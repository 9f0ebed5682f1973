"""Attacks on an observer's copy of a whole analytical product, across its tables.

The reader of an observer copy sees every table of the product at once. These tests play
that reader: from random vault-like data they build the product's figures, take the
observer release, and try to read a hidden count off (a printed count below the
threshold; a total printed by one table and hidden by another; a hidden cell worked out as
a total printed *anywhere in the product* minus the printed cells), and they check that a
place the gazetteer does not know -- free text that may be a private address -- is never
listed for an observer, in the product, in a saved observer copy or in its PDF.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sirat.export.stats_types import FigureTable, StatisticsRelease
from sirat.services.dissemination import exporting as dissemination
from sirat.services.reports.reference import list_recipients
from sirat.services.stats import product, tabular
from sirat.services.stats.product import ProductInfo
from sirat.services.stats.release import build_release, known_place
from sirat.services.stats.types import Cell, Dimension, StatsQuery, StatsTable
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.stats.stats_data import report

THRESHOLD = 5
MONTHS = ["2026-01", "2026-02", "2026-03"]
ADDRESS = "ul. Vasil Levski 12, Sofia"


@dataclass(frozen=True)
class Fake:
    area: str
    month: str
    country: str
    operation: str
    persons: tuple[tuple[int, str], ...]  # (person id, nationality)


reports_strategy = st.lists(st.builds(
    Fake, st.sampled_from(["drugs", "thb_ms"]), st.sampled_from(MONTHS),
    st.sampled_from(["BG", "RS", "GR"]), st.sampled_from(["", "OP A", "OP B"]),
    st.lists(st.tuples(st.integers(1, 12), st.sampled_from(["AL", "MD", "TR"])),
             max_size=3, unique_by=lambda p: p[0]).map(tuple)), min_size=1, max_size=40)


def _one_way(reports: list[Fake], key: Any) -> dict[str, Any]:
    by: dict[str, list[Fake]] = defaultdict(list)
    for r in reports:
        by[key(r)].append(r)
    cells = [[k, len(v), sum(len(r.persons) for r in v), None, 0] for k, v in sorted(by.items())]
    return {"cells": cells, "total": [len(reports), sum(len(r.persons) for r in reports),
                                      None, 0]}


def _figures(reports: list[Fake]) -> dict[str, Any]:
    cross: dict[tuple[str, str], list[Fake]] = defaultdict(list)
    for r in reports:
        cross[r.area, r.month].append(r)
    nat: dict[str, tuple[set[int], set[int], int]] = {}
    for i, r in enumerate(reports):
        for pid, code in {(p, n) for p, n in r.persons}:
            ids, persons, mentions = nat.get(code, (set(), set(), 0))
            nat[code] = (ids | {i}, persons | {pid}, mentions + 1)
    named = [i for i, r in enumerate(reports) if r.persons]
    empty = {"cells": [], "total": [0, 0, 0, 0]}
    return {"months": MONTHS, "tables": {
        "area_by_month": {"cells": [[a, m, len(v), 0, None, 0]
                                    for (a, m), v in sorted(cross.items())],
                          "total": [len(reports), 0, None, 0]},
        "country": _one_way(reports, lambda r: r.country),
        "operation": _one_way(reports, lambda r: r.operation or "(not recorded)"),
        "nationality": {"cells": [[k, len(i), m, len(p), 0] for k, (i, p, m)
                                  in sorted(nat.items())],
                        "total": [len(named), sum(v[2] for v in nat.values()),
                                  len({p for v in nat.values() for p in v[1]}), 0]},
        "vehicle_make": empty, "vessel_flag": empty,
        "place": {"cells": [["Vidin", 7, 7, None, 0], [ADDRESS, 6, 6, None, 0]],
                  "total": [9, 13, None, 0]},
        "route": {"cells": [["Vidin → Calafat", 6, 6, None, 0],
                            [f"Vidin → {ADDRESS}", 5, 5, None, 0]],
                  "total": [8, 11, None, 0]}}}


def _info(figures: dict[str, Any]) -> ProductInfo:
    return ProductInfo(1, "thb-ms-half-year", "2026-H1", "2026-01-01", "2026-06-30",
                       ("drugs", "thb_ms"), {"period": "2026-H1"}, figures, "0" * 64, "")


def _numbers(t: FigureTable) -> list[int | None]:
    out: list[int | None] = []
    for row in (*t.rows, *((t.total,) if t.total else ())):
        out += [v if isinstance(v, int) or v is None else None for v in row[t.label_columns:]]
    return out


def _table(release: StatisticsRelease, start: str) -> FigureTable:
    return next(t for t in release.tables if t.title.startswith(start))


def _attack(release: StatisticsRelease, figures: dict[str, Any]) -> None:
    # 1. No printed count below the threshold, anywhere: tables, key figures, charts.
    printed = [n for t in release.tables for n in _numbers(t) if n is not None]
    printed += [k.value for k in release.key_figures if k.value is not None
                and k.label != "Reporting countries"]  # a number of countries, not people
    printed += [v for c in release.charts for _n, vs in c.series for v in vs if v is not None]
    assert not [n for n in printed if 0 < n < THRESHOLD]
    # 2. What the reader knows of the number of reports counted, from any table.
    true_total = figures["tables"]["area_by_month"]["total"][0]
    cross, country, operation = (_table(release, p) for p in (
        "Reports by crime area", "Reports by reporting country", "Reports by operation"))
    known = {cross.total[-1] if cross.total else None,
             country.total[1] if country.total else None,
             operation.total[1] if operation.total else None,
             next(k.value for k in release.key_figures if k.label == "Reports counted")}
    known.discard(None)
    assert known <= {true_total}
    # 3. Each table whose rows add up to the total: the total known from ANY table minus
    # the printed rows must not give one hidden row, nor a small sum of hidden rows.
    for t in (country, operation):
        cells = [row[1] for row in t.rows]
        hidden = [i for i, v in enumerate(cells) if v is None]
        if known and hidden:
            rest = true_total - sum(v for v in cells if isinstance(v, int))
            assert len(hidden) > 1, t.title
            assert rest >= THRESHOLD, t.title
    # 4. The cross table's month totals against the same grand total.
    months = list(cross.total[1:-1]) if cross.total else []
    hidden_months = [v for v in months if v is None]
    if known and hidden_months:
        assert len(hidden_months) > 1
        assert true_total - sum(v for v in months if isinstance(v, int)) >= THRESHOLD
    # 5. Persons: the key figure and the table's total agree, or both are hidden.
    persons = _table(release, "Persons by nationality")
    figure = next(k.value for k in release.key_figures if k.label == "Persons (distinct)")
    assert figure == (persons.total[1] if persons.total else None)
    # 6. Free text that may be an address is never listed.
    listed = {str(r[0]) for t in release.tables if t.title.startswith("Top") for r in t.rows}
    assert "Vidin" in listed
    assert "Vidin → Calafat" in listed
    assert not [p for p in listed if ADDRESS in p]


@settings(max_examples=150, deadline=None)
@given(reports_strategy)
def test_no_hidden_count_can_be_read_off_the_products_other_tables(
        reports: list[Fake]) -> None:
    figures = _figures(reports)
    release = build_release(_info(figures), "observer", THRESHOLD, {})
    _attack(release, figures)
    member = build_release(_info(figures), "member-state", THRESHOLD, {})
    listed = {str(r[0]) for t in member.tables if t.title.startswith("Top") for r in t.rows}
    assert ADDRESS in listed  # a member state reads the places as written


def test_the_gazetteer_tells_a_town_from_an_address() -> None:
    assert known_place("Vidin")
    assert known_place("Солун")  # Thessaloniki, another script
    assert known_place("Vidin → Calafat")
    for text in (ADDRESS, "Vidin Street 5", "Hotel Sofia room 12", "Vidin → Hotel Sofia",
                 "", "→"):
        assert not known_place(text), text


def test_a_saved_observer_table_of_places_leaves_addresses_out() -> None:
    q = StatsQuery((Dimension.PLACE,))
    table = StatsTable(q, (Cell(("Vidin",), 9, 9, None, 0), Cell((ADDRESS,), 8, 8, None, 0)),
                       Cell((), 15, 17, None, 0))
    text = tabular.to_csv(table, THRESHOLD).decode("utf-8-sig")
    assert "Vidin" in text
    assert "Levski" not in text
    assert "gazetteer does not know" in text
    assert "Levski" in tabular.to_csv(table).decode("utf-8-sig")  # the internal copy


def test_the_observer_pdf_lists_towns_never_an_address(pair: tuple[Vault, Vault]) -> None:
    ana, sup = pair
    for i in range(6):
        report(ana, sup, "approved", information_date=f"2026-0{1 + i % 6}-10",
               places=("Vidin", ADDRESS), title=f"Crossing {i}")
    rid = product.create_product(ana, "thb-ms-half-year", "2026-H1", ("anti_fraud",),
                                 classification="UNCLASSIFIED").id
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    observer = list_recipients(sup, "observer")[0].code
    texts = {}
    for code in ("BG", observer):
        made = dissemination.export_report(sup, rid, code)
        texts[code] = re.sub(r"\s+", " ", "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(made.pdf_bytes)).pages))
    assert "Vidin" in texts["BG"]
    assert "Levski" in texts["BG"]
    assert "Vidin" in texts[observer]
    assert "Levski" not in texts[observer]
    assert "gazetteer knows them" in texts[observer]
