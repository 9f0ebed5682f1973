"""The app's life cycle: sign in -> main window -> (idle) lock -> sign in again -> ...

Locking saves every open editor's draft into the vault *first* (queued on the vault worker,
so the saves run before the keys are forgotten), then clears every window and model and shows
the sign-in for the same vault. Signing in again as the same user reopens those drafts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from sirat.ui import wheel_guard
from sirat.ui.actions import ActionRegistry
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.idle import IdleWatcher
from sirat.ui.registry import build_registry
from sirat.ui.signals import emit
from sirat.ui.signin_window import SignInWindow
from sirat.ui.tasks import Tasks

if TYPE_CHECKING:
    # The sign-in window comes first: the main window, its extensions (chart, editor...),
    # the services and the vault libraries load once a vault is unlocked.
    from sirat.services.reports import drafts
    from sirat.ui.context import Context
    from sirat.ui.main_window import MainWindow
    from sirat.vault import KdfParams, Vault

log = logging.getLogger(__name__)

MAX_MODAL_WAITS = 20


class AppController(QObject):
    """Owns the workers and whichever window is showing."""

    signed_in = Signal()
    locked = Signal()
    finished = Signal()  # the user closed the main window: the app should quit

    def __init__(
        self,
        settings: QSettings,
        *,
        tasks: Tasks | None = None,
        kdf: KdfParams | None = None,
        throttle: bool = True,
        registry: ActionRegistry | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.tasks = tasks or Tasks(self)
        self.clipboard = SecureClipboard(self)
        self.idle = IdleWatcher(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            wheel_guard.install(app)
        self.idle.timed_out.connect(lambda: self.lock(idle=True))
        self.registry = registry  # built at the first sign-in (it imports every extension)
        self._kdf = kdf
        self._throttle = throttle
        self.signin: SignInWindow | None = None
        self.main: MainWindow | None = None
        self.context: Context | None = None
        self.idle_override_ms: int | None = None  # tests: lock after this many ms

    # ---- sign in ---------------------------------------------------------------------------
    def start(self, vault_path: Path | None = None, locked_user: str | None = None,
              *, idle: bool = False) -> None:
        self.signin = SignInWindow(self.tasks, self.settings, vault_path,
                                   locked_user=locked_user, locked_by_idle=idle,
                                   kdf=self._kdf, throttle=self._throttle)
        self.signin.signed_in.connect(self._signed_in)
        self.signin.show()
        self.signin.raise_()
        self.signin.activateWindow()

    def _signed_in(self, vault: Vault) -> None:
        from sirat.services.access import preferences
        from sirat.services.reports import drafts
        from sirat.ui.context import Context
        from sirat.ui.main_window import MainWindow

        if self.registry is None:
            self.registry = build_registry()
        if self.signin is not None:
            self.signin.close()
            self.signin.deleteLater()
            self.signin = None
        self.context = Context(vault=vault, tasks=self.tasks, settings=self.settings,
                               clipboard=self.clipboard, registry=self.registry)
        self.main = MainWindow(self.context)
        self.main.lock_requested.connect(self.lock)
        self.main.closed.connect(self._main_closed)
        self.main.show()
        self.main.raise_()
        self.main.activateWindow()
        self.context.run(drafts.take, on_success=self._reopen, owner=self.main,
                         name="recovery")
        self.context.run(preferences.idle_lock_minutes, on_success=self._start_idle,
                         owner=self.main, name="idle_minutes")
        emit(self.signed_in)

    def _reopen(self, kept: list[drafts.Recovered]) -> None:
        """Editors open at the last lock come back, with any changes that were kept."""
        if self.main is None:
            return
        for item in kept:
            self.main.open_editor(item.report_id, item if item.draft is not None else None)

    def _start_idle(self, minutes: float) -> None:
        ms = self.idle_override_ms or int(minutes * 60_000)
        self.idle.set_timeout_ms(ms)
        self.idle.start()

    # ---- lock ------------------------------------------------------------------------------
    def lock(self, *, idle: bool = False, attempt: int = 0) -> None:
        """Save drafts, forget the keys, clear every view, ask for the passphrase again."""
        if self.main is None or self.context is None:
            return
        if not shiboken6.isValid(self.main):
            # The main window was destroyed without a lock (the app is closing): just forget
            # the keys, there is no view left to clear.
            self.idle.stop()
            self.context.vault.lock()
            self.main = None
            self.context = None
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and attempt < MAX_MODAL_WAITS:
            # A question is open in a nested event loop: answer it "cancel" and lock once
            # that loop has returned, so no window is deleted under a running exec().
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            QTimer.singleShot(0, lambda: self.lock(idle=idle, attempt=attempt + 1))
            return
        self.idle.stop()
        context, main = self.context, self.main
        user_name = context.info.user_name
        main.save_drafts_for_lock()  # queued on the vault worker before the lock
        vault = context.vault
        self.tasks.run(vault.lock, name="lock")
        self.tasks.cancel_callbacks()  # nothing queued before the lock touches a window now
        self.clipboard.clear_if_ours()
        main.clear_for_lock()
        main.close_for_lock()
        self.main = None
        self.context = None
        log.info("session locked")
        self.start(vault.info.path, locked_user=user_name, idle=idle)
        emit(self.locked)

    def _main_closed(self) -> None:
        """The user closed the main window (after saving or discarding): quit."""
        self.idle.stop()
        if self.context is not None:
            self.tasks.run(self.context.vault.lock, name="lock")
        self.clipboard.clear_if_ours()
        self.main = None
        self.context = None
        emit(self.finished)

    def shutdown(self) -> None:
        if self.context is not None:
            self.tasks.run(self.context.vault.lock, name="lock")
        self.tasks.shutdown()
