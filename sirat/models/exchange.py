"""Models of schema 11: workstation keys, pinned partners, packages sent and received, and
spreadsheet mappings saved by name."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import ReportId
from sirat.models.base import Base


class WorkstationKeys(Base):
    """This vault's exchange key pair (one row; the private parts never leave the vault)."""

    __tablename__ = "workstation_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signing_private: Mapped[bytes] = mapped_column(LargeBinary)
    signing_public: Mapped[bytes] = mapped_column(LargeBinary)
    age_identity: Mapped[str] = mapped_column(Text)
    age_recipient: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


class ExchangePartner(Base):
    """A partner workstation an administrator pinned after comparing its fingerprint."""

    __tablename__ = "exchange_partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    signing_public: Mapped[bytes] = mapped_column(LargeBinary)
    age_recipient: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(Text)
    pinned_at: Mapped[str] = mapped_column(Text)
    pinned_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    removed_at: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_exchange_partners_fingerprint", "fingerprint", unique=True),
        Index("ix_exchange_partners_name", "name", unique=True),
    )


class ExchangePartnerCertificate(Base):
    """A pinned partner's signing certificate: the trust anchor for the PDFs it signs."""

    __tablename__ = "exchange_partner_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(Integer, ForeignKey("exchange_partners.id"))
    sha256: Mapped[str] = mapped_column(Text)
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(Text)
    not_after: Mapped[str] = mapped_column(Text)
    pinned_at: Mapped[str] = mapped_column(Text)
    pinned_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    removed_at: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_exchange_partner_certificates_sha256", "partner_id", "sha256", unique=True),
    )


class ExchangeSent(Base):
    """One package sent to one partner, with that partner's sequence number."""

    __tablename__ = "exchange_sent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(Text)
    partner_id: Mapped[int] = mapped_column(Integer, ForeignKey("exchange_partners.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_exchange_sent_sequence", "partner_id", "sequence", unique=True),
    )


class ExchangeReceived(Base):
    """One package imported (its id makes a second import a no-op)."""

    __tablename__ = "exchange_received"

    package_id: Mapped[str] = mapped_column(Text, primary_key=True)
    partner_id: Mapped[int] = mapped_column(Integer, ForeignKey("exchange_partners.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    manifest_digest: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(Text)
    release_kind: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(Text)
    received_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_exchange_received_sequence", "partner_id", "sequence", unique=True),
    )


class ExchangeReceivedReport(Base):
    """Which package a received report came in."""

    __tablename__ = "exchange_received_reports"

    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    package_id: Mapped[str] = mapped_column(Text, ForeignKey("exchange_received.package_id"))


class SheetMapping(Base):
    """A spreadsheet column mapping saved by name: header text -> target field (JSON)."""

    __tablename__ = "sheet_mappings"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    columns: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
