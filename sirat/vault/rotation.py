"""Which data key opens the vault, and the key-rotation protocol around ``pending``.

A rotation (``Vault.rotate_key``) writes the new data key, sealed for every remaining user,
as a ``pending`` block in keyslots.json while holding the database write lock, re-keys the
database (which commits and releases the lock), then promotes the pending key. Unlock tries
the current key and then the pending one, and finishes or drops an interrupted rotation --
under the write lock, so that a rotation still running is never mistaken for a dead one.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from sirat.errors import Conflict, VaultCorrupt, VaultInUse, WrongPassphrase
from sirat.vault import crypto, upgrade
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.crypto import UnwrapFailed
from sirat.vault.slots import (
    Downgraded,
    Pending,
    Slot,
    SlotFile,
    auth_secret_of,
    open_data_key,
    seal_data_key,
)

log = logging.getLogger(__name__)


def data_key_for(
    path: Path, slots: SlotFile, slot: Slot, private: bytes, bound: bool = False, _depth: int = 0
) -> tuple[SlotFile, bytes, bytes | None, bool]:
    """Find the data key that opens vault.db: the current one, or a pending rotation's.

    Returns the key file as resolved, the data key, the vault's authentication secret
    (None for a format 1 file) and whether that secret was only offered (``slots.py``).
    """
    try:
        auth_secret, offered = auth_secret_of(slots, slot, private, bound)
    except UnwrapFailed:
        raise upgrade.mismatch("holds a damaged vault secret for your slot") from None
    except Downgraded:
        raise upgrade.mismatch(
            "presents your slot without the vault secret it was given (an older format or an "
            "unauthenticated offer): it was replaced or rolled back"
        ) from None
    candidates: list[tuple[int, bytes]] = []
    with contextlib.suppress(UnwrapFailed):
        candidates.append((
            slots.generation,
            open_data_key(slots, slot.lookup, slot.data_key, slots.generation, private,
                          auth_secret),
        ))
    if slots.pending is not None and slot.lookup in slots.pending.sealed:
        with contextlib.suppress(UnwrapFailed):
            candidates.append((
                slots.pending.generation,
                open_data_key(slots, slot.lookup, slots.pending.sealed[slot.lookup],
                              slots.pending.generation, private, auth_secret),
            ))
    for generation, key in candidates:
        try:
            conn = eng.connect(path / DB_NAME, key)
        except VaultCorrupt:
            continue
        try:
            if slots.pending is None:
                return slots, key, auth_secret, offered
            resolved = _resolve_pending(path, conn, slots, generation)
        finally:
            conn.close()
        if resolved is not None:
            return resolved, key, auth_secret, offered
        # The rotation moved on while we waited for the lock: start again from the file.
        return _retry_from_file(path, slot, private, bound, _depth)
    if SlotFile.load(path / SLOTS_NAME) != slots:
        # A rotation elsewhere re-keyed the database after we read the key file.
        return _retry_from_file(path, slot, private, bound, _depth)
    if not candidates:
        # The private key opened, so the passphrase is right: the slot's sealed data key is
        # of another generation, was sealed by someone outside the vault, or was altered.
        raise upgrade.mismatch(
            f"does not hold a data key for your slot that this vault sealed for generation "
            f"{slots.generation}: it was altered, or mixes slots of other copies or generations"
        )
    raise VaultCorrupt(
        "The vault file cannot be decrypted with its key file: it is damaged, or the key "
        f"file (generation {slots.generation}) belongs to another copy or generation of the "
        "vault. Nothing was changed.",
        "Restore the whole vault folder from a backup.",
    )


def _retry_from_file(
    path: Path, slot: Slot, private: bytes, bound: bool, depth: int
) -> tuple[SlotFile, bytes, bytes | None, bool]:
    if depth >= 3:
        raise VaultInUse(
            "The vault's key is being rotated right now.", "Wait a moment, then retry."
        )
    fresh = SlotFile.load(path / SLOTS_NAME)
    fresh_slot = fresh.find(slot.lookup)
    if fresh_slot is None or fresh_slot.public != slot.public:
        raise WrongPassphrase()
    return data_key_for(path, fresh, fresh_slot, private, bound, depth + 1)


def _resolve_pending(path: Path, conn: Any, slots: SlotFile, generation: int) -> SlotFile | None:
    """Finish (or drop) an interrupted rotation, under the database write lock.

    A *live* rotation holds the write lock from writing its pending block until its rekey
    commits, so once we hold the lock the rotation has either re-keyed or died. Returns None
    if the key we opened with no longer works or the key file changed meanwhile.
    """
    assert slots.pending is not None  # noqa: S101 -- the caller checked
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except eng.DbapiError as exc:
        mapped = eng.translate(exc)
        if isinstance(mapped, VaultCorrupt):
            return None  # re-keyed while we waited: page 1 no longer opens with this key
        raise mapped from exc
    try:
        if SlotFile.load(path / SLOTS_NAME) != slots:
            return None
        if generation == slots.pending.generation:
            slots = _promote(slots, kept_lookups=set(slots.pending.sealed))
            log.info("interrupted key rotation completed")
        else:
            slots = replace(slots, pending=None)
            log.info("interrupted key rotation abandoned")
        slots.save(path / SLOTS_NAME)
        return slots
    finally:
        with contextlib.suppress(eng.DbapiError):
            conn.execute("ROLLBACK")


def seal_for(
    slots: SlotFile,
    conn: Any,
    public_keys: dict[str, bytes],
    new_key: bytes,
    auth_secret: bytes,
) -> tuple[Pending, set[str]]:
    """Seal ``new_key`` for each user in ``public_keys``, checked against the users table."""
    active = {
        crypto.lookup_id(slots.vault_id, str(name)): bytes(public)
        for name, public in conn.execute("SELECT name, public_key FROM users WHERE active = 1")
    }
    wanted = {crypto.lookup_id(slots.vault_id, n): p for n, p in public_keys.items()}
    if wanted != active:
        raise Conflict(
            "The vault's users changed while the key rotation was being prepared.",
            "Run the key rotation again.",
        )
    generation = slots.generation + 1
    sealed = {}
    for lookup, public in wanted.items():
        slot = slots.find(lookup)
        if slot is None or slot.public != public:
            raise VaultCorrupt(
                "A key slot does not match the user recorded in the vault.",
                "Run `sirat vault check`; restore keyslots.json from a backup.",
            )
        sealed[lookup] = seal_data_key(
            slots.vault_id, lookup, public, new_key, generation, auth_secret
        )
    return Pending(generation, crypto.key_check(new_key, slots.vault_id), sealed), set(sealed)


def promote_ours(slots_path: Path, pending: Pending, kept: set[str]) -> SlotFile:
    """Make our pending key current (an unlock elsewhere may have done it already)."""
    fresh = SlotFile.load(slots_path)
    if fresh.pending is not None and fresh.pending.key_check == pending.key_check:
        # Re-read rather than reuse: a user removed meanwhile has left the pending block.
        fresh = _promote(fresh, kept_lookups=kept)
        fresh.save(slots_path)
    elif fresh.key_check != pending.key_check:
        raise VaultCorrupt(
            "The key file changed in an unexpected way during key rotation.",
            "Sign in again; if that fails, restore the vault folder from a backup.",
        )
    return fresh


def _promote(slots: SlotFile, kept_lookups: set[str]) -> SlotFile:
    assert slots.pending is not None  # noqa: S101 -- internal invariant
    pending = slots.pending
    new_slots = tuple(
        replace(s, data_key=pending.sealed[s.lookup])
        for s in slots.slots
        if s.lookup in kept_lookups and s.lookup in pending.sealed
    )
    return SlotFile(
        vault_id=slots.vault_id,
        generation=pending.generation,
        key_check=pending.key_check,
        slots=new_slots,
        pending=None,
        version=slots.version,
    )
