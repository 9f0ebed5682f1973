"""Bulk inserts as plain tuples through the driver's ``executemany``.

SQLAlchemy Core's ``session.execute(insert(table), list_of_dicts)`` processes every row
in Python (key lookup, defaults, bind processors): 1.33-1.40x raw ``executemany`` at
100,000 reports, while tuples through ``exec_driver_sql`` measured 1.04x (FACTS.md,
docs/bench.md). The bulk writers (the demo and bench generator) hand rows as dicts of
plain values; :func:`insert_rows` writes them as tuples in one statement per call, and
falls back to Core for anything it cannot pass through unchanged, so the stored rows are
exactly what Core would have stored (tested by writing a generated vault both ways).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

#: Values the driver stores exactly as SQLAlchemy's types for these columns would.
_PLAIN: Final = (str, int, float, bytes, type(None))


def _plan(table: Table, first: Mapping[str, Any]) -> tuple[list[str], list[Any]] | None:
    """Column names and, for columns the rows leave out, their scalar defaults; None when a
    left-out column needs Core (a callable default)."""
    names = list(first)
    defaults: list[Any] = []
    for column in table.columns:
        if column.key in first:
            continue
        default = column.default
        if default is None:
            continue  # the database's default, NULL, or its rowid
        if not getattr(default, "is_scalar", False):
            return None
        names.append(column.key)
        defaults.append(default.arg)  # type: ignore[attr-defined]
    return names, defaults


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (dicts of column values) into ``table`` in the caller's transaction."""
    if not rows:
        return
    plan = _plan(table, rows[0])
    if plan is None:
        session.execute(insert(table), list(rows))
        return
    names, defaults = plan
    keys = names[:len(names) - len(defaults)]
    width = len(keys)
    tuples: list[tuple[Any, ...]] = []
    for row in rows:
        try:
            values = tuple(row[k] for k in keys) if len(row) == width else None
        except KeyError:
            values = None
        if values is None or not all(isinstance(v, _PLAIN) for v in values):
            session.execute(insert(table), list(rows))  # odd rows: Core decides
            return
        tuples.append((*values, *defaults))
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    # Table and column names come from the models, never from input.
    session.connection().exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', tuples)
