"""Create, unlock, lock, re-key, back up and check a vault.

Layout of a vault folder (mode 0700)::

    vault.db          SQLCipher 4 database (raw 256-bit data key), WAL mode
    keyslots.json     one key slot per user, authenticated and bound to vault.db (slots.py,
                      upgrade.py)
    highwater.json    the last audit record known committed, MAC'd (highwater.py)
    pending-audit/    audit records waiting for the write lock, encrypted (journal.py)
    failed-signins.jsonl  failed attempts not yet in the audit log (signin.py)
    backups/          pre-migration backups, each itself a complete vault folder

The folder is 0700 and its files 0600, enforced on every unlock.

Copying the folder copies everything; ``backup()`` writes such a folder consistently.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sirat import lazy
from sirat.clock import utcnow
from sirat.domain.changes import NOTHING
from sirat.domain.vocab import UserId
from sirat.errors import (
    SiratError,
    VaultCorrupt,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from sirat.files import fsync_dir, remove_stale_temp_files, translate_os_error
from sirat.vault import changes, crypto, highwater
from sirat.vault.crypto import DEFAULT_KDF, KdfParams, UnwrapFailed
from sirat.vault.folder import CHECK_ON_OPEN_BYTES, DB_NAME, SLOTS_NAME, check_exists
from sirat.vault.modes import enforce_private_modes
from sirat.vault.signin import SigninThrottle
from sirat.vault.slots import (
    NoSuchSlot,
    SlotFile,
    make_slot,
    open_user_slot,
    rewrap_private,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from sirat.models.core import User
    from sirat.vault import blobs, checks, journal, rotation, schema, upgrade
    from sirat.vault import engine as eng
else:
    # SQLAlchemy, SQLCipher and the models are needed only once the key is derived: a CLI
    # command reaches its key derivation without loading them (bench figure start.command).
    blobs = lazy.module("sirat.vault.blobs")
    checks = lazy.module("sirat.vault.checks")
    journal = lazy.module("sirat.vault.journal")
    rotation = lazy.module("sirat.vault.rotation")
    schema = lazy.module("sirat.vault.schema")
    upgrade = lazy.module("sirat.vault.upgrade")
    eng = lazy.module("sirat.vault.engine")

log = logging.getLogger(__name__)

__all__ = [
    "BACKUPS_DIR", "CHECK_ON_OPEN_BYTES", "Vault", "VaultInfo", "check_exists", "name_key",
]

BACKUPS_DIR = "backups"
#: At most this many seconds of consultation records wait for an fsync (Vault.session).
LAZY_SYNC_S = 2.0
#: Guards each vault's lock hooks (registered from worker threads, run by the lock).
_HOOKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class VaultInfo:
    """Who is signed in to which vault (ids and role only; no secrets)."""

    path: Path
    vault_id: str
    user_id: UserId
    user_name: str
    display_name: str
    role: str
    schema_version: int


class Vault:
    """An unlocked vault. Obtain one with :meth:`create` or :meth:`unlock`."""

    def __init__(
        self,
        path: Path,
        slots: SlotFile,
        data_key: bytes,
        private: bytes,
        user: User,
        auth_secret: bytes | None,
    ) -> None:
        self.path = path
        self._slots = slots
        self._key: bytes | None = data_key
        self._private = private
        # The vault's authentication secret (slots.py); None while a format 1 key file
        # waits for its upgrade.
        self._auth = auth_secret
        self._engine: Engine | None = eng.make_engine(path / DB_NAME, data_key)
        self.info = VaultInfo(
            path=path,
            vault_id=slots.vault_id,
            user_id=UserId(user.id),
            user_name=user.name,
            display_name=user.display_name,
            role=user.role,
            schema_version=schema.current_version_of(self._engine),
        )

    # ---- life cycle -------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        admin_name: str,
        passphrase: str,
        *,
        display_name: str | None = None,
        kdf: KdfParams = DEFAULT_KDF,
    ) -> Vault:
        """Create a new vault whose first user is its administrator."""
        path = Path(path)
        checks.check_new_passphrase(passphrase)
        checks.check_user_name(admin_name)
        checks.check_kdf(kdf)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise VaultExists(
                f"{path} already exists and is not empty.",
                "Choose a new folder name for the vault.",
            )
        if not path.parent.is_dir():
            raise VaultNotFound(
                f"The folder {path.parent} does not exist.",
                "Create it first or choose another location.",
            )
        staging = path.parent / f".{path.name}.creating-{uuid.uuid4().hex[:8]}"
        try:
            os.mkdir(staging, 0o700)
            vault_id = uuid.uuid4().hex
            data_key = crypto.random_key()
            private, _public = crypto.new_keypair()
            auth_secret = crypto.random_key()
            db = staging / DB_NAME
            os.close(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            eng.create_database(db, data_key)
            slot, public = make_slot(
                vault_id=vault_id,
                user_name=admin_name,
                passphrase=passphrase,
                data_key=data_key,
                generation=1,
                kdf=kdf,
                auth_secret=auth_secret,
                keypair=(private, _public),
            )
            slotfile = SlotFile(
                vault_id=vault_id,
                generation=1,
                key_check=crypto.key_check(data_key, vault_id),
                slots=(slot,),
            )
            slotfile.save(staging / SLOTS_NAME)
            schema.migrate(staging, data_key, backup=None)
            conn = eng.connect(db, data_key)
            try:
                conn.execute("BEGIN IMMEDIATE")
                now = utcnow()
                conn.execute(
                    "INSERT INTO vault_meta (key, value) VALUES ('vault_id', ?), "
                    "('created_at', ?)",
                    (vault_id, now),
                )
                upgrade.write_binding(
                    conn, upgrade.expected_binding(slotfile, data_key, auth_secret)
                )
                conn.execute(
                    "INSERT INTO users (name, name_key, display_name, role, public_key, "
                    "active, created_at) VALUES (?, ?, ?, 'administrator', ?, 1, ?)",
                    (admin_name.strip(), name_key(admin_name),
                     (display_name or admin_name).strip(), public, now),
                )
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
            fsync_dir(staging)
            if path.exists():
                path.rmdir()
            os.replace(staging, path)
            fsync_dir(path.parent)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise translate_os_error(exc, "vault") from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        log.info("vault created")
        # Open it with the keys we hold: unlocking would derive the passphrase key again.
        with eng.translated_errors():
            user = _load_user(path, data_key, admin_name, public)
            assert user is not None  # noqa: S101 -- we have just written this row
            vault = cls(path, slotfile, data_key, private, user, auth_secret)
        vault.failed_signins = []
        return vault

    @classmethod
    def unlock(
        cls,
        path: Path,
        user_name: str,
        passphrase: str,
        *,
        throttle: bool = True,
        allow_lost_work: bool = False,
    ) -> Vault:
        """Open the vault as ``user_name``. Wrong name or passphrase: one uniform error.

        A database that no longer reaches its high-water mark (committed work lost) is
        refused with ``WorkLost`` unless ``allow_lost_work`` (`sirat vault check`, which
        reports it, and the administrator who accepts the loss).
        """
        path = Path(path)
        check_exists(path)
        enforce_private_modes(path)
        gate = SigninThrottle(path)
        if throttle:
            gate.wait()
        slots = SlotFile.load(path / SLOTS_NAME)
        lookup = crypto.lookup_id(slots.vault_id, user_name)
        try:
            slot, opened = open_user_slot(slots, user_name, passphrase)
        except UnwrapFailed as exc:
            gate.record_failure(None if isinstance(exc, NoSuchSlot) else lookup)
            raise WrongPassphrase() from None
        private = opened.private
        for attempt in range(3):
            slots, data_key, auth_secret, offered = rotation.data_key_for(
                path, slots, slot, private, opened.bound
            )
            try:
                # Soundness first: never migrate (or back up) a damaged or empty file.
                checks.require_sound(path, data_key, CHECK_ON_OPEN_BYTES)
                schema.migrate(path, data_key, backup=path / BACKUPS_DIR)
                slot = slots.find(lookup) or slot
                slots, auth_secret = upgrade.settle(
                    path, slots, slot, opened, data_key, auth_secret, offered
                )
                lost = _lost_work(path, data_key, slots, repair=not allow_lost_work)
                hold_mark = lost is not None
                if lost and not allow_lost_work:
                    raise highwater.WorkLost(
                        lost,
                        "Restore the vault folder from a backup taken after that time; an "
                        "administrator can see it with `sirat vault check` and accept the "
                        "loss with `sirat vault check --accept-lost-work`.",
                    )
                with eng.translated_errors():
                    user = _load_user(path, data_key, user_name, slot.public)
                    if user is not None:
                        vault = cls(path, slots, data_key, private, user, auth_secret)
                        # Until the loss is accepted the mark stays where it is: moving it
                        # past new records would hide the gap.
                        vault._hold_mark = hold_mark
                break
            except VaultCorrupt:
                # A key rotation elsewhere may have re-keyed the file since we resolved the
                # key (it writes keyslots.json first): then start again; if the key file is
                # unchanged, it is real damage.
                fresh = SlotFile.load(path / SLOTS_NAME)
                if fresh == slots:
                    raise
                if attempt == 2:
                    raise VaultInUse(
                        "The vault's key is being rotated right now.", "Wait a moment, then retry."
                    ) from None
                slots, fresh_slot = fresh, fresh.find(lookup)
                if fresh_slot is None or fresh_slot.public != slot.public:
                    raise WrongPassphrase() from None
                slot = fresh_slot
        if user is None:
            gate.record_failure(lookup)
            raise WrongPassphrase()
        vault.failed_signins = gate.failures()
        remove_stale_temp_files(path / SLOTS_NAME)
        enforce_private_modes(path)  # files a migration or an upgrade wrote meanwhile
        log.info("vault unlocked user_id=%s", user.id)
        return vault

    failed_signins: list[dict[str, str]] = []  # noqa: RUF012 -- replaced per instance

    def clear_failed_signins(self) -> None:
        """Call once ``failed_signins`` are in the audit log: lifts the sign-in delay."""
        SigninThrottle(self.path).clear(self.failed_signins)
        self.failed_signins = []

    _timer: threading.Timer | None = None

    def _sync_later(self) -> None:
        """fsync the WAL :data:`LAZY_SYNC_S` seconds from now (one timer at a time), so a
        consultation record is durable within seconds even if nothing else follows it. The
        timer touches only the WAL file, never the database or the keys."""
        if self._timer is not None and self._timer.is_alive():
            return
        path = self.path

        def sync() -> None:
            with contextlib.suppress(OSError):
                _fsync_wal(path)

        self._timer = threading.Timer(LAZY_SYNC_S, sync)
        self._timer.daemon = True
        self._timer.start()

    def sync_consultations(self) -> None:
        """Make the consultation records committed without an fsync durable now (one fsync
        of the WAL), and move the high-water mark to them. Cheap when there are none."""
        if self._lazy_since is None or self._engine is None:
            return
        from sqlalchemy import text
        with self._engine.connect() as conn:
            head = conn.execute(text(highwater.HEAD_SQL)).first()
            conn.rollback()
        _fsync_wal(self.path)
        self._lazy_since = None
        if head is not None:
            self._raise_highwater(int(head[0]), str(head[1]), str(head[2]))

    #: What else to forget at lock (secrets a service keeps in memory while this vault is
    #: unlocked, e.g. unlocked signing keys); see :meth:`on_lock`.
    _lock_hooks: tuple[Callable[[], None], ...] = ()
    _locking = False

    def on_lock(self, forget: Callable[[], None]) -> None:
        """Call ``forget`` when this vault is locked -- at once if it is (being) locked
        already, so a secret kept during a lock is never kept past it."""
        with _HOOKS_LOCK:
            if not self._locking:
                self._lock_hooks = (*self._lock_hooks, forget)
                return
        forget()

    def lock(self) -> None:
        """Checkpoint the WAL, forget the keys and close every connection."""
        with _HOOKS_LOCK:
            self._locking = True
            hooks, self._lock_hooks = self._lock_hooks, ()
        for forget in hooks:
            try:
                forget()
            except Exception:
                log.exception("a lock hook failed")
        if self._timer is not None:
            self._timer.cancel()
        if self._engine is not None:
            with contextlib.suppress(SiratError, OSError):
                self.sync_consultations()
            self._engine.dispose()
            if self._key is not None:
                _checkpoint_wal(self.path, self._key)
            highwater.sync(self.path)
        self._engine = None
        self._key = None
        self._private = b""
        log.info("vault locked")

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # ---- data access ------------------------------------------------------------------
    #: Since when (monotonic) consultation records have been committed without an fsync;
    #: None when everything committed is durable. See :meth:`session` (``durable``).
    _lazy_since: float | None = None

    @contextmanager
    def session(self, *, write: bool = False, wait: float | None = None,
                durable: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.

        ``wait``: seconds a write waits for another writer before ``VaultInUse`` (default
        ``engine.BUSY_TIMEOUT_S``). A write first folds pending audit records (journal.py).

        ``durable=False`` (consultation records only, ``audit.consult``): the commit skips
        its fsync (``synchronous = NORMAL`` for this transaction): the record is in the WAL
        as soon as the commit returns -- a crash or kill of SIRAT cannot lose it -- and
        becomes durable against a power cut with the next durable commit (any change, a
        sign-in), the first consultation :data:`LAZY_SYNC_S` seconds later, a timer that
        fsyncs the WAL :data:`LAZY_SYNC_S` seconds after the first unsynced commit, or
        :meth:`sync_consultations` (lock), whichever is first.
        The high-water mark moves only with durable commits (it never gets ahead of what is
        on the disk), and a transaction that folds journal records is always durable (the
        journal's files are deleted after it).
        """
        from sqlalchemy import text
        from sqlalchemy.orm import Session
        if self._engine is None:
            raise VaultLocked("The vault is locked.", "Sign in again to continue.")
        lazy = write and not durable and not (
            self._lazy_since is not None
            and time.monotonic() - self._lazy_since >= LAZY_SYNC_S) and not journal.names(
                self.path)
        try:
            with eng.translated_errors():
                options: dict[str, Any] = {"sirat_write": write, "sirat_lazy": lazy}
                if wait is not None:
                    options["sirat_wait_s"] = wait
                bind = self._engine.execution_options(**options)
                head, folded, changed = None, [], NOTHING
                with Session(bind, expire_on_commit=False) as session, session.begin():
                    if write:
                        # BEGIN IMMEDIATE now, not at the first statement: whatever the block
                        # does (key-file writes included) happens under the write lock.
                        session.connection()
                        if self._key is not None and journal.names(self.path):
                            folded = journal.fold(session, self.path, self._key,
                                                  self.info.vault_id)
                    yield session
                    changed = changes.noted(session)
                    if write:
                        head = session.execute(text(highwater.HEAD_SQL)).first()
                changes.committed(changed)
                journal.remove(self.path, folded)
                if head is not None and lazy:
                    if self._lazy_since is None:
                        self._lazy_since = time.monotonic()
                    self._sync_later()
                elif head is not None:
                    # A durable commit: the WAL is fsynced, every lazy commit before included.
                    self._lazy_since = None
                    self._raise_highwater(int(head[0]), str(head[1]), str(head[2]))
        except VaultCorrupt:
            if self._rekeyed_elsewhere():
                self.lock()
                raise VaultLocked(
                    "An administrator changed the vault's data key (key rotation) while you "
                    "were signed in.",
                    "Sign in again to continue.",
                ) from None
            raise

    def record_later(self, records: list[dict[str, Any]]) -> None:
        """Keep audit records durably in the journal, for the next write to fold in (when
        the write lock is held elsewhere: see journal.py)."""
        journal.append(self.path, self._require_key(), self.info.vault_id, records)

    _mark: tuple[int, str] | None = None
    _hold_mark = False

    def _raise_highwater(self, audit_id: int, audit_hash: str, at: str) -> None:
        """After a commit: move the high-water mark to the log's head (not fsynced: see
        highwater.py)."""
        if self._key is None or self._hold_mark or self._mark == (audit_id, audit_hash):
            return
        slots = self._slots
        highwater.write(self.path, self._key, slots.vault_id,
                        highwater.Mark(slots.generation, audit_id, audit_hash, at),
                        durable=False)
        self._mark = (audit_id, audit_hash)

    def accept_lost_work(self) -> str | None:
        """Move the high-water mark down to what the log holds now; returns the problem that
        was accepted (None if there was none). The caller records it in the audit log."""
        key = self._require_key()
        lost = _lost_work(self.path, key, self._slots, repair=False)
        if lost:
            conn = eng.connect(self.path / DB_NAME, key)
            try:
                head = highwater.head_of(conn)
            finally:
                conn.close()
            if head is not None:
                highwater.write(self.path, key, self._slots.vault_id, highwater.Mark(
                    self._slots.generation, head.audit_id, head.audit_hash, head.at),
                    durable=True)
        self._hold_mark = False
        return lost

    def _rekeyed_elsewhere(self) -> bool:
        """Whether keyslots.json no longer matches the data key this object holds."""
        if self._key is None:
            return False
        try:
            slots = SlotFile.load(self.path / SLOTS_NAME)
        except (SiratError, OSError):
            return False
        return slots.key_check != crypto.key_check(self._key, slots.vault_id)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked("The vault is locked.", "Sign in again to continue.")
        return self._engine

    def derive_user_secret(self, purpose: bytes) -> bytes:
        """32 bytes only the signed-in user can compute: HKDF-SHA256 over their slot's private
        key, salted with the vault id, ``purpose`` as info (approval signing keys use it).

        The one place that touches the slot's private material for such keys: whatever the
        slot format, the same user in the same vault gets the same bytes.
        """
        if self._engine is None or not self._private:
            raise VaultLocked("The vault is locked.", "Sign in again to continue.")
        # Imported here: opening a vault does not need it.
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(hashes.SHA256(), 32, salt=self.info.vault_id.encode(),
                    info=purpose).derive(self._private)

    def wrap_file_key(self, blob: str, file_key: str) -> bytes:
        """An attachment's file key wrapped under the data key (sirat/vault/blobs.py)."""
        return blobs.wrap_key(self._require_key(), self.info.vault_id, blob, file_key)

    def unwrap_file_key(self, blob: str, wrapped: bytes) -> str:
        return blobs.unwrap_key(self._require_key(), self.info.vault_id, blob, wrapped)

    def _require_key(self) -> bytes:
        if self._key is None:
            raise VaultLocked("The vault is locked.", "Sign in again to continue.")
        return self._key

    # ---- key slots --------------------------------------------------------------------
    def add_slot(
        self,
        user_name: str,
        passphrase: str,
        kdf: KdfParams = DEFAULT_KDF,
        *,
        replace_orphan: bool = False,
    ) -> bytes:
        """Write a key slot for a new user; returns their public key (stored in `users`).

        Call it under the database write lock. ``replace_orphan``: the caller has checked
        that no active user has this name, so an existing slot is a leftover of a crash.
        """
        checks.check_new_passphrase(passphrase)
        checks.check_user_name(user_name)
        checks.check_kdf(kdf)
        slots = self._current_slots()
        if slots.pending is not None:
            raise VaultInUse(
                "A key rotation of this vault is in progress or was interrupted.",
                "Sign in again (that completes it), then retry.",
            )
        slot, public = make_slot(
            vault_id=slots.vault_id,
            user_name=user_name,
            passphrase=passphrase,
            data_key=self._require_key(),
            generation=slots.generation,
            kdf=kdf,
            auth_secret=self._require_auth(slots),
        )
        if slots.find(slot.lookup) is not None and not replace_orphan:
            raise VaultExists("A user with this name already exists.", "Choose another name.")
        self._slots = slots.with_slot(slot)
        self._slots.save(self.path / SLOTS_NAME)
        return public

    def _require_auth(self, slots: SlotFile) -> bytes:
        if self._auth is None or not slots.authenticated:
            raise VaultInUse(
                "The vault's key file still has to be upgraded to the authenticated format, "
                "which happens at sign-in when no one else is writing.",
                "Sign in again when the vault is not busy, then retry.",
            )
        return self._auth

    def _current_slots(self) -> SlotFile:
        """keyslots.json as on disk, checked to belong to the data key this object holds."""
        slots = SlotFile.load(self.path / SLOTS_NAME)
        if slots.key_check != crypto.key_check(self._require_key(), slots.vault_id):
            raise VaultLocked(
                "The vault's data key was changed (key rotation) since you signed in.",
                "Sign in again to continue.",
            )
        return slots

    def remove_slot(self, user_name: str) -> None:
        slots = SlotFile.load(self.path / SLOTS_NAME)
        lookup = crypto.lookup_id(slots.vault_id, user_name)
        self._slots = slots.without(lookup)
        self._slots.save(self.path / SLOTS_NAME)

    def change_passphrase(self, old: str, new: str, kdf: KdfParams = DEFAULT_KDF) -> None:
        """Re-wrap the signed-in user's private key under a new passphrase."""
        checks.check_new_passphrase(new)
        checks.check_kdf(kdf)
        slots = SlotFile.load(self.path / SLOTS_NAME)
        try:
            slot, opened = open_user_slot(slots, self.info.user_name, old)
        except UnwrapFailed:
            raise WrongPassphrase() from None
        self._slots = slots.with_slot(
            rewrap_private(slot, slots.vault_id, opened.private, new, kdf))
        self._slots.save(self.path / SLOTS_NAME)

    def private_key(self, passphrase: str) -> bytes:
        """The signed-in user's X25519 private key, unwrapped from their slot with their
        passphrase and checked against the slot's public key. Keys derived per user (the
        audit checkpoints' signing key) start from it; it survives passphrase changes and
        data-key rotations. ``WrongPassphrase`` if it does not open."""
        slots = SlotFile.load(self.path / SLOTS_NAME)
        try:
            slot, opened = open_user_slot(slots, self.info.user_name, passphrase)
        except UnwrapFailed:
            raise WrongPassphrase() from None
        if crypto.x25519_public(opened.private) != slot.public:
            raise VaultCorrupt("Your key slot is inconsistent.",
                               "Restore keyslots.json from a backup.")
        return opened.private

    def rotate_key(self, public_keys: dict[str, bytes]) -> int:
        """Re-encrypt the database under a new data key; re-wrap it for ``public_keys``.

        ``public_keys`` maps each remaining user *name* to the public key recorded for them
        in the (authenticated, encrypted) users table; it must match the active users at
        the moment of rotation. Slots not in it are dropped.

        Crash safety: under the database write lock, the new key is sealed for every
        remaining user as ``pending`` in keyslots.json; then PRAGMA rekey re-encrypts every
        page in one SQLite transaction (which releases the lock); finally the pending key
        becomes current. Unlock tries the current key and then the pending one, so the vault
        opens at every step. While a pending block exists no slot is added.
        """
        old_key = self._require_key()
        new_key = crypto.random_key()
        self._engine_dispose()
        conn = eng.connect(self.path / DB_NAME, old_key)
        try:
            with eng.translated_errors():
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("BEGIN IMMEDIATE")
            slots = self._current_slots()
            if slots.pending is not None:
                raise VaultInUse(
                    "Another key rotation of this vault is in progress or was interrupted.",
                    "Sign in again (that completes it), then retry.",
                )
            auth_secret = self._require_auth(slots)
            pending, kept = rotation.seal_for(slots, conn, public_keys, new_key, auth_secret)
            slots = replace(slots, pending=pending)
            with eng.translated_errors():
                # The new generation's binding, committed with the rekey (and rolled back
                # with it if the rotation dies before).
                upgrade.write_binding(conn, upgrade.expected_binding(
                    replace(slots, generation=pending.generation), new_key, auth_secret))
                # Every attachment's file key, re-wrapped in the same transaction.
                blobs.rewrap_all(conn, slots.vault_id, old_key, new_key)
            slots.save(self.path / SLOTS_NAME)
            with eng.translated_errors():
                # Commits the rekey together with the open transaction (lock held until now).
                conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
                if conn.in_transaction:
                    conn.execute("COMMIT")
            # From here on the database is under the new key, whatever happens next.
            self._key = new_key
            self._engine = eng.make_engine(self.path / DB_NAME, new_key)
            with eng.translated_errors():
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("BEGIN IMMEDIATE")
            self._slots = rotation.promote_ours(self.path / SLOTS_NAME, pending, kept)
            journal.rekey(self.path, old_key, new_key, slots.vault_id)
            head = highwater.head_of(conn)
            if head is not None:  # the mark's key changed with the data key
                highwater.write(self.path, new_key, slots.vault_id, highwater.Mark(
                    pending.generation, head.audit_id, head.audit_hash, head.at), durable=True)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
        log.info("data key rotated to generation %s", pending.generation)
        return pending.generation

    def _engine_dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    # ---- backup and check --------------------------------------------------------------
    def backup(self, dest: Path) -> Path:
        """Write a consistent, still-encrypted copy of the vault folder to ``dest``."""
        from sirat.vault.backup import backup_folder
        return backup_folder(self.path, self._require_key(), Path(dest))

    def check(self) -> list[str]:
        """Every problem found by SQLCipher's page HMACs and SQLite's integrity check."""
        from sqlalchemy import select, text

        from sirat.models.core import User
        problems = eng.integrity_problems(self.path / DB_NAME, self._require_key())
        if problems:
            return problems
        slots = SlotFile.load(self.path / SLOTS_NAME)
        lost = _lost_work(self.path, self._require_key(), slots, repair=False)
        if lost:
            problems.append(lost)
        unreadable = journal.unreadable(self.path, self._require_key(), slots.vault_id)
        if unreadable:
            problems.append(f"{unreadable} batch(es) of pending audit records in "
                            f"{journal.DIR_NAME}/ do not authenticate (altered, or older than a "
                            "key rotation); they are kept for inspection")
        with self.session() as s:
            stored = s.execute(
                text("SELECT value FROM vault_meta WHERE key = 'vault_id'")
            ).scalar_one_or_none()
            if stored != slots.vault_id:
                problems.append("the key file belongs to another vault")
            active = s.execute(select(User.name, User.public_key).where(User.active.is_(True)))
            missing, matched = 0, set()
            for name, public in active:
                slot = slots.find(crypto.lookup_id(slots.vault_id, name))
                if slot is None or slot.public != public:
                    missing += 1
                else:
                    matched.add(slot.lookup)
        from sirat.vault.blobs import check_attachments
        problems.extend(check_attachments(self))
        # Counts only: a problem list may be printed or logged.
        if missing:
            problems.append(f"{missing} active user(s) have no key slot and cannot sign in")
        orphans = len({s.lookup for s in slots.slots} - matched)
        if orphans:
            problems.append(
                f"{orphans} key slot(s) belong to no active user; run `sirat vault rotate-key`"
            )
        return problems


