"""Passphrase fields: a "show passphrase" box and a Caps Lock warning.

Qt cannot read the Caps Lock state, so the warning infers it from what is typed: a letter
arriving upper-case without Shift (or lower-case with Shift) means Caps Lock is on; a
letter that matches Shift means it is off. The text itself is never kept or logged.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from sirat.ui.forms import named, plain_label

CAPS_WARNING = "Caps Lock seems to be on."


def caps_lock_on(event: QKeyEvent) -> bool | None:
    """True/False when the key tells, None when it does not (digits, symbols...)."""
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.lower() == text.upper():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class CapsLockWatcher(QObject):
    """Shows ``label`` while typing in ``edits`` suggests Caps Lock is on."""

    def __init__(self, label: QLabel, *edits: QLineEdit) -> None:
        super().__init__(label)
        self._label = label
        for edit in edits:
            edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        del watched  # one filter for every passphrase field of the page
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            on = caps_lock_on(event)
            if on is not None:
                self._label.setVisible(on)
        elif event.type() == QEvent.Type.FocusOut:
            self._label.hide()
        return False


def caps_label(parent: QWidget) -> QLabel:
    label = named(plain_label(CAPS_WARNING, parent), "capsLockWarning")
    label.setStyleSheet("color:#8a5a00; font-weight:600;")
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)  # the warning never moves the fields below
    label.setSizePolicy(policy)
    label.hide()
    return label


def show_box(parent: QWidget, *edits: QLineEdit) -> QCheckBox:
    """A "Show passphrase" box for ``edits`` (unticked: dots)."""
    box = named(QCheckBox("S&how passphrase", parent), "showPassphrase")

    def toggled(on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for edit in edits:
            edit.setEchoMode(mode)

    box.toggled.connect(toggled)
    return box
