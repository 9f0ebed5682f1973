"""Schema 3: the review workflow and the audit trail's defences.

- ``report_comments``: the comment thread on a report (free comments, and the comment a
  supervisor gives when returning or approving a report).
- ``audit_signing_keys``: public keys administrators sign audit checkpoints with (the private
  key is never stored: see ``sirat/services/audit/checkpoint.py``).
- Triggers that make ``audit_log`` append-only for every writer that goes through SQLite:
  no UPDATE, no DELETE, and an INSERT must extend the chain (next id, previous hash).
  Someone holding the data key can drop them; that is what ``sirat audit verify`` and signed
  checkpoints are for. The triggers stop accidents and careless tools.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 3
DESCRIPTION = "report comments, audit checkpoint keys, append-only audit log"

GENESIS = "0" * 64

STATEMENTS = [
    """
CREATE TABLE report_comments (
    id INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    author_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'comment',
    report_version INTEGER NOT NULL,
    body TEXT NOT NULL,
    CONSTRAINT pk_report_comments PRIMARY KEY (id),
    CONSTRAINT ck_report_comments_kind CHECK (kind IN ('comment', 'return', 'approval')),
    CONSTRAINT fk_report_comments_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_report_comments_author_id_users FOREIGN KEY(author_id) REFERENCES users (id)
)""",
    "CREATE INDEX ix_report_comments_report_id ON report_comments (report_id, id)",
    """
CREATE TABLE audit_signing_keys (
    id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT pk_audit_signing_keys PRIMARY KEY (id),
    CONSTRAINT uq_audit_signing_keys_fingerprint UNIQUE (fingerprint),
    CONSTRAINT fk_audit_signing_keys_user_id_users FOREIGN KEY(user_id) REFERENCES users (id)
)""",
    """
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END""",
    """
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END""",
    f"""
CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log)
    OR NEW.prev_hash IS NOT COALESCE(
        (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{GENESIS}')
BEGIN
    SELECT RAISE(ABORT, 'an audit record must extend the chain');
END""",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
