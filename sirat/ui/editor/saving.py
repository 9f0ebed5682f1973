"""What the editor runs on the vault worker to save (never touching a widget)."""

from __future__ import annotations

import logging

from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import SiratError
from sirat.services.reports import drafts, saving
from sirat.services.reports.saving import NewLink
from sirat.services.reports.types import ReportDraft, ReportView
from sirat.ui.editor.links import LinkRow
from sirat.vault import Vault

log = logging.getLogger(__name__)


def save_draft(vault: Vault, report_id: ReportId | None, version: int | None, draft: ReportDraft,
               pending: list[LinkRow]) -> ReportView:
    """Create or update the draft with the links made before its first save: one service
    call, one transaction (a link that fails leaves nothing half-saved)."""
    links = [NewLink(EntityId(link.entity_id), link.role) for link in pending]
    rid = None if report_id is None else ReportId(report_id)
    return saving.save_report(vault, rid, draft, expected_version=version, links=links)


def save_for_lock(vault: Vault, report_id: ReportId | None, version: int | None,
                  draft: ReportDraft, pending: list[LinkRow]) -> None:
    """Save before the lock and remember to reopen the report at the next sign-in; a
    draft the service refuses is kept (fields and unsaved links) instead."""
    try:
        saved = save_draft(vault, report_id, version, draft, pending)
    except SiratError as exc:
        log.info("draft not saved at lock (%s); keeping the editor state", type(exc).__name__)
        drafts.keep(vault, report_id, draft,
                      [(r.entity_id, r.kind, r.label, r.role) for r in pending])
        return
    drafts.keep(vault, ReportId(int(saved.id)), None, [])
