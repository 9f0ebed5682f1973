"""Signing in and creating vaults, with their audit records."""

from __future__ import annotations

from pathlib import Path

from sirat.services import audit
from sirat.vault import Vault
from sirat.vault.crypto import DEFAULT_KDF, KdfParams
from sirat.vault.signin import clamp_time


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
    try:
        with vault.session(write=True) as s:
            for failure in vault.failed_signins:
                audit.record(s, actor_id=None, action="signin.failed", object_type="slot",
                             object_id=failure.get("slot", ""),
                             at=clamp_time(failure.get("at", "")))
            audit.record(s, actor_id=vault.info.user_id, action="signin", object_type="user",
                         object_id=vault.info.user_id)
    except BaseException:
        vault.lock()
        raise
    # Only now that the failures are in the log (committed) do they leave the throttle file.
    vault.clear_failed_signins()
    return vault
