"""Expected errors of the export layer: safe to show, each with how to fix it.

Messages never carry personal data: they name references, codes and recipients only.
``ExportPolicyError`` is the project-wide one from :mod:`sirat.errors`, re-exported.
"""

from __future__ import annotations

from sirat.errors import ExportPolicyError, SiratError

__all__ = ["CertificateError", "ExportPolicyError", "SigningError"]


class CertificateError(SiratError):
    """The signing certificate cannot be used (wrong passphrase, expired, unusable key)."""


class SigningError(SiratError):
    """Signing the PDF failed for a reason other than the certificate itself."""
