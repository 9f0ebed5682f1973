"""Background work: one thread for the vault, one for CPU-heavy work, and :class:`Op`.

Every vault access runs on the *vault* worker, in submission order, so a save queued before
a lock is written before the keys are forgotten. Key derivation, PDF rendering and signing
run on the *cpu* worker so a long export never delays a list query.

The UI starts work as one typed operation, :class:`Op` ``[T]`` (Anki's ``CollectionOp``),
through :meth:`Tasks.run` (or :meth:`sirat.ui.context.Context.run`, which hands it the
vault)::

    context.run(lambda v: reports.get_report(v, rid), on_success=self._show, owner=self)
    context.run(lambda v: users.remove_user(v, name), on_success=self._removed, owner=self)

The work function never touches a widget; its result ``T``, its error and its progress come
back to the GUI thread only by signal. Expected errors (:class:`SiratError`) go to
``on_failure`` (or to the default handler, a banner); anything else is a bug and goes to the
crash hook (``on_bug`` is told first, so a view waiting for the outcome stops waiting).
An outcome is dropped when the vault was locked since the op started (the generation
counter), when its ``owner`` widget is gone, or when a newer op of the same ``owner`` and
``latest`` key was started since (a newer layout, a newer query).

What an op changed (:class:`~sirat.domain.changes.Changes`) is what the services it called
said they changed, in the transactions it committed (``sirat.vault.changes``: every audit
record of a change notes it); the worker gathers them around the op, and after a success
they are announced on :attr:`Tasks.changed`, the one signal every view refreshes from --
even when the owner is gone, since the data did change. The UI never declares them.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from sirat.domain.changes import NOTHING, Changes
from sirat.errors import SiratError
from sirat.ui.signals import emit
from sirat.vault.changes import collecting

log = logging.getLogger(__name__)

VAULT = "vault"
CPU = "cpu"

T = TypeVar("T")

Progress = Callable[[int, int], None]
FailureFn = Callable[[SiratError], None]
ProgressFn = Callable[[int, int], None]
BugFn = Callable[[BaseException], None]


@dataclass(eq=False)
class Op(Generic[T]):
    """One piece of work and what to call with its outcome (on the GUI thread).

    ``changes`` is what the transactions the work committed changed (set by the worker).
    """

    fn: Callable[[Progress], T]
    on_success: Callable[[T], object] | None = None
    on_failure: FailureFn | None = None
    progress: ProgressFn | None = None
    on_done: Callable[[], None] | None = None
    on_bug: BugFn | None = None
    owner: QObject | None = None
    latest: str = ""
    name: str = "task"
    generation: int = 0
    serial: int = 0
    result: T | None = None
    error: BaseException | None = None
    changes: Changes = NOTHING
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
        self._queue: queue.SimpleQueue[Op[object] | None] = queue.SimpleQueue()
        self._bridge = bridge

    def submit(self, job: Op[object] | None) -> None:
        self._queue.put(job)

    def run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            def report(done: int, total: int, job: Op[object] = job) -> None:
                emit(self._bridge.progressed, job, done, total)

            try:
                with collecting() as collected:
                    try:
                        job.result = job.fn(report)
                    finally:
                        job.changes = collected.changes
            except BaseException as exc:
                job.error = exc
            job.done.set()
            emit(self._bridge.finished, job)


class Tasks(QObject):
    """The app's two workers and the one way to start work on them."""

    idle = Signal()
    busy_changed = Signal(bool)
    #: a :class:`Changes` -- what an operation changed; every view refreshes from it
    changed = Signal(object)

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
        self._serial = 0
        self._latest: dict[tuple[int, str], int] = {}
        self.default_failure: FailureFn | None = None
        self.on_bug: BugFn = _report_bug

    # ---- starting work ----------------------------------------------------------------
    def run(
        self,
        fn: Callable[[], T],
        *,
        on_success: Callable[[T], object] | None = None,
        on_failure: FailureFn | None = None,
        owner: QObject | None = None,
        worker: str = VAULT,
        name: str = "",
        on_done: Callable[[], None] | None = None,
        on_bug: BugFn | None = None,
        latest: str = "",
    ) -> Op[T]:
        """Run ``fn()`` on ``worker``; call back on the GUI thread (see the module doc).

        ``on_done`` runs after the outcome whatever it was -- a bug included -- so a window
        that shows itself busy can always come back (a frozen dialog after the crash dialog
        was the first release's worst trap). With ``latest``, only the newest op of this
        ``owner`` with that key is delivered.
        """
        return self.start(Op(lambda _report: fn(), on_success=on_success,
                             on_failure=on_failure, on_done=on_done, on_bug=on_bug,
                             owner=owner, latest=latest,
                             name=name or getattr(fn, "__name__", "task")), worker)

    def run_with_progress(
        self,
        fn: Callable[[Progress], T],
        progress: ProgressFn,
        *,
        on_success: Callable[[T], object] | None = None,
        on_failure: FailureFn | None = None,
        owner: QObject | None = None,
        worker: str = VAULT,
        name: str = "",
        on_done: Callable[[], None] | None = None,
    ) -> Op[T]:
        """Like :meth:`run`; ``fn`` receives ``report(done, total)``, ``progress`` hears it."""
        return self.start(Op(fn, on_success=on_success, on_failure=on_failure,
                             progress=progress, on_done=on_done, owner=owner,
                             name=name or getattr(fn, "__name__", "task")), worker)

    def start(self, op: Op[T], worker: str = VAULT) -> Op[T]:
        """Queue ``op`` on ``worker`` (submission order is run order)."""
        self._serial += 1
        op.generation, op.serial = self._generation, self._serial
        if op.latest:
            self._latest[self._latest_key(op)] = op.serial
        self._pending += 1
        if self._pending == 1:
            emit(self.busy_changed, True)
        # The worker only calls ``fn`` and stores what it returns: any T will do there.
        self._workers[worker].submit(cast("Op[object]", op))
        return op

    def cancel_callbacks(self) -> None:
        """Drop the callbacks of every job already queued (the vault is being locked)."""
        self._generation += 1
        self._latest.clear()

    @property
    def pending(self) -> int:
        return self._pending

    # ---- outcomes (GUI thread) -----------------------------------------------------------
    @staticmethod
    def _latest_key(op: Op[T]) -> tuple[int, str]:
        return id(op.owner), op.latest

    def _current(self, op: Op[T]) -> bool:
        """Not dropped by a lock, nor superseded by a newer op of the same kind."""
        if op.generation != self._generation:
            return False
        return not op.latest or self._latest.get(self._latest_key(op)) == op.serial

    def _alive(self, op: Op[T]) -> bool:
        if not self._current(op):
            return False
        return op.owner is None or shiboken6.isValid(op.owner)

    @Slot(object, int, int)
    def _progressed(self, op: Op[object], done: int, total: int) -> None:
        if op.progress is not None and self._alive(op):
            op.progress(done, total)

    @Slot(object)
    def _finished(self, op: Op[object]) -> None:
        try:
            try:
                self._deliver(op)
            finally:
                if op.on_done is not None and self._alive(op):
                    op.on_done()
        finally:
            if op.latest and self._latest.get(self._latest_key(op)) == op.serial:
                del self._latest[self._latest_key(op)]
            self._pending -= 1
            if self._pending == 0:
                emit(self.busy_changed, False)
                emit(self.idle)

    def _deliver(self, op: Op[object]) -> None:
        error = op.error
        if error is None:
            result = op.result
            if op.on_success is not None and self._alive(op):
                op.on_success(result)
            # What changed is announced unless a lock intervened: a superseded or orphaned
            # op still changed the data.
            if op.generation == self._generation and not op.changes.empty:
                emit(self.changed, op.changes)
            return
        if isinstance(error, SiratError):
            log.info("task %s failed with %s", op.name, type(error).__name__)
            if not self._alive(op):
                return
            handler = op.on_failure or self.default_failure
            if handler is not None:
                handler(error)
            return
        if op.on_bug is not None and self._alive(op):
            op.on_bug(error)
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
