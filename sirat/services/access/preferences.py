"""Settings the administrator sets for everyone, kept in the vault (never in QSettings).

Today: how many idle minutes before the app locks itself. Values live in ``vault_meta``;
reading never fails (a missing or unreadable value gives the default).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select

from sirat.errors import ValidationError
from sirat.models.core import VaultMeta
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault

IDLE_LOCK_KEY: Final = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES: Final = 10
MIN_IDLE_MINUTES: Final = 1
MAX_IDLE_MINUTES: Final = 240


def idle_lock_minutes(vault: Vault) -> float:
    """Minutes of inactivity before the app locks (the default when unset or unreadable)."""
    with vault.session() as s:
        value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == IDLE_LOCK_KEY))
    try:
        minutes = float(value) if value is not None else float(DEFAULT_IDLE_MINUTES)
    except ValueError:
        return float(DEFAULT_IDLE_MINUTES)
    return minutes if 0 < minutes <= MAX_IDLE_MINUTES else float(DEFAULT_IDLE_MINUTES)


def set_idle_lock_minutes(vault: Vault, minutes: float) -> float:
    """Administrators only; fractions of a minute are allowed (tests use about a second)."""
    require_role(vault, "administrator")
    if not 0 < minutes <= MAX_IDLE_MINUTES:
        raise ValidationError.single(
            "idle lock", f"Choose between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes.",
        )
    with vault.session(write=True) as s:
        row = s.get(VaultMeta, IDLE_LOCK_KEY)
        if row is None:
            s.add(VaultMeta(key=IDLE_LOCK_KEY, value=repr(float(minutes))))
        else:
            row.value = repr(float(minutes))
        audit.record(s, actor_id=vault.info.user_id, action="settings.change",
                     object_type="vault_meta", object_id=IDLE_LOCK_KEY,
                     details={"minutes": minutes})
    return float(minutes)
