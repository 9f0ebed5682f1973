"""What every window of a signed-in session shares: the vault, the workers, the settings.

Windows never call the vault on the GUI thread: :meth:`Context.run` hands the vault to a
work function on the vault worker and brings the result back by signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSettings

from sirat.ui.actions import ActionRegistry
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.tasks import VAULT, FailureFn, Job, ProgressFn, SuccessFn, Tasks
from sirat.vault import Vault, VaultInfo


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

    def run(
        self,
        fn: Callable[[Vault], Any],
        *,
        on_success: SuccessFn | None = None,
        on_failure: FailureFn | None = None,
        progress: ProgressFn | None = None,
        owner: QObject | None = None,
        worker: str = VAULT,
        name: str = "",
        on_done: Callable[[], None] | None = None,
    ) -> Job:
        """Run ``fn(vault)`` on the vault worker (see :meth:`Tasks.run`)."""
        vault = self.vault
        if progress is not None:
            def work_p(report: Callable[[int, int], None]) -> Any:
                return fn(vault, report)  # type: ignore[call-arg]
            work: Callable[..., Any] = work_p
        else:
            def work_n() -> Any:
                return fn(vault)
            work = work_n
        return self.tasks.run(work, on_success=on_success, on_failure=on_failure,
                              progress=progress, owner=owner, worker=worker,
                              name=name or getattr(fn, "__name__", "task"), on_done=on_done)
