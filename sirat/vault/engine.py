"""The one place that builds a SQLCipher connection and the SQLAlchemy engine over it.

The raw 32-byte data key is given as the first statement of every connection (FACTS: a
passphrase-keyed connection costs ~100 ms of PBKDF2; a raw key ~0.3 ms). We use the plain
pysqlite dialect with sqlcipher3 as its DBAPI module and key the connection ourselves in
``creator`` so no passphrase or key ever goes through SQLAlchemy's URL handling.

Right after the key, every connection says ``PRAGMA cipher_compatibility = 4``: the vault
file is SQLCipher 4's format (4096-byte pages, HMAC-SHA512), and a future SQLCipher whose
*default* changes must still read it as such instead of failing on every page.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from sirat.errors import DiskFull, ReadOnlyLocation, SiratError, VaultCorrupt, VaultInUse

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
#: The SQLCipher major version whose file format every vault has (set on each connection).
CIPHER_COMPATIBILITY = 4
CACHE_KIB = 65_536

DbapiError = sqlcipher3.dbapi2.Error


def _key_pragma(key: bytes) -> str:
    # The key is hex we produce ourselves, never user text.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(db_path: Path, key: bytes, *, readonly: bool = False) -> Any:
    """Open and key one DBAPI connection. The caller has checked that the file exists."""
    # Percent-encode the path: a folder named "Ops #3" or "50%" must not be read as URI syntax.
    uri = f"file:{quote(str(db_path), safe='/')}?mode={'ro' if readonly else 'rw'}"
    conn = sqlcipher3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
    )
    try:
        conn.execute(_key_pragma(key))
        conn.execute(f"PRAGMA cipher_compatibility = {CIPHER_COMPATIBILITY}")
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA synchronous = FULL")
        # Reading the schema is the first real decryption: a wrong key fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DbapiError as exc:
        conn.close()
        raise translate(exc) from exc
    return conn


def create_database(db_path: Path, key: bytes) -> None:
    """Create a new, empty encrypted database at a path that must not exist yet."""
    conn = sqlcipher3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute(_key_pragma(key))
        conn.execute(f"PRAGMA cipher_compatibility = {CIPHER_COMPATIBILITY}")
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA user_version = 0")
        conn.execute("CREATE TABLE sirat_bootstrap (x INTEGER)")
        conn.execute("DROP TABLE sirat_bootstrap")
    except DbapiError as exc:
        raise translate(exc) from exc
    finally:
        conn.close()


def translate(exc: BaseException) -> BaseException:
    """Map a DBAPI error to the SiratError a user can act on; anything else is a bug."""
    if isinstance(exc, SiratError):
        return exc
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return VaultInUse(
            "The vault is in use by another SIRAT window or command.",
            "Wait for it to finish, or close the other window, then retry.",
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull("The disk is full; nothing was saved.", "Free some space and retry.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnlyLocation(
            "The vault cannot be written in this folder.",
            "Check the folder permissions or choose another location.",
        )
    if "not a database" in text or "malformed" in text or "hmac" in text or "corrupt" in text:
        return VaultCorrupt(
            "The vault file is damaged (its encrypted pages fail their integrity check).",
            "Restore the vault folder from a backup; run `sirat vault check` for details.",
        )
    return exc


def make_engine(db_path: Path, key: bytes) -> Engine:
    def creator() -> Any:
        return connect(db_path, key)

    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        options = conn.get_execution_options()
        # How long BEGIN IMMEDIATE waits for another writer: the default, or less for work
        # that has somewhere else to go (a sign-in's record goes to the journal).
        wait_ms = int(1000 * options.get("sirat_wait_s", BUSY_TIMEOUT_S))
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
        # A consultation record's commit skips the fsync (Vault.session, durable=False);
        # every other transaction pays it. Set before BEGIN, on every transaction.
        sync = "NORMAL" if options.get("sirat_lazy") else "FULL"
        conn.exec_driver_sql(f"PRAGMA synchronous = {sync}")
        mode = "IMMEDIATE" if options.get("sirat_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def translated_errors() -> Iterator[None]:
    """Re-raise storage errors as SiratErrors with a message a user can act on."""
    try:
        yield
    except DBAPIError as exc:
        mapped = translate(exc)
        if mapped is exc:
            raise
        raise mapped from exc
    except (DbapiError, sqlite3.Error) as exc:
        mapped = translate(exc)
        if mapped is exc:
            raise
        raise mapped from exc


def integrity_problems(db_path: Path, key: bytes) -> list[str]:
    """Run SQLCipher's page-HMAC check and SQLite's integrity check; [] means sound."""
    problems: list[str] = []
    try:
        # Read-write on purpose (nothing is written): a read-only connection that happens to
        # be the last one would leave empty -wal and -shm files behind.
        conn = connect(db_path, key)
    except VaultCorrupt:
        return ["the first page cannot be decrypted"]
    try:
        # cipher_integrity_check reads the main file and ignores the WAL. Right after a key
        # rotation the file may still hold superseded pages under the *old* key (their new
        # versions are WAL frames), so copy the WAL back first; if readers keep that from
        # finishing, rely on integrity_check, which reads (and authenticates) through the WAL.
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy == 0 and frames == copied:
            # cipher_integrity_check returns no rows when every page authenticates (FACTS).
            problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        if not problems:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            problems += [r for r in rows if r != "ok"]
    except DbapiError as exc:
        problems.append(str(exc))
    finally:
        conn.close()
    return problems


RawConnFn = Callable[[Any], None]
