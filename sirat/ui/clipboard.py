"""Copying identifiers: the clipboard is cleared again after a while (KeePassXC).

It is cleared only if it still holds what we put there, so text the analyst copied since is
left alone. We keep a digest of the copied text, not the text itself.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_CLEAR_SECONDS = 30


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class SecureClipboard(QObject):
    def __init__(self, parent: QObject | None = None,
                 clear_seconds: int = DEFAULT_CLEAR_SECONDS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        self._digest: bytes | None = None
        self.clear_ms = clear_seconds * 1000

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy(self, text: str) -> None:
        self._clipboard().setText(text)
        self._digest = _digest(text)
        self._timer.start(self.clear_ms)

    def clear_if_ours(self) -> None:
        """Clear the clipboard if it still holds the last identifier we copied."""
        self._timer.stop()
        if self._digest is not None and _digest(self._clipboard().text()) == self._digest:
            self._clipboard().clear()
        self._digest = None

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
