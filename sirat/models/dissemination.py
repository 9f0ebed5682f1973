"""Signing certificates and the dissemination register (schema 4).

A certificate row keeps the PKCS#12 file re-encrypted under its own passphrase (which is
never stored), so signing needs that passphrase although the vault is already encrypted:
see ``docs/dissemination.md``. The register keeps one row per exported file; it names the
report by reference (never reused) as well as by id, and has no foreign key to
``reports``, so the register outlives a report that is reopened and deleted.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import CertificateId, ExportId, ReportId, UserId
from sirat.models.base import Base


class SigningCertificate(Base):
    """A user's signing certificate: displayable facts plus the re-wrapped PKCS#12."""

    __tablename__ = "certificates"

    id: Mapped[CertificateId] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    common_name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(Text, unique=True)  # SHA-256, hex
    not_before: Mapped[str] = mapped_column(Text)  # ISO, UTC
    not_after: Mapped[str] = mapped_column(Text)
    test_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The certificate alone (public): trust anchor for verification, ``sirat cert export``.
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    #: PKCS#12 re-encrypted (PBES2, AES-256-CBC, PBKDF2-SHA256) under its passphrase.
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (Index("ix_certificates_owner_id", "owner_id", "active"),)


class DisseminationRecord(Base):
    """One exported file: which report version went to whom, its SHA-256, who signed."""

    __tablename__ = "dissemination_register"

    id: Mapped[ExportId] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[ReportId] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(Text)
    report_version: Mapped[int] = mapped_column(Integer)
    recipient_code: Mapped[str] = mapped_column(Text, ForeignKey("ref_recipients.code"))
    recipient_kind: Mapped[str] = mapped_column(Text)
    copy_number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    #: The canonical name (reference, recipient code, copy): never the path chosen.
    file_name: Mapped[str] = mapped_column(Text)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate_id: Mapped[CertificateId | None] = mapped_column(
        Integer, ForeignKey("certificates.id"), nullable=True
    )
    certificate_fingerprint: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(Text, default="")
    test_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    exported_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    exported_at: Mapped[str] = mapped_column(Text)
    #: JSON list of what an observer copy withheld and why (ids, kinds, references only).
    withheld: Mapped[str] = mapped_column(Text, default="[]")
    #: JSON list of the attachments printed in the annex, with their digests (schema 10).
    attachments: Mapped[str] = mapped_column(Text, default="[]")

    __table_args__ = (
        UniqueConstraint("reference", "copy_number", name="uq_dissemination_register_copy"),
        Index("ix_dissemination_register_report_id", "report_id", "id"),
        Index("ix_dissemination_register_exported_at", "exported_at"),
        Index("ix_dissemination_register_sha256", "sha256"),
    )
