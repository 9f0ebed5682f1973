"""Menu entries of search and entity resolution, found by the action registry.

View ▸ Search everything (Ctrl+Shift+F; Ctrl+K is the editor's "add or link entity", so it is
not reused here), Entity ▸ Possible duplicates (Ctrl+Shift+D), Entity ▸ Matches of the open
entity (Ctrl+Shift+M).
"""

from __future__ import annotations

from typing import Any

from sirat.ui.actions import ENTITY, VIEW, ActionRegistry, ActionSpec


def _connect_opening(host: Any, window: Any) -> None:
    if hasattr(host, "open_editor"):
        window.report_requested.connect(host.open_editor)
    if hasattr(host, "open_entity"):
        window.entity_requested.connect(host.open_entity)

    def chart(entity_ids: list[int], report_ids: list[int]) -> None:
        from sirat.ui.chart.opening import open_chart_for

        open_chart_for(host, entity_ids=entity_ids, report_ids=report_ids)

    window.chart_requested.connect(chart)


def open_search(host: Any) -> None:
    from sirat.ui.search.window import SearchWindow

    # Not hidden, rather than visible: a docked search in a background tab is still open.
    existing = [w for w in host.windows.windows() if w.objectName() == "searchWindow"
                and not w.isHidden()] if hasattr(host, "windows") else []
    if existing:
        window = existing[-1]
        host.open_window(window)
    else:
        window = SearchWindow(host.context)
        _connect_opening(host, window)
        host.open_window(window)
    window.box.setFocus()
    window.box.selectAll()


def open_duplicates(host: Any) -> None:
    from sirat.ui.search.duplicates import DuplicatesWindow

    host.open_window(DuplicatesWindow(host.context))


def _open_entity_id(host: Any) -> int | None:
    if not hasattr(host, "windows"):
        return None
    shown = [w for w in host.windows.windows()
             if w.objectName() == "entityWindow" and w.isVisible()]
    return int(shown[-1].entity_id) if shown else None


def open_matches(host: Any) -> None:
    from sirat.ui.search.duplicates import DuplicatesWindow

    entity_id = _open_entity_id(host)
    if entity_id is None:
        host.banner.show_info("Open an entity first, then ask for its possible matches.")
        return
    host.open_window(DuplicatesWindow(host.context, entity_id))


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
