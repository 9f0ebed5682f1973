"""Schema 14: the
signing certificates of pinned partners (docs/exchange.md).

- ``exchange_partner_certificates``: a partner's certificate (DER), pinned by an
  administrator after comparing its SHA-256 fingerprint with the partner over a trusted
  channel; it anchors the verification of PDFs that partner signs. Public data only. An
  unpinned certificate keeps its row (``removed_at``) for the audit trail.

Self-contained (a new table and its index). Frozen once released.
"""

from __future__ import annotations

from typing import Any

VERSION = 14
DESCRIPTION = "signing certificates of pinned exchange partners"

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS exchange_partner_certificates (
        id INTEGER NOT NULL PRIMARY KEY,
        partner_id INTEGER NOT NULL REFERENCES exchange_partners (id),
        sha256 TEXT NOT NULL,
        certificate_der BLOB NOT NULL,
        subject TEXT NOT NULL,
        not_after TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        pinned_by INTEGER NOT NULL REFERENCES users (id),
        removed_at TEXT)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS ix_exchange_partner_certificates_sha256 ON "
    "exchange_partner_certificates (partner_id, sha256)",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
