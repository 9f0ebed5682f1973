"""The timeline as a pure model (no Qt, no database): items, lanes, zoom and ticks.

``sirat.services.charts.timeline`` fills it from the vault, ``sirat.ui.timeline`` paints it,
``sirat.export.timeline_figure`` prints it; :func:`redact_for_observer` decides what an
observer's copy may show before anything is drawn. See docs/timeline.md.
"""

from sirat.timeline.model import (
    AXES,
    LANE_KINDS,
    Bin,
    Item,
    Lane,
    TimelineData,
    day_of,
    iso_of,
    lanes_of,
)
from sirat.timeline.redact import redact_for_observer
from sirat.timeline.scale import LEVELS, Level, Viewport, level_for, ticks

__all__ = [
    "AXES", "LANE_KINDS", "LEVELS", "Bin", "Item", "Lane", "Level", "TimelineData", "Viewport",
    "day_of", "iso_of", "lanes_of", "level_for", "redact_for_observer", "ticks",
]
