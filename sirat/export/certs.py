"""Signing certificates: read a PKCS#12 file, check it is usable, make a test certificate.

Only ``cryptography`` is needed here (pyHanko is loaded when a PDF is actually signed).
A certificate is refused *before* anything is written: wrong passphrase, no private key,
not yet valid, expired, or a key usage that forbids signatures.

Workstation test certificates are self-signed and carry :data:`TEST_CERTIFICATE_OU` as
organisational unit, which the signature stamp and the verifier turn into a visible
"TEST CERTIFICATE — NOT FOR OPERATIONAL USE".
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from sirat import clock
from sirat.export.errors import CertificateError

TEST_CERTIFICATE_OU = "SIRAT workstation test certificate"

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    """What SIRAT shows about a certificate (``sirat cert list``, signature block)."""

    common_name: str
    organisation: str
    not_before: datetime
    not_after: datetime
    fingerprint_sha256: str
    test_certificate: bool


def quiet_pyhanko() -> None:
    """Keep pyHanko's own log records out of SIRAT's logs.

    pyHanko logs validation problems with the certificate subject (a person's name) and
    full tracebacks; SIRAT logs ids and counts only, and reports the verdict itself.
    """
    for name in ("pyhanko", "pyhanko_certvalidator"):
        log = logging.getLogger(name)
        if log.propagate:
            log.addHandler(logging.NullHandler())
            log.propagate = False


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def describe(certificate: x509.Certificate) -> CertificateInfo:
    """The displayable facts of ``certificate``."""
    subject = certificate.subject
    return CertificateInfo(
        common_name=_attribute(subject, NameOID.COMMON_NAME),
        organisation=_attribute(subject, NameOID.ORGANIZATION_NAME),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        fingerprint_sha256=certificate.fingerprint(hashes.SHA256()).hex(),
        test_certificate=_attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
        == TEST_CERTIFICATE_OU,
    )


def check_usable(certificate: x509.Certificate, now: datetime | None = None) -> None:
    """Raise ``CertificateError`` unless ``certificate`` may sign right now."""
    now = now or clock.now()
    info = describe(certificate)
    if now < info.not_before:
        raise CertificateError(
            f"The certificate is not valid before {info.not_before:%Y-%m-%d %H:%M} UTC.",
            "Check the computer's clock, or use a certificate that is already valid.",
        )
    if now > info.not_after:
        raise CertificateError(
            f"The certificate expired on {info.not_after:%Y-%m-%d}.",
            "Import a renewed certificate (sirat cert import FILE).",
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise CertificateError(
            "The certificate may not be used for signatures (key usage).",
            "Ask your certificate authority for a signing certificate.",
        )


def load_key_and_certificate(
    data: bytes, passphrase: bytes
) -> tuple[SigningKey, x509.Certificate, list[x509.Certificate]]:
    """Open a PKCS#12 file and check it: key, certificate, chain (all refused if unusable)."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        raise CertificateError(
            "The certificate passphrase is wrong, or the file is not a PKCS#12 certificate.",
            "Type the passphrase the certificate was exported with (.p12 or .pfx file).",
        ) from None
    if key is None or certificate is None:
        raise CertificateError(
            "The certificate file holds no private key.",
            "Export the certificate together with its private key (.p12 or .pfx).",
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CertificateError(
            "The certificate's key type is not supported for PDF signatures.",
            "Use an RSA or elliptic-curve (ECDSA) certificate.",
        )
    check_usable(certificate)
    return key, certificate, list(chain)


def create_test_certificate(
    common_name: str,
    organisation: str,
    days: int = 365,
    *,
    valid_from: datetime | None = None,
) -> tuple[bytes, bytes]:
    """A self-signed RSA-2048 signing certificate as (PKCS#12 bytes, random passphrase).

    Marked as a workstation test certificate (organisational unit); the signature stamp
    says so. ``valid_from`` (default: five minutes ago, for clock skew) exists for tests.
    """
    if days < 1:
        raise ValueError("a test certificate must be valid for at least one day")
    start = valid_from or clock.now() - timedelta(minutes=5)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TEST_CERTIFICATE_OU),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe(24).encode("ascii")
    data = pkcs12.serialize_key_and_certificates(
        b"SIRAT test certificate", key, certificate, None, BestAvailableEncryption(passphrase)
    )
    return data, passphrase
