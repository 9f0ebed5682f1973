"""The small-cell threshold: a vault setting an administrator may raise (default 5)."""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.suppression import (
    DEFAULT_THRESHOLD,
    MAX_THRESHOLD,
    MIN_THRESHOLD,
    checked_threshold,
)
from sirat.errors import ValidationError
from sirat.models.core import VaultMeta
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault

THRESHOLD_KEY: Final = "stats.min_cell"


def threshold_in(s: Session) -> int:
    """The threshold stored in the vault; a missing or odd value gives the default."""
    value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == THRESHOLD_KEY))
    return DEFAULT_THRESHOLD if value is None else checked_threshold(value)


def small_cell_threshold(vault: Vault) -> int:
    with vault.session() as s:
        return threshold_in(s)


def set_small_cell_threshold(vault: Vault, value: int) -> int:
    """Administrators only; between 2 and 50."""
    require_role(vault, "administrator")
    if not MIN_THRESHOLD <= value <= MAX_THRESHOLD:
        raise ValidationError.single(
            "small-cell threshold", f"Choose between {MIN_THRESHOLD} and {MAX_THRESHOLD}.")
    with vault.session(write=True) as s:
        row = s.get(VaultMeta, THRESHOLD_KEY)
        if row is None:
            s.add(VaultMeta(key=THRESHOLD_KEY, value=str(value)))
        else:
            row.value = str(value)
        audit.record(s, actor_id=vault.info.user_id, action="settings.change",
                     object_type="vault_meta", object_id=THRESHOLD_KEY,
                     details={"threshold": value})
    return value
