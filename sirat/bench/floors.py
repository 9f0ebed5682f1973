"""Floors for export: a bare reportlab document and a bare pyHanko signature and validation.

The document has the size of the bench's 2-page report in reportlab's built-in Helvetica.
The signer holds an already loaded private key (pyHanko's ``SimpleSigner`` re-parses its key
on every signature) and reserves the signature's bytes (otherwise ``sign_pdf`` signs twice to
size it) -- what a signature costs when nothing is wasted.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import NameOID

from sirat import clock

BYTES_RESERVED = 16_384


def two_page_text(paragraphs: int = 22, words: int = 70) -> list[str]:
    """Deterministic text for about two A4 pages (Latin only: the floor uses Helvetica)."""
    vocabulary = (
        "shipment", "container", "border", "crossing", "vehicle", "registered", "owner",
        "driver", "suspect", "route", "port", "vessel", "cargo", "declared", "customs",
        "cigarettes", "warehouse", "transfer", "account", "payment", "network", "contact",
        "meeting", "telephone", "observed", "reported", "partner", "agency", "operation",
    )
    out = []
    for p in range(paragraphs):
        out.append(" ".join(vocabulary[(p * 7 + w * 3) % len(vocabulary)] for w in range(words)))
    return out


def bare_reportlab_pdf(paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4)
    doc.build([Paragraph(p, styles["BodyText"]) for p in paragraphs])
    return out.getvalue()


def self_signed(kind: str = "rsa") -> tuple[Any, x509.Certificate]:
    """A throwaway key and certificate for the floor signature (RSA-2048 or P-256)."""
    key: Any = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if kind == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SIRAT bench floor")])
    now = clock.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def loaded_key_signer(key: Any, cert: x509.Certificate) -> Any:
    """A pyHanko signer that signs with an already loaded key object."""
    from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    a_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )

    class LoadedKeySigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            hash_algo = getattr(hashes, digest_algorithm.upper().replace("-", "_"))()
            if isinstance(key, rsa.RSAPrivateKey):
                return bytes(key.sign(data, PKCS1v15(), hash_algo))
            return bytes(key.sign(data, ec.ECDSA(hash_algo)))

    return LoadedKeySigner(
        signing_cert=a_cert,
        signing_key=a_key,
        cert_registry=SimpleCertificateStore.from_certs([a_cert]),  # type: ignore[no-untyped-call]
    )


def bare_sign(pdf: bytes, signer: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name="Signature")
    out = signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=BYTES_RESERVED)
    return bytes(out.getvalue())


def bare_verify(pdf: bytes, cert: x509.Certificate) -> bool:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trust = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(BytesIO(pdf))
    sig = reader.embedded_signatures[0]
    context = ValidationContext(trust_roots=[trust], allow_fetching=False)
    status = validate_pdf_signature(sig, context)
    return bool(status.intact and status.valid)
