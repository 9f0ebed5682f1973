"""Sign in and first run, driven like a user on real vaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sirat import config
from sirat.ui.settings import LAST_VAULT
from sirat.ui.signin_window import SignInWindow
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import USERS
from tests.ui.conftest import KDF, show_active, type_text


def _window(qtbot: QtBot, tasks: Tasks, settings: QSettings, path: Path | None = None,
            **kw: object) -> SignInWindow:
    window = SignInWindow(tasks, settings, path, kdf=KDF, throttle=False, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_first_run_creates_vault_and_administrator(qtbot: QtBot, tasks: Tasks,
                                                   settings: QSettings) -> None:
    window = _window(qtbot, tasks, settings)
    page = window.create_page
    assert window.pages.currentWidget() is page  # no vault yet: the first-run walk-through
    assert page.folder.text() == str(config.default_vault_path())
    qtbot.keyClicks(page.user, "m.novak")
    type_text(qtbot, page.display, "Марија Новак")
    qtbot.keyClicks(page.passphrase, "short")
    assert "Too short" in page.strength.text()
    page.passphrase.clear()
    type_text(qtbot, page.passphrase, "λύκος и мачка walk at dawn")
    assert page.strength.text() == "Strong."
    type_text(qtbot, page.repeat, "λύκος и мачка walk at dusk")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    # Every problem shows next to its field; nothing was created.
    assert page.problems.text("repeat") .startswith("The two passphrases differ.")
    assert not config.default_vault_path().exists()
    page.repeat.clear()
    type_text(qtbot, page.repeat, "λύκος и мачка walk at dawn")
    with qtbot.waitSignal(window.signed_in, timeout=20_000) as signal:
        qtbot.keyClick(page.repeat, Qt.Key.Key_Return)
        assert window.busy  # key derivation runs off the GUI thread...
        assert window.busy_bar.isVisible()  # ...behind a busy indicator
    vault: Vault = signal.args[0]
    try:
        assert vault.info.role == "administrator"
        assert vault.info.display_name == "Марија Новак"
        assert (config.default_vault_path() / "vault.db").is_file()
        assert page.passphrase.text() == ""
        assert page.repeat.text() == ""
    finally:
        vault.lock()


def test_wrong_passphrase_gives_one_calm_message_and_clears_the_field(
        qtbot: QtBot, tasks: Tasks, settings: QSettings, vault_path: Path) -> None:
    window = _window(qtbot, tasks, settings, vault_path)
    page = window.unlock_page
    assert window.pages.currentWidget() is page
    assert page.user.hasFocus()
    qtbot.keyClicks(page.user, "ana")
    qtbot.keyClicks(page.passphrase, "not the passphrase")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.busy and window.banner.message != "", timeout=20_000)
    assert window.banner.message == "The user name or passphrase is not correct."
    assert "Caps Lock" in window.banner.hint
    assert page.passphrase.text() == ""
    assert page.passphrase.hasFocus()
    assert page.user.text() == "ana"  # only the passphrase is cleared
    # An unknown user gets exactly the same message.
    page.user.clear()
    qtbot.keyClicks(page.user, "nobody")
    type_text(qtbot, page.passphrase, USERS["ana"])
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    assert window.banner.message == "The user name or passphrase is not correct."
    page.user.clear()
    qtbot.keyClicks(page.user, "ana")
    type_text(qtbot, page.passphrase, USERS["ana"])
    with qtbot.waitSignal(window.signed_in, timeout=20_000) as signal:
        qtbot.mouseClick(page.sign_in, Qt.MouseButton.LeftButton)
    vault: Vault = signal.args[0]
    vault.lock()
    assert vault.info.user_name == "ana"


def test_settings_remember_the_folder_but_never_the_user(
        qtbot: QtBot, tasks: Tasks, settings: QSettings, vault_path: Path) -> None:
    window = _window(qtbot, tasks, settings, vault_path)
    page = window.unlock_page
    qtbot.keyClicks(page.user, "bora")
    qtbot.keyClicks(page.passphrase, USERS["bora"])
    with qtbot.waitSignal(window.signed_in, timeout=20_000) as signal:
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    signal.args[0].lock()
    settings.sync()
    assert settings.value(LAST_VAULT) == str(vault_path)
    stored = Path(settings.fileName()).read_text("utf-8")
    assert "bora" not in stored.lower()
    # The next start offers the same folder and asks for the user name first.
    again = _window(qtbot, tasks, settings)
    assert again.unlock_page.folder.text() == str(vault_path)
    assert again.unlock_page.user.text() == ""


def test_empty_fields_are_named_before_any_key_derivation(
        qtbot: QtBot, tasks: Tasks, settings: QSettings, vault_path: Path) -> None:
    window = _window(qtbot, tasks, settings, vault_path)
    qtbot.mouseClick(window.unlock_page.sign_in, Qt.MouseButton.LeftButton)
    shown = window.unlock_page.problems.shown()
    assert shown == {"user name": "Please fill this in.", "passphrase": "Please fill this in."}
    assert tasks.pending == 0
