"""Views and exports of the timeline and the map in the audit trail (real encrypted vault):
one record per look or export, with the filters as codes and counts -- never typed text."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sirat.models import AuditRecord
from sirat.services.charts import map as map_data
from sirat.services.charts import timeline
from sirat.services.charts.views_audit import filter_details, record_export
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault


def _records(vault: Vault, after: int) -> list[tuple[str, str, int | None, dict[str, object]]]:
    with vault.session() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.id > after)
                         .order_by(AuditRecord.id))
        return [(r.action, r.object_type, r.actor_id, json.loads(r.details)) for r in rows]


def _head(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.scalar(select(AuditRecord.id).order_by(AuditRecord.id.desc())) or 0)


def test_opening_the_timeline_is_recorded_with_its_filters(ana: Vault) -> None:
    last = _head(ana)
    filters = ReportFilters(crime_areas=frozenset({"anti_fraud"}), countries=frozenset({"BG"}),
                            info_from="2025-01-01")
    data = timeline.load(ana, filters, axis="report")
    [(action, kind, actor, details)] = _records(ana, last)
    assert (action, kind, actor) == ("timeline.view", "timeline", ana.info.user_id)
    assert details == {"crime_areas": ["anti_fraud"], "countries": ["BG"],
                       "info_from": "2025-01-01", "axis": "report",
                       "items": len(data.items), "undated": data.undated}


def test_opening_the_map_is_recorded(ana: Vault) -> None:
    last = _head(ana)
    data = map_data.load(ana, ReportFilters(statuses=frozenset({"draft"})))
    [(action, kind, _actor, details)] = _records(ana, last)
    assert (action, kind) == ("map.view", "map")
    assert details == {"statuses": ["draft"], "places": len(data.points),
                       "not_placed": len(data.unplaced)}


def test_bins_and_unrecorded_loads_write_nothing(ana: Vault) -> None:
    last = _head(ana)
    timeline.histogram(ana, None, unit="year")  # zooming out is not a new look
    timeline.load(ana, record=False)
    map_data.load(ana, record=False)
    assert _records(ana, last) == []


def test_exports_are_recorded_after_the_file(ana: Vault) -> None:
    last = _head(ana)
    record_export(ana, "timeline", fmt="svg", observer=True, filters=None, items=3)
    record_export(ana, "map", fmt="pdf", observer=False, filters=None,
                  recipient_kind="member-state", places=2)
    assert [(a, d) for a, _k, _u, d in _records(ana, last)] == [
        ("timeline.export", {"format": "svg", "observer": True, "items": 3}),
        ("map.export", {"format": "pdf", "observer": False, "recipient_kind": "member-state",
                        "places": 2}),
    ]
    with pytest.raises(ValueError, match="unknown"):
        record_export(ana, "timeline", fmt="docx", observer=False, filters=None)


def test_typed_text_is_never_recorded() -> None:
    """The words box and a reference prefix are what a person typed: counts only."""
    typed = ReportFilters(reference_prefix="0881-234567", ids=frozenset({4, 7, 9}),
                          author_id=3, returned=True)
    details = filter_details(typed)
    assert details == {"reference_chars": 11, "words_matched": 3, "author_user_id": 3,
                       "returned": True}
    assert "0881" not in json.dumps(details)
    assert filter_details(None) == {} == filter_details(ReportFilters())
