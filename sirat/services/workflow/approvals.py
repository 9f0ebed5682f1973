"""Approvals are signatures: sign, check at export, and verify every approval and register row.

Every signed-in user holds the vault's data key, so any of them can write any table with
SQL: flip their own draft to ``approved``, add an approval row, edit the register. A status
column therefore proves nothing. What only a supervisor can produce is a signature with their
own key:

- **The key.** Each supervisor's Ed25519 approval key is derived from the private key of
  their own key slot (``Vault.derive_user_secret``, HKDF with the vault id as salt), which
  only their passphrase unwraps; it is never stored. Its public key is registered in
  ``approval_keys`` the first time it is needed, with an audit record naming its
  fingerprint (``approval.key``).
- **The approval** (``report_approvals``) signs the vault id, report id and uid, the
  version, the SHA-256 of the report's exact content at that version (:func:`content_digest`)
  and the approver and time. Its ``report.approve`` audit record names the approval row and
  the signature's digest.
- **At export** :func:`require_valid_approval` checks the approval of the exact version being
  rendered, and refuses otherwise.
- **Verification** (:func:`verify`, run by ``sirat audit verify``): every report that is
  approved or disseminated has a valid approval of its current version and content, by a
  registered key of a supervisor other than its author, backed by the audit log; every
  approval row verifies; every dissemination-register row matches the digest its
  ``report.disseminate`` audit record carries.

What this proves rests on the audit chain: someone holding the data key could register a key
of their own for a supervisor *and* rewrite the chain to match -- the signed checkpoints kept
outside the vault (``sirat.services.audit.checkpoint``) catch that rewrite. See docs/audit.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.vocab import ReportId
from sirat.errors import SiratError
from sirat.models import AuditRecord, Entity, Report, ReportEntity, User
from sirat.models.dissemination import DisseminationRecord
from sirat.models.trust import ApprovalKey, ReportApproval
from sirat.services.audit import log as audit
from sirat.vault import Vault

_KEY_PURPOSE = b"sirat-approval-ed25519-v1"
_SIGNED_PREFIX = b"sirat-approval-v1\n"
_APPROVED = ("approved", "disseminated")


class ApprovalInvalid(SiratError):
    """The approval of the version to export is missing or does not verify."""


@dataclass(frozen=True)
class Problem:
    """One thing verification found wrong, named by report reference or register row."""

    kind: str
    subject: str
    message: str


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def content_digest(s: Session, report: Report) -> str:
    """SHA-256 over everything of the report a recipient reads or the rules decide on.

    Every field of the draft, its reference, author, and its entity links (entity uid, role,
    note). Workflow columns are left out (they are what the approval establishes), and so is
    the provider's H2 permission: it is recorded after approval, audited, and checked by the
    release rules at export.
    """
    # Imported here: reports imports workflow, which imports this module.
    from sirat.services.reports.records import draft_of

    links = s.execute(
        select(Entity.uid, ReportEntity.role, ReportEntity.note)
        .join(Entity, Entity.id == ReportEntity.entity_id)
        .where(ReportEntity.report_id == report.id).order_by(ReportEntity.id)
    ).all()
    payload = {
        "report": report.id, "uid": report.uid, "reference": report.reference,
        "version": report.version, "author": report.author_id,
        "fields": draft_of(report).as_dict(),
        "links": [[uid, role, note] for uid, role, note in links],
    }
    from sirat.services.stats.product import product_digest

    product = product_digest(s, report.id)
    if product is not None:  # an analytical product: its figures are approved with it
        payload["product"] = product
    return hashlib.sha256(_canonical(payload)).hexdigest()


def signed_message(vault_id: str, report: Report, version: int, digest: str,
                   approver_id: int, approved_at: str) -> bytes:
    """The bytes an approval's signature covers: a domain prefix and canonical JSON."""
    return _SIGNED_PREFIX + _canonical({
        "vault": vault_id, "report": report.id, "uid": report.uid, "version": version,
        "digest": digest, "approver": approver_id, "at": approved_at,
    })


def fingerprint(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:32]


