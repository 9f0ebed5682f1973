"""Schema 9: periodic analytical products and the indexes statistics count with.

- ``analysis_products``: one row per report that is a periodic analytical product (its
  template, period, crime areas, the parameters of its statistics, the figures as computed
  -- canonical JSON -- and the SHA-256 of the data used). The report row holds its title,
  summary and the analyst's assessment and goes through the usual workflow.
- Indexes for the statistics service: counting reads approved reports by status with
  their dates, crime area, country and operation from ``ix_reports_stats`` alone (covering:
  reading the rows themselves, narratives and all, cost a second at 100,000 reports).

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 9
DESCRIPTION = "periodic analytical products; statistics indexes"

STATEMENTS = [
    """CREATE TABLE analysis_products (
    report_id INTEGER NOT NULL,
    template TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    crime_areas TEXT NOT NULL DEFAULT '[]',
    parameters TEXT NOT NULL DEFAULT '{}',
    figures TEXT NOT NULL DEFAULT '{}',
    data_digest TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by INTEGER NOT NULL,
    CONSTRAINT pk_analysis_products PRIMARY KEY (report_id),
    CONSTRAINT fk_analysis_products_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_analysis_products_generated_by_users FOREIGN KEY(generated_by)
        REFERENCES users (id)
)""",
    # Covering: counting never reads a report's row (its narrative makes rows big).
    "CREATE INDEX ix_reports_stats ON reports (status, crime_area, reporting_country, "
    "operation, info_date_earliest, info_date_latest, report_date, places)",
    # Entity tables read the attribute they count from these (covering) indexes instead of
    # 400,000 entity rows: persons by nationality 2 s -> 0.3 s at 100,000 reports. The
    # expressions must stay exactly as sirat.services.stats.query writes them.
    "CREATE INDEX ix_entities_stats_nationality ON entities "
    "(kind, json_extract(attributes, '$.nationality'))",
    "CREATE INDEX ix_entities_stats_make ON entities (kind, json_extract(attributes, '$.make'))",
    "CREATE INDEX ix_entities_stats_flag ON entities (kind, json_extract(attributes, '$.flag'))",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
