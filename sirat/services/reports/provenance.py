"""Where an imported report came from, as one sentence for the detail pane and the PDF.

What the source says about its own workflow -- status, approver, times -- is provenance: shown
and printed as what the source claims, never taken as a local approval (an imported report is
a received draft; see ``sirat.services.interchange.importing``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sirat.domain.vocab import ReportId
from sirat.models.exchange import ExchangePartner, ExchangeReceived, ExchangeReceivedReport
from sirat.models.trust import ReportProvenance


def _day(at: str | None) -> str:
    return at[:10] if at else ""


def provenance_text(row: ReportProvenance | None) -> str:
    """``Received on 2026-12-07 from source report SIRAT-2026-000123 (approved); approved at
    source by J. Roe on 2026-03-01.`` -- empty for a report written in this vault."""
    if row is None:
        return ""
    source = f"source report {row.source_reference}" if row.source_reference else "a source"
    status = f" ({row.source_status} there)" if row.source_status else ""
    text = f"Received on {_day(row.received_at)} from {source}{status} as a local draft"
    if row.source_author:
        text += f"; written at source by {row.source_author}"
        text += f" on {_day(row.source_created_at)}" if row.source_created_at else ""
    if row.source_approver or row.source_approved_at:
        text += "; approved at source"
        text += f" by {row.source_approver}" if row.source_approver else ""
        text += f" on {_day(row.source_approved_at)}" if row.source_approved_at else ""
    if row.source_disseminated_at:
        text += f"; disseminated at source on {_day(row.source_disseminated_at)}"
    return text + ". Not approved here unless a local supervisor approved it."


def package_text(s: Session, report_id: ReportId) -> str:
    """`` Arrived in signed package 3f2c… (number 4) from the pinned partner X.`` or ""."""
    row = s.get(ExchangeReceivedReport, report_id)
    pkg = s.get(ExchangeReceived, row.package_id) if row is not None else None
    if pkg is None:
        return ""
    partner = s.get(ExchangePartner, pkg.partner_id)
    name = partner.name if partner else "a partner"
    return (f" Arrived in signed package {pkg.package_id[:12]} (number {pkg.sequence}) from "
            f"the pinned partner {name}.")


def provenance_of(s: Session, report_id: ReportId) -> str:
    text = provenance_text(s.get(ReportProvenance, report_id))
    return text + package_text(s, report_id) if text else text
