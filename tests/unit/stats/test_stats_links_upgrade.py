"""Schema 13's derived ``stats_entity_links`` on a vault that already holds data, and after
the writes a user makes: merges, their undoing, deleted drafts and entities.

The upgrade test builds a vault with every migration *before* the one adding the table (so
the test stays right when the lead renumbers it), fills it through the services and the
demo generator, then opens it with the current SIRAT: the vault is backed up, migrated, and
the tables a user counts are those the previous counting gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from sirat.services.access import users
from sirat.services.access.session import create_vault
from sirat.services.demo.generate import generate
from sirat.services.reports import records as reports
from sirat.services.resolution.merge import merge_entities, unmerge
from sirat.services.stats import query
from sirat.services.stats.types import Dimension, Granularity, StatsQuery
from sirat.vault import Vault, schema
from sirat.vault.crypto import KDF_FLOOR
from sirat.vault.migrations import all_migrations, latest_version
from tests.conftest import ADMIN, ANALYST, SUPERVISOR, open_as
from tests.unit.stats import reference_counts
from tests.unit.stats.stats_data import counted_reports, person, report

ENTITY_TABLES = [StatsQuery((d,)) for d in (Dimension.NATIONALITY, Dimension.VEHICLE_MAKE,
                                            Dimension.VESSEL_FLAG)] + [
    StatsQuery((Dimension.NATIONALITY, Dimension.PERIOD), Granularity.HALF),
    StatsQuery((Dimension.VEHICLE_MAKE, Dimension.CRIME_AREA)),
    StatsQuery((Dimension.VESSEL_FLAG, Dimension.COUNTRY)),
]


# Found by its name's tail, not its number: the lead may renumber it at merge.
LINKS_VERSION = next(m.version for m in all_migrations()
                     if m.upgrade.__module__.endswith("_stats_entity_links"))


def _derived(vault: Vault) -> set[tuple[object, ...]]:
    with vault.session() as s:
        return {tuple(r) for r in s.execute(text(
            "SELECT kind, report_id, entity_id, value FROM stats_entity_links"))}


def _rebuilt(vault: Vault) -> set[tuple[object, ...]]:
    with vault.session() as s:
        return {tuple(r) for r in s.execute(text(reference_counts.REBUILT))}


def _in_step(vault: Vault) -> None:
    """The derived table is what a rebuild from the links gives, and every entity table
    is counted as the schema-12 counting (no derived table) counts it."""
    assert _derived(vault) == _rebuilt(vault)
    with vault.session() as s:
        for q in ENTITY_TABLES:
            assert query.count_table(s, q) == reference_counts.count_table(s, q), q


def _nationality(vault: Vault) -> dict[str, tuple[int, int, int]]:
    t = query.table(vault, StatsQuery((Dimension.NATIONALITY,)))
    return {str(c.key[0]): (c.reports, c.mentions, c.entities) for c in t.cells}


def test_migrating_a_vault_with_data_fills_the_link_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = [m for m in all_migrations() if m.version < LINKS_VERSION]
    path = tmp_path / "vault"
    with monkeypatch.context() as m:  # a SIRAT that stops before the derived table
        m.setattr(schema, "all_migrations", lambda: before)
        admin = create_vault(path, *ADMIN, display_name="Ada Admin", kdf=KDF_FLOOR)
        users.add_user(admin, *ANALYST, "analyst", "Ana Analyst", kdf=KDF_FLOOR)
        users.add_user(admin, *SUPERVISOR, "supervisor", "Sam Supervisor", kdf=KDF_FLOOR)
        generate(admin, reports=200, seed=13, batch_size=100)
        admin.lock()
        ana, sup = open_as(path, "ana"), open_as(path, "sup")
        try:
            assert ana.info.schema_version == before[-1].version
            counted = counted_reports(ana, sup)
            with ana.session() as s:
                assert s.scalar(text("SELECT count(*) FROM sqlite_master "
                                     "WHERE name = 'stats_entity_links'")) == 0
                linked = s.scalar(text("SELECT count(*) FROM report_entities"))
        finally:
            ana.lock()
            sup.lock()
    ana = open_as(path, "ana")  # today's SIRAT: backs the vault up, then migrates it
    try:
        assert ana.info.schema_version == latest_version()
        (backup,) = (path / "backups").iterdir()
        assert backup.name.startswith(f"pre-migration-v{before[-1].version}-to-v")
        derived = _derived(ana)
        assert len(derived) > 200
        assert linked >= len(derived)
        assert {row[0] for row in derived} == {"person", "vehicle", "vessel"}
        _in_step(ana)
        # The hand-made reports are found behind their cells; the draft and the submitted
        # report naming the same Serbian are not.
        rs = {r.id for r in query.reports_behind(
            ana, StatsQuery((Dimension.NATIONALITY,)), ("RS",))}
        assert counted.year_only in rs
        assert not {counted.draft, counted.submitted} & rs
        assert ana.check() == []
    finally:
        ana.lock()


def test_running_the_migration_again_rebuilds_the_link_table(vault_path: Path) -> None:
    """Re-runnable: a vault set back before it (a test rewinding ``user_version``, a
    renumbering at merge) is migrated again -- no "table already exists" -- and derived
    rows gone wrong behind SIRAT's back are rebuilt from the links."""
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        counted_reports(ana, sup)
        right = _derived(ana)
        with ana.session(write=True) as s:
            s.execute(text("UPDATE stats_entity_links SET value = 'XX'"))
            s.execute(text("DELETE FROM stats_entity_links WHERE entity_id = (SELECT "
                           "min(entity_id) FROM stats_entity_links)"))
            s.execute(text(f"PRAGMA user_version = {LINKS_VERSION - 1}"))
        assert _derived(ana) != right
    finally:
        ana.lock()
        sup.lock()
    ana = open_as(vault_path, "ana")
    try:
        assert ana.info.schema_version == latest_version()
        assert _derived(ana) == right
        _in_step(ana)
        assert _nationality(ana)["BG"] == (2, 3, 2)
    finally:
        ana.lock()


