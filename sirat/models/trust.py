"""Models of schema 7: signed approvals, their keys, and where imported reports came from."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import ReportId, UserId
from sirat.models.base import Base


class ApprovalKey(Base):
    """A supervisor's public approval key (the private key is derived, never stored)."""

    __tablename__ = "approval_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_approval_keys_user_id", "user_id"),)


class ReportApproval(Base):
    """One signed approval of one version of a report."""

    __tablename__ = "report_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str] = mapped_column(Text)
    approver_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    approved_at: Mapped[str] = mapped_column(Text)
    key_id: Mapped[int] = mapped_column(Integer, ForeignKey("approval_keys.id"))
    signature: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_report_approvals_report_id", "report_id", "version"),)


class ReportProvenance(Base):
    """What an imported report said about itself at its source (shown, never trusted)."""

    __tablename__ = "report_provenance"

    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    source_vault: Mapped[str] = mapped_column(Text, default="")
    source_reference: Mapped[str] = mapped_column(Text, default="")
    source_status: Mapped[str] = mapped_column(Text, default="")
    source_author: Mapped[str] = mapped_column(Text, default="")
    source_approver: Mapped[str] = mapped_column(Text, default="")
    source_created_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_updated_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_submitted_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_approved_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_disseminated_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[str] = mapped_column(Text)
