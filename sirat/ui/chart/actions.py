"""Menu entries of the link chart, found by the action registry (``sirat.ui.actions``).

Report ▸ Link chart of the report (Ctrl+G), Entity ▸ Link chart of the open entity
(Ctrl+Shift+G), View ▸ Saved link charts (Ctrl+Alt+G).
"""

from __future__ import annotations

from sirat.domain.vocab import EntityId, ReportId
from sirat.ui.actions import ENTITY, REPORT, VIEW, ActionRegistry, ActionSpec
from sirat.ui.host import HostWindow


def _has_report(host: HostWindow) -> bool:
    return host.current_report_id() is not None


def chart_of_report(host: HostWindow) -> None:
    from sirat.ui.chart.opening import open_report_chart

    report_id = host.current_report_id()
    if report_id is not None:
        open_report_chart(host, ReportId(report_id))


def open_entity_id(host: HostWindow) -> EntityId | None:
    """The entity of the entity window opened last and still shown."""
    from sirat.ui.entities.view import EntityWindow

    shown = host.windows.shown(EntityWindow)
    return shown[-1].entity_id if shown else None


def chart_of_entity(host: HostWindow) -> None:
    from sirat.ui.chart.opening import open_chart_for

    entity_id = open_entity_id(host)
    if entity_id is None:
        host.banner.show_info("Open an entity first (click it in a report), then ask for "
                              "its link chart.")  # fmt: skip
        return
    open_chart_for(host, entity_ids=[entity_id])


def saved_charts(host: HostWindow) -> None:
    from sirat.ui.chart.saved import SavedChartsDialog

    host.open_window(SavedChartsDialog(host.context, host))


def register(registry: ActionRegistry) -> None:
    add = registry.add
    add(ActionSpec("chart.report", "Link &chart of the report", REPORT, chart_of_report,
                   "Ctrl+G", tip="Open the report's network: its saved chart, or its linked "
                   "entities and their relations", toolbar=True, order=55,
                   enabled=_has_report))  # fmt: skip
    add(ActionSpec("chart.entity", "Link &chart of the open entity", ENTITY, chart_of_entity,
                   "Ctrl+Shift+G", tip="Open the network of the entity shown in the last "
                   "entity window", order=20))  # fmt: skip
    add(ActionSpec("chart.saved", "Saved link c&harts…", VIEW, saved_charts, "Ctrl+Alt+G",
                   tip="Open or delete a saved link chart", order=70))  # fmt: skip
