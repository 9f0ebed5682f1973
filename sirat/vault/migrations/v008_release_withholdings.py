"""Schema 7: what each export withheld, and why, kept with its register row.

- ``dissemination_register.withheld``: JSON list of ``{"entity": id, "kind": ...,
  "reason": ..., "via": "SIRAT-YYYY-NNNNNN" or ""}``, one per entity an observer copy
  withheld or stripped of its identifying details (the personal closure of that release,
  computed from the whole vault). Ids, kinds and references only: never names or values.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 8
DESCRIPTION = "withholdings recorded with each export"

STATEMENTS = [
    "ALTER TABLE dissemination_register ADD COLUMN withheld TEXT NOT NULL DEFAULT '[]'",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
