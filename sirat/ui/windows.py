"""The windows of one signed-in session, so the idle lock can save and close them all.

A tracked window may offer (each optional, each a small Protocol below):

- ``report_id``: the report it edits (editors), so a second "open" raises it instead;
- ``save_draft_for_lock()``: queue a save of unsaved changes on the vault worker (it runs
  before the lock) and leave a note in the vault to reopen it at the next sign-in;
- ``clear_for_lock()``: forget every rendered text and model row;
- ``close_without_asking()``: close after the lock saved what needed saving;
- ``closed_for_good``: True once it closed for good (an editor after its last question).
"""

from __future__ import annotations

import contextlib
from typing import Protocol, TypeVar, runtime_checkable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from sirat.domain.vocab import ReportId

W = TypeVar("W", bound=QWidget)


@runtime_checkable
class EditsReport(Protocol):
    report_id: ReportId | None


@runtime_checkable
class SavesForLock(Protocol):
    def save_draft_for_lock(self) -> None: ...


@runtime_checkable
class ClearsForLock(Protocol):
    def clear_for_lock(self) -> None: ...


@runtime_checkable
class ClosesWithoutAsking(Protocol):
    def close_without_asking(self) -> None: ...


@runtime_checkable
class ClosesForGood(Protocol):
    closed_for_good: bool


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
                         (isinstance(w, ClosesForGood) and w.closed_for_good)]

    def windows(self) -> list[QWidget]:
        self._prune()
        return list(self._windows)

    def shown(self, kind: type[W]) -> list[W]:
        """The open windows of class ``kind``, the one opened last at the end. Not hidden,
        rather than visible: a docked view in a background tab is still open."""
        return [w for w in self.windows() if isinstance(w, kind) and not w.isHidden()]

    def editor_for(self, report_id: ReportId) -> QWidget | None:
        for window in self.windows():
            # Not hidden, rather than visible: a docked editor in a background tab counts.
            if (isinstance(window, EditsReport) and window.report_id == report_id
                    and not window.isHidden()):
                return window
        return None

    def save_drafts_for_lock(self) -> None:
        for window in self.windows():
            if isinstance(window, SavesForLock):
                window.save_draft_for_lock()

    def close_all_for_lock(self) -> None:
        for window in self.windows():
            if isinstance(window, ClearsForLock):
                window.clear_for_lock()
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                if isinstance(window, ClosesWithoutAsking):
                    window.close_without_asking()
                else:
                    window.close()
                window.deleteLater()
        self._windows.clear()

    def close_all_asking(self) -> bool:
        """Close every window, letting editors ask about unsaved changes; False if one
        refused (the user chose Cancel)."""
        return all(w.isHidden() or w.close() for w in self.windows())  # background tabs too
