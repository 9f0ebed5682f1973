"""Every path SIRAT uses, and its typed settings, in one place.

``SIRAT_HOME`` overrides the per-user data folder (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "SIRAT"
PASSPHRASE_ENV = "SIRAT_PASSPHRASE"  # noqa: S105 -- a variable name
NEW_PASSPHRASE_ENV = "SIRAT_NEW_PASSPHRASE"  # noqa: S105
CERT_PASSPHRASE_ENV = "SIRAT_CERT_PASSPHRASE"  # noqa: S105


def home() -> Path:
    """The folder holding the default vault, crash records and logs."""
    override = os.environ.get("SIRAT_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def private_file(path: Path) -> Path:
    """Create ``path`` if missing and make it owner-only (0600) on POSIX; returns it.

    For files other programs write for us (Qt's settings file): they are created with the
    process umask, often 0644, and keep the mode of the file they replace.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    return path


def default_vault_path() -> Path:
    return home() / "vault"


def crash_dir() -> Path:
    return home() / "crash"


def log_dir() -> Path:
    return home() / "logs"
