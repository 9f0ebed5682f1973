"""The dissemination register: every exported file, read back (writing is in dissemination).

Each entry says which version of which report went to which recipient as which copy, the
SHA-256 of the file, who signed it with which certificate, who exported it and when. The
file name is the canonical one (reference, recipient code, copy number): the path chosen
when saving is never stored, it may name a person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sirat.domain.vocab import CertificateId, EntityId, ExportId
from sirat.models import Recipient, ReportId, User, UserId
from sirat.models.dissemination import DisseminationRecord
from sirat.services.dissemination.closure import Withholding
from sirat.vault import Vault

DEFAULT_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    id: ExportId
    report_id: ReportId
    reference: str
    report_version: int
    recipient_code: str
    recipient_name: str
    recipient_kind: str
    copy_number: int
    sha256: str
    size_bytes: int
    pages: int
    file_name: str
    signed: bool
    signer_name: str
    certificate_id: CertificateId | None
    certificate_fingerprint: str
    test_certificate: bool
    exported_by: UserId
    exported_by_name: str
    exported_at: str
    #: What the copy withheld and why ("Vehicle #12: linked to a person (owner of) in
    #: SIRAT-2026-000007"): ids, kinds and references, never names or values.
    withheld: tuple[str, ...] = ()
    #: The attached images printed in its annex: "attachment 7 (image 1) sha256 ..." (the
    #: digest of the attachment as stored; schema 10).
    attachments: tuple[str, ...] = ()


def _entry(row: DisseminationRecord, recipient_name: str, user_name: str) -> RegisterEntry:
    return RegisterEntry(
        id=ExportId(row.id), report_id=ReportId(row.report_id), reference=row.reference,
        report_version=row.report_version, recipient_code=row.recipient_code,
        recipient_name=recipient_name, recipient_kind=row.recipient_kind,
        copy_number=row.copy_number, sha256=row.sha256, size_bytes=row.size_bytes,
        pages=row.pages, file_name=row.file_name, signed=row.signed,
        signer_name=row.signer_name,
        certificate_id=None if row.certificate_id is None else CertificateId(row.certificate_id),
        certificate_fingerprint=row.certificate_fingerprint,
        test_certificate=row.test_certificate, exported_by=UserId(row.exported_by),
        exported_by_name=user_name, exported_at=row.exported_at,
        withheld=_withheld(row.withheld), attachments=_attachments(row.attachments),
    )  # fmt: skip


def _attachments(raw: str) -> tuple[str, ...]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(f"attachment {item.get('attachment')} (image {item.get('image')}) sha256 "
                 f"{item.get('sha256')}" for item in items if isinstance(item, dict))


def _withheld(raw: str) -> tuple[str, ...]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return ()
    out = []
    for item in items if isinstance(items, list) else []:
        try:
            out.append(Withholding(EntityId(int(item["entity"])), str(item["kind"]),
                                   str(item["reason"]), str(item.get("via", "")),
                                   bool(item.get("whole", True))).sentence())
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def _query() -> Select[DisseminationRecord, str, str]:
    return (select(DisseminationRecord, Recipient.name, User.display_name)
            .join(Recipient, Recipient.code == DisseminationRecord.recipient_code)
            .join(User, User.id == DisseminationRecord.exported_by))


def entry_of(s: Session, row: DisseminationRecord) -> RegisterEntry:
    """The entry of a row of the caller's session."""
    _, recipient_name, user_name = s.execute(
        _query().where(DisseminationRecord.id == row.id)).one()
    return _entry(row, recipient_name, user_name)


def list_register(
    vault: Vault,
    *,
    report_id: ReportId | None = None,
    recipient_code: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[RegisterEntry]:
    """Register entries, newest first; optionally of one report or one recipient."""
    q = _query().order_by(DisseminationRecord.id.desc())
    if report_id is not None:
        q = q.where(DisseminationRecord.report_id == report_id)
    if recipient_code is not None:
        q = q.where(DisseminationRecord.recipient_code == recipient_code)
    if limit is not None:
        q = q.limit(limit)
    with vault.session() as s:
        return [_entry(row, rn, un) for row, rn, un in s.execute(q)]


def find_by_sha256(vault: Vault, sha256: str) -> list[RegisterEntry]:
    """The entries whose file has this SHA-256 (hex): "is this file one we sent?"."""
    digest = sha256.strip().lower()
    with vault.session() as s:
        q = _query().where(DisseminationRecord.sha256 == digest)
        return [_entry(row, rn, un) for row, rn, un in
                s.execute(q.order_by(DisseminationRecord.id))]
