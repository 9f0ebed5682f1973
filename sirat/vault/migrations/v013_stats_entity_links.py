"""Schema 13: the attribute each entity statistic counts, kept beside the report link.

Persons by nationality, vehicles by make and vessels by flag join ~400,000 report links to
~290,000 entities at 100,000 reports; looking each entity up cost 250 ms before anything
was counted (docs/statistics.md, measured figures). ``stats_entity_links`` holds one row per
(report, entity) pair of those three kinds with the attribute counted -- the raw
``json_extract`` value, untyped so it compares exactly as the expression on ``entities``
did -- so a table reads one index range instead.

It is derived data: triggers keep it in step in the **same transaction** as every write to
``report_entities`` and ``entities`` (a link added, removed or moved by a merge; an entity's
kind or attributes changed; an entity deleted; a report deleted, whose links go by
cascade), whatever code path writes. The migration fills it from the data present.

Self-contained (plain SQL on its own table, index and triggers) and re-runnable: it drops
what an earlier run made and rebuilds it, so a vault whose version was set back (a test
that rewinds ``user_version``; a renumbering at merge) ends with derived data equal to a
rebuild, never "table already exists". Frozen once released.
"""

from __future__ import annotations

from typing import Any

VERSION = 13
DESCRIPTION = "statistics: the counted attribute beside each person, vehicle or vessel link"


def _value(row: str) -> str:
    """The attribute an entity statistic counts, for the entity row named ``row``."""
    return (f"CASE WHEN json_valid({row}.attributes) THEN CASE {row}.kind "
            f"WHEN 'person' THEN json_extract({row}.attributes, '$.nationality') "
            f"WHEN 'vehicle' THEN json_extract({row}.attributes, '$.make') "
            f"WHEN 'vessel' THEN json_extract({row}.attributes, '$.flag') END END")


KINDS = "('person', 'vehicle', 'vessel')"

TRIGGERS = ("tr_stats_links_insert", "tr_stats_links_delete", "tr_stats_links_update",
            "tr_stats_entity_update", "tr_stats_entity_delete")

STATEMENTS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "DROP TABLE IF EXISTS stats_entity_links",  # its index goes with it
    # ``value`` has no declared type: no affinity, so a number stays a number, as the
    # json_extract expression it replaces returned it.
    """CREATE TABLE stats_entity_links (
    kind TEXT NOT NULL,
    report_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    value,
    CONSTRAINT pk_stats_entity_links PRIMARY KEY (kind, report_id, entity_id)
) WITHOUT ROWID""",
    "CREATE INDEX ix_stats_entity_links_entity ON stats_entity_links (entity_id)",
    f"""INSERT OR IGNORE INTO stats_entity_links (kind, report_id, entity_id, value)
SELECT e.kind, re.report_id, re.entity_id, {_value("e")}
FROM report_entities re JOIN entities e ON e.id = re.entity_id WHERE e.kind IN {KINDS}""",
    f"""CREATE TRIGGER tr_stats_links_insert AFTER INSERT ON report_entities BEGIN
INSERT OR IGNORE INTO stats_entity_links (kind, report_id, entity_id, value)
SELECT e.kind, NEW.report_id, NEW.entity_id, {_value("e")}
FROM entities e WHERE e.id = NEW.entity_id AND e.kind IN {KINDS};
END""",
    # A pair linked in two roles stays until its last link goes.
    f"""CREATE TRIGGER tr_stats_links_delete AFTER DELETE ON report_entities BEGIN
DELETE FROM stats_entity_links WHERE kind IN {KINDS} AND report_id = OLD.report_id
AND entity_id = OLD.entity_id AND NOT EXISTS (SELECT 1 FROM report_entities re
WHERE re.report_id = OLD.report_id AND re.entity_id = OLD.entity_id);
END""",
    f"""CREATE TRIGGER tr_stats_links_update AFTER UPDATE OF report_id, entity_id
ON report_entities BEGIN
DELETE FROM stats_entity_links WHERE kind IN {KINDS} AND report_id = OLD.report_id
AND entity_id = OLD.entity_id AND NOT EXISTS (SELECT 1 FROM report_entities re
WHERE re.report_id = OLD.report_id AND re.entity_id = OLD.entity_id);
INSERT OR IGNORE INTO stats_entity_links (kind, report_id, entity_id, value)
SELECT e.kind, NEW.report_id, NEW.entity_id, {_value("e")}
FROM entities e WHERE e.id = NEW.entity_id AND e.kind IN {KINDS};
END""",
    f"""CREATE TRIGGER tr_stats_entity_update AFTER UPDATE OF kind, attributes ON entities
BEGIN
DELETE FROM stats_entity_links WHERE entity_id = OLD.id;
INSERT OR IGNORE INTO stats_entity_links (kind, report_id, entity_id, value)
SELECT NEW.kind, re.report_id, NEW.id, {_value("NEW")}
FROM report_entities re WHERE re.entity_id = NEW.id AND NEW.kind IN {KINDS};
END""",
    """CREATE TRIGGER tr_stats_entity_delete AFTER DELETE ON entities BEGIN
DELETE FROM stats_entity_links WHERE entity_id = OLD.id;
END""",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
