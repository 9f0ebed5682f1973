"""A canary written into every kind of field never reaches a byte outside the encryption.

Later engineers: when you add a field that holds personal data (reports, entities...), write
the canary into it in ``_write_everything`` below. The test reads the raw bytes of the vault
folder (database, WAL, journal, key file, failed sign-ins, backups), the logs at DEBUG, the
crash records, the settings folder, every file created in the temp folder, and the temp
folder this process is given (Python's and SQLite's).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat import config, crash
from sirat.errors import WrongPassphrase
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR

CANARY = "Qx7Kanarie"  # ASCII, so its UTF-16 and case-folded forms are distinct byte strings
CANARY_CYR = "Канарейка"  # Cyrillic: UTF-8 bytes differ from the Latin-1/UTF-16 forms
CANARY_GREEK = "Καναρίνι"


def _forms(text: str) -> set[bytes]:
    forms = set()
    for variant in (text, text.casefold(), text.upper()):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            forms.add(variant.encode(encoding))
    return forms


NEEDLES = _forms(CANARY) | _forms(CANARY_CYR) | _forms(CANARY_GREEK)


def _leaks(data: bytes) -> list[bytes]:
    return [n for n in NEEDLES if n in data]


def _files_under(root: Path, skip: frozenset[Path] = frozenset()) -> Iterator[Path]:
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(dirpath, d) not in skip]
        for name in files:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


SYSTEM_TEMP = Path(tempfile.gettempdir())  # before any test redirects it

# The shared temp folder also holds other programs' files (other test sessions, benchmarks
# writing hundreds of MB): those are neither ours nor worth reading.
FOREIGN_FILE_BYTES = 64 * 1024 * 1024


def _temp_state(root: Path, skip: frozenset[Path]) -> dict[Path, tuple[int, int]]:
    state = {}
    for path in _files_under(root, skip):
        try:
            st = path.stat()
        except OSError:
            continue
        if st.st_size <= FOREIGN_FILE_BYTES:
            state[path] = (st.st_mtime_ns, st.st_size)
    return state


def _other_pytest_sessions(system_temp: Path, ours: Path) -> frozenset[Path]:
    sessions = {p for p in system_temp.glob("pytest-of-*/pytest-*") if p.is_dir()}
    return frozenset(p for p in sessions if p not in ours.parents and p != ours)


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process's temp folder, for Python (tempfile) and SQLite (TMPDIR) alike."""
    folder = tmp_path / "private-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("SQLITE_TMPDIR", str(folder))
    return folder


def _assert_clean(paths: list[Path], what: str) -> None:
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # deleted meanwhile (another test's temp file)
        assert not _leaks(data), f"canary found in {what}: {path}"


def _write_everything(tmp_path: Path) -> tuple[Path, list[Path]]:
    """Put the canary in every field this layer has; return the vault and extra folders."""
    path = tmp_path / "vault"
    secret = f"{CANARY} {CANARY_CYR} passphrase"
    admin = f"{CANARY}-admin"
    v = create_vault(path, admin, secret, display_name=f"{CANARY_GREEK} {CANARY}", kdf=KDF_FLOOR)
    users.add_user(v, f"{CANARY_CYR}-user", f"{CANARY_GREEK} passphrase", "analyst",
                   display_name=f"Display {CANARY_CYR}", kdf=KDF_FLOOR)
    users.add_user(v, f"{CANARY}-gone", f"{CANARY} gone passphrase", kdf=KDF_FLOOR)
    with v.session(write=True) as s:
        audit.record(s, actor_id=v.info.user_id, action="test.canary", object_type="note",
                     object_id=CANARY, details={"text": f"{CANARY} {CANARY_CYR} {CANARY_GREEK}"})
    # Wrong passphrases and unknown (canary) names go to the failed sign-in file.
    with pytest.raises(WrongPassphrase):
        Vault.unlock(path, admin, f"{CANARY} wrong passphrase", throttle=False)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(path, f"{CANARY} nobody", secret, throttle=False)
    # Look at the files while the vault is open and its WAL holds the latest pages.
    assert (path / "vault.db-wal").exists()
    _assert_clean(list(_files_under(path)), "the open vault folder")
    users.change_passphrase(v, secret, f"{CANARY_GREEK} new passphrase", kdf=KDF_FLOOR)
    users.remove_user(v, f"{CANARY}-gone")
    users.rotate_key(v)
    backup = v.backup(tmp_path / "backup")
    assert v.check() == []
    v.lock()
    with sign_in(path, admin, f"{CANARY_GREEK} new passphrase", throttle=False) as again:
        assert again.info.display_name == f"{CANARY_GREEK} {CANARY}"  # the canary is in there
    # A bug's crash record, with the canary in its message and its locals.
    try:
        secret_local = f"{CANARY} in a local"
        raise RuntimeError(f"something about {CANARY} {CANARY_CYR}: {secret_local}")
    except RuntimeError as exc:
        crash.handle(RuntimeError, exc, exc.__traceback__)
    return path, [backup, config.crash_dir(), config.log_dir(), config.home()]


def test_canary_never_leaves_the_encryption(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, private_temp: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    skip = _other_pytest_sessions(SYSTEM_TEMP, tmp_path)
    before = _temp_state(SYSTEM_TEMP, skip)
    path, extra = _write_everything(tmp_path)
    after = _temp_state(SYSTEM_TEMP, skip)

    vault_files = list(_files_under(path))
    assert {p.name for p in vault_files} >= {"vault.db", "keyslots.json"}
    _assert_clean(vault_files, "the vault folder")
    for folder in extra:
        _assert_clean(list(_files_under(folder)), str(folder.name))
    assert any(_files_under(config.crash_dir())), "the crash record was not written"
    new_or_changed = [p for p, state in after.items() if before.get(p) != state]
    _assert_clean(new_or_changed, "the temp folder")
    _assert_clean(list(_files_under(private_temp)), "this process's temp folder")
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "nothing was logged at DEBUG: the log check proves nothing"
    assert not _leaks(logged.encode("utf-8")), "canary found in the log"


def test_the_canary_check_can_fail(tmp_path: Path) -> None:
    """The detector finds the canary in every form it claims to look for."""
    for needle in (CANARY, CANARY.upper(), CANARY_CYR.casefold(), CANARY_GREEK):
        for encoding in ("utf-8", "utf-16-le"):
            f = tmp_path / "leak.bin"
            f.write_bytes(b"prefix" + needle.encode(encoding) + b"suffix")
            with pytest.raises(AssertionError):
                _assert_clean([f], "test")
