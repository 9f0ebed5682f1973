"""Unexpected errors: one calm dialog saying a crash record without personal data was written.

``sirat.crash`` writes the record (types and frames only) and calls our listener, possibly on
a worker thread; the listener only emits a signal, and the dialog opens on the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sirat import crash
from sirat.ui.signals import emit

log = logging.getLogger(__name__)

CONTINUE = "continue"
QUIT = "quit"


class CrashDialog(QDialog):
    def __init__(self, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — something went wrong")
        self.setObjectName("crashDialog")
        title = QLabel("Something went wrong inside SIRAT.", self)
        title.setObjectName("dialogTitle")
        body = QLabel(self)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        where = (
            f"A crash record without personal data (no names, no text you typed) was written "
            f"to:\n{path}" if path is not None
            else "A crash record could not be written (the folder is not writable)."
        )
        body.setText(
            "This is a fault in the program, not something you did.\n\n"
            f"{where}\n\n"
            "Everything you saved is safe in the vault. Open editors keep their text; "
            "save them, then consider restarting SIRAT. Give the record to your "
            "administrator so the fault can be fixed."
        )
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Continue working", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Quit SIRAT", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.resize(600, 300)

    @classmethod
    def ask(cls, path: Path | None, parent: QWidget | None = None) -> str:
        """Show the dialog; answer ``CONTINUE`` or ``QUIT``. Tests replace this."""
        dialog = cls(path, parent)
        return CONTINUE if dialog.exec() == QDialog.DialogCode.Accepted else QUIT


class CrashReporter(QObject):
    """Bridges ``sirat.crash`` listeners (any thread) to the dialog (GUI thread)."""

    crashed = Signal(object)
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        crash.install(self._listener)

    def _listener(self, path: Path | None) -> None:
        emit(self.crashed, path)

    @Slot(object)
    def _show(self, path: Path | None) -> None:
        if self._showing:  # one dialog at a time; the record of each crash is still written
            return
        self._showing = True
        try:
            answer = CrashDialog.ask(path, None)
        finally:
            self._showing = False
        if answer == QUIT:
            emit(self.quit_requested)
