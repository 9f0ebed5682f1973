"""Certificates in the vault: import (re-wrapped), test certificates, who may sign, refusals
before anything is written, and the register/audit transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from sqlalchemy import func, select

from sirat.errors import Conflict, PermissionDenied, ValidationError
from sirat.export.certs import create_test_certificate as make_test_certificate
from sirat.export.certs import load_key_and_certificate
from sirat.export.errors import CertificateError
from sirat.export.verify import verify_pdf
from sirat.models import AuditRecord, Report
from sirat.models.dissemination import SigningCertificate
from sirat.services.dissemination import certificates
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination.register import find_by_sha256, list_register
from tests.unit.services.dissemination.dissem_data import Team
from tests.unit.services.dissemination.test_export_from_vault import _report_id

PASS = "certificate passphrase ΩЖ"


def _audit_count(team: Team) -> int:
    with team["admin"].session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRecord)) or 0)


def test_an_imported_certificate_is_re_wrapped_and_needs_its_passphrase(team: Team) -> None:
    data, passphrase = make_test_certificate("Ana Analyst", "Regional Operational Center")
    view = certificates.import_certificate(team["ana"], data, passphrase.decode())
    assert (view.owner_name, view.common_name, view.test_certificate) == (
        "Ana Analyst", "Ana Analyst", True)
    with team["ana"].session() as s:
        stored = s.get(SigningCertificate, view.id)
        assert stored is not None
        assert stored.pkcs12 != data  # re-encrypted with SIRAT's own parameters
        blob = bytes(stored.pkcs12)
    key, cert, _ = load_key_and_certificate(blob, passphrase)
    assert key is not None
    assert cert.fingerprint(hashes.SHA256()).hex() == view.fingerprint
    with pytest.raises(CertificateError, match="passphrase is wrong"):
        certificates.load_signer(team["ana"], view.id, "not the passphrase")
    signer = certificates.load_signer(team["ana"], view.id, passphrase.decode())
    assert signer.info.fingerprint_sha256 == view.fingerprint
    with pytest.raises(Conflict, match="already in the vault"):
        certificates.import_certificate(team["ana"], data, passphrase.decode())


def test_a_wrong_passphrase_or_an_expired_certificate_is_never_imported(team: Team) -> None:
    data, _ = make_test_certificate("Ana Analyst", "Org")
    with pytest.raises(CertificateError, match="passphrase is wrong"):
        certificates.import_certificate(team["ana"], data, "wrong")
    old, old_pass = make_test_certificate(
        "Ana Analyst", "Org", days=1, valid_from=datetime.now(UTC) - timedelta(days=3))
    with pytest.raises(CertificateError, match="expired"):
        certificates.import_certificate(team["ana"], old, old_pass.decode())
    assert certificates.list_certificates(team["ana"]) == []


def test_only_administrators_make_test_certificates_and_import_for_others(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        certificates.create_test_certificate(team["ana"], PASS)
    with pytest.raises(ValidationError):
        certificates.create_test_certificate(team["admin"], "short", owner="ana")
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    assert (made.owner_name, made.common_name, made.test_certificate) == (
        "Ana Analyst", "Ana Analyst", True)
    assert made.organisation == "Regional Operational Center"
    data, passphrase = make_test_certificate("Sam Supervisor", "Org")
    with pytest.raises(PermissionDenied):
        certificates.import_certificate(team["ana"], data, passphrase.decode(), owner="sup")
    assert [c.id for c in certificates.list_certificates(team["ana"], mine=True)] == [made.id]


def test_only_the_owner_signs_with_a_certificate(team: Team) -> None:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    with pytest.raises(PermissionDenied):
        certificates.load_signer(team["sup"], made.id, PASS)
    certificates.remove_certificate(team["ana"], made.id)
    with pytest.raises(Exception, match="no such certificate"):
        certificates.load_signer(team["ana"], made.id, PASS)


def test_a_signed_export_names_the_vault_certificate_in_the_register(team: Team) -> None:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    signer = certificates.load_signer(team["ana"], made.id, PASS)
    result = dissemination.export_report(team["ana"], _report_id(team), "BG", sign_with=signer)
    assert result.entry.certificate_id == made.id
    assert result.entry.signer_name == "Ana Analyst"
    verdict = verify_pdf(result.pdf_bytes, [certificates.certificate_der(team["ana"], made.id)])
    assert (verdict.ok, verdict.trusted, verdict.test_certificate) == (True, True, True)
    assert [e.id for e in find_by_sha256(team["ana"], result.sha256.upper())] == [
        result.entry.id]


def test_a_failing_file_write_records_nothing(team: Team) -> None:
    rid = _report_id(team)
    before = _audit_count(team)

    def full_disk(_data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        dissemination.export_report(team["ana"], rid, "BG", deliver=full_disk)
    assert list_register(team["ana"]) == []
    assert _audit_count(team) == before
    with team["ana"].session() as s:
        assert s.scalar(select(Report.status).where(Report.id == rid)) == "approved"


def test_the_file_is_delivered_inside_the_recording_transaction(team: Team) -> None:
    seen: list[tuple[int, int]] = []
    sup = team["sup"]  # signed in first: signing in writes, and the export holds the lock

    def deliver(data: bytes) -> None:
        # Another connection does not see the row yet: it commits after the write.
        seen.append((len(data), len(list_register(sup))))

    result = dissemination.export_report(team["ana"], _report_id(team), "BG", deliver=deliver)
    assert seen == [(len(result.pdf_bytes), 0)]
    assert len(list_register(sup)) == 1


def test_an_expired_stored_certificate_is_refused_before_anything_is_rendered(
    team: Team,
) -> None:
    old, old_pass = make_test_certificate(
        "Ana Analyst", "Org", days=1, valid_from=datetime.now(UTC) - timedelta(days=3))
    key, cert, _ = pkcs12.load_key_and_certificates(old, old_pass)
    assert key is not None
    assert cert is not None
    rewrapped = pkcs12.serialize_key_and_certificates(
        b"x", key, cert, None, BestAvailableEncryption(PASS.encode()))
    sealed = certificates.SealedCertificate(certificates.CertificateId(99), "f", rewrapped)
    with pytest.raises(CertificateError, match="expired"):
        certificates.unlock_certificate(sealed, PASS)
