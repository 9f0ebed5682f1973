"""Approvals are signatures: direct table edits by someone holding the data key are refused
at export and named by ``audit verify`` (on a real encrypted vault on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text

from sirat.models import Report
from sirat.services import integrity
from sirat.services.audit import log as audit
from sirat.services.dissemination import exporting as dissemination
from sirat.services.reports import records as reports
from sirat.services.workflow import approvals
from sirat.services.workflow import review as workflow
from sirat.services.workflow.approvals import ApprovalInvalid
from tests.conftest import open_as
from tests.unit.services.dissemination.dissem_data import Team, copy_vault
from tests.unit.services.workflow.workflow_helpers import draft


def _approved_id(team: Team) -> int:
    with team["ana"].session() as s:
        return s.scalars(select(Report.id).where(Report.status == "approved")).one()


def _sql(team: Team, statement: str, **params: object) -> None:
    """Raw SQL through the key, as any signed-in user could run it."""
    with team["ana"].engine.begin() as conn:
        conn.execute(text(statement), params)


def _verify(team: Team) -> integrity.VerifyResult:
    return integrity.verify(team["admin"])


def test_an_approved_report_exports_and_everything_verifies(team: Team) -> None:
    rid = _approved_id(team)
    dissemination.export_report(team["ana"], rid, "PARTNER-EUROPOL")
    result = _verify(team)
    assert result.ok, result.summary()
    assert result.approvals_checked == 1
    assert "every register row verify" in result.summary()


def test_a_status_flipped_with_sql_is_refused_at_export_and_named_by_verify(team: Team) -> None:
    rid = reports.create_report(team["ana"], draft()).id
    ref = reports.get_report(team["ana"], rid, record_view=False).reference
    _sql(team, "UPDATE reports SET status = 'approved' WHERE id = :i", i=rid)

    with pytest.raises(ApprovalInvalid, match="no signed approval"):
        dissemination.plan_export(team["ana"], rid, "PARTNER-EUROPOL")
    result = _verify(team)
    assert not result.ok
    assert any(p.subject == ref and "no signed approval" in p.message for p in result.problems)
    assert ref in result.summary()


def test_content_edited_after_approval_is_refused_and_named(team: Team) -> None:
    rid = _approved_id(team)
    _sql(team, "UPDATE reports SET narrative = narrative || ' Added later.' WHERE id = :i", i=rid)
    with pytest.raises(ApprovalInvalid, match="content changed after it was approved"):
        dissemination.export_report(team["ana"], rid, "PARTNER-EUROPOL")
    assert "content changed after it was approved" in _verify(team).summary()


def test_a_forged_approval_row_does_not_verify(team: Team) -> None:
    """An analyst writes an approval row by hand, reusing the supervisor's registered key."""
    rid = reports.create_report(team["ana"], draft()).id
    workflow.submit(team["ana"], rid)
    with team["ana"].session() as s:
        key_id = s.execute(text("SELECT id FROM approval_keys")).scalar_one()
        sup_id = s.execute(text("SELECT id FROM users WHERE role = 'supervisor'")).scalar()
        digest = approvals.content_digest(s, s.get(Report, rid))  # type: ignore[arg-type]
    _sql(team, "INSERT INTO report_approvals (report_id, version, content_digest, approver_id, "
         "approved_at, key_id, signature) VALUES (:r, 1, :d, :u, '2026-01-01', :k, :sig)",
         r=rid, d=digest, u=sup_id, k=key_id, sig=b"\x01" * 64)
    _sql(team, "UPDATE reports SET status = 'approved', approved_by = :u WHERE id = :r",
         u=sup_id, r=rid)
    with pytest.raises(ApprovalInvalid, match="signature does not verify"):
        dissemination.plan_export(team["ana"], rid, "PARTNER-EUROPOL")
    assert not _verify(team).ok


def test_a_key_slipped_into_the_key_table_is_named(team: Team) -> None:
    """The analyst registers a key of their own for the supervisor and signs with it."""
    rid = reports.create_report(team["ana"], draft()).id
    own = Ed25519PrivateKey.generate()
    public = own.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    vault_id = team["ana"].info.vault_id
    with team["ana"].session() as s:
        sup_id = s.execute(text("SELECT id FROM users WHERE role = 'supervisor'")).scalar()
        row = s.get(Report, rid)
        assert row is not None
        assert sup_id is not None
        digest = approvals.content_digest(s, row)
        sig = own.sign(approvals.signed_message(vault_id, row, 1, digest, sup_id, "2026-01-01"))
    _sql(team, "INSERT INTO approval_keys (user_id, public_key, fingerprint, created_at) "
         "VALUES (:u, :p, :f, '2026-01-01')", u=sup_id, p=public,
         f=approvals.fingerprint(public))
    _sql(team, "INSERT INTO report_approvals (report_id, version, content_digest, approver_id, "
         "approved_at, key_id, signature) VALUES (:r, 1, :d, :u, '2026-01-01', "
         "(SELECT MAX(id) FROM approval_keys), :sig)", r=rid, d=digest, u=sup_id, sig=sig)
    _sql(team, "UPDATE reports SET status = 'approved', approved_by = :u WHERE id = :r",
         u=sup_id, r=rid)
    result = _verify(team)
    messages = " ".join(p.message for p in result.problems)
    assert "has no audit record: it was added to the vault outside SIRAT" in messages
    assert "no matching audit record" in messages


