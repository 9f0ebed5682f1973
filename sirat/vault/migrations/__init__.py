"""Schema versions as ``PRAGMA user_version`` steps.

Why not Alembic: a SQLCipher connection has to be keyed before anything else, FTS5 virtual
tables and triggers are plain SQL anyway, and a vault must migrate as one transaction with a
backup taken first. A numbered list of small functions over the DBAPI connection does that in
fifty lines and is easy to test against the vaults kept in ``tests/data``.

Each module ``vNNN_name.py`` in this package defines ``VERSION: int``, ``DESCRIPTION: str``
and ``upgrade(conn) -> None`` (``conn`` is a keyed DBAPI connection inside a transaction),
and has its line in ``all_migrations`` (imported by name, so tools and the frozen app see
it; a test fails when a file of this folder is missing there). A migration's SQL is frozen
once released: later changes are new migrations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    upgrade: Callable[[Any], None]


def all_migrations() -> list[Migration]:
    from sirat.vault.migrations import (
        v001_core,
        v002_domain,
        v003_workflow,
        v004_dissemination,
        v005_search,
        v006_charts,
        v007_trust,
        v008_release_withholdings,
        v009_analysis_products,
        v010_attachments,
        v011_exchange,
        v012_search_facets_sort_indexes,
        v013_stats_entity_links,
        v014_partner_certificates,
    )

    modules = [v001_core, v002_domain, v003_workflow, v004_dissemination, v005_search,
               v006_charts, v007_trust, v008_release_withholdings, v009_analysis_products,
               v010_attachments, v011_exchange, v012_search_facets_sort_indexes,
               v013_stats_entity_links,
               v014_partner_certificates]
    found = [Migration(m.VERSION, m.DESCRIPTION, m.upgrade) for m in modules]
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..N without gaps, got {versions}")
    return found


def latest_version() -> int:
    return len(all_migrations())
