"""Sign a dissemination PDF (PAdES, pyHanko) with a certificate from a PKCS#12 file.

:func:`load_pkcs12` opens and checks the certificate (a wrong passphrase, a missing key
or an expired certificate is refused before anything is written) and keeps the parsed
key, so a workstation signs many exports quickly. :func:`sign_pdf` appends one signed
revision with a visible stamp in the reserved box of the last page; a test certificate's
stamp says "TEST CERTIFICATE - NOT FOR OPERATIONAL USE".

pyHanko is imported on first use only (~400 ms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from sirat.export.certs import (
    CertificateInfo,
    check_usable,
    create_test_certificate,
    describe,
    load_key_and_certificate,
    quiet_pyhanko,
)
from sirat.export.errors import CertificateError, SigningError
from sirat.export.pdf_style import SIGNATURE_BOX
from sirat.export.types import SignerInfo

__all__ = [
    "CertificateError",
    "LoadedSigner",
    "SigningError",
    "create_test_certificate",
    "load_pkcs12",
    "sign_pdf",
]

# Room for the CMS object beyond the certificates: signature value (512 bytes for
# RSA-4096), signed attributes (PAdES signing-certificate-v2, digest, content type) and
# a wide margin. pyHanko counts hex digits: two per byte.
_CMS_OVERHEAD = 4096


@dataclass(frozen=True, slots=True)
class LoadedSigner:
    """A checked certificate with its parsed private key, ready to sign many PDFs.

    Its repr shows no name (the certificate subject is a person's name).
    """

    info: CertificateInfo = field(repr=False)
    certificate_der: bytes = field(repr=False)
    bytes_reserved: int
    backend: Any = field(repr=False, compare=False)

    @property
    def common_name(self) -> str:
        return self.info.common_name

    @property
    def test_certificate(self) -> bool:
        return self.info.test_certificate

    def signer_info(self, role: str = "") -> SignerInfo:
        """What the PDF's signature block prints for this certificate."""
        return SignerInfo(
            name=self.info.common_name,
            organisation=self.info.organisation,
            role=role,
            test_certificate=self.info.test_certificate,
        )


def load_pkcs12(data: bytes, passphrase: bytes) -> LoadedSigner:
    """Open a PKCS#12 certificate; ``CertificateError`` if it cannot sign right now."""
    key, certificate, chain = load_key_and_certificate(data, passphrase)
    quiet_pyhanko()
    from sirat.export.sign_backend import make_signer

    certificates = [certificate, *chain]
    size = sum(len(c.public_bytes(Encoding.DER)) for c in certificates)
    return LoadedSigner(
        info=describe(certificate),
        certificate_der=certificate.public_bytes(Encoding.DER),
        bytes_reserved=2 * (_CMS_OVERHEAD + size),
        backend=make_signer(key, certificate, chain),
    )


def sign_pdf(
    pdf: bytes,
    signer: LoadedSigner,
    *,
    box: tuple[float, float, float, float] = SIGNATURE_BOX,
    test_certificate: bool = False,
    now: datetime | None = None,
) -> bytes:
    """Return ``pdf`` with a PAdES signature appended; the stamp goes in ``box``, last page.

    ``test_certificate`` forces the test label; a SIRAT test certificate always gets it.
    """
    from cryptography import x509

    check_usable(x509.load_der_x509_certificate(signer.certificate_der), now)
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError as PyHankoSigningError

    from sirat.export.sign_backend import sign

    try:
        return sign(
            pdf,
            signer.backend,
            common_name=signer.common_name,
            box=box,
            test_certificate=test_certificate or signer.test_certificate,
            bytes_reserved=signer.bytes_reserved,
        )
    except (PdfError, PyHankoSigningError) as error:
        raise SigningError(
            f"The PDF could not be signed ({type(error).__name__}).",
            "Export the report again; if it keeps failing, report it as a bug.",
        ) from error
