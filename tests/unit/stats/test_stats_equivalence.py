"""The faster counting (schema 13) gives exactly the answers of the schema-12 counting.

Every table a user can ask for -- one or two dimensions, each granularity, with filters --
is counted by the service and by :mod:`tests.unit.stats.reference_counts` (the previous
code, verbatim) on a generated vault, then again after writes that must keep schema 13's
derived ``stats_entity_links`` in step through its triggers: an attribute edited through
the service and behind its back in SQL, a link added in a second role and one of two roles
removed, a link moved by an entity merge, an entity's kind changed, a report's links
deleted with the report, a report approved.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from sirat.services.demo.generate import generate
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.resolution.merge import merge_entities
from sirat.services.stats import query
from sirat.services.stats.types import (
    MULTI_DIMENSIONS,
    Dimension,
    Granularity,
    StatsFilters,
    StatsQuery,
)
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.stats import reference_counts
from tests.unit.stats.reference_counts import REBUILT


@pytest.fixture(scope="module")
def generated(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("equivalence") / "vault"
    shutil.copytree(template_vault, dest)
    vault = open_as(dest, "admin")
    try:
        generate(vault, reports=300, seed=19, batch_size=100)
    finally:
        vault.lock()
    return dest


def _queries() -> list[StatsQuery]:
    dims = list(Dimension)
    shapes = [(d,) for d in dims] + [
        (a, b) for a, b in itertools.permutations(dims, 2)
        if not (a in MULTI_DIMENSIONS and b in MULTI_DIMENSIONS)]
    filtered = StatsFilters(date_from="2024-03-01", date_to="2025-06-30",
                            crime_areas=frozenset({"thb_ms", "drugs", "firearms"}))
    out = []
    for shape in shapes:
        grains = list(Granularity) if Dimension.PERIOD in shape else [Granularity.MONTH]
        out += [StatsQuery(shape, g) for g in grains]
        out.append(StatsQuery(shape, grains[-1], filtered))
    return out


def _assert_same_answers(vault: Vault) -> int:
    checked = 0
    with vault.session() as s:
        for q in _queries():
            assert query.count_table(s, q) == reference_counts.count_table(s, q), q
            checked += 1
        derived = set(s.execute(text(
            "SELECT kind, report_id, entity_id, value FROM stats_entity_links")).all())
        rebuilt = set(s.execute(text(REBUILT)).all())
    assert derived == rebuilt
    return checked


def _person_with_links(vault: Vault, kind: str = "person") -> tuple[int, list[int]]:
    with vault.session() as s:
        row = s.execute(text(
            "SELECT e.id FROM entities e JOIN report_entities re ON re.entity_id = e.id "
            "JOIN reports r ON r.id = re.report_id WHERE e.kind = :k AND r.status IN "
            "('approved', 'disseminated') GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 1"),
            {"k": kind}).one()
        reports = list(s.scalars(text(
            "SELECT report_id FROM report_entities WHERE entity_id = :e"), {"e": row[0]}))
    return int(row[0]), [int(r) for r in reports]


def test_every_table_is_counted_as_before(generated: Path) -> None:
    vault = open_as(generated, "ana")
    try:
        assert _assert_same_answers(vault) > 100
        with vault.session() as s:  # the vault holds what the tables count
            kinds = dict(s.execute(text(
                "SELECT kind, count(*) FROM stats_entity_links GROUP BY kind")).all())
        assert set(kinds) == {"person", "vehicle", "vessel"}
    finally:
        vault.lock()


def test_the_derived_links_follow_every_write(generated: Path, tmp_path: Path) -> None:
    copy = tmp_path / "vault"
    shutil.copytree(generated, copy)
    vault = open_as(copy, "ana")
    try:
        pid, rids = _person_with_links(vault)
        # Through the service: a new nationality.
        view = entities.get_entity(vault, pid)
        fields = dict(view.fields)
        fields["nationality"] = "MD" if fields.get("nationality") != "MD" else "AL"
        entities.update_entity(vault, pid, EntityDraft(
            "person", names=tuple(NameForm(n.text, n.is_alias) for n in view.names),
            fields=fields))
        with vault.session(write=True) as s:
            # Behind the service's back: spaces a table trims, a number, none at all.
            s.execute(text("UPDATE entities SET attributes = json_set(attributes, "
                           "'$.nationality', '  RS ') WHERE id = (SELECT min(id) FROM "
                           "entities WHERE kind = 'person')"))
            s.execute(text("UPDATE entities SET attributes = json_set(attributes, "
                           "'$.make', 1999) WHERE id = (SELECT min(id) FROM entities "
                           "WHERE kind = 'vehicle')"))
            s.execute(text("UPDATE entities SET attributes = json_remove(attributes, "
                           "'$.flag') WHERE id = (SELECT max(id) FROM entities "
                           "WHERE kind = 'vessel')"))
            # A second role for one pair, then the first role removed: the pair stays.
            s.execute(text("INSERT INTO report_entities (report_id, entity_id, role, note, "
                           "created_at, created_by) SELECT report_id, entity_id, "
                           "'witness', '', created_at, created_by FROM report_entities "
                           "WHERE entity_id = :e AND role != 'witness' LIMIT 1"), {"e": pid})
            s.execute(text("DELETE FROM report_entities WHERE id = (SELECT min(id) FROM "
                           "report_entities WHERE entity_id = :e AND role != 'witness')"),
                      {"e": pid})
            # A person becomes a vehicle (no make): it leaves the nationality table.
            s.execute(text("UPDATE entities SET kind = 'vehicle' WHERE id = (SELECT max(id) "
                           "FROM entities WHERE kind = 'person')"))
            # An approved report's links removed, a draft approved.
            s.execute(text("DELETE FROM report_entities WHERE report_id = :r"),
                      {"r": rids[-1]})
            s.execute(text("UPDATE reports SET status = 'approved' WHERE id = (SELECT "
                           "min(id) FROM reports WHERE status = 'draft')"))
        _assert_same_answers(vault)
    finally:
        vault.lock()
    admin = open_as(copy, "admin")
    try:
        kept, _ = _person_with_links(admin)
        with admin.session() as s:
            other = int(s.scalar(text(
                "SELECT max(e.id) FROM entities e JOIN report_entities re ON "
                "re.entity_id = e.id WHERE e.kind = 'person' AND e.id != :k"), {"k": kept}))
        merge_entities(admin, kept, other)  # the merged person's links move to the kept one
        _assert_same_answers(admin)
    finally:
        admin.lock()
