"""Check a signed dissemination PDF: intact, valid, who signed, trusted, changed since.

pyHanko's overall verdict can read true while the signature does not cover the whole
file (FACTS.md), so coverage and modification level are reported separately: a file
with anything appended after the signature is *modified after signing*, whatever was
appended. A file that cannot be parsed is reported as not intact, never as an error.

pyHanko is imported on first use only (~400 ms).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from sirat.export.certs import TEST_CERTIFICATE_OU, quiet_pyhanko
from sirat.export.errors import CertificateError

logger = logging.getLogger(__name__)

_COVERAGE_WORDS = {
    "ENTIRE_FILE": "the entire file",
    "ENTIRE_REVISION": "the signed revision only; more was added after signing",
    "CONTIGUOUS_BLOCK_FROM_START": "a block at the start of the file only",
    "UNCLEAR": "an unclear part of the file",
}


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The verdict on one file, with sentences a user can read."""

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    modified_after_signing: bool
    signer_common_name: str | None
    signed_at: datetime | None
    coverage: str
    test_certificate: bool
    summary: tuple[str, ...]
    #: Whether trust anchors were given: then "valid" also needs a chain to one of them.
    anchors_given: bool = False

    @property
    def ok(self) -> bool:
        """Intact, valid, unchanged since signing and -- when anchors were given -- trusted.

        Without anchors nothing says who signed (anyone can make a certificate with any
        name): the file is intact, the signer unverified, and :meth:`headline` says so.
        """
        sound = self.signed and self.intact and self.valid and not self.modified_after_signing
        return sound and (self.trusted or not self.anchors_given)

    def headline(self, dash: str = ":") -> str:
        """The first line a user reads: the worst finding first; a TEST certificate always."""
        test = (" Signed with a TEST certificate: not for operational use."
                if self.test_certificate else "")
        if not self.signed:
            return f"NOT VERIFIED{dash} " + self.summary[0]
        if not self.intact:
            return f"NOT INTACT{dash} the signed content was changed after signing."
        if not self.valid:
            return f"NOT VALID{dash} the signature does not match its certificate."
        if self.modified_after_signing:
            return f"MODIFIED AFTER SIGNING{dash} content was added to the file after the " \
                   "signature."
        if self.anchors_given and not self.trusted:
            return (f"NOT TRUSTED{dash} the file is intact, but its signer's certificate is "
                    "not one you trust nor issued by one; a certificate can carry any name."
                    + test)
        if not self.anchors_given:
            return (f"INTACT, SIGNER NOT VERIFIED{dash} the file is exactly as signed, but no "
                    "trusted certificate was given to check who signed it (pass --trust "
                    "CERT)." + test)
        return f"INTACT, VALID AND TRUSTED{dash} the file is exactly as signed." + test


def _unreadable(reason: str) -> VerifyResult:
    return VerifyResult(
        signed=False,
        intact=False,
        valid=False,
        trusted=False,
        modified_after_signing=False,
        signer_common_name=None,
        signed_at=None,
        coverage="none",
        test_certificate=False,
        summary=(reason,),
    )


def _trust_roots(trusted_certs: Sequence[bytes]) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder_data

    roots: list[Any] = []
    for data in trusted_certs:
        try:
            found = list(load_certs_from_pemder_data(data))
        except Exception:  # untrusted input: whatever the parser raises, it is not a cert
            found = []
        if not found:
            raise CertificateError("A file given to trust is not a certificate (PEM or DER).",
                                   "Give the signer's or its issuer's certificate, e.g. "
                                   "from `sirat cert export`.")
        roots.extend(found)
    return roots


def _sentences(
    status: Any, name: str | None, modified: bool, is_test: bool, count: int
) -> list[str]:
    when = status.signer_reported_dt
    at = f" on {when:%Y-%m-%d %H:%M} UTC" if when else ""
    lines = [
        "The signed content is intact."
        if status.intact
        else "The signed content was changed: the file does not match its signature.",
        "The signature is cryptographically valid."
        if status.valid
        else "The signature is not valid.",
        f"Signed by {name or 'an unnamed signer'}{at}.",
        "The signer's certificate is trusted."
        if status.trusted
        else "The signer's certificate is not trusted (not issued by a trusted certificate).",
    ]
    if is_test:
        lines.append("Signed with a SIRAT TEST certificate: not for operational use.")
    if modified:
        level = status.modification_level
        what = level.name.lower().replace("_", " ") if level is not None else "unknown"
        lines.append(f"Content was added after signing (kind of change: {what}).")
    else:
        lines.append("Nothing was added after signing.")
    if count > 1:
        lines.append(f"The file carries {count} signatures; the first one is reported.")
    return lines


def verify_pdf(data: bytes, trusted_certs: Sequence[bytes] = ()) -> VerifyResult:
    """Verify the first signature of ``data``; ``trusted_certs`` are PEM/DER trust anchors."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    quiet_pyhanko()
    roots = _trust_roots(trusted_certs)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
        if not signatures:
            return _unreadable("The file carries no signature.")
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        # Either usage makes a signing certificate (many national CAs set only one).
        usage = KeyUsageConstraints(
            key_usage=frozenset({"digital_signature", "non_repudiation"}),
            match_all_key_usages=False,
        )
        status = validate_pdf_signature(
            signatures[0], signer_validation_context=context, key_usage_settings=usage
        )
    except Exception as error:  # untrusted input: any parse failure is a verdict, not a bug
        logger.info("signature verification failed to parse the file: %s", type(error).__name__)
        return _unreadable("The file is damaged or not a signed PDF: it cannot be verified.")
    coverage = status.coverage
    modified = coverage is not SignatureCoverageLevel.ENTIRE_FILE
    subject = status.signing_cert.subject.native
    name = subject.get("common_name")
    is_test = subject.get("organizational_unit_name") == TEST_CERTIFICATE_OU
    return VerifyResult(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        modified_after_signing=modified,
        signer_common_name=name,
        signed_at=status.signer_reported_dt,
        coverage=_COVERAGE_WORDS.get(coverage.name if coverage else "", "unknown"),
        test_certificate=is_test,
        summary=tuple(_sentences(status, name, modified, is_test, len(signatures))),
        anchors_given=bool(roots),
    )
