"""Background work: one thread for the vault, one for CPU-heavy work.

Every vault access runs on the *vault* worker, in submission order, so a save queued before
a lock is written before the keys are forgotten. Key derivation, PDF rendering and signing
run on the *cpu* worker so a long export never delays a list query.

The UI starts work through :meth:`Tasks.run` (Anki's ``CollectionOp``)::

    tasks.run(lambda: reports.get_report(vault, rid), on_success=self._show, owner=self)

The work function never touches a widget; its result, its error and its progress come back to
the GUI thread only by signal. Expected errors (:class:`SiratError`) go to ``on_failure``
(or to the default handler, a banner); anything else is a bug and goes to the crash hook.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from sirat.errors import SiratError
from sirat.ui.signals import emit

log = logging.getLogger(__name__)

VAULT = "vault"
CPU = "cpu"

Progress = Callable[[int, int], None]
SuccessFn = Callable[[Any], None]
FailureFn = Callable[[SiratError], None]
ProgressFn = Callable[[int, int], None]


@dataclass(eq=False)
class Job:
    """One piece of work and what to call with its outcome (on the GUI thread)."""

    fn: Callable[..., Any]
    on_success: SuccessFn | None
    on_failure: FailureFn | None
    progress: ProgressFn | None
    on_done: Callable[[], None] | None
    owner: QObject | None
    generation: int
    wants_progress: bool
    name: str
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class _Bridge(QObject):
    """Lives on the GUI thread; worker threads emit these and Qt queues them across."""

    finished = Signal(object)
    progressed = Signal(object, int, int)


class _Worker(QThread):
    """A thread that runs jobs one after another from a queue."""

    def __init__(self, name: str, bridge: _Bridge) -> None:
        super().__init__()
        self.setObjectName(f"sirat-{name}")
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._bridge = bridge

    def submit(self, job: Job | None) -> None:
        self._queue.put(job)

    def run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                if job.wants_progress:
                    def report(done: int, total: int, job: Job = job) -> None:
                        emit(self._bridge.progressed, job, done, total)

                    job.result = job.fn(report)
                else:
                    job.result = job.fn()
            except BaseException as exc:
                job.error = exc
            job.done.set()
            emit(self._bridge.finished, job)


class Tasks(QObject):
    """The app's two workers and the one way to start work on them."""

    idle = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._finished)
        self._bridge.progressed.connect(self._progressed)
        self._workers = {VAULT: _Worker(VAULT, self._bridge), CPU: _Worker(CPU, self._bridge)}
        for worker in self._workers.values():
            worker.start()
        self._pending = 0
        self._generation = 0
        self.default_failure: FailureFn | None = None
        self.on_bug: Callable[[BaseException], None] = _report_bug

    # ---- starting work ----------------------------------------------------------------
    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: SuccessFn | None = None,
        on_failure: FailureFn | None = None,
        progress: ProgressFn | None = None,
        owner: QObject | None = None,
        worker: str = VAULT,
        name: str = "",
        on_done: Callable[[], None] | None = None,
    ) -> Job:
        """Run ``fn`` on ``worker``; call back on the GUI thread.

        With ``progress``, ``fn`` receives one argument: ``report(done, total)``.
        When ``owner`` has been deleted by the time the work ends, the callbacks are skipped.
        ``on_done`` runs after the outcome whatever it was -- a bug included -- so a window
        that shows itself busy can always come back (a frozen dialog after the crash dialog
        was the first release's worst trap).
        """
        job = Job(
            fn=fn, on_success=on_success, on_failure=on_failure, progress=progress,
            on_done=on_done,
            owner=owner, generation=self._generation, wants_progress=progress is not None,
            name=name or getattr(fn, "__name__", "task"),
        )
        self._pending += 1
        if self._pending == 1:
            emit(self.busy_changed, True)
        self._workers[worker].submit(job)
        return job

    def cancel_callbacks(self) -> None:
        """Drop the callbacks of every job already queued (the vault is being locked)."""
        self._generation += 1

    @property
    def pending(self) -> int:
        return self._pending

    # ---- outcomes (GUI thread) -----------------------------------------------------------
    def _alive(self, job: Job) -> bool:
        if job.generation != self._generation:
            return False
        return job.owner is None or shiboken6.isValid(job.owner)

    @Slot(object, int, int)
    def _progressed(self, job: Job, done: int, total: int) -> None:
        if job.progress is not None and self._alive(job):
            job.progress(done, total)

    @Slot(object)
    def _finished(self, job: Job) -> None:
        try:
            try:
                self._deliver(job)
            finally:
                if job.on_done is not None and self._alive(job):
                    job.on_done()
        finally:
            self._pending -= 1
            if self._pending == 0:
                emit(self.busy_changed, False)
                emit(self.idle)

    def _deliver(self, job: Job) -> None:
        error = job.error
        if error is None:
            if job.on_success is not None and self._alive(job):
                job.on_success(job.result)
            return
        if isinstance(error, SiratError):
            log.info("task %s failed with %s", job.name, type(error).__name__)
            if not self._alive(job):
                return
            handler = job.on_failure or self.default_failure
            if handler is not None:
                handler(error)
            return
        self.on_bug(error)

    # ---- shutting down -------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Finish queued work (saves included), then stop both threads."""
        for worker in self._workers.values():
            worker.submit(None)
        for worker in self._workers.values():
            worker.wait(timeout_ms)


def _report_bug(exc: BaseException) -> None:
    # Through sys.excepthook: in the app that is crash.handle (installed by run_app); under
    # pytest-qt it is the hook that fails the test, so a bug in a task is never swallowed.
    sys.excepthook(type(exc), exc, exc.__traceback__)
