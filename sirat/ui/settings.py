"""Window layout remembered between runs: QSettings in an INI file under ``config.home()``.

Only layout and the last vault *folder* are stored; never a user name, a report title or any
other personal data (a folder path says where, not who).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from sirat import config

FILE_NAME = "settings.ini"
LAST_VAULT = "vault/last_folder"


def open_settings() -> QSettings:
    """The app's settings file; tests get one inside their own SIRAT_HOME."""
    # Owner-only before Qt writes a byte (Qt keeps the mode of the file it replaces).
    path = config.private_file(config.home() / FILE_NAME)
    return QSettings(str(path), QSettings.Format.IniFormat)


def load_state(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
