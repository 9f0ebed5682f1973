"""The windows of one signed-in session, so the idle lock can save and close them all.

A tracked window may offer (all optional):

- ``report_id``: the report it edits (editors), so a second "open" raises it instead;
- ``save_draft_for_lock()``: queue a save of unsaved changes on the vault worker (it runs
  before the lock) and leave a note in the vault to reopen it at the next sign-in;
- ``clear_for_lock()``: forget every rendered text and model row;
- ``close_without_asking()``: close after the lock saved what needed saving.
"""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget


class WindowTracker(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._windows: list[QWidget] = []

    def add(self, window: QWidget) -> None:
        self._prune()
        if window not in self._windows:
            self._windows.append(window)
            window.destroyed.connect(self._prune)

    def _prune(self, *_: object) -> None:
        self._windows = [w for w in self._windows if shiboken6.isValid(w) and not
                         getattr(w, "closed_for_good", False)]

    def windows(self) -> list[QWidget]:
        self._prune()
        return list(self._windows)

    def editor_for(self, report_id: int) -> QWidget | None:
        for window in self.windows():
            # Not hidden, rather than visible: a docked editor in a background tab counts.
            if getattr(window, "report_id", None) == report_id and not window.isHidden():
                return window
        return None

    def save_drafts_for_lock(self) -> None:
        for window in self.windows():
            save = getattr(window, "save_draft_for_lock", None)
            if save is not None:
                save()

    def close_all_for_lock(self) -> None:
        for window in self.windows():
            clear = getattr(window, "clear_for_lock", None)
            if clear is not None:
                clear()
            close = getattr(window, "close_without_asking", None)
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                if close is not None:
                    close()
                else:
                    window.close()
                window.deleteLater()
        self._windows.clear()

    def close_all_asking(self) -> bool:
        """Close every window, letting editors ask about unsaved changes; False if one
        refused (the user chose Cancel)."""
        return all(w.isHidden() or w.close() for w in self.windows())  # background tabs too
