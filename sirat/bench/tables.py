"""Database helpers for the baselines: the vault's schema on a plain SQLite file, the tables in
foreign-key order, and the rows of the bench vault as an import workload.

The schema comes from the vault's own migrations, so the plain-SQLite baseline stores exactly
the tables, indexes and triggers the encrypted vault does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from sirat.vault import engine as eng
from sirat.vault.migrations import all_migrations

BATCH = 5_000
# FTS5 keeps its index in shadow tables named after the virtual table.
_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


@dataclass(frozen=True)
class TableRows:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def insert_sql(self) -> str:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f'INSERT INTO "{self.name}" ({cols}) VALUES ({marks})'

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def pragmas(conn: Any) -> None:
    """The pragmas :func:`sirat.vault.engine.connect` sets, minus the key."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{eng.CACHE_KIB}")
    conn.execute("PRAGMA synchronous = FULL")


def open_plain(path: Path, *, same_engine: bool = False) -> Any:
    """A plain (unencrypted) connection: stdlib sqlite3, or sqlcipher3 without a key.

    sqlcipher3 without ``PRAGMA key`` is plain SQLite of the version SQLCipher bundles, which
    separates the cost of encryption from the difference between SQLite versions.
    """
    module: Any = sqlcipher3 if same_engine else sqlite3
    conn = module.connect(str(path), isolation_level=None, check_same_thread=False)
    pragmas(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


class _Lenient:
    """A connection that skips virtual tables an older SQLite cannot create.

    The stdlib's SQLite may predate FTS5 options the vault uses (``contentless_delete`` needs
    3.43). The search index is written by Python, not by the import, so the plain baseline
    does without it; every other statement must succeed.
    """

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.skipped: list[str] = []

    def execute(self, sql: str, *args: Any) -> Any:
        try:
            return self._conn.execute(sql, *args)
        except sqlite3.OperationalError:
            words = sql.split()
            if [w.upper() for w in words[:3]] != ["CREATE", "VIRTUAL", "TABLE"]:
                raise
            self.skipped.append(words[3])
            return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def apply_schema(conn: Any, *, lenient: bool = False) -> list[str]:
    """Run every migration on ``conn`` in one transaction, as the vault does. Returns the
    virtual tables skipped (``lenient``: see :class:`_Lenient`)."""
    target = _Lenient(conn) if lenient else conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in all_migrations():
            step.upgrade(target)
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return target.skipped if isinstance(target, _Lenient) else []


def create_encrypted(folder: Path, key: bytes) -> Path:
    """An empty vault database with the full schema (no key slots: raw key only)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "vault.db"
    eng.create_database(db, key)
    conn = eng.connect(db, key)
    try:
        apply_schema(conn)
    finally:
        conn.close()
    return db


def _shadow_tables(conn: Any) -> set[str]:
    virtual = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {v + s for v in virtual for s in _SHADOW_SUFFIXES} | set(virtual)


def table_order(conn: Any) -> list[str]:
    """Ordinary tables, each after the tables its foreign keys point to."""
    skip = _shadow_tables(conn)
    names = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
        if str(r[0]) not in skip
    ]
    deps = {
        name: {
            str(fk[2])
            for fk in conn.execute(f"PRAGMA foreign_key_list(\"{name}\")")
            if str(fk[2]) != name and str(fk[2]) in names
        }
        for name in names
    }
    ordered: list[str] = []
    while deps:
        ready = sorted(n for n, d in deps.items() if not d - set(ordered))
        if not ready:  # a cycle: keep going in name order, foreign keys will say if it matters
            ready = sorted(deps)[:1]
        for name in ready:
            ordered.append(name)
            del deps[name]
    return ordered


def _without_rowid(conn: Any, table: str) -> bool:
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (table,)).fetchone()
    return bool(row) and "WITHOUT ROWID" in str(row[0]).upper()


def row_count(conn: Any, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def read_workload(source: Any, empty_target: Any) -> list[TableRows]:
    """Every row of ``source`` that a freshly migrated database does not already hold.

    Tables the migrations fill (reference data) are left out: they are not part of an import.
    """
    out = []
    for table in table_order(source):
        if row_count(empty_target, table) or not row_count(source, table):
            continue
        # WITHOUT ROWID tables have no rowid; they are read in primary-key order anyway.
        order = "" if _without_rowid(source, table) else " ORDER BY rowid"
        cursor = source.execute(f'SELECT * FROM "{table}"{order}')
        columns = tuple(str(d[0]) for d in cursor.description)
        out.append(TableRows(table, columns, [tuple(r) for r in cursor]))
    return out


def batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_raw(conn: Any, workload: Sequence[TableRows]) -> None:
    """The floor: ``executemany`` per batch of 5,000 rows, one transaction per batch."""
    for table in workload:
        sql = table.insert_sql()
        for batch in batches(table.rows):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
