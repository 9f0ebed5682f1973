"""Helpers of the search and resolution tests: drafts, persons, dumps, audit counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import text

from sirat.services.entities.checks import identifier_warnings
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, EntityView, IdentifierValue, NameForm
from sirat.services.reports.types import ReportDraft
from sirat.vault import Vault

BASE = ReportDraft(
    title="Cigarettes through Vidin",
    crime_area="anti_fraud",
    report_date="2026-03-14",
    reporting_country="BG",
    source_reliability="B",
    information_accuracy="2",
    classification="RESTRICTED",
    summary="Two trucks.",
    narrative="Nothing else.",
)

#: Tables whose content is the FTS5 index's own pages: compared logically (see fts_terms).
FTS_SHADOW_PREFIXES = ("search_reports", "search_entities")


def report(**changes: Any) -> ReportDraft:
    return replace(BASE, **changes)


def person(*names: str, dob: str = "", nationality: str = "", gender: str = "",
           ids: Sequence[IdentifierValue] = ()) -> EntityDraft:
    fields = {k: v for k, v in (("date_of_birth", dob), ("nationality", nationality),
                                ("gender", gender)) if v}
    return EntityDraft("person", names=tuple(NameForm(n, i > 0) for i, n in enumerate(names)),
                       fields=fields, identifiers=tuple(ids))


def add(vault: Vault, draft: EntityDraft) -> EntityView:
    """Create an entity, acknowledging any identifier warning (test data is odd on purpose)."""
    acks = [w.key for w in identifier_warnings(draft.identifiers)]
    return create_entity(vault, draft, acknowledged=acks)


def audit_actions(vault: Vault) -> list[tuple[str, str]]:
    with vault.session() as s:
        return [(str(a), str(d)) for a, d in s.execute(text(
            "SELECT action, details FROM audit_log ORDER BY id"))]


def dump(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ordinary table (the FTS5 shadow tables and the audit log apart)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with vault.session() as s:
        names = [str(r[0]) for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))]
        for name in names:
            if name == "audit_log" or name.startswith(FTS_SHADOW_PREFIXES):
                continue
            out[name] = [tuple(r) for r in s.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))]
    return out


def fts_terms(vault: Vault, table: str) -> list[tuple[Any, ...]]:
    """The logical content of an FTS5 index: every (term, row, column, position)."""
    with vault.session(write=True) as s:
        s.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} "
                       f"USING fts5vocab(main, {table}, instance)"))
        rows = [tuple(r) for r in s.execute(text(
            f"SELECT term, doc, col, offset FROM temp.v_{table} ORDER BY 1, 2, 3, 4"))]
        s.execute(text(f"DROP TABLE temp.v_{table}"))
    return rows
