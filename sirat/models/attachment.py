"""Evidence files attached to a report or an entity (schema 10).

The row is the file's metadata and key; the content is an encrypted file in the vault
folder (``sirat.vault.blobs``). See docs/attachments.md.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import AttachmentId, EntityId, ReportId
from sirat.models.base import Base


class Attachment(Base):
    """One attached file: where its ciphertext is, its wrapped key, digest and thumbnail."""

    __tablename__ = "attachments"

    id: Mapped[AttachmentId] = mapped_column(Integer, primary_key=True)
    #: Random file name under ``attachments/`` (never derived from the content).
    blob: Mapped[str] = mapped_column(Text, unique=True)
    report_id: Mapped[ReportId | None] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=True
    )
    entity_id: Mapped[EntityId | None] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=True
    )
    media_type: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(Text)
    #: The file's age identity, AES-256-GCM under a key derived from the data key.
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        CheckConstraint("(report_id IS NULL) <> (entity_id IS NULL)", name="owner"),
        Index("ix_attachments_report_id", "report_id"),
        Index("ix_attachments_entity_id", "entity_id"),
    )
