"""Schema 6: saved link charts.

- ``charts``: one saved chart -- its name, the report it belongs to (optional: a chart of an
  entity's network stands alone), and its state as JSON in the ``sirat-chart`` format
  (``sirat.chart.store``: nodes, edges, positions, pins, filter), with node and edge counts
  for listing without parsing. A report's chart goes into its dissemination PDF; deleting
  the report deletes its charts.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 6
DESCRIPTION = "saved link charts"

STATEMENTS = [
    """
CREATE TABLE charts (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    report_id INTEGER,
    state TEXT NOT NULL,
    node_count INTEGER NOT NULL,
    edge_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL,
    CONSTRAINT pk_charts PRIMARY KEY (id),
    CONSTRAINT fk_charts_report_id_reports
        FOREIGN KEY(report_id) REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_charts_created_by_users FOREIGN KEY(created_by) REFERENCES users (id),
    CONSTRAINT fk_charts_updated_by_users FOREIGN KEY(updated_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_charts_report_id ON charts (report_id, updated_at)",
    "CREATE INDEX ix_charts_updated_at ON charts (updated_at)",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
