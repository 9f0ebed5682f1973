"""Menu entries of statistics, found by the action registry (``sirat.ui.actions``).

View ▸ Statistics (Ctrl+Alt+S); Report ▸ New analytical product (analysts, Ctrl+Alt+N);
Report ▸ Recount the product's figures (the author of a draft product, Ctrl+Alt+F).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sirat.domain.vocab import ReportId
from sirat.ui.actions import REPORT, VIEW, ActionRegistry, ActionSpec

if TYPE_CHECKING:
    from sirat.services.stats.choropleth import StatChoropleth
    from sirat.services.stats.product import ProductInfo
    from sirat.ui.host import HostWindow


def open_stats(host: HostWindow) -> None:
    from sirat.ui.review.actions import open_review
    from sirat.ui.stats.window import StatsWindow

    window = StatsWindow(host.context)
    window.report_chosen.connect(lambda rid: open_review(host, rid))
    window.map_requested.connect(lambda statistic: show_on_map(host, statistic))
    host.open_window(window)


def show_on_map(host: HostWindow, statistic: StatChoropleth) -> None:
    """Open the map (or bring it up) coloured by ``statistic``."""
    from sirat.ui.map.window import MapWindow

    found = [w for w in host.windows.windows()
             if isinstance(w, MapWindow) and w.isVisible()]
    window = found[0] if found else MapWindow(host)
    if not found:
        host.open_window(window)
    else:
        window.raise_()
    window.show_statistic(statistic)


def new_product(host: HostWindow) -> None:
    from sirat.ui.stats.product_dialog import ProductDialog

    dialog = ProductDialog(host.context, host)

    def created(report_id: ReportId) -> None:
        # the list learnt of the new report from the op's ``changes`` (ProductDialog.draft)
        host.banner.show_info("Analytical product drafted: write the assessment, then "
                              "submit it for review.")
        host.open_editor(report_id)

    dialog.created.connect(created)
    host.open_window(dialog)


def recount(host: HostWindow) -> None:
    from sirat.services.stats.product import regenerate_figures

    report_id = host.current_report_id()
    if report_id is None:
        return

    def done(info: ProductInfo) -> None:
        host.banner.show_info(f"Figures counted again; data digest {info.data_digest[:16]}…")

    host.context.run(lambda v: regenerate_figures(v, ReportId(report_id)), on_success=done,
                     on_failure=host.banner.show_error, name="product.recount")


def register(registry: ActionRegistry) -> None:
    add = registry.add
    add(ActionSpec("view.statistics", "&Statistics", VIEW, open_stats, "Ctrl+Alt+S",
                   tip="Count approved reports by crime area, country, period, operation, "
                   "nationality, make, flag, place or route", order=70))
    add(ActionSpec("report.new_product", "New &analytical product…", REPORT, new_product,
                   "Ctrl+Alt+N", tip="Draft a periodic analytical product from the "
                   "statistics of approved reports", order=15, roles=("analyst",)))
    add(ActionSpec("report.recount_product", "Recount the product's &figures", REPORT,
                   recount, "Ctrl+Alt+F", tip="Count the figures of the selected draft "
                   "analytical product again", order=16, roles=("analyst",),
                   enabled=lambda host: host.current_report_id() is not None))
