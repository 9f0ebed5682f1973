"""Dissemination: export an approved report as a (signed) PDF for one recipient, and record it.

Three steps, so the app can run each on the right worker::

    plan = plan_export(vault, "SIRAT-2026-000042", "OBS-GE")          # vault: read + rules
    rendered = render_export(plan, signer=signer)                       # CPU: PDF + signature
    entry = record_export(vault, rendered, deliver=write_the_file)      # vault: register

:func:`export_report` runs all three (the CLI and the bench use it). Everything that can
refuse runs before anything is written: the rules (only approved reports leave; H2 needs the
provider's recorded permission; a classification or handling code the recipient may not
receive), the certificate (wrong passphrase, expired: refused when it is unlocked and again
when signing). ``record_export`` then inserts the register row and marks the report
disseminated through the workflow (its ``report.disseminate`` audit record names the
recipient and the register row) in one transaction, and calls ``deliver(pdf)`` inside it:
if writing the file fails, nothing is recorded; nothing here writes files itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat.chart import ChartGraph
from sirat.clock import utcnow
from sirat.domain.disclosure import may_receive_attachments
from sirat.domain.vocab import ROLE_WORDS, EntityId
from sirat.errors import Conflict, NotFound, SiratError
from sirat.export.errors import ExportPolicyError
from sirat.export.policy import check_release
from sirat.export.release import ReleaseView, build_release_view
from sirat.export.sign import LoadedSigner
from sirat.export.types import RecipientInput
from sirat.models import Recipient, Report, ReportId
from sirat.models.dissemination import DisseminationRecord
from sirat.services.charts.annex import Positions, release_chart
from sirat.services.dissemination.certificates import certificate_id_of
from sirat.services.dissemination.closure import Withholding
from sirat.services.dissemination.mapping import ExportInputs, load_export_inputs, recipient_input
from sirat.services.dissemination.register import RegisterEntry, entry_of
from sirat.services.reports.records import find_report_id, get_row
from sirat.services.stats.export import statistics_for
from sirat.services.workflow import approvals
from sirat.services.workflow import review as workflow
from sirat.vault import Vault

Progress = Callable[[int, int], None]
Deliver = Callable[[bytes], None]

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_SAFE = re.compile(r"[^A-Za-z0-9-]+")


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """A checked export, ready to render: the release view and what the recipient loses."""

    inputs: ExportInputs
    recipient: RecipientInput
    view: ReleaseView
    chart: ChartGraph | None
    chart_positions: Positions
    losses: tuple[str, ...]
    copy_number: int
    file_name: str
    exporter_role: str
    #: What an observer copy withholds and why (empty for partners): for the preview
    #: ("withheld because it is linked to a person in SIRAT-2024-000123") and the register.
    withholdings: tuple[Withholding, ...] = ()

    @property
    def reference(self) -> str:
        return self.inputs.report.reference

    @property
    def report_version(self) -> int:
        return self.inputs.report.version


@dataclass(frozen=True, slots=True)
class RenderedExport:
    """The finished file in memory: what ``record_export`` registers and the caller writes."""

    plan: ExportPlan
    pdf_bytes: bytes
    sha256: str
    pages: int
    signer: LoadedSigner | None

    @property
    def file_name(self) -> str:
        return self.plan.file_name


@dataclass(frozen=True, slots=True)
class ExportResult:
    """An export as recorded: the bytes, their SHA-256, the register entry."""

    pdf_bytes: bytes
    sha256: str
    file_name: str
    copy_number: int
    pages: int
    entry: RegisterEntry
    losses: tuple[str, ...]


def file_name_for(reference: str, recipient_code: str, copy_number: int) -> str:
    """The default file name: reference, recipient code and copy -- never personal data."""
    code = _SAFE.sub("-", recipient_code).strip("-") or "recipient"
    return f"{reference}_{code}_copy-{copy_number:03d}.pdf"


def next_copy_number(s: Session, reference: str) -> int:
    last = s.scalar(select(func.max(DisseminationRecord.copy_number))
                    .where(DisseminationRecord.reference == reference))
    return int(last or 0) + 1


def _resolve(vault: Vault, report: int | str) -> int:
    return report if isinstance(report, int) else find_report_id(vault, report)


def _recipient_row(s: Session, code: str) -> Recipient:
    row = s.get(Recipient, code.strip().upper()) or s.get(Recipient, code.strip())
    if row is None or not row.active:
        raise NotFound("There is no active recipient with this code.",
                       "See `sirat recipient list`.")
    return row


def check_may_export(vault: Vault, row: Report, inputs: ExportInputs,
                     recipient: RecipientInput) -> None:
    """The rules at export, the status first (its message is the clearest), then the role."""
    check_release(inputs.report, recipient, inputs.permissions)
    info = vault.info
    workflow.check("disseminate", role=info.role, user_id=info.user_id,
                   author_id=row.author_id, status=row.status)


def _chart_losses(full: ChartGraph | None, shown: ChartGraph | None) -> list[str]:
    if full is None:
        return []
    if shown is None:
        return ["The link chart is left out: every entity on it is withheld"]
    removed = len(full) - len(shown)
    if not removed:
        return []
    return [f"The link chart leaves out {removed} withheld "
            f"entit{'y' if removed == 1 else 'ies'}; entities linked to them carry "
            "only their kind and non-identifying details"]


def _plan(vault: Vault, s: Session, report_id: int, recipient_code: str,
          copy_number: int | None, chosen: tuple[int, ...] = ()) -> ExportPlan:
    row = get_row(s, ReportId(report_id))
    recipient = recipient_input(s, _recipient_row(s, recipient_code))
    inputs = load_export_inputs(s, row)
    check_may_export(vault, row, inputs, recipient)
    approvals.require_valid_approval(s, vault.info.vault_id, row)
    copy = copy_number if copy_number is not None else next_copy_number(s, row.reference)
    if copy < 1:
        raise SiratError("Copy numbers start at 1.", "Give a copy number of 1 or more.")
    left_out: list[str] = []
    if chosen and may_receive_attachments(recipient.kind):
        from sirat.services.attachments import (
            store as attachments,  # the child process: only when chosen
        )

        images = attachments.annex_images(vault, s, ReportId(row.id),
                                          {EntityId(int(e.id)) for e in inputs.entities}, chosen)
        inputs = dataclasses.replace(inputs, report=dataclasses.replace(
            inputs.report, annex_images=images))
    elif chosen:
        n = len(set(chosen))
        left_out.append(f"{n} attached image{'' if n == 1 else 's'} left out: observers "
                        "receive no attachments")
    if recipient.may_receive_personal_data:
        view = build_release_view(inputs.report, inputs.entities, inputs.relations, recipient)
        losses: tuple[str, ...] = view.losses
        withholdings: tuple[Withholding, ...] = ()
    else:
        view = observer_view(inputs, recipient)
        withholdings = inputs.closure.withholdings
        losses = view.losses
    stats = statistics_for(s, row.id, recipient.kind)  # an analytical product's figures
    if stats is not None:
        view = dataclasses.replace(view, report=dataclasses.replace(view.report,
                                                                    statistics=stats))
    found = release_chart(s, row.id, row.reference, view, inputs.relations)
    if not recipient.may_receive_personal_data:
        full_view = build_release_view(inputs.report, inputs.entities, inputs.relations,
                                       dataclasses.replace(recipient, kind="member-state"))
        full = release_chart(s, row.id, row.reference, full_view, inputs.relations)
        losses = (*losses, *_chart_losses(full[0] if full else None,
                                          found[0] if found else None))
    chart, positions = found if found is not None else (None, {})
    return ExportPlan(
        inputs=inputs, recipient=recipient, view=view, chart=chart,
        chart_positions=positions, losses=(*losses, *left_out),
        copy_number=copy, file_name=file_name_for(row.reference, recipient.code, copy),
        exporter_role=ROLE_WORDS.get(vault.info.role, vault.info.role.capitalize()),
        withholdings=withholdings,
    )  # fmt: skip


def observer_view(inputs: ExportInputs, recipient: RecipientInput) -> ReleaseView:
    """The observer's release view with the personal closure computed from the vault."""
    return build_release_view(
        inputs.report, inputs.observer_entities, inputs.relations, recipient,
        connected={str(i) for i in inputs.closure.connected}, also_withheld=inputs.outside)


