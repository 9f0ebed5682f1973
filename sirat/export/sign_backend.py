"""pyHanko side of signing (imports pyHanko: ~400 ms; loaded by :mod:`sirat.export.sign`).

Two speed-ups measured in FACTS.md: pyHanko's ``SimpleSigner`` re-parses the private
key for every signature (~36 ms), so :class:`CachedKeySigner` keeps the parsed key; and
``sign_pdf`` signs twice to size the signature unless ``bytes_reserved`` is given.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from anyascii import anyascii
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FIELD_NAME = "SIRAT-Signature"
TEST_LABEL = "TEST CERTIFICATE - NOT FOR OPERATIONAL USE"


class CachedKeySigner(signers.SimpleSigner):
    """``SimpleSigner`` that signs with an already parsed ``cryptography`` key."""

    def __init__(self, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, **kwargs: Any):
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algo))
        return bytes(super().sign_raw(data, digest_algorithm))


def make_signer(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
) -> CachedKeySigner:
    """A pyHanko signer for ``key``/``certificate``, its chain registered for embedding."""
    store = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    for extra in chain:
        store.register(translate_pyca_cryptography_cert_to_asn1(extra))
    return CachedKeySigner(
        key,
        signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=store,
    )


def stamp_lines(common_name: str, *, test_certificate: bool) -> str:
    """Text of the visible signature (ASCII: pyHanko's built-in font is Courier)."""
    lines = [f"Digitally signed by {anyascii(common_name)}", "%(ts)s"]
    if test_certificate:
        lines.append(TEST_LABEL)
    return "\n".join(lines)


def sign(
    pdf: bytes,
    signer: CachedKeySigner,
    *,
    common_name: str,
    box: tuple[float, float, float, float],
    test_certificate: bool,
    bytes_reserved: int,
) -> bytes:
    """Append a PAdES signature with a visible stamp in ``box`` on the last page."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Dissemination of an intelligence report",
    )
    style = TextStampStyle(
        stamp_text=stamp_lines(common_name, test_certificate=test_certificate),
        timestamp_format="%Y-%m-%d %H:%M:%S UTC",
        text_box_style=TextBoxStyle(font_size=8),
        border_width=1,
        background=None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            FIELD_NAME, on_page=-1, box=(round(box[0]), round(box[1]), round(box[2]), round(box[3]))
        ),
    )
    out = BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=bytes_reserved)
    return out.getvalue()
