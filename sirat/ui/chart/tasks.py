"""Run a pure function on Qt's thread pool and get its result back by signal.

The work function must not touch widgets; the callbacks run on the GUI thread
(the runner lives there, so its signals are queued to it). One long-lived
runner relays every result, keyed by task number: creating and deleting a
QObject per task from the pool proved crash-prone. A small local helper until
the application-wide task runner exists.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callbacks = tuple[Callable[[Any], None], Callable[[BaseException], None] | None]


class _Task(QRunnable):
    def __init__(self, number: int, work: Callable[[], Any], runner: TaskRunner) -> None:
        super().__init__()
        self._number = number
        self._work = work
        self._runner = runner

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            outcome: tuple[bool, object] = (False, exc)
        else:
            outcome = (True, result)
        try:
            self._runner.finished.emit(self._number, outcome)
        except RuntimeError:  # the runner (and its view) was closed meanwhile
            log.debug("chart task %s finished after its view closed", self._number)


class TaskRunner(QObject):
    """Starts background tasks and calls back on the GUI thread."""

    finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[int, Callbacks] = {}
        self._numbers = itertools.count(1)
        self.finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        number = next(self._numbers)
        self._pending[number] = (on_done, on_error)
        QThreadPool.globalInstance().start(_Task(number, work, self))

    @Slot(int, object)
    def _deliver(self, number: int, outcome: tuple[bool, object]) -> None:
        callbacks = self._pending.pop(number, None)
        if callbacks is None:
            return
        ok, value = outcome
        on_done, on_error = callbacks
        if ok:
            on_done(value)
        else:
            assert isinstance(value, BaseException)  # noqa: S101 - by construction
            log.error("chart background task failed: %s", type(value).__name__)
            if on_error is not None:
                on_error(value)
