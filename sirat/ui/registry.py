"""The composition root of the app's commands: the built-in actions plus every extension's.

:mod:`sirat.ui.actions` defines what an action *is* (``ActionSpec``, ``ActionRegistry``) and
imports no part of the app, so an extension (``sirat/ui/<package>/actions.py``) may import it
without closing a circle. This module is the one place that knows every extension: a window
family that adds commands gets one line in :func:`extension_modules` (imported by name, so
tools and the frozen app see it; a test fails when an ``actions.py`` is not listed). The
imports sit inside the functions so that importing the app's controller does not load every
window family before the main window is built.
"""

from __future__ import annotations

from collections.abc import Iterable

from sirat.ui.actions import ActionRegistry, Registers


def extension_modules() -> list[Registers]:
    """Each part of the app that adds actions, imported by name, in menu order."""
    from sirat.ui.chart import actions as chart_actions
    from sirat.ui.dissemination import actions as dissemination_actions
    from sirat.ui.interchange import actions as interchange_actions
    from sirat.ui.map import actions as map_actions
    from sirat.ui.review import actions as review_actions
    from sirat.ui.search import actions as search_actions
    from sirat.ui.stats import actions as stats_actions
    from sirat.ui.timeline import actions as timeline_actions

    return [chart_actions, dissemination_actions, interchange_actions, map_actions, review_actions,
            search_actions, stats_actions, timeline_actions]


def build_registry(extensions: Iterable[Registers] | None = None) -> ActionRegistry:
    """The built-in actions plus those of every extension (default: all of the app)."""
    from sirat.ui import main_actions

    registry = ActionRegistry()
    main_actions.register(registry)
    for module in extension_modules() if extensions is None else extensions:
        module.register(registry)
    return registry
