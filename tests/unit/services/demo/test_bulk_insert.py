"""Bulk inserts as tuples store exactly what Core's dict inserts stored (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, insert

from sirat.models import Base
from sirat.services.access.session import create_vault
from sirat.services.demo import bulk
from sirat.services.demo.generate import generate
from sirat.vault.crypto import KDF_FLOOR
from tests.unit.services.search.search_helpers import dump, fts_terms


def _core(session: Any, table: Table, rows: Any) -> None:
    session.execute(insert(table), list(rows))


def _generated(path: Path) -> tuple[dict[str, Any], list[Any], list[Any]]:
    v = create_vault(path, "ada", "bulk test passphrase", display_name="Ada", kdf=KDF_FLOOR)
    generate(v, reports=120, seed=5)
    out = dump(v), fts_terms(v, "search_reports"), fts_terms(v, "search_entities")
    v.lock()
    return out


def test_a_generated_vault_is_the_same_written_as_tuples_or_through_core(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tuples = _generated(tmp_path / "tuples")
    monkeypatch.setattr(bulk, "insert_rows", _core)
    core = _generated(tmp_path / "core")
    for name in ("vault_meta", "users", "ref_crime_areas"):
        tuples[0].pop(name, None)  # ids, keys and times of the vault itself differ
        core[0].pop(name, None)
    volatile = {"report_versions", "reports", "report_counters"}
    assert set(tuples[0]) == set(core[0])
    for table in sorted(set(tuples[0]) - volatile):
        assert tuples[0][table] == core[0][table], table
    for table in sorted(volatile & set(tuples[0])):
        assert len(tuples[0][table]) == len(core[0][table]), table
    assert tuples[1] == core[1]
    assert tuples[2] == core[2]


def test_rows_in_another_key_order_or_with_other_keys_are_stored_as_core_would(
        tmp_path: Path) -> None:
    v = create_vault(tmp_path / "v", "ada", "bulk test passphrase", display_name="Ada",
                     kdf=KDF_FLOOR)
    table = Base.metadata.tables["vault_meta"]
    with v.session(write=True) as s:
        bulk.insert_rows(s, table, [{"key": "a.one", "value": "1"},
                                    {"key": "a.two", "value": "2"}])
        bulk.insert_rows(s, table, [{"key": "b.one", "value": "1"}, {"value": "x",
                                                                      "key": "b.two"}])
        bulk.insert_rows(s, table, [{"key": "c.one", "value": "1"},
                                    {"key": "c.two", "value": "2", "other": "z"}])
        bulk.insert_rows(s, table, [])
    with v.session() as s:
        from sqlalchemy import text

        rows = dict(s.execute(text("SELECT key, value FROM vault_meta WHERE key GLOB "
                                   "'[abc].*' ORDER BY key")).all())
    v.lock()
    assert rows["a.one"] == "1"
    assert rows["b.two"] == "x"
    assert rows["c.two"] == "2"  # an unknown key: Core ignores it, and so does the fallback
