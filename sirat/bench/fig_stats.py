"""Statistics over the bench vault (issue 19): one table each, target 300 ms at 100k reports.

Each figure counts one table through the service (a read transaction, the ``GROUP BY``,
the frozen cells), as the statistics window does; the product figure counts every table an
analytical product holds and the digest of the data used.
"""

from __future__ import annotations

from collections.abc import Callable

from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls

TABLES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "area_month": ("crime area × month", ("crime_area", "period"), "month"),
    "country_quarter": ("reporting country × quarter", ("country", "period"), "quarter"),
    "operation_half": ("operation × half-year", ("operation", "period"), "half"),
    "nationality": ("persons by nationality", ("nationality",), "month"),
    "vehicle_make_year": ("vehicles by make × year", ("vehicle_make", "period"), "year"),
    "vessel_flag": ("vessels by flag", ("vessel_flag",), "month"),
    "place": ("places named", ("place",), "month"),
    "route": ("route legs", ("route",), "month"),
}
SPECS = {k: Spec(f"stats.{k}", f"statistics table: {label}", "ms", 300.0, "p95")
         for k, (label, _d, _g) in TABLES.items()}
PRODUCT = Spec("stats.product_figures", "analytical product: every table + data digest "
               "(one half-year)", "ms")


def _table_figure(key: str) -> Callable[[Context], Measurement]:
    def figure(ctx: Context) -> Measurement:
        from sirat.services.stats.query import table
        from sirat.services.stats.types import Dimension, Granularity, StatsQuery

        _label, dims, granularity = TABLES[key]
        q = StatsQuery(tuple(Dimension(d) for d in dims), Granularity(granularity))
        vault = ctx.vault()
        rows: list[int] = []
        cpu: list[float] = []
        samples = time_calls(lambda: rows.append(len(table(vault, q).cells)),
                             max(5, ctx.samples // 2), warmup=1, cpu=cpu)
        return Measurement(samples, cpu=cpu, extra={"rows": rows[-1] if rows else 0})

    return figure


def product_figures(ctx: Context) -> Measurement:
    from sirat.services.stats.product import compute_figures

    vault = ctx.vault()
    params = {"template": "thb-ms-half-year", "period": "2024-H1",
              "period_start": "2024-01-01", "period_end": "2024-06-30",
              "crime_areas": ["thb_ms"], "counted": "approved+disseminated",
              "date_rule": "earliest-bound"}

    def once() -> None:
        with vault.session() as s:
            compute_figures(s, params)

    cpu: list[float] = []
    return Measurement(time_calls(once, ctx.runs, warmup=1, cpu=cpu), cpu=cpu)


FIGURES: list[tuple[Spec, Callable[[Context], Measurement]]] = [
    *((SPECS[k], _table_figure(k)) for k in TABLES),
    (PRODUCT, product_figures),
]
