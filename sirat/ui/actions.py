"""The action registry: every menu entry, toolbar button and shortcut of the main window.

Other parts of the app add their own actions without editing the main window: a module
``sirat/ui/<package>/actions.py`` defines ``register(registry: ActionRegistry) -> None`` and
gets one line in :func:`sirat.ui.registry.extension_modules`, the composition root (this
module imports no part of the app, so extensions may import it without a circle). Each
action's handler receives the main window (see :class:`~sirat.ui.host.HostWindow`)::

    def register(registry):
        registry.add(ActionSpec(
            id="chart.open", text="Link &chart", menu=VIEW, shortcut="Ctrl+G",
            triggered=lambda host: host.open_window(ChartWindow(host.context)),
        ))
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow

log = logging.getLogger(__name__)

FILE = "&File"
REPORT = "&Report"
ENTITY = "&Entity"
VIEW = "&View"
TOOLS = "&Tools"
HELP = "&Help"
MENUS = (FILE, REPORT, ENTITY, VIEW, TOOLS, HELP)


Handler = Callable[["HostWindow"], object]
Predicate = Callable[["HostWindow"], bool]


@dataclass(frozen=True)
class ActionSpec:
    """One user command.

    ``enabled(host)`` is asked again whenever the selection or the vault changes;
    ``roles`` limits the action to users with one of these roles (empty: everyone).
    ``order`` sorts entries inside a menu; a ``separator_before`` starts a new group.
    """

    id: str
    text: str
    menu: str
    triggered: Handler
    shortcut: str = ""
    extra_shortcuts: tuple[str, ...] = ()
    tip: str = ""
    toolbar: bool = False
    order: int = 100
    separator_before: bool = False
    enabled: Predicate | None = None
    roles: tuple[str, ...] = ()
    icon: str = ""
    #: why the action is disabled now, in words (shown as its tooltip and status tip)
    disabled_reason: Callable[[HostWindow], str] | None = None

    @property
    def shortcuts(self) -> tuple[str, ...]:
        return tuple(s for s in (self.shortcut, *self.extra_shortcuts) if s)


class ActionRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, ActionSpec] = {}

    def add(self, spec: ActionSpec) -> None:
        if spec.id in self._specs:
            raise ValueError(f"action {spec.id!r} registered twice")
        self._specs[spec.id] = spec

    def get(self, action_id: str) -> ActionSpec:
        return self._specs[action_id]

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._specs

    def specs(self) -> list[ActionSpec]:
        return sorted(self._specs.values(), key=lambda s: (_menu_rank(s.menu), s.order, s.id))

    def menus(self) -> list[str]:
        seen: list[str] = []
        for spec in self.specs():
            if spec.menu not in seen:
                seen.append(spec.menu)
        return seen


def _menu_rank(menu: str) -> int:
    # Menus of extensions go before Help, in the order they first appear.
    return MENUS.index(menu) if menu in MENUS else MENUS.index(HELP) - 1


class Registers(Protocol):
    """A module (or any object) that adds its actions to the registry."""

    def register(self, registry: ActionRegistry) -> None: ...
