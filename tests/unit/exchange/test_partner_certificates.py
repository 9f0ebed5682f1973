"""A partner's signing certificate is pinned like its workstation card: by an administrator,
only with the SHA-256 fingerprint read out by the partner, audited -- and then, only then,
the PDFs that partner signs verify as trusted here, naming the partner. A stranger's
certificate with the same name, an unpinned certificate or an unpinned partner is not
trusted."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from sirat.errors import NotFound, PermissionDenied
from sirat.export.sign import create_test_certificate, load_pkcs12, sign_pdf
from sirat.services.audit import log as audit
from sirat.services.exchange import identity
from sirat.services.exchange.identity import ExchangeError
from sirat.services.exchange.partner_certs import (
    list_certificates,
    pin_certificate,
    unpin_certificate,
    verify_signed_pdf,
)
from tests.unit.exchange.conftest import Station
from tests.unit.services.service_helpers import dump

OFFICER = ("Ivana Petrović", "Police RS Belgrade")


def _officer() -> tuple[bytes, bytes, str]:
    """(PKCS#12, its passphrase, the certificate as PEM) and its SHA-256 fingerprint."""
    p12, passphrase = create_test_certificate(*OFFICER)
    signer = load_pkcs12(p12, passphrase)
    cert = x509.load_der_x509_certificate(signer.certificate_der)
    return p12, passphrase, cert.fingerprint(hashes.SHA256()).hex()


def _pem(p12: bytes, passphrase: bytes) -> bytes:
    der = load_pkcs12(p12, passphrase).certificate_der
    return x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM)


def _ca_pem() -> bytes:
    """A certificate authority's certificate (as a national CA's would be)."""
    from datetime import UTC, datetime, timedelta

    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "National Police CA")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(Encoding.PEM)


def _signed_pdf(p12: bytes, passphrase: bytes) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Report SIRAT-2026-000123 for the center")
    page.save()
    return sign_pdf(out.getvalue(), load_pkcs12(p12, passphrase))


def test_a_certificate_is_pinned_only_by_an_administrator_with_its_fingerprint(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, _ = stations
    p12, passphrase, sha = _officer()
    pem = _pem(p12, passphrase)
    analyst = a.as_user("ana")
    with pytest.raises(PermissionDenied):
        pin_certificate(analyst, "Bravo", pem, sha)
    before = dump(a.admin)
    with pytest.raises(ExchangeError, match="does not match"):
        pin_certificate(a.admin, "Bravo", pem, sha[:-1] + ("0" if sha[-1] != "0" else "1"))
    key_pem = pem + b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
    with pytest.raises(ExchangeError, match="private key"):
        pin_certificate(a.admin, "Bravo", key_pem, sha)
    for garbage in (b"", b"not a certificate", pem + pem):
        with pytest.raises(ExchangeError, match="not one certificate"):
            pin_certificate(a.admin, "Bravo", garbage, sha)
    with pytest.raises(ExchangeError, match="certificate authority"):
        pin_certificate(a.admin, "Bravo", _ca_pem(), sha)
    with pytest.raises(NotFound, match="No pinned partner"):
        pin_certificate(a.admin, "Zulu", pem, sha)
    assert dump(a.admin) == before  # every refusal: nothing written, not even an audit record

    spoken = ":".join(sha[i:i + 2] for i in range(0, len(sha), 2)).upper()
    view = pin_certificate(a.admin, "Bravo", pem, spoken)
    assert (view.partner, view.sha256) == ("Bravo", sha)
    assert view.subject == ", ".join(OFFICER)
    assert [c.sha256 for c in list_certificates(a.admin)] == [sha]
    record = [r for r in audit.list_records(a.admin)
              if r.action == "workstation.pin_certificate"]
    assert len(record) == 1
    assert record[0].details["sha256"] == sha
    with pytest.raises(ExchangeError, match="already pinned"):
        pin_certificate(a.admin, "Bravo", pem, sha)


def test_a_pdf_signed_by_a_pinned_partner_is_trusted_and_named(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, _ = stations
    p12, passphrase, sha = _officer()
    pdf = _signed_pdf(p12, passphrase)
    reader = a.as_user("ana")
    assert not verify_signed_pdf(reader, pdf).result.trusted  # nothing pinned yet

    pin_certificate(a.admin, "Bravo", _pem(p12, passphrase), sha)
    found = verify_signed_pdf(reader, pdf)
    assert found.result.ok
    assert found.result.trusted
    assert (found.partner, found.ours) == ("Bravo", False)

    # A stranger's certificate with the very same name and organisation: not trusted.
    stranger = create_test_certificate(*OFFICER)
    forged = verify_signed_pdf(reader, _signed_pdf(*stranger))
    assert not forged.result.trusted
    assert not forged.result.ok
    assert forged.partner == ""
    # The signed file changed afterwards: not intact, whoever signed it.
    tampered = bytearray(pdf)
    at = tampered.index(b"stream") + 20  # inside the page's content, covered by the signature
    tampered[at] ^= 0x01
    assert not verify_signed_pdf(reader, bytes(tampered)).result.ok

    unpin_certificate(a.admin, "Bravo", sha[:8])
    assert not verify_signed_pdf(reader, pdf).result.trusted
    assert list_certificates(a.admin) == []
    assert [c.removed_at is not None for c in list_certificates(a.admin,
                                                                include_removed=True)] == [True]
    # Pinned again, then the whole partner unpinned: its certificates go with it.
    pin_certificate(a.admin, "Bravo", _pem(p12, passphrase), sha)
    assert verify_signed_pdf(reader, pdf).partner == "Bravo"
    identity.unpin_partner(a.admin, "Bravo")
    assert not verify_signed_pdf(reader, pdf).result.trusted
    actions = [r.action for r in audit.list_records(a.admin)]
    assert actions.count("workstation.pin_certificate") == 2
    assert actions.count("workstation.unpin_certificate") == 1
