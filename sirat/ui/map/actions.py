"""View ▸ Map (Ctrl+Alt+M): the listed reports' places on the offline map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sirat.ui.actions import VIEW, ActionRegistry, ActionSpec

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow


def open_map(host: HostWindow) -> None:
    from sirat.ui.map.window import MapWindow

    for window in host.windows.windows():
        if window.objectName() == "mapWindow" and window.isVisible():
            window.raise_()
            return
    host.open_window(MapWindow(host))


def register(registry: ActionRegistry) -> None:
    registry.add(ActionSpec("map.open", "&Map", VIEW, open_map, "Ctrl+Alt+M",
                            tip="Show the listed reports' places on the offline map, with "
                            "report counts per country", order=73))
