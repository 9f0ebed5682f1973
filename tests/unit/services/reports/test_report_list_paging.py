"""The report list pages by keyset and every sort walks an index (issue 16).

On a real encrypted vault of generated reports (many ties: a few crime areas, statuses and
countries for 300 reports): for every sort key and direction, with and without a filter,
paging with ``after`` (the previous page's last row) returns every row exactly once, in the
order of one big page; every sort's query plan uses an index, never a sort of every row.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from sirat.services.access.session import create_vault
from sirat.services.demo.generate import generate
from sirat.services.reports import query as report_query
from sirat.services.reports.query import _SORT, list_reports
from sirat.services.reports.types import SORT_KEYS, ReportFilters
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import ADMIN


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("paging") / "vault"
    v = create_vault(path, ADMIN[0], ADMIN[1], display_name="Ada Admin", kdf=KDF_FLOOR)
    generate(v, reports=300, seed=11)
    yield v
    v.lock()
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("sort_key", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_cover_every_row_once_in_order(
        filled: Vault, sort_key: str, descending: bool) -> None:
    with filled.session() as s:
        area = str(s.execute(text("SELECT crime_area FROM reports LIMIT 1")).scalar_one())
    for filters in (None, ReportFilters(crime_areas=frozenset({area}))):
        whole = [r.id for r in list_reports(filled, filters, sort_key, descending, 0, 5000)]
        assert len(whole) == report_query.count_reports(filled, filters)
        paged: list[int] = []
        last = None
        while True:
            page = list_reports(filled, filters, sort_key, descending, len(paged), 37,
                                after=last)
            if not page:
                break
            paged += [r.id for r in page]
            last = page[-1]
        assert paged == whole
        assert len(set(paged)) == len(paged)


@pytest.mark.parametrize("sort_key", SORT_KEYS)
def test_every_sort_walks_an_index(filled: Vault, sort_key: str) -> None:
    order = ", ".join(f"{c.name} DESC" for c in (*_SORT[sort_key],)) + ", id DESC"
    with filled.session() as s:
        plan = " | ".join(str(r[-1]) for r in s.execute(text(
            f"EXPLAIN QUERY PLAN SELECT id FROM reports ORDER BY {order} LIMIT 100")))
    assert "USING" in plan, plan
    assert "INDEX" in plan, plan
    assert "TEMP B-TREE" not in plan or sort_key == "information_date", plan
