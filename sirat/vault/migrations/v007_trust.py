"""Schema 7: signed approvals, approval signing keys and the provenance of imported reports.

- ``approval_keys``: each supervisor's Ed25519 public key that approvals are verified with.
  The private key is never stored: it is derived from the user's unlocked key slot
  (``sirat.services.workflow.approvals``). Registering a key writes an audit record naming its
  fingerprint, so a key slipped into this table later is not backed by the chain.
- ``report_approvals``: one row per approval -- which version of which report, the SHA-256
  of its content at that version, who approved it when, and the Ed25519 signature over all
  of that. A status flipped to "approved" with SQL has no such row; an edited one no longer
  verifies.
- ``report_provenance``: what an imported report said about itself at its source (status,
  approver, reference, times). Imported reports arrive as local drafts; this is shown and
  printed as provenance, never used as a local approval.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 7
DESCRIPTION = "signed approvals and import provenance"

STATEMENTS = [
    """
CREATE TABLE approval_keys (
    id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT pk_approval_keys PRIMARY KEY (id),
    CONSTRAINT uq_approval_keys_fingerprint UNIQUE (fingerprint),
    CONSTRAINT fk_approval_keys_user_id_users FOREIGN KEY(user_id) REFERENCES users (id)
)""",
    "CREATE INDEX ix_approval_keys_user_id ON approval_keys (user_id)",
    """
CREATE TABLE report_approvals (
    id INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    content_digest TEXT NOT NULL,
    approver_id INTEGER NOT NULL,
    approved_at TEXT NOT NULL,
    key_id INTEGER NOT NULL,
    signature BLOB NOT NULL,
    CONSTRAINT pk_report_approvals PRIMARY KEY (id),
    CONSTRAINT fk_report_approvals_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_report_approvals_approver_id_users FOREIGN KEY(approver_id)
        REFERENCES users (id),
    CONSTRAINT fk_report_approvals_key_id_approval_keys FOREIGN KEY(key_id)
        REFERENCES approval_keys (id)
)""",
    "CREATE INDEX ix_report_approvals_report_id ON report_approvals (report_id, version)",
    """
CREATE TABLE report_provenance (
    report_id INTEGER NOT NULL,
    source_vault TEXT NOT NULL DEFAULT '',
    source_reference TEXT NOT NULL DEFAULT '',
    source_status TEXT NOT NULL DEFAULT '',
    source_author TEXT NOT NULL DEFAULT '',
    source_approver TEXT NOT NULL DEFAULT '',
    source_created_at TEXT,
    source_updated_at TEXT,
    source_submitted_at TEXT,
    source_approved_at TEXT,
    source_disseminated_at TEXT,
    received_at TEXT NOT NULL,
    CONSTRAINT pk_report_provenance PRIMARY KEY (report_id),
    CONSTRAINT fk_report_provenance_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE
)""",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
