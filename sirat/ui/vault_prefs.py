"""Settings the administrator sets for everyone, kept in the vault (not in QSettings).

TODO(services): this belongs in a ``sirat.services`` module (get/set of ``vault_meta`` keys);
it lives here until one exists so that the idle lock can be configured today. It runs only on
the vault worker and returns plain values.
"""

from __future__ import annotations

from sqlalchemy import select

from sirat.errors import ValidationError
from sirat.models.core import VaultMeta
from sirat.services import audit
from sirat.services.users import require_role
from sirat.ui.idle import DEFAULT_MINUTES, META_KEY
from sirat.vault import Vault

MIN_MINUTES = 1
MAX_MINUTES = 240


def idle_lock_minutes(vault: Vault) -> float:
    with vault.session() as s:
        value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == META_KEY))
    try:
        minutes = float(value) if value is not None else float(DEFAULT_MINUTES)
    except ValueError:
        return float(DEFAULT_MINUTES)
    return minutes if minutes > 0 else float(DEFAULT_MINUTES)


def set_idle_lock_minutes(vault: Vault, minutes: float) -> float:
    """Administrators only; fractions of a minute are allowed (tests use about a second)."""
    require_role(vault, "administrator")
    if not 0 < minutes <= MAX_MINUTES:
        raise ValidationError.single(
            "idle lock", f"Choose between {MIN_MINUTES} and {MAX_MINUTES} minutes.",
        )
    with vault.session(write=True) as s:
        row = s.get(VaultMeta, META_KEY)
        if row is None:
            s.add(VaultMeta(key=META_KEY, value=repr(float(minutes))))
        else:
            row.value = repr(float(minutes))
        audit.record(s, actor_id=vault.info.user_id, action="settings.change",
                     object_type="vault_meta", object_id=META_KEY,
                     details={"minutes": minutes})
    return float(minutes)
