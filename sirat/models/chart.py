"""Saved link charts (schema 6): a name, an optional report, the chart state as JSON."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import ChartId, ReportId
from sirat.models.base import Base


class Chart(Base):
    """One saved chart; ``state`` is a ``sirat.chart.store`` dict as JSON."""

    __tablename__ = "charts"

    id: Mapped[ChartId] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    report_id: Mapped[ReportId | None] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=True
    )
    state: Mapped[str] = mapped_column(Text)
    node_count: Mapped[int] = mapped_column(Integer)
    edge_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    updated_at: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_charts_report_id", "report_id", "updated_at"),
        Index("ix_charts_updated_at", "updated_at"),
    )
