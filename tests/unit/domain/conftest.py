"""Helpers for the domain tests: a valid report draft, a full table dump."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import text

from sirat.services.report_types import ReportDraft
from sirat.vault import Vault

BASE_DRAFT = ReportDraft(
    title="Cigarette consignment via Vidin",
    crime_area="anti_fraud",
    report_date="2026-03-14",
    reporting_country="BG",
    source_reliability="B",
    information_accuracy="2",
    classification="RESTRICTED",
    information_date="about 2026-03",
    places=("Vidin", "Calafat"),
    agency="Border Police",
    operation="OP SMOKE",
    handling_codes=frozenset({"H0"}),
    summary="Two trucks.",
    narrative="Line one.\nLine two\twith a tab.",
    analyst_comment="Fits the pattern of 2025.",
    keywords=("cigarettes", "Danube"),
)


def draft(**changes: Any) -> ReportDraft:
    return replace(BASE_DRAFT, **changes)


@pytest.fixture
def make_draft() -> Any:
    return draft


def dump(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for "the vault is exactly as it was" checks."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with vault.session() as s:
        names = [r[0] for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))]
        for name in names:
            out[name] = [tuple(r) for r in s.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))]
    return out
