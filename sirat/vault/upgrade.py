"""Bind the key-slot file to its database, and upgrade format 1 key files to format 2.

After the data key is found on unlock:

- the database's ``keyslots_binding`` (``vault_meta``) must equal
  ``crypto.binding_mac(data key, vault id, generation, sealing public key)``: a key file of
  another generation, or one whose sealing identity is not the one this database was made
  with, is refused with its own message -- never "passphrase not correct";
- a format 1 file is upgraded: a new authentication secret, every data key re-sealed with
  the vault's sealing key, the unlocking user's slot given ``auth``, every other slot an
  ``auth_offer`` (see ``slots.py``), and the binding written -- under the database write lock,
  the key file replaced atomically while the binding's transaction is open;
- an offered secret is accepted: the slot's ``auth_offer`` becomes ``auth``.

The writes are opportunistic: if another process holds the write lock (a long import), the
sign-in goes on without them and the next one does them. A format 1 vault then cannot add
users or rotate its key until upgraded (``Vault.add_slot`` says so).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from sirat.errors import SiratError
from sirat.vault import crypto
from sirat.vault import engine as eng
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.slots import (
    FORMAT_VERSION,
    SealedKey,
    Slot,
    SlotFile,
    Unwrapped,
    auth_aad,
    bind_envelope,
    seal_data_key,
    wrap_auth,
)

log = logging.getLogger(__name__)

BINDING_KEY = "keyslots_binding"
# An upgrade is worth a short wait, not a sign-in refused: past this, try again next time.
UPGRADE_BUSY_MS = 1000


class KeyFileMismatch(SiratError):
    """The passphrase was right, but keyslots.json does not belong with this database."""


def mismatch(detail: str) -> KeyFileMismatch:
    return KeyFileMismatch(
        f"Your passphrase is correct, but the vault's key file (keyslots.json) {detail}. "
        "Nothing was changed.",
        "Restore keyslots.json together with vault.db from the same backup; "
        "`sirat vault check` tells more.",
    )


def expected_binding(slots: SlotFile, data_key: bytes, auth_secret: bytes) -> str:
    _, sealer_public = crypto.vault_sealer(auth_secret, slots.vault_id)
    return crypto.binding_mac(data_key, slots.vault_id, slots.generation, sealer_public)


def stored_binding(conn: Any) -> str | None:
    row = conn.execute("SELECT value FROM vault_meta WHERE key = ?", (BINDING_KEY,)).fetchone()
    return None if row is None else str(row[0])


def write_binding(conn: Any, value: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)", (BINDING_KEY, value)
    )


def settle(
    path: Path,
    slots: SlotFile,
    slot: Slot,
    opened: Unwrapped,
    data_key: bytes,
    auth_secret: bytes | None,
    offered: bool,
) -> tuple[SlotFile, bytes | None]:
    """Check the binding; upgrade or accept the offer when needed. Returns the key file as
    it now is and the authentication secret (None: format 1, upgrade postponed)."""
    conn = eng.connect(path / DB_NAME, data_key)
    try:
        with eng.translated_errors():
            stored = stored_binding(conn)
        if slots.authenticated:
            assert auth_secret is not None  # noqa: S101 -- opening the data key needed it
            if stored is not None and stored != expected_binding(slots, data_key, auth_secret):
                raise mismatch(
                    f"is of generation {slots.generation} or sealed by another identity "
                    "than the database was made with"
                )
            if stored is not None and not offered and opened.bound:
                return slots, auth_secret
        return _write_under_lock(conn, path, slots, slot, opened, data_key, auth_secret)
    finally:
        conn.close()


def _write_under_lock(
    conn: Any,
    path: Path,
    slots: SlotFile,
    slot: Slot,
    opened: Unwrapped,
    data_key: bytes,
    auth_secret: bytes | None,
) -> tuple[SlotFile, bytes | None]:
    conn.execute(f"PRAGMA busy_timeout = {UPGRADE_BUSY_MS}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except eng.DbapiError as exc:
        if isinstance(eng.translate(exc), SiratError):
            log.info("key file upgrade postponed: the vault is busy")
            return slots, auth_secret
        raise
    try:
        if SlotFile.load(path / SLOTS_NAME) != slots or slots.pending is not None:
            # Changed by another process since we read it: settle at the next sign-in.
            conn.execute("ROLLBACK")
            return slots, auth_secret
        if not slots.authenticated:
            auth_secret = crypto.random_key()
            slots = _upgraded(slots, slot.lookup, data_key, auth_secret)
            log.info("key file upgraded to format %s", FORMAT_VERSION)
        assert auth_secret is not None  # noqa: S101 -- format 2 from here on
        # The unlocking user's own slot: the secret wrapped for their key, and their
        # envelope bound to format 2 so that it is never again accepted without it.
        own = replace(
            slots.find(slot.lookup) or slot,
            auth=wrap_auth(auth_secret, opened.private, slots.vault_id, slot.lookup),
            auth_offer=None,
        )
        slots = slots.with_slot(bind_envelope(own, slots.vault_id, opened))
        write_binding(conn, expected_binding(slots, data_key, auth_secret))
        # The key file is replaced while the binding's transaction is open: a crash before
        # COMMIT leaves a format 2 file without a binding, which the next unlock writes.
        slots.save(path / SLOTS_NAME)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(eng.DbapiError):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise
    return slots, auth_secret


def _upgraded(
    slots: SlotFile, own_lookup: str, data_key: bytes, auth_secret: bytes
) -> SlotFile:
    new = []
    for s in slots.slots:
        sealed = seal_data_key(
            slots.vault_id, s.lookup, s.public, data_key, slots.generation, auth_secret
        )
        if s.lookup == own_lookup:
            new.append(replace(s, data_key=sealed))
        else:
            eph, nonce, ct = crypto.seal_to_public(
                s.public, auth_secret, auth_aad(slots.vault_id, s.lookup)
            )
            new.append(replace(s, data_key=sealed, auth_offer=SealedKey(eph, nonce, ct)))
    return replace(slots, slots=tuple(new), version=FORMAT_VERSION)
