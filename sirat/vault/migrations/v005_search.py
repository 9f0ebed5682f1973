"""Schema 5: full-text search and entity resolution, inside the encrypted database.

- ``search_reports`` / ``search_entities``: FTS5 indexes of *folded* text (every word by each
  of its search keys, ``sirat.names``), so a Latin query finds Cyrillic and Greek text.
  Contentless (``content=''``): the original text stays in ``reports``/``entities`` and is
  never copied; ``contentless_delete=1`` lets a row be replaced when its report changes.
  The rowid is the report's or the entity's id. ``prefix='2 3'`` keeps short prefixes cheap.
  The column ``alt`` holds the other spellings of words (Đorđe is also Dorde) with their
  neighbours, so phrases match through them. The tables live in the SQLCipher file like
  every other page: there is no plaintext index anywhere.
- ``entity_match_keys``: blocking keys (phonetic key of a surname and the initial of a given
  name, and of single words) per named entity, indexed by key, for candidate search.
- ``entity_distinct``: "not the same" judgements, so a pair is not offered again.
- ``entity_merges``: what each merge changed (JSON), so it can be undone exactly; the row
  is removed when the merge is undone. No foreign keys on the entity ids: the merged
  entity's row is gone while the merge stands.
- ``vault_meta['search.index']``: the index version the tables were built with: 'fresh'
  for a vault without reports or entities (its empty index is complete; the first write
  stamps the version of the code that writes it), else '' (unbuilt): folding is Python, so
  ``sirat.services.search.index`` builds it on first use.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 5
DESCRIPTION = "full-text search index, entity match keys, not-same judgements, merges"

STATEMENTS = [
    """
CREATE VIRTUAL TABLE search_reports USING fts5(
    title, summary, narrative, keywords, extra, alt,
    content='', contentless_delete=1, tokenize='ascii', prefix='2 3'
)""",
    """
CREATE VIRTUAL TABLE search_entities USING fts5(
    names, identifiers, details, alt,
    content='', contentless_delete=1, tokenize='ascii', prefix='2 3'
)""",
    """
CREATE TABLE entity_match_keys (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    CONSTRAINT pk_entity_match_keys PRIMARY KEY (kind, key, entity_id),
    CONSTRAINT fk_entity_match_keys_entity_id_entities FOREIGN KEY(entity_id)
        REFERENCES entities (id) ON DELETE CASCADE
) WITHOUT ROWID""",
    "CREATE INDEX ix_entity_match_keys_entity_id ON entity_match_keys (entity_id)",
    """
CREATE TABLE entity_distinct (
    id INTEGER NOT NULL,
    entity_a INTEGER NOT NULL,
    entity_b INTEGER NOT NULL,
    judged_by INTEGER NOT NULL,
    judged_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    CONSTRAINT pk_entity_distinct PRIMARY KEY (id),
    CONSTRAINT uq_entity_distinct_entity_a UNIQUE (entity_a, entity_b),
    CONSTRAINT ck_entity_distinct_ordered CHECK (entity_a < entity_b),
    CONSTRAINT fk_entity_distinct_entity_a_entities FOREIGN KEY(entity_a)
        REFERENCES entities (id) ON DELETE CASCADE,
    CONSTRAINT fk_entity_distinct_entity_b_entities FOREIGN KEY(entity_b)
        REFERENCES entities (id) ON DELETE CASCADE,
    CONSTRAINT fk_entity_distinct_judged_by_users FOREIGN KEY(judged_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_entity_distinct_entity_b ON entity_distinct (entity_b)",
    """
CREATE TABLE entity_merges (
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    kept_id INTEGER NOT NULL,
    merged_id INTEGER NOT NULL,
    score INTEGER NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '[]',
    changes TEXT NOT NULL,
    merged_by INTEGER NOT NULL,
    merged_at TEXT NOT NULL,
    CONSTRAINT pk_entity_merges PRIMARY KEY (id),
    CONSTRAINT fk_entity_merges_merged_by_users FOREIGN KEY(merged_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_entity_merges_kept_id ON entity_merges (kept_id, id)",
    "CREATE INDEX ix_entity_merges_merged_id ON entity_merges (merged_id)",
    # An empty vault's (empty) index is complete ('fresh'); one with data is built on use.
    """
INSERT INTO vault_meta (key, value) SELECT 'search.index', CASE
    WHEN EXISTS (SELECT 1 FROM reports) OR EXISTS (SELECT 1 FROM entities) THEN ''
    ELSE 'fresh'
END""",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
