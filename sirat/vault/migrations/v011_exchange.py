"""Schema 11: exchange packages between workstations (docs/exchange.md).

- ``workstation_keys``: this vault's exchange key pair, one row. The private parts (an
  Ed25519 signing key, an age X25519 identity) exist only here, inside the encrypted vault.
- ``exchange_partners``: partner workstations pinned by an administrator, with the
  fingerprint the administrator compared aloud; a removed partner keeps its row.
- ``exchange_sent``: one row per package and recipient, with the recipient's sequence number.
- ``exchange_received``: one row per package imported (replays and gaps are refused from it);
  ``exchange_received_reports``: which reports arrived in which package (provenance).
- ``sheet_mappings``: spreadsheet column mappings saved by name (header text -> field).

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 11
DESCRIPTION = ("exchange packages: workstation keys, pinned partners, sent and received; "
               "saved spreadsheet mappings")

STATEMENTS = [
    """CREATE TABLE workstation_keys (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        signing_private BLOB NOT NULL,
        signing_public BLOB NOT NULL,
        age_identity TEXT NOT NULL,
        age_recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE exchange_partners (
        id INTEGER NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        signing_public BLOB NOT NULL,
        age_recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        pinned_by INTEGER NOT NULL REFERENCES users (id),
        removed_at TEXT)""",
    "CREATE UNIQUE INDEX ix_exchange_partners_fingerprint ON exchange_partners (fingerprint)",
    "CREATE UNIQUE INDEX ix_exchange_partners_name ON exchange_partners (name)",
    """CREATE TABLE exchange_sent (
        id INTEGER NOT NULL PRIMARY KEY,
        package_id TEXT NOT NULL,
        partner_id INTEGER NOT NULL REFERENCES exchange_partners (id),
        sequence INTEGER NOT NULL,
        digest TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users (id))""",
    "CREATE UNIQUE INDEX ix_exchange_sent_sequence ON exchange_sent (partner_id, sequence)",
    """CREATE TABLE exchange_received (
        package_id TEXT NOT NULL PRIMARY KEY,
        partner_id INTEGER NOT NULL REFERENCES exchange_partners (id),
        sequence INTEGER NOT NULL,
        manifest_digest TEXT NOT NULL,
        digest TEXT NOT NULL,
        release_kind TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_by INTEGER NOT NULL REFERENCES users (id))""",
    "CREATE UNIQUE INDEX ix_exchange_received_sequence ON exchange_received "
    "(partner_id, sequence)",
    """CREATE TABLE exchange_received_reports (
        report_id INTEGER NOT NULL PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        package_id TEXT NOT NULL REFERENCES exchange_received (package_id))""",
    """CREATE TABLE sheet_mappings (
        name TEXT NOT NULL PRIMARY KEY,
        kind TEXT NOT NULL,
        columns TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by INTEGER NOT NULL REFERENCES users (id))""",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