def _private_key(vault: Vault) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(vault.derive_user_secret(_KEY_PURPOSE))


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ensure_key(s: Session, vault: Vault, now: str) -> ApprovalKey:
    """The signed-in user's registered approval key, registered (and audited) if new."""
    public = _raw(_private_key(vault).public_key())
    fpr = fingerprint(public)
    row = s.execute(select(ApprovalKey).where(ApprovalKey.fingerprint == fpr)).scalar()
    if row is not None:
        if row.user_id != vault.info.user_id:
            raise ApprovalInvalid("The approval key registered for your key belongs to "
                                  "another user: the vault's key table was changed.",
                                  "Report this to your security officer.")
        return row
    row = ApprovalKey(user_id=vault.info.user_id, public_key=public, fingerprint=fpr,
                      created_at=now)
    s.add(row)
    s.flush()
    audit.record(s, actor_id=vault.info.user_id, action="approval.key", object_type="user",
                 object_id=vault.info.user_id, details={"key": row.id, "fingerprint": fpr})
    return row


def sign_approval(s: Session, vault: Vault, report: Report, now: str) -> ReportApproval:
    """Sign the report's current version as approved by the signed-in supervisor."""
    key = ensure_key(s, vault, now)
    digest = content_digest(s, report)
    message = signed_message(vault.info.vault_id, report, report.version, digest,
                             vault.info.user_id, now)
    row = ReportApproval(report_id=report.id, version=report.version, content_digest=digest,
                         approver_id=vault.info.user_id, approved_at=now, key_id=key.id,
                         signature=_private_key(vault).sign(message))
    s.add(row)
    s.flush()
    return row


def signature_digest(row: ReportApproval) -> str:
    """What the ``report.approve`` audit record keeps of the signature."""
    return hashlib.sha256(row.signature).hexdigest()[:32]


# ---- checking -----------------------------------------------------------------------------
def _approval_problem(s: Session, vault_id: str, report: Report, row: ReportApproval,
                      *, current: bool) -> str | None:
    """Why ``row`` does not stand as an approval of ``report`` (None when it does)."""
    key = s.get(ApprovalKey, row.key_id)
    if key is None or key.user_id != row.approver_id:
        return "its approval names a key that is not its approver's"
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(
            row.signature, signed_message(vault_id, report, row.version, row.content_digest,
                                          row.approver_id, row.approved_at))
    except (InvalidSignature, ValueError):
        return "its approval's signature does not verify (the approval row was altered)"
    approver = s.get(User, row.approver_id)
    if approver is None or approver.role != "supervisor":
        return "its approver is not a supervisor"
    if row.approver_id == report.author_id:
        return "it was approved by its own author"
    if current and report.approved_by != row.approver_id:
        return "the approver it names was changed outside SIRAT"
    if current and row.content_digest != content_digest(s, report):
        return "its content changed after it was approved"
    if current and _last_decision(s, report.id) != row.id:
        return "its approval was withdrawn (returned or reopened) or is not in the audit log"
    return None


def _last_decision(s: Session, report_id: ReportId) -> int | None:
    """The approval id named by the report's latest approve/return/reopen audit record.

    A return or a reopen withdraws the approval before it, whatever the tables say.
    """
    details = s.execute(
        select(AuditRecord.details).where(
            AuditRecord.object_type == "report", AuditRecord.object_id == str(report_id),
            AuditRecord.action.in_(("report.approve", "report.return", "report.reopen")))
        .order_by(AuditRecord.id.desc()).limit(1)).scalar()
    try:
        value = json.loads(details) if details else {}
    except ValueError:
        return None
    found = value.get("approval") if isinstance(value, dict) else None
    return found if isinstance(found, int) else None


def _current_approval(s: Session, report: Report) -> ReportApproval | None:
    return s.execute(select(ReportApproval).where(
        ReportApproval.report_id == report.id, ReportApproval.version == report.version)
        .order_by(ReportApproval.id.desc()).limit(1)).scalar()


