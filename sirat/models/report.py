"""Reports, their saved versions and the per-year reference counter."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import STATUSES, ReportId, UserId
from sirat.models.base import Base


class Report(Base):
    """One intelligence report. List/sort/filter columns are indexed (100,000-row lists)."""

    __tablename__ = "reports"

    id: Mapped[ReportId] = mapped_column(Integer, primary_key=True)
    #: Stable id across vaults (interchange); a UUID in hex.
    uid: Mapped[str] = mapped_column(Text, unique=True)
    reference: Mapped[str] = mapped_column(Text, unique=True)
    ref_year: Mapped[int] = mapped_column(Integer)
    ref_seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    crime_area: Mapped[str] = mapped_column(Text, ForeignKey("ref_crime_areas.code"))
    report_date: Mapped[str] = mapped_column(Text)  # ISO yyyy-mm-dd
    info_date_text: Mapped[str] = mapped_column(Text, default="")  # as the analyst typed it
    info_date_earliest: Mapped[str | None] = mapped_column(Text, nullable=True)
    info_date_latest: Mapped[str | None] = mapped_column(Text, nullable=True)
    places: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    reporting_country: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(Text, default="")
    operation: Mapped[str] = mapped_column(Text, default="")
    grading_scheme: Mapped[str] = mapped_column(Text, ForeignKey("ref_grading_schemes.code"))
    source_reliability: Mapped[str] = mapped_column(Text)
    information_accuracy: Mapped[str] = mapped_column(Text)
    handling_codes: Mapped[str] = mapped_column(Text, default="")  # "H0,H2" sorted
    h3_text: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(Text, ForeignKey("ref_classifications.code"))
    summary: Mapped[str] = mapped_column(Text, default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    analyst_comment: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    status: Mapped[str] = mapped_column(Text, default="draft")
    author_id: Mapped[UserId] = mapped_column(Integer, ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Life cycle, written by sirat.services.workflow.review.
    submitted_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    approved_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    approved_by: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id"), nullable=True
    )
    disseminated_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    returned_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    returned_by: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id"), nullable=True
    )
    return_comment: Mapped[str] = mapped_column(Text, default="")
    # Provider's permission to disseminate H2 material.
    h2_permission_note: Mapped[str] = mapped_column(Text, default="")
    h2_permission_recorded_by: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id"), nullable=True
    )
    h2_permission_recorded_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Reports imported from another vault keep who wrote and approved them there.
    origin_author: Mapped[str] = mapped_column(Text, default="")
    origin_approver: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        UniqueConstraint("ref_year", "ref_seq", name="uq_reports_ref_year_ref_seq"),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status"),
        Index("ix_reports_created_at", "created_at"),
        Index("ix_reports_updated_at", "updated_at"),
        Index("ix_reports_report_date", "report_date"),
        Index("ix_reports_info_date", "info_date_earliest", "info_date_latest"),
        Index("ix_reports_crime_area", "crime_area", "updated_at"),
        Index("ix_reports_status", "status", "updated_at"),
        Index("ix_reports_country", "reporting_country", "updated_at"),
        Index("ix_reports_grading", "source_reliability", "information_accuracy"),
        Index("ix_reports_author", "author_id", "status"),
        Index("ix_reports_title", "title"),
        # Schema 9: statistics count from this covering index alone.
        Index("ix_reports_stats", "status", "crime_area", "reporting_country", "operation",
              "info_date_earliest", "info_date_latest", "report_date", "places"),
        # Schema 12: one per sort column of the list, which orders by (column, id).
        Index("ix_reports_sort_crime_area", "crime_area"),
        Index("ix_reports_sort_status", "status"),
        Index("ix_reports_sort_country", "reporting_country"),
        Index("ix_reports_sort_classification", "classification"),
        Index("ix_reports_sort_handling", "handling_codes"),
        Index("ix_reports_sort_info_date", "info_date_earliest"),
    )


class ReportVersion(Base):
    """A full snapshot (JSON) of every saved state of a report."""

    __tablename__ = "report_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    saved_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    saved_at: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("report_id", "version", name="uq_report_versions_report_id_version"),
    )


class ReportCounter(Base):
    """Last sequence number used per year for references (never reused, even after delete)."""

    __tablename__ = "report_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<ReportCounter year={self.year}>"