def plan_export(
    vault: Vault, report: int | str, recipient_code: str, *, copy_number: int | None = None,
    attachments: tuple[int, ...] = (),
) -> ExportPlan:
    """Check the rules and build the release view (``ExportPolicyError`` etc. if refused).

    ``attachments``: ids of attached images to print in an annex -- for member states and
    partners only (``disclosure.may_receive_attachments``); an observer copy leaves them
    out and says so in the losses."""
    report_id = _resolve(vault, report)
    with vault.session() as s:
        return _plan(vault, s, report_id, recipient_code, copy_number, tuple(attachments))


def render_export(
    plan: ExportPlan, *, signer: LoadedSigner | None = None, progress: Progress | None = None
) -> RenderedExport:
    """Render (and sign) the PDF in memory: CPU work only, no vault, no file."""
    from sirat.export.pdf import render_pdf_bytes  # reportlab: imported when exporting

    step = progress or (lambda _done, _total: None)
    total = 4 if signer is not None else 3
    step(0, total)
    view = plan.view
    if plan.chart is not None:
        from sirat.export.chart_figure import ChartFigure
        from sirat.services.charts.annex import chart_positions

        figure = ChartFigure(plan.chart, chart_positions(plan.chart, plan.chart_positions))
        view = dataclasses.replace(view, report=dataclasses.replace(view.report, chart=figure))
    step(1, total)
    info = signer.signer_info(role=plan.exporter_role) if signer is not None else None
    pdf = render_pdf_bytes(view, copy_number=plan.copy_number, signer=info)
    pages = len(_PAGE.findall(pdf))  # before signing: the signed revision repeats a page
    step(2, total)
    if signer is not None:
        from sirat.export.sign import sign_pdf

        pdf = sign_pdf(pdf, signer)
        step(3, total)
    digest = hashlib.sha256(pdf).hexdigest()
    step(total, total)
    return RenderedExport(plan, pdf, digest, pages, signer)