def require_valid_approval(s: Session, vault_id: str, report: Report) -> ReportApproval:
    """Raise ``ApprovalInvalid`` unless the report's current version carries a valid approval."""
    row = _current_approval(s, report)
    hint = ("Its author reopens and submits it, and a supervisor approves it again; if you "
            "did not expect this, report it to your security officer.")
    if row is None:
        raise ApprovalInvalid(
            f"{report.reference} version {report.version} has no signed approval, although "
            f"its status is {report.status}: it cannot be disseminated.", hint)
    problem = _approval_problem(s, vault_id, report, row, current=True)
    if problem is not None:
        raise ApprovalInvalid(f"{report.reference} version {report.version} cannot be "
                              f"disseminated: {problem}.", hint)
    return row


def register_digest(row: DisseminationRecord) -> str:
    """SHA-256 over a register row's fields; its ``report.disseminate`` record keeps it."""
    fields = {
        "id": row.id, "report": row.report_id, "reference": row.reference,
        "version": row.report_version, "recipient": row.recipient_code,
        "kind": row.recipient_kind, "copy": row.copy_number, "sha256": row.sha256,
        "size": row.size_bytes, "pages": row.pages, "file": row.file_name,
        "signed": bool(row.signed), "certificate": row.certificate_id,
        "fingerprint": row.certificate_fingerprint, "signer": row.signer_name,
        "test": bool(row.test_certificate), "by": row.exported_by, "at": row.exported_at,
    }
    return hashlib.sha256(_canonical(fields)).hexdigest()


def _audit_details(s: Session, action: str) -> list[dict[str, Any]]:
    out = []
    for text in s.scalars(select(AuditRecord.details).where(AuditRecord.action == action)):
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def verify(s: Session, vault_id: str) -> list[Problem]:
    """Every approval, every approved or disseminated report, every register row."""
    problems: list[Problem] = []
    keys_audited = {d.get("key") for d in _audit_details(s, "approval.key")}
    approvals_audited = {(d.get("approval"), d.get("signature"))
                         for d in _audit_details(s, "report.approve")}
    exports_audited = {d.get("export"): d.get("digest")
                       for d in _audit_details(s, "report.disseminate")}
    for key in s.scalars(select(ApprovalKey).order_by(ApprovalKey.id)):
        if key.id not in keys_audited:
            problems.append(Problem("approval-key", f"approval key {key.id}",
                                    f"Approval key {key.id} has no audit record: it was "
                                    "added to the vault outside SIRAT."))
    for row in s.scalars(select(ReportApproval).order_by(ReportApproval.id)):
        report = s.get(Report, row.report_id)
        if report is None:
            continue
        problem = _approval_problem(s, vault_id, report, row, current=False)
        if problem is None and (row.id, signature_digest(row)) not in approvals_audited:
            problem = "its approval has no matching audit record (added outside SIRAT)"
        if problem is not None:
            problems.append(Problem("approval", report.reference,
                                    f"Report {report.reference} (approval {row.id}): "
                                    f"{problem}."))
    for report in s.scalars(select(Report).where(Report.status.in_(_APPROVED))
                            .order_by(Report.id)):
        try:
            require_valid_approval(s, vault_id, report)
        except ApprovalInvalid as exc:
            problems.append(Problem("status", report.reference, exc.message))
            continue
        if report.status == "disseminated" and s.execute(select(AuditRecord.id).where(
                AuditRecord.object_type == "report", AuditRecord.object_id == str(report.id),
                AuditRecord.action == "report.disseminate").limit(1)).first() is None:
            problems.append(Problem("status", report.reference,
                                    f"Report {report.reference} is marked disseminated, but "
                                    "no dissemination was recorded: its status was changed "
                                    "outside SIRAT."))
    for rec in s.scalars(select(DisseminationRecord).order_by(DisseminationRecord.id)):
        expected = exports_audited.get(rec.id)
        if expected is None:
            # Rows written before schema 7 carry no digest; anything else was added by hand.
            if rec.id in exports_audited:
                continue
            problems.append(Problem("register", f"register row {rec.id}",
                                    f"Register row {rec.id} ({rec.reference} copy "
                                    f"{rec.copy_number}) has no audit record: it was added "
                                    "outside SIRAT."))
        elif expected != register_digest(rec):
            problems.append(Problem("register", f"register row {rec.id}",
                                    f"Register row {rec.id} ({rec.reference} copy "
                                    f"{rec.copy_number}) was changed after the export: it "
                                    "no longer matches its audit record."))
    return problems
