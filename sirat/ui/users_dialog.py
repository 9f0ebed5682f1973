"""Tools ▸ Users… (administrators): who may open this vault; add, remove, change a role.

Removing a user takes their key slot out, but they may still hold the old data key (a
copy of the vault they opened before): the dialog therefore offers to rotate the key right
after, which re-encrypts the vault under a new one. Adding a user asks their passphrase
twice; it is derived on the vault worker (memory-hard, takes a moment) and never kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.services.access import users
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.forms import PickTable, named, plain_label
from sirat.ui.host import HostWindow
from sirat.vault.crypto import DEFAULT_KDF

COLUMNS = ("User name", "Shown as", "Role", "Since")
ROLES = ("analyst", "supervisor", "administrator")


class NewUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — add a user")
        self.name = named(QLineEdit(self), "newUserName")
        self.display = named(QLineEdit(self), "newUserDisplay")
        self.role = named(QComboBox(self), "newUserRole")
        for role in ROLES:
            self.role.addItem(role.capitalize(), role)
        self.passphrase = named(QLineEdit(self), "newUserPassphrase")
        self.repeat = named(QLineEdit(self), "newUserRepeat")
        for edit in (self.passphrase, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&User name:", self.name)
        form.addRow("&Shown as:", self.display)
        form.addRow("&Role:", self.role)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("R&epeat:", self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("The new user signs in with this passphrase and can "
                                     "change it later.", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str, str, str, str] | None:
        """(name, display name, role, passphrase, repeated) or None. Tests replace this."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (dialog.name.text().strip(), dialog.display.text().strip(),
                str(dialog.role.currentData()), dialog.passphrase.text(), dialog.repeat.text())


def ask_remove(parent: QWidget, name: str) -> bool:
    """Confirm removing ``name`` (tests replace this)."""
    return QMessageBox.question(
        parent, "SIRAT — remove a user",
        f"Remove {name}? They will no longer be able to sign in.") == \
        QMessageBox.StandardButton.Yes


def ask_rotate(parent: QWidget) -> bool:
    """Offer the key rotation after a removal (tests replace this)."""
    return QMessageBox.question(
        parent, "SIRAT — rotate the vault key?",
        "Rotate the vault key now? A removed user who kept a copy of the vault could "
        "otherwise still read it with the old key. Rotation re-encrypts the whole vault.") \
        == QMessageBox.StandardButton.Yes


def ask_role(parent: QWidget, name: str, current: str) -> str | None:
    """The new role for ``name`` (tests replace this); None: cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("SIRAT — change a role")
    combo = named(QComboBox(dialog), "roleChoice")
    for role in ROLES:
        combo.addItem(role.capitalize(), role)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(plain_label(f"New role for {name} (from their next sign-in):", dialog))
    layout.addWidget(combo)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return str(combo.currentData())


class UsersDialog(QDialog):
    kdf = DEFAULT_KDF  # tests lower it to the floor

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — users")
        self.setObjectName("usersDialog")
        self._context = context
        self.banner = Banner(self)
        self.table: PickTable[users.UserView] = PickTable(
            self, COLUMNS, lambda u: (u.name, u.display_name, u.role, show_time(u.created_at)),
            "usersTable")
        self.add_button = named(QPushButton("&Add a user…", self), "addUser")
        self.remove_button = named(QPushButton("&Remove the selected user…", self),
                                   "removeUser")
        self.role_button = named(QPushButton("Change the &role…", self), "changeRole")
        self.rotate_button = named(QPushButton("Rotate the vault &key", self), "rotateKey")
        self.role_button.clicked.connect(self.change_role)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.rotate_button.clicked.connect(self.rotate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.add_button, self.role_button, self.remove_button,
                       self.rotate_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(760, 420)
        self.reload()

    @classmethod
    def open_for(cls, host: HostWindow) -> UsersDialog:
        dialog = cls(host.context, host)
        host.open_window(dialog)
        return dialog

    def _busy(self, busy: bool) -> None:
        for button in (self.add_button, self.role_button, self.remove_button,
                       self.rotate_button):
            button.setEnabled(not busy)

    def reload(self) -> None:
        self._context.run(users.list_users, on_success=self._show,
                          on_failure=self.banner.show_error, owner=self, name="list_users")

    def _show(self, rows: list[users.UserView]) -> None:
        self.table.set_rows(rows)

    def add(self) -> None:
        answer = NewUserDialog.ask(self)
        if answer is None:
            return
        name, display, role, secret, again = answer
        if secret != again:
            self.banner.show_message("The two passphrases differ; nothing was added.",
                                     "Type the same passphrase twice.", "warning")
            return
        kdf = self.kdf
        self._busy(True)
        self.banner.show_info("Adding the user (deriving their key takes a moment)…")
        self._context.run(
            lambda v: users.add_user(v, name, secret, role, display or None, kdf=kdf),
            on_success=lambda u: self._done(f"{u.display_name} ({u.name}) can sign in now."),
            on_failure=self.banner.show_error, owner=self, name="add_user",
            on_done=lambda: self._busy(False))

    def remove(self) -> None:
        user = self.table.current()
        if user is None:
            return
        if user.id == int(self._context.info.user_id):
            self.banner.show_message("You cannot remove yourself.",
                                     "Another administrator can.", "warning")
            return
        if not ask_remove(self, user.name):
            return
        self._busy(True)
        self._context.run(lambda v: users.remove_user(v, user.name),
                          on_success=lambda _: self._removed(user.name),
                          on_failure=self.banner.show_error, owner=self, name="remove_user",
                          on_done=lambda: self._busy(False))

    def change_role(self) -> None:
        """Give the selected user another role (the service refuses what it must, and why)."""
        user = self.table.current()
        if user is None:
            self.banner.show_message("Select a user first.", kind="warning")
            return
        role = ask_role(self, user.name, user.role)
        if role is None or role == user.role:
            return
        self._busy(True)
        self._context.run(lambda v: users.change_role(v, user.name, role),
                          on_success=lambda u: self._done(
                              f"{u.name} is now {u.role}, from their next sign-in."),
                          on_failure=self.banner.show_error, owner=self, name="change_role",
                          on_done=lambda: self._busy(False))

    def _removed(self, name: str) -> None:
        self._done(f"{name} was removed.")
        if ask_rotate(self):
            self.rotate()

    def rotate(self) -> None:
        self._busy(True)
        self._context.run(users.rotate_key,
                          on_success=lambda g: self._done(
                              f"The vault key was rotated (generation {g})."),
                          on_failure=self.banner.show_error, owner=self, name="rotate_key",
                          on_done=lambda: self._busy(False))

    def _done(self, message: str) -> None:
        self.banner.show_message(message, "Recorded in the audit log.", "success")
        self.reload()

    def clear_for_lock(self) -> None:
        self.table.set_rows([])
