"""What the committed transactions of a piece of work changed, gathered as they commit.

A use case says what it changes inside its transaction -- ``note(session, changes)``; every
audit record does it for the change it records (``sirat.services.audit.log.record``), so a
service that writes its audit record cannot forget it. When :meth:`Vault.session` commits,
the transaction's :class:`~sirat.domain.changes.Changes` go to every :func:`collecting`
block open on this thread; a rolled-back transaction adds nothing. The app's vault worker
runs each operation inside one such block and announces the result on its one signal
(``sirat.ui.tasks``), so the UI never declares what a service changed.

Light on purpose (no SQLAlchemy at import): the app imports it before any vault is open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sirat.domain.changes import NOTHING, Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_KEY = "sirat.changes"
_open: ContextVar[tuple[Collector, ...]] = ContextVar("sirat_changes", default=())


@dataclass
class Collector:
    """The changes committed since the :func:`collecting` block began."""

    changes: Changes = NOTHING


def note(session: Session, changes: Changes) -> None:
    """Record that this transaction changes ``changes`` (counted once it commits)."""
    if not changes.empty:
        session.info[_KEY] = session.info.get(_KEY, NOTHING) | changes


def noted(session: Session) -> Changes:
    """What the transaction said it changes, taken off it (``Vault.session``, at commit)."""
    changes: Changes = session.info.pop(_KEY, NOTHING)
    return changes


def committed(changes: Changes) -> None:
    """A transaction committed: every open collector of this thread hears what it changed."""
    if not changes.empty:
        for collector in _open.get():
            collector.changes = collector.changes | changes


@contextmanager
def collecting() -> Iterator[Collector]:
    """Gather what the transactions committed inside the block change (nestable)."""
    collector = Collector()
    token = _open.set((*_open.get(), collector))
    try:
        yield collector
    finally:
        _open.reset(token)