def name_key(user_name: str) -> str:
    return unicodedata.normalize("NFC", user_name).strip().casefold()


def _lost_work(path: Path, key: bytes, slots: SlotFile, *, repair: bool) -> str | None:
    conn = eng.connect(path / DB_NAME, key)
    try:
        with eng.translated_errors():
            return highwater.check(conn, path, key, slots.vault_id, slots.generation,
                                   repair=repair)
    finally:
        conn.close()


def _fsync_wal(path: Path) -> None:
    """fsync vault.db's WAL, as a ``synchronous = FULL`` commit does (no WAL: nothing
    waits in one -- a checkpoint syncs before it empties the WAL)."""
    wal = path / (DB_NAME + "-wal")
    flags = os.O_RDONLY if os.name == "posix" else os.O_RDWR  # Windows flushes writable handles
    try:
        fd = os.open(wal, flags)
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _checkpoint_wal(path: Path, key: bytes) -> None:
    """Copy the WAL into vault.db and empty it, so committed work does not wait in a file
    whose one damaged frame would drop everything after it. Best effort: a reader or writer
    elsewhere keeps it from finishing, and then they do it when they close."""
    try:
        conn = eng.connect(path / DB_NAME, key)
    except SiratError:
        return
    try:
        conn.execute("PRAGMA busy_timeout = 200")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except eng.DbapiError:
        log.info("WAL checkpoint on close postponed: the vault is in use")
    finally:
        conn.close()


def _load_user(path: Path, key: bytes, user_name: str, public: bytes) -> User | None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from sirat.models.core import User
    engine = eng.make_engine(path / DB_NAME, key)
    try:
        with Session(engine) as s:
            user = s.execute(
                select(User).where(User.name_key == name_key(user_name), User.active.is_(True))
            ).scalar_one_or_none()
            if user is None or user.public_key != public:
                return None
            s.expunge(user)
            return user
    finally:
        engine.dispose()
