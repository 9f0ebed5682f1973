"""QA: the idle-lock setting and the editor state kept at lock, as services (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sirat.errors import SiratError, ValidationError
from sirat.models.core import VaultMeta
from sirat.services.access import preferences
from sirat.services.reports import drafts
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import draft


def test_idle_lock_minutes_default_set_and_refusals(admin_vault: Vault,
                                                    analyst_vault: Vault) -> None:
    assert preferences.idle_lock_minutes(analyst_vault) == preferences.DEFAULT_IDLE_MINUTES
    assert preferences.set_idle_lock_minutes(admin_vault, 3) == 3.0
    assert preferences.idle_lock_minutes(analyst_vault) == 3.0
    with pytest.raises(ValidationError):
        preferences.set_idle_lock_minutes(admin_vault, 0)
    with pytest.raises(SiratError):
        preferences.set_idle_lock_minutes(analyst_vault, 5)


def test_unreadable_idle_value_gives_the_default(admin_vault: Vault) -> None:
    with admin_vault.session(write=True) as s:
        s.add(VaultMeta(key=preferences.IDLE_LOCK_KEY, value="ten"))
    assert preferences.idle_lock_minutes(admin_vault) == preferences.DEFAULT_IDLE_MINUTES


def test_kept_drafts_come_back_once_to_their_user_only(vault_path: Path) -> None:
    ana, bora = open_as(vault_path, "ana"), open_as(vault_path, "bora")
    try:
        kept = draft(title="Ђорђе — unsaved", keywords=("Γιώργος",))
        drafts.keep(ana, None, kept, [(7, "person", "Петров", "suspect")])
        drafts.keep(ana, 3, None, [])
        with ana.session(write=True) as s:  # a broken entry must not hide the others
            s.add(VaultMeta(key=f"{drafts.PREFIX}{ana.info.user_id}.zzz", value="{not json"))
        assert drafts.take(bora) == []
        back = drafts.take(ana)
        assert sorted((r.report_id or 0) for r in back) == [0, 3]
        unsaved = next(r for r in back if r.report_id is None)
        assert unsaved.draft == kept
        assert unsaved.links == ((7, "person", "Петров", "suspect"),)
        assert drafts.take(ana) == []
    finally:
        ana.lock()
        bora.lock()