@pytest.fixture
def team(vault_path: Path) -> Iterator[tuple[Vault, Vault, Vault]]:
    vaults = (open_as(vault_path, "ana"), open_as(vault_path, "sup"),
              open_as(vault_path, "admin"))
    yield vaults
    for v in vaults:
        v.lock()


def test_merges_unmerges_and_deletes_keep_the_link_table_right(
    team: tuple[Vault, Vault, Vault]
) -> None:
    ana, sup, admin = team
    counted_reports(ana, sup)
    with ana.session() as s:
        p1, p3 = (int(s.scalar(text(
            "SELECT entity_id FROM entity_names WHERE name = :n"), {"n": n}))
            for n in ("Петър Петров", "Marko Marković"))
    start = _nationality(ana)
    assert start["BG"] == (2, 3, 2)
    assert start["RS"] == (1, 1, 1)
    _in_step(ana)

    # The Serbian folded into the Bulgarian: RS is gone, BG has his report too.
    merge = merge_entities(admin, p1, p3)
    merged = _nationality(ana)
    assert "RS" not in merged
    assert merged["BG"] == (3, 4, 2)
    _in_step(ana)
    # Undone: the tables are as before, to the last count.
    unmerge(admin, merge.merge_id)
    assert _nationality(ana) == start
    _in_step(ana)

    # A draft naming a new Moldovan is deleted: nothing of it is left to count.
    p4 = person(ana, "Ion Rusu", "MD")
    draft = report(ana, sup, "draft", persons=(p4, p1))
    assert {r[1] for r in _derived(ana) if r[2] == p4} == {draft}
    reports.delete_report(ana, draft)
    assert not [r for r in _derived(ana) if r[1] == draft]
    _in_step(ana)

    # The Moldovan in an approved report, then unlinked and deleted behind the services'
    # back (as a merge deletes the merged entity): he leaves the table.
    report(ana, sup, "approved", persons=(p4,))
    assert _nationality(ana)["MD"] == (1, 1, 1)
    with admin.session(write=True) as s:
        s.execute(text("DELETE FROM report_entities WHERE entity_id = :e"), {"e": p4})
        s.execute(text("DELETE FROM entities WHERE id = :e"), {"e": p4})
    assert "MD" not in _nationality(ana)
    _in_step(ana)

    # A link moved to another report in SQL (a repair script): counted where it now is.
    with admin.session(write=True) as s:
        s.execute(text("UPDATE report_entities SET report_id = (SELECT min(id) FROM reports) "
                       "WHERE id = (SELECT max(id) FROM report_entities WHERE entity_id = :e)"),
                  {"e": p3})
    _in_step(ana)
