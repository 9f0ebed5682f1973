"""Every figure of the bench, in the order the table prints them."""

from __future__ import annotations

from collections.abc import Callable

from sirat.bench import (
    fig_attach,
    fig_chart,
    fig_exchange,
    fig_export,
    fig_import,
    fig_import_cipher,
    fig_import_whole,
    fig_list,
    fig_save,
    fig_search,
    fig_search_more,
    fig_sheets,
    fig_start,
    fig_stats,
    fig_ui,
    fig_vault,
    fig_views,
)
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec

FigureFn = Callable[[Context], Measurement]

BUILD = Spec("dataset.build", "bench vault generation (seeded generator)", "s")


def build(ctx: Context) -> Measurement:
    bench = ctx.bench()
    extra: dict[str, object] = dict(bench.counts)
    extra["links_and_relations"] = bench.links
    extra["vault_mb"] = round(bench.db_path.stat().st_size / 2**20, 1)
    extra["generator"] = bench.generator
    if bench.build_s is None:
        return Measurement([], latency=False, note="from cache (built in an earlier run)",
                           extra=extra)
    return Measurement([bench.build_s], latency=False, extra=extra)


def all_figures() -> list[tuple[Spec, FigureFn]]:
    return [
        (BUILD, build),
        *fig_vault.FIGURES,
        *fig_import.FIGURES,
        *fig_import_whole.FIGURES,
        *fig_import_cipher.FIGURES,
        *fig_save.FIGURES,
        *fig_search_more.FIGURES,
        *fig_search.FIGURES,
        *fig_start.FIGURES,
        *fig_ui.FIGURES,
        *fig_list.FIGURES,
        *fig_export.FIGURES,
        *fig_chart.FIGURES,
        *fig_stats.FIGURES,
        *fig_attach.FIGURES,
        *fig_views.FIGURES,
        *fig_sheets.FIGURES,
        *fig_exchange.FIGURES,
    ]
