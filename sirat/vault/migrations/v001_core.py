"""Schema 1: vault metadata, users and the hash-chained audit log."""

from __future__ import annotations

from typing import Any

VERSION = 1
DESCRIPTION = "vault metadata, users, audit log"

SQL = """
CREATE TABLE vault_meta (
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT pk_vault_meta PRIMARY KEY (key)
);
CREATE TABLE users (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    public_key BLOB NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT ck_users_role CHECK (role IN ('analyst', 'supervisor', 'administrator'))
);
CREATE UNIQUE INDEX ix_users_name_key_active ON users (name_key) WHERE active = 1;
CREATE TABLE audit_log (
    id INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
);
CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX ix_audit_log_action ON audit_log (action, id);
CREATE INDEX ix_audit_log_object ON audit_log (object_type, object_id, id);
"""


def upgrade(conn: Any) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
