"""The sign-in window: unlock a vault, or (first run) create one and its administrator.

Key derivation is deliberately slow, so it runs on the CPU worker behind a busy indicator.
A wrong name or passphrase gives one calm message, clears the passphrase and puts the focus
back into it. Only the vault *folder* is remembered between runs, never a user name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from sirat import config
from sirat.errors import FieldProblem, SiratError, ValidationError, VaultNotFound
from sirat.ui import tasks as tasks_mod
from sirat.ui.banner import Banner
from sirat.ui.forms import plain_label
from sirat.ui.settings import LAST_VAULT
from sirat.ui.signals import emit
from sirat.ui.signin_pages import CreatePage, FolderDialog, UnlockPage
from sirat.vault.folder import check_exists

if TYPE_CHECKING:
    # The vault libraries (SQLAlchemy, SQLCipher, the KDF) load when the user unlocks or
    # creates a vault, not before the window is shown.
    from sirat.vault import KdfParams, Vault

log = logging.getLogger(__name__)

NEW_VAULT_NAME = "sirat-vault"


def looks_like_vault(path: Path) -> bool:
    """True when ``path`` holds a vault (complete or damaged: unlocking will say which)."""
    try:
        check_exists(path)
    except VaultNotFound:
        return False
    except SiratError:
        return True
    return True


def _free_folder(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


class Pages(QWidget):
    """One page shown at a time. Unlike QStackedWidget, the hidden page takes no room and
    the shown one gets its height for its width, so wrapped problem texts are never cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(self._current is None)
        self._current = self._current or page

    def setCurrentWidget(self, page: QWidget) -> None:
        self._current = page
        for other in self._pages:
            other.setVisible(other is page)

    def currentWidget(self) -> QWidget | None:
        return self._current


