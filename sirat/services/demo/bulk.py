"""Bulk inserts as plain tuples through the driver's ``executemany``.

SQLAlchemy Core's ``session.execute(insert(table), list_of_dicts)`` processes every row
in Python (key lookup, defaults, bind processors): 1.33-1.40x raw ``executemany`` at
100,000 reports, while tuples through ``exec_driver_sql`` measured 1.04x (FACTS.md,
docs/bench.md). The bulk writers (the demo and bench generator) hand rows as dicts of
plain values; :func:`insert_rows` writes them as tuples in one statement per call, and
falls back to Core for any table whose column types would change a value on the way (a
bind processor), a callable default or rows of other shapes, so the stored rows are
exactly what Core would have stored (tested by writing a generated vault both ways).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Table, insert
from sqlalchemy.orm import Session


def _passes_through(table: Table, names: Sequence[str], dialect: Any) -> bool:
    """Whether Core would hand these columns' values to the driver unchanged (no bind
    processor; a Boolean's only turns True/False into 1/0, which the driver does too)."""
    for name in names:
        column_type = table.columns[name].type
        if isinstance(column_type, Boolean):
            continue
        if column_type.bind_processor(dialect) is not None:
            return False
    return True


def _plan(table: Table, first: Mapping[str, Any]) -> tuple[list[str], list[Any]] | None:
    """Column names and, for columns the rows leave out, their scalar defaults; None when a
    left-out column needs Core (a callable default)."""
    names = [k for k in first if k in table.columns]
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
    conn = session.connection()
    plan = _plan(table, rows[0])
    if plan is None or not _passes_through(table, plan[0], conn.dialect):
        session.execute(insert(table), list(rows))
        return
    names, defaults = plan
    keys = names[:len(names) - len(defaults)]
    width, tail = len(rows[0]), tuple(defaults)
    if not keys:
        session.execute(insert(table), list(rows))
        return
    get = itemgetter(*keys)
    try:
        if len(keys) == 1:
            tuples = [(get(r), *tail) for r in rows if len(r) == width]
        else:
            tuples = [get(r) + tail for r in rows if len(r) == width]
    except KeyError:
        tuples = []
    if len(tuples) != len(rows):  # rows with other keys: Core decides, as it always did
        session.execute(insert(table), list(rows))
        return
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    # Table and column names come from the models, never from input.
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', tuples)
