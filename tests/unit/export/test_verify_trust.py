"""``verify_pdf`` says what it knows: a look-alike certificate is not trusted, an unanchored
check does not vouch for the signer, and a TEST certificate is always named first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from sirat.export.errors import CertificateError
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.sign import LoadedSigner, create_test_certificate, load_pkcs12, sign_pdf
from sirat.export.types import RecipientInput, ReportInput
from sirat.export.verify import verify_pdf

NAME = "Мира Стоянова"


def _look_alike(common_name: str) -> LoadedSigner:
    """A self-signed certificate with the same name and no TEST marking: a forgery."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SELEC Operational Center")])
    start = datetime.now(UTC) - timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"x", key, cert, None,
                                                 BestAvailableEncryption(b"pw"))
    return load_pkcs12(data, b"pw")


@pytest.fixture(scope="module")
def genuine() -> LoadedSigner:
    return load_pkcs12(*create_test_certificate(NAME, "SELEC Operational Center"))


@pytest.fixture
def unsigned(report: ReportInput, make_recipient: Callable[..., RecipientInput]) -> bytes:
    return render_pdf_bytes(build_release_view(report, [], [], make_recipient("member-state")),
                            copy_number=1)


def test_a_look_alike_signer_is_not_valid_against_the_trusted_certificate(
    unsigned: bytes, genuine: LoadedSigner
) -> None:
    forged = sign_pdf(unsigned, _look_alike(NAME))
    result = verify_pdf(forged, [genuine.certificate_der])
    assert result.signer_common_name == NAME
    assert (result.intact, result.valid, result.trusted, result.ok) == (True, True, False, False)
    assert result.headline().startswith("NOT TRUSTED:")
    assert "INTACT AND VALID" not in result.headline()


def test_without_anchors_the_first_line_says_the_signer_is_not_verified(
    unsigned: bytes,
) -> None:
    result = verify_pdf(sign_pdf(unsigned, _look_alike(NAME)))
    assert result.headline().startswith("INTACT, SIGNER NOT VERIFIED:")
    assert result.anchors_given is False


def test_a_test_certificate_is_named_on_the_first_line_even_when_trusted(
    unsigned: bytes, genuine: LoadedSigner
) -> None:
    signed = sign_pdf(unsigned, genuine)
    trusted = verify_pdf(signed, [genuine.certificate_der])
    assert trusted.ok
    assert trusted.headline().startswith("INTACT, VALID AND TRUSTED:")
    assert "TEST certificate" in trusted.headline()
    assert "TEST certificate" in verify_pdf(signed).headline()


@pytest.mark.parametrize("anchor", [b"", b"garbage", b"-----BEGIN CERTIFICATE-----\nxx\n"])
def test_a_trust_file_that_is_not_a_certificate_is_refused_plainly(
    unsigned: bytes, anchor: bytes
) -> None:
    with pytest.raises(CertificateError, match="not a certificate"):
        verify_pdf(unsigned, [anchor])
