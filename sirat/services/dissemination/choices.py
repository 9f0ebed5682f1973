"""What the export dialog offers for one report: recipients (each allowed or refused with
the reason), the user's certificates, the next copy number, and the H2 permission state.

The provider's permission for H2 material is the domain's per-report record
(``sirat.services.reports.records.record_h2_permission``: a note, who, when, audited as
``report.h2_permission``); :func:`record_provider_permission` is its door for the
dissemination CLI and dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sirat.errors import SiratError
from sirat.models import Recipient, ReportId
from sirat.services.dissemination.certificates import CertificateView, list_certificates
from sirat.services.dissemination.exporting import check_may_export, next_copy_number
from sirat.services.dissemination.mapping import load_export_inputs, recipient_input
from sirat.services.reports import records as reports
from sirat.services.reports.records import find_report_id, get_row
from sirat.vault import Vault


@dataclass(frozen=True, slots=True)
class RecipientOption:
    """A recipient and whether this report may go to it now (else why not, and the fix)."""

    code: str
    name: str
    kind: str
    allowed: bool
    reason: str = ""
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ExportChoices:
    report_id: ReportId
    reference: str
    status: str
    version: int
    classification: str
    handling_codes: tuple[str, ...]
    needs_permission: bool
    permission_recorded: bool
    may_record_permission: bool
    recipients: tuple[RecipientOption, ...]
    certificates: tuple[CertificateView, ...]
    next_copy: int


def export_choices(vault: Vault, report: int | str) -> ExportChoices:
    """Everything the export dialog needs to offer, read in one transaction."""
    report_id = report if isinstance(report, int) else find_report_id(vault, report)
    info = vault.info
    with vault.session() as s:
        row = get_row(s, ReportId(report_id))
        inputs = load_export_inputs(s, row)
        options: list[RecipientOption] = []
        for rec in s.scalars(select(Recipient).where(Recipient.active.is_(True))
                             .order_by(Recipient.position, Recipient.code)):
            try:
                check_may_export(vault, row, inputs, recipient_input(s, rec))
            except SiratError as refusal:
                options.append(RecipientOption(rec.code, rec.name, rec.kind, False,
                                               refusal.message, refusal.hint))
            else:
                options.append(RecipientOption(rec.code, rec.name, rec.kind, True))
        codes = tuple(h.code for h in inputs.report.handling_codes)
        next_copy = next_copy_number(s, row.reference)
        may_permit = row.author_id == info.user_id or info.role == "supervisor"
        reference, status, version, classification = (
            row.reference, row.status, row.version, row.classification)
    mine = tuple(c for c in list_certificates(vault, mine=True) if c.state() == "valid")
    return ExportChoices(
        report_id=ReportId(report_id), reference=reference, status=status, version=version,
        classification=classification, handling_codes=codes, needs_permission="H2" in codes,
        permission_recorded=bool(inputs.permissions), may_record_permission=may_permit,
        recipients=tuple(options), certificates=mine, next_copy=next_copy,
    )  # fmt: skip


def record_provider_permission(vault: Vault, report: int | str, note: str) -> None:
    """Record the provider's permission to disseminate the report's H2 material (audited)."""
    report_id = report if isinstance(report, int) else find_report_id(vault, report)
    reports.record_h2_permission(vault, ReportId(report_id), note)
