"""Signing in and creating vaults, with their audit records."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from sirat.services import approvals, audit
from sirat.vault import Vault
from sirat.vault.crypto import DEFAULT_KDF, KdfParams


def create_vault(
    path: Path,
    admin_name: str,
    passphrase: str,
    *,
    display_name: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Vault:
    vault = Vault.create(path, admin_name, passphrase, display_name=display_name, kdf=kdf)
    with vault.session(write=True) as s:
        audit.record(s, actor_id=vault.info.user_id, action="vault.create", object_type="vault",
                     object_id=vault.info.vault_id)
    return vault


def sign_in(path: Path, user_name: str, passphrase: str, *, throttle: bool = True) -> Vault:
    """Unlock, record the sign-in, and move earlier failed attempts into the audit log."""
    vault = Vault.unlock(path, user_name, passphrase, throttle=throttle)
    with vault.session(write=True) as s:
        for failure in vault.failed_signins:
            try:
                when = datetime.fromisoformat(failure.get("at", ""))
            except ValueError:
                when = None
            audit.record(s, actor_id=None, action="signin.failed", object_type="slot",
                         object_id=failure.get("slot", ""), at=when)
        audit.record(s, actor_id=vault.info.user_id, action="signin", object_type="user",
                     object_id=vault.info.user_id)
        if vault.info.role == "supervisor":
            # Registered on first sign-in, long before any approval it will verify (and
            # covered by the checkpoints taken in between): see sirat.services.approvals.
            with contextlib.suppress(approvals.ApprovalInvalid):
                # A tampered key table must not lock the supervisor out: approving then
                # refuses with the message, and `audit verify` names it.
                approvals.ensure_key(s, vault, audit.timestamp())
    return vault
