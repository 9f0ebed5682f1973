"""Expected errors of the export layer: safe to show, each with how to fix it.

Messages never carry personal data: they name references, codes and recipients only.

``ExportError`` carries the same ``(message, hint)`` signature as the project-wide
``sirat.errors.SiratError``; it becomes a subclass of it once that module exists.
"""

from __future__ import annotations


class ExportError(Exception):
    """Base of every expected export failure: ``message`` to show, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ExportPolicyError(ExportError):
    """The report may not leave for this recipient (status, classification, handling)."""


class CertificateError(ExportError):
    """The signing certificate cannot be used (wrong passphrase, expired, unusable key)."""


class SigningError(ExportError):
    """Signing the PDF failed for a reason other than the certificate itself."""