def test_register_edits_and_inserted_rows_are_named(team: Team) -> None:
    rid = _approved_id(team)
    first = dissemination.export_report(team["ana"], rid, "PARTNER-EUROPOL").entry.id
    _sql(team, "UPDATE dissemination_register SET recipient_code = 'OBS-GE', "
         "recipient_kind = 'observer' WHERE id = :i", i=first)
    _sql(team, "INSERT INTO dissemination_register (report_id, reference, report_version, "
         "recipient_code, recipient_kind, copy_number, sha256, size_bytes, pages, file_name, "
         "signed, certificate_fingerprint, signer_name, test_certificate, exported_by, "
         "exported_at) SELECT report_id, reference, report_version, recipient_code, "
         "recipient_kind, 99, sha256, size_bytes, pages, file_name, signed, "
         "certificate_fingerprint, signer_name, test_certificate, exported_by, exported_at "
         "FROM dissemination_register WHERE id = :i", i=first)
    messages = [p.message for p in _verify(team).problems]
    assert any(f"Register row {first} " in m and "changed after the export" in m
               for m in messages)
    assert any("copy 99) has no audit record" in m for m in messages)


def test_reopening_and_editing_needs_a_new_approval(team: Team) -> None:
    rid = _approved_id(team)
    workflow.reopen(team["ana"], rid)
    _sql(team, "UPDATE reports SET status = 'approved' WHERE id = :i", i=rid)
    with pytest.raises(ApprovalInvalid):
        workflow.require_disseminable(team["ana"], rid)


def test_a_supervisors_key_is_registered_once_at_first_sign_in(
    template_vault: Path, tmp_path: Path
) -> None:
    path = copy_vault(template_vault, tmp_path / "fresh")
    for _ in range(2):
        open_as(path, "sup").lock()
    open_as(path, "ana").lock()
    admin = open_as(path, "admin")
    try:
        keys = [r for r in audit.list_records(admin) if r.action == "approval.key"]
        assert [r.actor_name for r in keys] == ["sup"]
        assert integrity.verify(admin).ok
    finally:
        admin.lock()


def test_the_approver_named_on_the_report_cannot_be_swapped(team: Team) -> None:
    """The PDF prints the approver from the report row: it must be the one who signed."""
    rid = _approved_id(team)
    admin_id = team["admin"].info.user_id
    _sql(team, "UPDATE reports SET approved_by = :a WHERE id = :i", a=admin_id, i=rid)
    with pytest.raises(ApprovalInvalid, match="approver it names was changed"):
        dissemination.plan_export(team["ana"], rid, "PARTNER-EUROPOL")
    assert "approver it names was changed" in _verify(team).summary()


def test_disseminated_without_a_recorded_dissemination_is_named(team: Team) -> None:
    rid = _approved_id(team)
    _sql(team, "UPDATE reports SET status = 'disseminated' WHERE id = :i", i=rid)
    assert "no dissemination was recorded" in _verify(team).summary()


def test_a_hijacked_key_row_does_not_lock_the_supervisor_out(
    template_vault: Path, tmp_path: Path
) -> None:
    """Someone re-assigns the supervisor's key row to an analyst: sign-in still works,
    approving refuses with the reason, and verify names the key."""
    path = copy_vault(template_vault, tmp_path / "hijack")
    open_as(path, "sup").lock()
    ana = open_as(path, "ana")
    try:
        with ana.engine.begin() as conn:
            conn.execute(text("UPDATE approval_keys SET user_id = :u"), {"u": ana.info.user_id})
        rid = reports.create_report(ana, draft()).id
        workflow.submit(ana, rid)
    finally:
        ana.lock()
    sup = open_as(path, "sup")
    try:
        with pytest.raises(ApprovalInvalid, match="belongs to another user"):
            workflow.approve(sup, rid)
    finally:
        sup.lock()
