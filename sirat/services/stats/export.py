"""The statistics of an analytical product for one export (called by dissemination)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.vocab import ReportId
from sirat.export.stats_types import StatisticsRelease
from sirat.models import CrimeArea
from sirat.models.analysis import AnalysisProduct
from sirat.services.stats.product import info_of
from sirat.services.stats.release import build_release
from sirat.services.stats.settings import threshold_in


def statistics_for(s: Session, report_id: ReportId,
                   recipient_kind: str) -> StatisticsRelease | None:
    """What ``recipient_kind`` may read of the product's figures; None: not a product."""
    row = s.get(AnalysisProduct, report_id)
    if row is None:
        return None
    names = {c.code: c.name for c in s.scalars(select(CrimeArea))}
    return build_release(info_of(row), recipient_kind, threshold_in(s), names)
