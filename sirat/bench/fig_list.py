"""The report list's store path, every sort column, cold (issue 16).

The Qt figures (:mod:`sirat.bench.fig_ui`) show the default sort only. What the model asks
the store for a first screen is ``count_reports`` and ``list_reports(limit=100)``; here
that is timed for every sort key in both directions, each call on a **new connection**
(the engine's pool emptied first, so SQLCipher's page cache is cold -- the operating
system's file cache is not, as for a user who just signed in), and one page deep in the
list (the last 100 rows) for every sort key.
"""

from __future__ import annotations

from collections.abc import Callable

from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls

SORT_COLD = Spec("list.sort_cold", "list: count + first 100 rows, every sort, cold", "ms",
                 100.0, "p95")
DEEP_PAGE = Spec("list.deep_page", "list: the last page, every sort, cold", "ms", 100.0,
                 "p95")
PAGE = 100


def _calls(ctx: Context, deep: bool) -> tuple[list[Callable[[], object]], list[str]]:
    from sirat.services.reports import query as report_query
    from sirat.services.reports.types import SORT_KEYS

    vault = ctx.vault()
    total = report_query.count_reports(vault)
    calls: list[Callable[[], object]] = []
    names: list[str] = []
    for key in SORT_KEYS:
        for descending in (True, False):
            def once(key: str = key, descending: bool = descending) -> None:
                vault.engine.dispose()  # a new connection: SQLCipher's cache is empty
                if deep:
                    report_query.list_reports(vault, None, key, descending,
                                              max(0, total - PAGE), PAGE)
                else:
                    report_query.count_reports(vault)
                    report_query.list_reports(vault, None, key, descending, 0, PAGE)
            calls.append(once)
            names.append(f"{key} {'desc' if descending else 'asc'}")
    return calls, names


def _measure(ctx: Context, deep: bool) -> Measurement:
    calls, names = _calls(ctx, deep)
    rounds = 1 if ctx.quick else 2
    wall: list[float] = []
    cpu: list[float] = []
    worst: dict[str, float] = {}
    for _ in range(rounds):
        for name, call in zip(names, calls, strict=True):
            c: list[float] = []
            wall += time_calls(call, 1, warmup=0, cpu=c)
            cpu += c
            worst[name] = max(worst.get(name, 0.0), round(c[0], 1))
    slowest = sorted(worst.items(), key=lambda kv: -kv[1])[:3]
    return Measurement(wall, cpu=cpu, note=f"{len(names)} sorts x {rounds}",
                       extra={"slowest_cpu_ms": dict(slowest)})


def sort_cold(ctx: Context) -> Measurement:
    return _measure(ctx, deep=False)


def deep_page(ctx: Context) -> Measurement:
    return _measure(ctx, deep=True)


FIGURES: list[tuple[Spec, Callable[[Context], Measurement]]] = [
    (SORT_COLD, sort_cold),
    (DEEP_PAGE, deep_page),
]
