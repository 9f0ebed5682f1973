"""Imports arrive as received drafts: a source's approval is provenance, never a local one.

Hostile interchange files on a real vault: "approved" with any approver text, garbage and
bidi times, a reference that would push the local counter, numbers and versions built to
crash or flood the error output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sirat.models import ReportCounter
from sirat.services.dissemination import exporting as dissemination
from sirat.services.interchange import document as interchange
from sirat.services.interchange.document import InterchangeError
from sirat.services.interchange.importing import import_document
from sirat.services.reports import records as reports
from sirat.services.reports.query import list_reports
from sirat.services.workflow import review as workflow
from sirat.services.workflow.approvals import ApprovalInvalid
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import populate


@pytest.fixture(scope="session")
def source_doc(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    dest = tmp_path_factory.mktemp("source") / "vault"
    shutil.copytree(template_vault, dest)
    vault = open_as(dest, "ana")
    try:
        doc: dict[str, Any] = json.loads(interchange.export_json(vault, populate(vault)))
        return doc
    finally:
        vault.lock()


@pytest.fixture
def hostile(source_doc: dict[str, Any]) -> dict[str, Any]:
    """The first report claims to be approved and disseminated at the source."""
    doc = json.loads(json.dumps(source_doc))
    doc["reports"] = doc["reports"][:1]
    doc["reports"][0].update(
        status="approved", approver="Chief Inspector Anyone", reference="SIRAT-2026-999999",
        approved_at="2026-03-01T10:00:00+00:00", submitted_at="2026-02-28T09:00:00+00:00",
        created_at="2026-02-27T08:00:00+00:00")
    doc["relations"] = [r for r in doc["relations"]
                        if r["extra"]["report"] == doc["reports"][0]["id"]]
    return doc


def _import(vault: Vault, doc: dict[str, Any]) -> int:
    import_document(vault, json.dumps(doc).encode())
    return reports.find_report_id(vault, _local_ref(vault))


def _local_ref(vault: Vault) -> str:
    rows = list_reports(vault)
    return rows[0].reference


def test_an_approved_import_is_a_received_draft_and_cannot_be_disseminated(
    analyst_vault: Vault, hostile: dict[str, Any]
) -> None:
    rid = _import(analyst_vault, hostile)
    view = reports.get_report(analyst_vault, rid, record_view=False)
    assert view.status == "draft"
    assert view.approved_at is None
    assert view.approver_name == ""
    assert "approved at source by Chief Inspector Anyone on 2026-03-01" in view.provenance
    assert "SIRAT-2026-999999" in view.provenance
    with pytest.raises(Exception, match="draft"):
        dissemination.plan_export(analyst_vault, rid, "PARTNER-EUROPOL")


def test_the_imported_reference_does_not_push_the_local_counter(
    analyst_vault: Vault, hostile: dict[str, Any]
) -> None:
    rid = _import(analyst_vault, hostile)
    view = reports.get_report(analyst_vault, rid, record_view=False)
    assert view.reference != "SIRAT-2026-999999"
    assert view.reference.endswith("-000001")
    with analyst_vault.session() as s:
        assert all(c.last < 1000 for c in s.scalars(select(ReportCounter)))


def test_a_local_approval_is_needed_and_is_then_printed_beside_the_provenance(
    vault_path: Path, hostile: dict[str, Any]
) -> None:
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        rid = _import(ana, hostile)
        workflow.submit(ana, rid)
        workflow.approve(sup, rid)
        result = dissemination.export_report(ana, rid, "PARTNER-EUROPOL")
    finally:
        ana.lock()
        sup.lock()
    from tests.unit.services.dissemination.pdf_probe import page_text

    text = " ".join(page_text(result.pdf_bytes).split())
    assert "approved at source by Chief Inspector Anyone on 2026-03-01" in text
    assert "Sam Supervisor" in text


@pytest.mark.parametrize(("field", "value", "says"), [
    ("created_at", "garbage", "is not a date and time"),
    ("approved_at", "2026-03-01\u202e", "bidirectional"),
    ("created_at", "2026-03-01T10:00:00\x00", "control"),
    ("submitted_at", "2999-01-01T00:00:00+00:00", "in the future"),
    ("disseminated_at", "9999-12-31T23:00:00-05:00", "in the future"),
    ("created_at", "0001-01-01T00:00:00+05:00", "before 1990"),
    ("approver", "Boss\u202eevil", "bidirectional"),
    ("created_at", 20260301, "must be text"),
])
def test_imported_times_and_names_are_validated_like_typed_ones(
    analyst_vault: Vault, hostile: dict[str, Any], field: str, value: Any, says: str
) -> None:
    hostile["reports"][0][field] = value
    uid = hostile["reports"][0]["id"]
    with pytest.raises(InterchangeError) as err:
        import_document(analyst_vault, json.dumps(hostile).encode())
    message = err.value.message
    assert f"Record reports[0] (id {uid}), field {field}" in message
    assert says in message
    assert "Nothing was imported" in message
    assert list_reports(analyst_vault) == []


def test_a_5000_digit_number_is_refused_plainly(analyst_vault: Vault) -> None:
    data = b'{"format": "sirat-interchange", "format_version": ' + b"9" * 5000 + b"}"
    with pytest.raises(InterchangeError, match="number far too long"):
        import_document(analyst_vault, data)


def test_a_huge_format_version_is_not_echoed(analyst_vault: Vault) -> None:
    doc = {"format": "sirat-interchange", "format_version": "x" * 2_000_000}
    with pytest.raises(InterchangeError) as err:
        import_document(analyst_vault, json.dumps(doc).encode())
    assert len(err.value.message) < 200


def test_a_disseminated_import_cannot_be_exported_by_flipping_nothing(
    analyst_vault: Vault, hostile: dict[str, Any]
) -> None:
    hostile["reports"][0]["status"] = "disseminated"
    rid = _import(analyst_vault, hostile)
    with pytest.raises((ApprovalInvalid, Exception)):
        workflow.require_disseminable(analyst_vault, rid)
    assert reports.get_report(analyst_vault, rid, record_view=False).status == "draft"


def test_the_demos_approved_reports_carry_signed_approvals(tmp_path: Path) -> None:
    from sirat.services.access.session import sign_in
    from sirat.services.demo.vault import create_demo
    from sirat.vault.crypto import KDF_FLOOR

    demo = create_demo(tmp_path / "demo", "admin", "demo passphrase", reports=30, kdf=KDF_FLOOR)
    admin = sign_in(demo.path, "admin", "demo passphrase", throttle=False)
    try:
        from sirat.services import integrity

        result = integrity.verify(admin)
        assert result.ok, result.summary()
        assert result.approvals_checked > 0
    finally:
        admin.lock()
