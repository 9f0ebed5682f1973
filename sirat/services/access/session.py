"""Signing in and creating vaults, with their audit records."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from sirat.errors import VaultInUse
from sirat.vault import Vault
from sirat.vault.crypto import DEFAULT_KDF, KdfParams
from sirat.vault.signin import clamp_time

log = logging.getLogger(__name__)

# A sign-in waits this long for another writer before its records go to the journal.
SIGNIN_WAIT_S = 1.0


def create_vault(
    path: Path,
    admin_name: str,
    passphrase: str,
    *,
    display_name: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Vault:
    from sirat.services.audit import log as audit

    vault = Vault.create(path, admin_name, passphrase, display_name=display_name, kdf=kdf)
    with vault.session(write=True) as s:
        audit.record(s, actor_id=vault.info.user_id, action="vault.create", object_type="vault",
                     object_id=vault.info.vault_id)
    return vault


def sign_in(
    path: Path,
    user_name: str,
    passphrase: str,
    *,
    throttle: bool = True,
    allow_lost_work: bool = False,
) -> Vault:
    """Unlock, record the sign-in, and move earlier failed attempts into the audit log.

    ``allow_lost_work``: open a vault whose log no longer reaches its high-water mark (for
    `sirat vault check`, which reports it, and :func:`accept_lost_work`).
    """
    vault = Vault.unlock(path, user_name, passphrase, throttle=throttle,
                         allow_lost_work=allow_lost_work)
    # Loaded once the key is derived: a command reaches its key derivation without the
    # database libraries (bench figure start.command).
    from sirat import clock
    from sirat.services.audit import log as audit
    from sirat.services.workflow import approvals

    records = [
        audit.later(None, "signin.failed", "slot", failure.get("slot", ""),
                    at=clamp_time(failure.get("at", "")))
        for failure in vault.failed_signins
    ]
    records.append(audit.later(vault.info.user_id, "signin", "user", vault.info.user_id))
    try:
        try:
            with vault.session(write=True, wait=SIGNIN_WAIT_S) as s:
                audit.append_kept(s, records)
                _sweep_attachments(s, vault)
                if vault.info.role == "supervisor":
                    # Registered on first sign-in, long before any approval it will verify
                    # (and covered by the checkpoints taken in between): see
                    # sirat.services.workflow.approvals. A tampered key table must not lock the
                    # supervisor out: approving then refuses with the message, and
                    # `audit verify` names it. Signed in during another's long write, the key
                    # is registered at the next sign-in (approving needs the write lock anyway).
                    with contextlib.suppress(approvals.ApprovalInvalid):
                        approvals.ensure_key(s, vault, clock.timestamp())
        except VaultInUse:
            # Another process is writing (a long import): reading must still work, so the
            # records wait, durably and encrypted, for the next write to fold them in.
            vault.record_later(records)
    except BaseException:
        vault.lock()
        raise
    # Only now that the failures are in the log (committed) do they leave the throttle file.
    vault.clear_failed_signins()
    return vault


def accept_lost_work(vault: Vault) -> str | None:
    """An administrator accepts that committed work is gone (after trying the backups): the
    high-water mark moves down to the log's head and the acceptance is recorded. Returns the
    loss accepted, or None if nothing was missing."""
    from sirat.services.audit import log as audit
    from sirat.services.roles import require_role

    require_role(vault, "administrator")
    lost = vault.accept_lost_work()
    if lost:
        with vault.session(write=True) as s:
            audit.record(s, actor_id=vault.info.user_id, action="vault.accept_lost_work",
                         object_type="vault", object_id=vault.info.vault_id)
    return lost


def _sweep_attachments(s: Any, vault: Vault) -> None:
    """Under the write lock: files an interrupted attach left behind (docs/attachments.md)."""
    from sirat.vault import blobs

    if not (vault.path / blobs.DIR_NAME).is_dir():
        return
    from sqlalchemy import text

    known = set(s.execute(text("SELECT blob FROM attachments")).scalars())
    orphans, temps = blobs.sweep(vault.path, known)
    if orphans or temps:
        log.warning("removed %s orphan attachment file(s) and %s stale temporary file(s)",
                    orphans, temps)
