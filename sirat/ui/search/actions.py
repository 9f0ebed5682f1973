"""Menu entries of search and entity resolution, found by the action registry.

View ▸ Search everything (Ctrl+Shift+F; Ctrl+K is the editor's "add or link entity", so it is
not reused here), Entity ▸ Possible duplicates (Ctrl+Shift+D), Entity ▸ Matches of the open
entity (Ctrl+Shift+M).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sirat.domain.vocab import EntityId, ReportId
from sirat.ui.actions import ENTITY, VIEW, ActionRegistry, ActionSpec
from sirat.ui.chart.actions import open_entity_id
from sirat.ui.host import HostWindow

if TYPE_CHECKING:
    from sirat.ui.search.window import SearchWindow


def _connect_opening(host: HostWindow, window: SearchWindow) -> None:
    window.report_requested.connect(host.open_editor)
    window.entity_requested.connect(host.open_entity)

    def chart(entity_ids: list[EntityId], report_ids: list[ReportId]) -> None:
        from sirat.ui.chart.opening import open_chart_for

        open_chart_for(host, entity_ids=entity_ids, report_ids=report_ids)

    window.chart_requested.connect(chart)


def open_search(host: HostWindow) -> None:
    from sirat.ui.search.window import SearchWindow

    # Not hidden, rather than visible: a docked search in a background tab is still open.
    existing = host.windows.shown(SearchWindow)
    if existing:
        window = existing[-1]
        host.open_window(window)
    else:
        window = SearchWindow(host.context)
        _connect_opening(host, window)
        host.open_window(window)
    window.box.setFocus()
    window.box.selectAll()


def open_duplicates(host: HostWindow) -> None:
    from sirat.ui.search.duplicates import DuplicatesWindow

    host.open_window(DuplicatesWindow(host.context))


def open_matches(host: HostWindow) -> None:
    from sirat.ui.search.duplicates import DuplicatesWindow

    entity_id = open_entity_id(host)
    if entity_id is None:
        host.banner.show_info("Open an entity first, then ask for its possible matches.")
        return
    host.open_window(DuplicatesWindow(host.context, EntityId(entity_id)))


def register(registry: ActionRegistry) -> None:
    add = registry.add
    add(ActionSpec("search.global", "&Search everything…", VIEW, open_search, "Ctrl+Shift+F",
                   tip="Search reports and entities in any script", toolbar=True, order=5))
    add(ActionSpec("entity.duplicates", "Possible &duplicates…", ENTITY, open_duplicates,
                   "Ctrl+Shift+D", tip="The strongest candidate pairs in the vault; merge or "
                   "mark them as different", order=40, separator_before=True))
    add(ActionSpec("entity.matches", "&Matches of the open entity…", ENTITY, open_matches,
                   "Ctrl+Shift+M", tip="Entities that may be the same as the entity shown in "
                   "the last entity window", order=45))
