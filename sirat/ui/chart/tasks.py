"""The chart's background work, on the application's two workers (``sirat.ui.tasks``).

Layouts and betweenness are CPU work (the *cpu* worker); expanding a node asks the vault
(the *vault* worker). A chart opened by the app runs on the session's :class:`Tasks`, so a
lock drops its pending callbacks like every other window's; a chart made without one
(tests, benchmarks, demos) shares one module-level ``Tasks``, stopped at interpreter exit.
Each job is an ordinary :class:`~sirat.ui.tasks.Op`; the view counts its own to know when
*it* is busy (``ChartView._start``).
"""

from __future__ import annotations

import atexit
from functools import cache

from sirat.ui.tasks import CPU, VAULT, Tasks

__all__ = ["CPU", "VAULT", "standalone_tasks"]


@cache
def standalone_tasks() -> Tasks:
    """The workers shared by charts made outside a signed-in session."""
    tasks = Tasks()
    atexit.register(tasks.shutdown)
    return tasks
