"""The two pages of the sign-in window: unlock an existing vault, create a new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.ui import strength
from sirat.ui.forms import FieldProblems, plain_label
from sirat.ui.passphrase_field import CapsLockWatcher, caps_label, show_box


class FolderDialog:
    """Choosing a folder; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(chosen) if chosen else None


def _passphrase_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                             | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


def _pair(parent: QWidget, left: QWidget, right: QWidget) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(left)
    layout.addWidget(right, 1)
    return row


def _folder_row(parent: QWidget, edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class UnlockPage(QWidget):
    """Vault folder, user name, passphrase."""

    submitted = Signal()
    create_requested = Signal()
    choose_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = plain_label("Sign in with your user name and passphrase.", self)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("vaultFolder")
        self.folder.setPlaceholderText("The folder that holds vault.db")
        self.choose = QPushButton("Choose folder…", self)
        self.choose.setObjectName("chooseFolder")
        self.choose.clicked.connect(self.choose_requested)
        self.user = QLineEdit(self)
        self.user.setObjectName("userName")
        self.user.setPlaceholderText("Your user name")
        self.passphrase = _passphrase_edit(self, "passphrase")
        self.problems = FieldProblems()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problems.add_row(form, "vault", "&Vault folder:",
                              _folder_row(self, self.folder, self.choose))
        self.problems.add_row(form, "user name", "&User name:", self.user)
        self.problems.add_row(form, "passphrase", "&Passphrase:", self.passphrase)
        self.show_passphrase = show_box(self, self.passphrase)
        self.caps = caps_label(self)
        form.addRow("", _pair(self, self.show_passphrase, self.caps))
        self._caps_watch = CapsLockWatcher(self.caps, self.passphrase)
        self.sign_in = QPushButton("Sign in", self)
        self.sign_in.setObjectName("signInButton")
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self.submitted)
        self.create_link = QPushButton("Create a new vault…", self)
        self.create_link.setObjectName("createInstead")
        self.create_link.setFlat(True)
        self.create_link.clicked.connect(self.create_requested)
        for edit in (self.user, self.passphrase, self.folder):
            edit.returnPressed.connect(self.submitted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_link)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setTabOrder(self.folder, self.choose)
        self.setTabOrder(self.choose, self.user)
        self.setTabOrder(self.user, self.passphrase)
        self.setTabOrder(self.passphrase, self.show_passphrase)
        self.setTabOrder(self.show_passphrase, self.sign_in)
        self.setTabOrder(self.sign_in, self.create_link)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.folder, self.choose, self.user, self.passphrase, self.sign_in,
                       self.create_link):
            widget.setEnabled(not busy)

    def focus_first_empty(self) -> None:
        target = self.user if not self.user.text().strip() else self.passphrase
        target.setFocus(Qt.FocusReason.OtherFocusReason)


class CreatePage(QWidget):
    """A new vault folder and its administrator (passphrase twice, with a strength hint)."""

    submitted = Signal()
    back_requested = Signal()
    choose_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = plain_label("", self)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("newVaultFolder")
        self.choose = QPushButton("Choose folder…", self)
        self.choose.setObjectName("chooseNewFolder")
        self.choose.clicked.connect(self.choose_requested)
        self.user = QLineEdit(self)
        self.user.setObjectName("adminName")
        self.user.setPlaceholderText("e.g. m.novak")
        self.display = QLineEdit(self)
        self.display.setObjectName("adminDisplayName")
        self.display.setPlaceholderText("Shown in the status bar, e.g. Marija Novak")
        self.passphrase = _passphrase_edit(self, "newPassphrase")
        self.repeat = _passphrase_edit(self, "repeatPassphrase")
        self.strength = plain_label("", self)
        self.strength.setObjectName("strengthHint")
        self.passphrase.textChanged.connect(self._update_strength)
        self.problems = FieldProblems()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problems.add_row(form, "vault", "&New vault folder:",
                              _folder_row(self, self.folder, self.choose),
                              "A new or empty folder; SIRAT creates it.")
        self.problems.add_row(form, "user name", "&Administrator user name:", self.user)
        self.problems.add_row(form, "display name", "&Display name:", self.display)
        pass_box = QWidget(self)
        pass_col = QVBoxLayout(pass_box)
        pass_col.setContentsMargins(0, 0, 0, 0)
        pass_col.setSpacing(2)
        pass_col.addWidget(self.passphrase)
        pass_col.addWidget(self.strength)
        self.problems.add_row(form, "passphrase", "&Passphrase:", pass_box,
                              "Several unrelated words in any script; at least "
                              f"{strength.MIN_CHARS} characters.")
        self.problems.add_row(form, "repeat", "&Repeat passphrase:", self.repeat)
        self.show_passphrase = show_box(self, self.passphrase, self.repeat)
        self.caps = caps_label(self)
        form.addRow("", _pair(self, self.show_passphrase, self.caps))
        self._caps_watch = CapsLockWatcher(self.caps, self.passphrase, self.repeat)
        self.create_button = QPushButton("Create vault", self)
        self.create_button.setObjectName("createVaultButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submitted)
        self.back = QPushButton("Sign in to an existing vault…", self)
        self.back.setObjectName("backToSignIn")
        self.back.setFlat(True)
        self.back.clicked.connect(self.back_requested)
        self.repeat.returnPressed.connect(self.submitted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._update_strength("")

    def _update_strength(self, text: str) -> None:
        # Nothing typed yet: no verdict ("Too short" before the first key was a reproach).
        level, words = strength.describe(text) if text else ("", "")
        self.strength.setText(words)
        self.strength.setProperty("level", level)
        self.strength.style().unpolish(self.strength)
        self.strength.style().polish(self.strength)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.folder, self.choose, self.user, self.display, self.passphrase,
                       self.repeat, self.create_button, self.back):
            widget.setEnabled(not busy)
