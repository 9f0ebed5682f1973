"""Models of schema 3: the comment thread on a report and audit checkpoint signing keys."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import CommentId, ReportId, UserId
from sirat.models.base import Base

#: ``comment``: a remark anyone reviewing or writing the report adds; ``return``: the reason a
#: supervisor gives when sending a report back to draft; ``approval``: an approver's remark.
COMMENT_KINDS = ("comment", "return", "approval")


class ReportComment(Base):
    __tablename__ = "report_comments"

    id: Mapped[CommentId] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE")
    )
    author_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, default="comment")
    #: The version of the report the comment was written about.
    report_version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            f"kind IN ({', '.join(repr(k) for k in COMMENT_KINDS)})", name="kind"
        ),
        Index("ix_report_comments_report_id", "report_id", "id"),
    )


class AuditSigningKey(Base):
    """An administrator's public checkpoint-signing key (the private key is never stored)."""

    __tablename__ = "audit_signing_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[str] = mapped_column(Text)
