"""Schema 12: filters inside the full-text MATCH, and indexes that match the list's sorts.

- ``search_reports`` / ``search_entities`` get a last column ``facets``: tokens for what a
  search may be filtered by (a report's crime area, status and report date as year, month
  and day; an entity's kind), written by ``sirat.services.search.index``. A filter then
  joins the MATCH (``... AND {facets} : (ca… OR ca…)``) instead of looking every match up in
  ``reports`` -- measured at 100,000 reports: 414 ms CPU p95 for a frequent word with a
  crime-area filter (docs/bench.md). FTS5 tables cannot gain a column, so both are
  recreated (same options as schema 5) and the index is marked unbuilt ('') when the vault
  holds data: ``search_index.ensure_index`` rebuilds it on first use, as after schema 5.
- The report list orders by ``(column, id)``; schema 1's indexes on crime area, status and
  country are ``(column, updated_at)``, and classification and handling codes have none, so
  those sorts read and sorted every row (classification: 270 ms at 100,000 reports). One
  index per sort column (SQLite appends the rowid, which is ``id``) lets every sort walk an
  index, in either direction, and stop after a page.

Self-contained (plain SQL on its own tables and indexes). Frozen once released.
"""

from __future__ import annotations

from typing import Any

VERSION = 12
DESCRIPTION = "search filters as index tokens; indexes for every report-list sort"

STATEMENTS = [
    "DROP TABLE IF EXISTS search_reports",
    "DROP TABLE IF EXISTS search_entities",
    """
CREATE VIRTUAL TABLE search_reports USING fts5(
    title, summary, narrative, keywords, extra, alt, facets,
    content='', contentless_delete=1, tokenize='ascii', prefix='2 3'
)""",
    """
CREATE VIRTUAL TABLE search_entities USING fts5(
    names, identifiers, details, alt, facets,
    content='', contentless_delete=1, tokenize='ascii', prefix='2 3'
)""",
    """
INSERT OR REPLACE INTO vault_meta (key, value) SELECT 'search.index', CASE
    WHEN EXISTS (SELECT 1 FROM reports) OR EXISTS (SELECT 1 FROM entities) THEN ''
    ELSE 'fresh'
END""",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_crime_area ON reports (crime_area)",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_status ON reports (status)",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_country ON reports (reporting_country)",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_classification ON reports (classification)",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_handling ON reports (handling_codes)",
    "CREATE INDEX IF NOT EXISTS ix_reports_sort_info_date ON reports (info_date_earliest)",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
