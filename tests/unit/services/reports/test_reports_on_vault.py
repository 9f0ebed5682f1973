"""Reports on a real vault: references, versions, permissions, deletion, validation."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.models import AuditRecord, Report
from sirat.services.reports import records as reports
from sirat.services.reports.query import count_reports, list_reports
from sirat.services.reports.types import ReportFilters
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import draft, dump


def _actions(vault: Vault) -> list[str]:
    with vault.session() as s:
        return list(s.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_create_assigns_reference_and_keeps_every_field(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    assert view.reference.startswith("SIRAT-20")
    assert view.reference.endswith("-000001")
    assert view.status == "draft"
    assert view.version == 1
    assert view.author_name == "Ana Analyst"
    assert view.draft == draft(report_date="2026-03-14")
    assert (view.information_date_earliest, view.information_date_latest) == (
        "2026-02-01", "2026-04-30")
    second = reports.create_report(analyst_vault, draft(title="Second"))
    assert second.reference.endswith("-000002")
    assert "report.create" in _actions(analyst_vault)


def test_day_first_report_date_is_stored_as_iso(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft(report_date="14.03.2026"))
    assert view.draft.report_date == "2026-03-14"


def test_update_keeps_previous_versions(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    reports.update_report(analyst_vault, view.id, draft(title="Changed"))
    third = reports.update_report(analyst_vault, view.id, draft(title="Changed again"),
                                  expected_version=2)
    assert third.version == 3
    history = reports.report_history(analyst_vault, view.id)
    assert [h.version for h in history] == [1, 2, 3]
    assert [h.snapshot["title"] for h in history] == [
        "Cigarette consignment via Vidin", "Changed", "Changed again"]
    assert history[0].saved_by_name == "Ana Analyst"


def test_saving_unchanged_draft_adds_no_version(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    again = reports.update_report(analyst_vault, view.id, view.draft)
    assert again.version == 1


def test_stale_version_is_a_conflict(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    reports.update_report(analyst_vault, view.id, draft(title="New"))
    with pytest.raises(Conflict):
        reports.update_report(analyst_vault, view.id, draft(title="Mine"), expected_version=1)


def test_only_author_edits_and_deletes_a_draft(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    view = reports.create_report(ana, draft())
    ana.lock()
    bora = open_as(vault_path, "bora")
    with pytest.raises(PermissionDenied):
        reports.update_report(bora, view.id, draft(title="Not mine"))
    with pytest.raises(PermissionDenied, match="Only the author"):
        reports.delete_report(bora, view.id)
    bora.lock()
    ana = open_as(vault_path, "ana")
    reports.delete_report(ana, view.id)
    with pytest.raises(NotFound):
        reports.get_report(ana, view.id)
    with ana.session() as s:
        rec = s.scalars(select(AuditRecord).where(AuditRecord.action == "report.delete")).one()
        assert rec.object_id == str(view.id)
        assert rec.details == "{}"
    ana.lock()


def test_disseminated_report_cannot_be_deleted(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    with analyst_vault.session(write=True) as s:
        row = s.get(Report, view.id)
        assert row is not None
        row.status = "disseminated"
    with pytest.raises(Conflict, match="disseminated"):
        reports.delete_report(analyst_vault, view.id)
    with pytest.raises(Conflict):
        reports.update_report(analyst_vault, view.id, draft(title="x"))


def test_get_report_records_a_consultation(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    reports.get_report(analyst_vault, view.id)
    assert _actions(analyst_vault)[-1] == "report.view"


def test_every_problem_reported_at_once_and_nothing_written(analyst_vault: Vault) -> None:
    before = dump(analyst_vault)
    bad = draft(title="", crime_area="piracy", report_date="2026-13-40",
                source_reliability="Z", information_accuracy="7", classification="TOP",
                handling_codes=frozenset({"H3", "H9"}), h3_text="",
                summary="bell\x07", reporting_country="XX", information_date="2026-02-30")
    with pytest.raises(ValidationError) as err:
        reports.create_report(analyst_vault, bad)
    fields = {p.field for p in err.value.problems}
    assert fields == {"title", "crime_area", "report_date", "source_reliability",
                      "information_accuracy", "classification", "handling_codes", "h3_text",
                      "summary", "reporting_country", "information_date"}
    assert dump(analyst_vault) == before


def test_ten_megabyte_narrative_is_refused(analyst_vault: Vault) -> None:
    before = dump(analyst_vault)
    with pytest.raises(ValidationError, match="narrative") as err:
        reports.create_report(analyst_vault, draft(narrative="x" * 10_000_000))
    assert "too long" in err.value.problems[0].message
    assert dump(analyst_vault) == before


def test_title_must_be_one_line(analyst_vault: Vault) -> None:
    with pytest.raises(ValidationError, match="single line"):
        reports.create_report(analyst_vault, draft(title="two\nlines"))


def test_h2_permission_is_recorded(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft(handling_codes=frozenset({"H2"})))
    with pytest.raises(ValidationError):
        reports.record_h2_permission(analyst_vault, view.id, "  ")
    after = reports.record_h2_permission(analyst_vault, view.id, "Provider agreed by phone")
    assert after.h2_permission_note == "Provider agreed by phone"
    assert after.h2_permission_recorded_by == analyst_vault.info.user_id


def test_find_report_id_by_reference(analyst_vault: Vault) -> None:
    view = reports.create_report(analyst_vault, draft())
    assert reports.find_report_id(analyst_vault, view.reference.lower()) == view.id
    assert reports.find_report_id(analyst_vault, str(view.id)) == view.id
    with pytest.raises(NotFound):
        reports.find_report_id(analyst_vault, "SIRAT-1999-000001")


def test_concurrent_creation_never_shares_or_skips_a_number(vault_path: Path) -> None:
    vaults = [open_as(vault_path, "ana") for _ in range(3)]
    errors: list[BaseException] = []

    def work(v: Vault) -> None:
        try:
            for _ in range(5):
                reports.create_report(v, draft())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(v,)) for v in vaults]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = list_reports(vaults[0], sort_key="reference", descending=False)
    assert [int(r.reference[-6:]) for r in rows] == list(range(1, 16))
    for v in vaults:
        v.lock()


def test_list_filters_sorts_and_pages_in_sql(analyst_vault: Vault) -> None:
    reports.create_report(analyst_vault, draft(crime_area="drugs", report_date="2026-01-05",
                                               reporting_country="RS"))
    reports.create_report(analyst_vault, draft(report_date="2026-02-01",
                                               source_reliability="A"))
    reports.create_report(analyst_vault, draft(report_date="2026-03-01",
                                               information_date="2024"))
    assert count_reports(analyst_vault) == 3
    drugs = ReportFilters(crime_areas=frozenset({"drugs"}))
    assert [r.crime_area for r in list_reports(analyst_vault, drugs)] == ["drugs"]
    assert count_reports(analyst_vault, ReportFilters(countries=frozenset({"BG"}))) == 2
    by_date = list_reports(analyst_vault, sort_key="report_date", descending=False)
    assert [r.report_date for r in by_date] == ["2026-01-05", "2026-02-01", "2026-03-01"]
    page = list_reports(analyst_vault, sort_key="report_date", descending=True, offset=1,
                        limit=1)
    assert [r.report_date for r in page] == ["2026-02-01"]
    ranged = ReportFilters(date_from="2026-01-31", date_to="2026-02-28")
    assert [r.report_date for r in list_reports(analyst_vault, ranged)] == ["2026-02-01"]
    info = ReportFilters(info_from="2024-06-01", info_to="2024-06-30")
    assert [r.information_date for r in list_reports(analyst_vault, info)] == ["2024"]
    graded = ReportFilters(source_reliability=frozenset({"A"}))
    assert count_reports(analyst_vault, graded) == 1
    drafts = ReportFilters(statuses=frozenset({"draft"}))
    assert count_reports(analyst_vault, drafts) == 3
    with pytest.raises(ValidationError):
        list_reports(analyst_vault, sort_key="colour")