def _still_exportable(vault: Vault, s: Session, plan: ExportPlan) -> Report:
    """Between plan and record the report may have been reopened or edited: check again."""
    row = get_row(s, plan.inputs.report_id)
    if row.version != plan.report_version or row.reference != plan.reference:
        raise Conflict("The report changed while it was being exported; nothing was recorded.",
                       "Export it again.")
    recipient = recipient_input(s, _recipient_row(s, plan.recipient.code))
    check_may_export(vault, row, dataclasses.replace(
        plan.inputs, report=dataclasses.replace(plan.inputs.report, status=row.status)),
        recipient)
    approvals.require_valid_approval(s, vault.info.vault_id, row)
    taken = s.scalar(select(DisseminationRecord.id).where(
        DisseminationRecord.reference == row.reference,
        DisseminationRecord.copy_number == plan.copy_number))
    if taken is not None:
        raise Conflict(f"Copy {plan.copy_number} of {row.reference} was already exported.",
                       "Export again to get the next copy number.")
    return row


def record_export(
    vault: Vault, rendered: RenderedExport, *, deliver: Deliver | None = None
) -> RegisterEntry:
    """Register the export and mark the report disseminated, in one transaction.

    ``deliver(pdf_bytes)`` (the caller's atomic file write) runs inside that transaction,
    after the rows are in place: if it raises, nothing is recorded.
    """
    plan, signer = rendered.plan, rendered.signer
    with vault.session(write=True) as s:
        row = _still_exportable(vault, s, plan)
        record = DisseminationRecord(
            report_id=row.id, reference=row.reference, report_version=row.version,
            recipient_code=plan.recipient.code, recipient_kind=plan.recipient.kind,
            copy_number=plan.copy_number, sha256=rendered.sha256,
            size_bytes=len(rendered.pdf_bytes), pages=rendered.pages,
            file_name=plan.file_name, signed=signer is not None,
            certificate_id=certificate_id_of(s, signer) if signer is not None else None,
            certificate_fingerprint=signer.info.fingerprint_sha256 if signer else "",
            signer_name=signer.common_name if signer is not None else "",
            test_certificate=bool(signer and signer.test_certificate),
            exported_by=vault.info.user_id, exported_at=utcnow(),
            withheld=json.dumps([w.as_json() for w in plan.withholdings]),
            attachments=json.dumps([
                {"attachment": a.attachment_id, "image": a.number, "sha256": a.sha256,
                 "annex_sha256": a.annex_sha256}
                for a in plan.view.report.annex_images]),
        )  # fmt: skip
        s.add(record)
        s.flush()
        workflow.mark_disseminated(s, row.id, plan.recipient.code, record.id, actor=vault.info,
                                   digest=approvals.register_digest(record))
        entry = entry_of(s, record)
        if deliver is not None:
            deliver(rendered.pdf_bytes)
        return entry


def export_report(
    vault: Vault,
    report: int | str,
    recipient_code: str,
    *,
    sign_with: LoadedSigner | None = None,
    copy_number: int | None = None,
    deliver: Deliver | None = None,
    attachments: tuple[int, ...] = (),
) -> ExportResult:
    """Plan, render, sign and record one export; returns the bytes (writes no file).

    ``sign_with`` comes from :func:`sirat.services.dissemination.certificates.load_signer` (or any
    checked :class:`LoadedSigner`); ``deliver`` is called with the bytes inside the
    recording transaction (see :func:`record_export`).
    """
    plan = plan_export(vault, report, recipient_code, copy_number=copy_number,
                       attachments=attachments)
    rendered = render_export(plan, signer=sign_with)
    entry = record_export(vault, rendered, deliver=deliver)
    return ExportResult(rendered.pdf_bytes, rendered.sha256, plan.file_name, plan.copy_number,
                        rendered.pages, entry, plan.losses)


__all__ = [
    "ExportPlan",
    "ExportPolicyError",
    "ExportResult",
    "RenderedExport",
    "export_report",
    "file_name_for",
    "plan_export",
    "record_export",
    "render_export",
]
