"""The chart's background work, on the application's two workers (``sirat.ui.tasks``).

Layouts and betweenness are CPU work (the *cpu* worker); expanding a node asks the vault
(the *vault* worker). A chart opened by the app runs on the session's :class:`Tasks`, so a
lock drops its pending callbacks like every other window's; a chart made without one
(tests, benchmarks, demos) shares one module-level ``Tasks``, stopped at interpreter exit.

:class:`ChartWork` counts its own jobs so a view knows when *it* is busy. Expected errors
(``SiratError``) reach ``on_error``; anything else is a bug: ``on_error`` is told (so the
view stops waiting) and the exception goes to the app's crash hook as usual.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QObject

from sirat.errors import SiratError
from sirat.ui.tasks import CPU, VAULT, Tasks

__all__ = ["CPU", "VAULT", "ChartWork", "standalone_tasks"]


@cache
def standalone_tasks() -> Tasks:
    """The workers shared by charts made outside a signed-in session."""
    tasks = Tasks()
    atexit.register(tasks.shutdown)
    return tasks


class ChartWork:
    """Starts one chart's jobs and knows how many are still out."""

    def __init__(self, owner: QObject, tasks: Tasks | None = None) -> None:
        self._owner = owner
        self.tasks = tasks if tasks is not None else standalone_tasks()
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        worker: str = CPU,
    ) -> None:
        def guarded() -> tuple[bool, Any]:
            try:
                return True, work()
            except SiratError:
                raise
            except Exception as exc:  # a bug: reported below, on the GUI thread
                return False, exc

        def done(outcome: tuple[bool, Any]) -> None:
            self._pending -= 1
            ok, value = outcome
            if ok:
                on_done(value)
                return
            if on_error is not None:
                on_error(value)
            self.tasks.on_bug(value)

        def failed(error: SiratError) -> None:
            self._pending -= 1
            if on_error is not None:
                on_error(error)

        self._pending += 1
        self.tasks.run(guarded, on_success=done, on_failure=failed, owner=self._owner,
                       worker=worker, name="chart")  # fmt: skip
