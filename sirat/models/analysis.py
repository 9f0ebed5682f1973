"""Model of schema 9: a report that is a periodic analytical product, with its figures."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import ReportId
from sirat.models.base import Base


class AnalysisProduct(Base):
    """The statistics part of an analytical product; the report row holds the text."""

    __tablename__ = "analysis_products"

    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    template: Mapped[str] = mapped_column(Text)
    period_start: Mapped[str] = mapped_column(Text)  # ISO, inclusive
    period_end: Mapped[str] = mapped_column(Text)
    crime_areas: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of codes
    parameters: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    figures: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    data_digest: Mapped[str] = mapped_column(Text)
    generated_at: Mapped[str] = mapped_column(Text)
    generated_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<AnalysisProduct report_id={self.report_id}>"
