"""What every window of a signed-in session shares: the vault, the workers, the settings.

Windows never call the vault on the GUI thread: :meth:`Context.run` hands the vault to a
work function on the vault worker and brings its typed result back by signal (an
:class:`~sirat.ui.tasks.Op`). :attr:`Context.changed` is the one signal that says what an
operation changed (:class:`~sirat.domain.changes.Changes`); every view refreshes from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, SignalInstance

from sirat.ui.actions import ActionRegistry
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.tasks import VAULT, FailureFn, Op, Tasks
from sirat.vault import Vault, VaultInfo

T = TypeVar("T")


@dataclass
class Context:
    vault: Vault
    tasks: Tasks
    settings: QSettings
    clipboard: SecureClipboard
    registry: ActionRegistry

    @property
    def info(self) -> VaultInfo:
        return self.vault.info

    @property
    def changed(self) -> SignalInstance:
        """Emits a :class:`Changes` after every operation that changed data."""
        return self.tasks.changed

    def run(
        self,
        fn: Callable[[Vault], T],
        *,
        on_success: Callable[[T], object] | None = None,
        on_failure: FailureFn | None = None,
        owner: QObject | None = None,
        worker: str = VAULT,
        name: str = "",
        on_done: Callable[[], None] | None = None,
        latest: str = "",
    ) -> Op[T]:
        """Run ``fn(vault)`` on the vault worker as one :class:`Op` (see :class:`Tasks`)."""
        vault = self.vault
        return self.tasks.run(lambda: fn(vault), on_success=on_success,
                              on_failure=on_failure, owner=owner, worker=worker,
                              name=name or getattr(fn, "__name__", "task"), on_done=on_done,
                              latest=latest)
