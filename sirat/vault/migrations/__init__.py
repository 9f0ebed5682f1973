"""Schema versions as ``PRAGMA user_version`` steps.

Why not Alembic: a SQLCipher connection has to be keyed before anything else, FTS5 virtual
tables and triggers are plain SQL anyway, and a vault must migrate as one transaction with a
backup taken first. A numbered list of small functions over the DBAPI connection does that in
fifty lines and is easy to test against the vaults kept in ``tests/data``.

Each module ``vNNN_name.py`` in this package defines ``VERSION: int``, ``DESCRIPTION: str``
and ``upgrade(conn) -> None`` (``conn`` is a keyed DBAPI connection inside a transaction).
A migration's SQL is frozen once released: later changes are new migrations.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    upgrade: Callable[[Any], None]


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("v"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Migration(module.VERSION, module.DESCRIPTION, module.upgrade))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..N without gaps, got {versions}")
    return found


def latest_version() -> int:
    return len(all_migrations())
