"""Helpers for the workflow and audit tests: a report draft, reports in each status, raw SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, func, select, text

from sirat.models import AuditRecord
from sirat.services.audit import log as audit
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from sirat.vault.migrations.v003_workflow import STATEMENTS

DRAFT = ReportDraft(
    title="Cigarette consignment via Vidin",
    crime_area="anti_fraud",
    report_date="2026-03-14",
    reporting_country="BG",
    source_reliability="B",
    information_accuracy="2",
    classification="RESTRICTED",
    information_date="about 2026-03",
    places=("Vidin", "Calafat"),
    handling_codes=frozenset({"H0"}),
    summary="Two trucks crossed at night.",
    narrative="The quick brown fox jumps over the dog.",
)

HASHED = ("id", "at", "actor_id", "action", "object_type", "object_id", "details", "prev_hash")
GUARDS = ("audit_log_no_update", "audit_log_no_delete", "audit_log_append_only")


def draft(**changes: Any) -> ReportDraft:
    return replace(DRAFT, **changes)


def report_in(status: str, author: Vault, supervisor: Vault) -> int:
    """A new report by ``author`` brought to ``status`` by the life cycle itself."""
    rid = reports.create_report(author, draft()).id
    if status == "draft":
        return rid
    workflow.submit(author, rid)
    if status == "submitted":
        return rid
    workflow.approve(supervisor, rid)
    if status == "approved":
        return rid
    workflow.mark_disseminated(author, rid, "RS", "export-1")
    assert status == "disseminated"
    return rid


def status_of(vault: Vault, report_id: int) -> str:
    return reports.get_report(vault, report_id, record_view=False).status


def audit_count(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.execute(select(func.count()).select_from(AuditRecord)).scalar_one())


def last_record(vault: Vault) -> AuditRecord:
    with vault.session() as s:
        rec = s.execute(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).scalar_one()
        s.expunge(rec)
        return rec


def add_records(vault: Vault, n: int) -> None:
    with vault.session(write=True) as s:
        for i in range(n):
            audit.record(s, actor_id=vault.info.user_id, action="test.event",
                         object_type="test", object_id=i, details={"n": i})


@contextmanager
def attacker(vault: Vault) -> Iterator[Connection]:
    """Raw SQL through the vault's engine, as someone holding the key would run it: the
    append-only triggers are dropped first (and put back afterwards, as a forger would)."""
    with vault.engine.begin() as conn:
        for name in GUARDS:
            conn.execute(text(f"DROP TRIGGER {name}"))
        yield conn
        for sql in STATEMENTS:
            if "CREATE TRIGGER" in sql:
                conn.execute(text(sql))


def tamper(vault: Vault, *statements: str, **params: Any) -> None:
    with attacker(vault) as conn:
        for sql in statements:
            conn.execute(text(sql), params)


def rows(vault: Vault) -> list[dict[str, Any]]:
    with vault.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM audit_log ORDER BY id"))]


def forge(fields: dict[str, Any]) -> dict[str, Any]:
    """A record with a correct hash for its fields."""
    return {**fields, "hash": audit.chain_hash(**fields)}


def rechain(vault: Vault, start: int) -> None:
    """Recompute every hash from record ``start`` on, as a careful forger would."""
    all_rows = rows(vault)
    prev = next((r["hash"] for r in all_rows if r["id"] == start - 1), audit.GENESIS)
    with attacker(vault) as conn:
        for r in all_rows:
            if r["id"] < start:
                continue
            fields = {k: r[k] for k in HASHED}
            fields["prev_hash"] = prev
            prev = audit.chain_hash(**fields)
            conn.execute(text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"),
                         {"p": fields["prev_hash"], "h": prev, "i": r["id"]})
