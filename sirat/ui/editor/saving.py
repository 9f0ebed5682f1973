"""What the editor runs on the vault worker to save (never touching a widget)."""

from __future__ import annotations

import logging

from sirat.errors import SiratError
from sirat.services.entities import links as entity_links
from sirat.services.reports import drafts
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft, ReportView
from sirat.ui.editor.links import LinkRow
from sirat.vault import Vault

log = logging.getLogger(__name__)


def save_draft(vault: Vault, report_id: int | None, version: int | None, draft: ReportDraft,
               pending: list[LinkRow]) -> ReportView:
    """Create or update the draft, then write links made before its first save."""
    if report_id is None:
        view = reports.create_report(vault, draft)
    else:
        view = reports.update_report(vault, report_id, draft, expected_version=version)
    for link in pending:
        entity_links.link_entity(vault, view.id, link.entity_id, link.role)
    if pending:
        view = reports.get_report(vault, view.id, record_view=False)
    return view


def save_for_lock(vault: Vault, report_id: int | None, version: int | None,
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
    drafts.keep(vault, int(saved.id), None, [])
