"""View ▸ Timeline (Ctrl+Alt+T): the reports of the list's filters over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sirat.ui.actions import VIEW, ActionRegistry, ActionSpec

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow


def open_timeline(host: HostWindow) -> None:
    from sirat.ui.timeline.window import TimelineWindow

    for window in host.windows.windows():
        if window.objectName() == "timelineWindow" and window.isVisible():
            window.raise_()
            return
    host.open_window(TimelineWindow(host))


def register(registry: ActionRegistry) -> None:
    registry.add(ActionSpec("timeline.open", "&Timeline", VIEW, open_timeline, "Ctrl+Alt+T",
                            tip="Show the listed reports over time (date of information or "
                            "of report), with lanes and zoom from a day to a decade",
                            order=72))
