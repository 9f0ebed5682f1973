"""The link chart in the shared selection: select nodes here, see them in the list, the
timeline and the map, and the other way round (``sirat.ui.linked_selection``)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import shiboken6

from sirat.ui.linked_selection import disconnect, hub_for

if TYPE_CHECKING:
    from sirat.ui.chart.window import ChartWindow
    from sirat.ui.host import HostWindow


def attach_chart(host: HostWindow, window: ChartWindow) -> None:
    """Link a chart window's node selection with the hub."""
    hub = hub_for(host)
    scene = window.view.chart_scene

    def publish() -> None:
        if not shiboken6.isValid(scene) or not shiboken6.isValid(window) \
                or not window.isVisible():
            return  # closing: items go, nobody chose that
        reports: list[int] = []
        entities: list[int] = []
        for node_id in scene.selected_ids():
            kind, _, key = node_id.partition(":")
            if key.isdigit():
                (reports if kind == "report" else entities).append(int(key))
        hub.publish(window, reports, entities)

    def follow(source: object, reports: list[int], entities: list[int]) -> None:
        if source is window or not shiboken6.isValid(scene):
            return
        wanted = {f"report:{r}" for r in reports} | {f"entity:{e}" for e in entities}
        with contextlib.ExitStack() as stack:
            scene.blockSignals(True)
            stack.callback(scene.blockSignals, False)
            for node_id, item in scene.node_items.items():
                item.setSelected(node_id in wanted)
        scene.update()

    scene.selectionChanged.connect(publish)
    hub.changed.connect(follow)
    window.destroyed.connect(lambda *_: disconnect(hub, follow))