class SignInWindow(QWidget):
    """Emits ``signed_in(vault)`` once a vault is unlocked or created."""

    signed_in = Signal(object)

    def __init__(
        self,
        tasks: tasks_mod.Tasks,
        settings: QSettings,
        vault_path: Path | None = None,
        *,
        locked_user: str | None = None,
        locked_by_idle: bool = False,
        kdf: KdfParams | None = None,
        throttle: bool = True,
    ) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT")
        self.setObjectName("signInWindow")
        self._tasks = tasks
        self._settings = settings
        self._kdf = kdf
        self._throttle = throttle
        self._busy = False
        title = plain_label("SIRAT", self)
        title.setObjectName("appTitle")
        subtitle = plain_label("Structured intelligence reporting", self)
        subtitle.setObjectName("appSubtitle")
        self.banner = Banner(self)
        self.unlock_page = UnlockPage(self)
        self.create_page = CreatePage(self)
        self.pages = Pages(self)
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.create_page)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_label = plain_label("", self)
        self.busy_label.setObjectName("busyLabel")
        inner = QWidget(self)
        inner.setObjectName("signInCard")
        inner.setMaximumWidth(640)
        column = QVBoxLayout(inner)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        column.addWidget(self.banner)
        column.addWidget(self.pages)
        column.addWidget(self.busy_label)
        column.addWidget(self.busy_bar)
        # Stretches rather than an alignment flag: an aligned item gets its size hint only,
        # and wrapped problem texts under the fields would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(inner, 4)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._set_busy(False, "")
        self.unlock_page.submitted.connect(self._unlock)
        self.unlock_page.create_requested.connect(lambda: self.show_create(first_run=False))
        self.unlock_page.choose_requested.connect(self._choose_existing)
        self.create_page.submitted.connect(self._create)
        self.create_page.back_requested.connect(self.show_unlock)
        self.create_page.choose_requested.connect(self._choose_new)
        self.resize(760, 560)
        self._locked_by_idle = locked_by_idle
        self._start(vault_path, locked_user)

    # ---- which page --------------------------------------------------------------------
    def _start(self, vault_path: Path | None, locked_user: str | None) -> None:
        remembered = self._settings.value(LAST_VAULT)
        path = vault_path or (Path(str(remembered)) if remembered else None)
        path = path or config.default_vault_path()
        self.unlock_page.folder.setText(str(path))
        if locked_user is not None:
            # Locked: the same vault, the passphrase again (another colleague may sign in).
            self.unlock_page.user.setText(locked_user)
            self.unlock_page.create_link.hide()
            self.unlock_page.folder.setReadOnly(True)
            self.unlock_page.choose.hide()
            why = ("SIRAT locked itself after a period without activity."
                   if self._locked_by_idle else "SIRAT is locked.")
            self.unlock_page.intro.setText(
                f"{why} Open drafts were saved in the vault and come back when you sign in. "
                "Enter your passphrase to continue."
            )
            self.show_unlock()
        elif looks_like_vault(path):
            self.show_unlock()
        else:
            self.create_page.folder.setText(str(path))
            self.show_create(first_run=True)

    def show_unlock(self) -> None:
        self.banner.dismiss()
        self.pages.setCurrentWidget(self.unlock_page)
        self.unlock_page.focus_first_empty()

    def show_create(self, *, first_run: bool) -> None:
        self.banner.dismiss()
        page = self.create_page
        if not page.folder.text():
            default = config.default_vault_path()
            page.folder.setText(str(default if _free_folder(default)
                                    else default.parent / NEW_VAULT_NAME))
        page.intro.setText(
            "Welcome to SIRAT. There is no vault here yet: create one. You become its "
            "administrator and can add your colleagues afterwards."
            if first_run else
            "Create a new, empty vault. You become its administrator."
        )
        self.pages.setCurrentWidget(page)
        page.user.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- folders -------------------------------------------------------------------------
    def _choose_existing(self) -> None:
        start = Path(self.unlock_page.folder.text() or config.home())
        chosen = FolderDialog.ask(self, "Choose the vault folder", start)
        if chosen is None:
            return
        self.unlock_page.folder.setText(str(chosen))
        if not looks_like_vault(chosen):
            self.banner.show_message(
                "This folder does not hold a SIRAT vault.",
                "Choose the folder that holds vault.db, or create a new vault.", "warning",
            )
        else:
            self.banner.dismiss()
            self.unlock_page.focus_first_empty()

    def _choose_new(self) -> None:
        start = Path(self.create_page.folder.text() or config.home())
        chosen = FolderDialog.ask(self, "Choose where to create the vault", start.parent)
        if chosen is not None:
            target = chosen if _free_folder(chosen) else chosen / NEW_VAULT_NAME
            self.create_page.folder.setText(str(target))

    # ---- work ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool, words: str) -> None:
        self._busy = busy
        self.unlock_page.set_busy(busy)
        self.create_page.set_busy(busy)
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(words)

    @property
    def busy(self) -> bool:
        return self._busy

    def _unlock(self) -> None:
        if self._busy:
            return
        page = self.unlock_page
        path = Path(page.folder.text().strip()).expanduser()
        user, passphrase = page.user.text(), page.passphrase.text()
        missing = [FieldProblem(f, "Please fill this in.") for f, v in
                   (("vault", str(path)), ("user name", user.strip()),
                    ("passphrase", passphrase)) if not v]
        page.problems.show(missing)
        if missing:
            return
        self.banner.dismiss()
        self._set_busy(True, "Unlocking the vault… (slow on purpose: it protects your "
                             "passphrase)")
        throttle = self._throttle

        def work() -> Vault:
            from sirat.services.access import session

            return session.sign_in(path, user, passphrase, throttle=throttle)

        self._tasks.run(
            work,
            on_success=self._done, on_failure=self._unlock_failed, owner=self,
            worker=tasks_mod.CPU, name="sign_in",
        )

    def _unlock_failed(self, error: SiratError) -> None:
        self._set_busy(False, "")
        page = self.unlock_page
        page.passphrase.clear()
        self.banner.show_error(error)
        page.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _create(self) -> None:
        if self._busy:
            return
        page = self.create_page
        path = Path(page.folder.text().strip()).expanduser()
        user, display = page.user.text(), page.display.text().strip()
        passphrase, repeat = page.passphrase.text(), page.repeat.text()
        problems = []
        if not page.folder.text().strip():
            problems.append(FieldProblem("vault", "Please choose a folder."))
        elif not _free_folder(path):
            problems.append(FieldProblem("vault", "This folder is not empty.",
                                         "Choose a new or empty folder."))
        if not user.strip():
            problems.append(FieldProblem("user name", "Please fill this in."))
        if len(passphrase.strip()) < 10:
            problems.append(FieldProblem("passphrase", "At least 10 characters, please."))
        if passphrase != repeat:
            problems.append(FieldProblem("repeat", "The two passphrases differ.",
                                         "Type the same passphrase twice."))
        page.problems.show(problems)
        if problems:
            return
        self.banner.dismiss()
        self._set_busy(True, "Creating the vault and its keys…")
        kdf = self._kdf

        def work() -> Vault:
            from sirat.services.access import session
            from sirat.vault.crypto import DEFAULT_KDF

            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            return session.create_vault(path, user, passphrase,
                                        display_name=display or None, kdf=kdf or DEFAULT_KDF)

        self._tasks.run(work, on_success=self._done, on_failure=self._create_failed,
                        owner=self, worker=tasks_mod.CPU, name="create_vault")

    def _create_failed(self, error: SiratError) -> None:
        self._set_busy(False, "")
        page = self.create_page
        if isinstance(error, ValidationError):
            unplaced = page.problems.show(error.problems)
            if unplaced:
                self.banner.show_error(ValidationError(unplaced))
            return
        self.banner.show_error(error)

    def _done(self, vault: Vault) -> None:
        self._set_busy(False, "")
        for edit in (self.unlock_page.passphrase, self.create_page.passphrase,
                     self.create_page.repeat):
            edit.clear()
        self._settings.setValue(LAST_VAULT, str(vault.info.path))
        emit(self.signed_in, vault)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Focus set while hidden is lost when the window first appears: set it again.
        if self.pages.currentWidget() is self.unlock_page:
            self.unlock_page.focus_first_empty()
        else:
            self.create_page.user.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:  # a vault being created must not be abandoned half-way
            event.ignore()
            return
        super().closeEvent(event)
