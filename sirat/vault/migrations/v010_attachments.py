"""Schema 10: evidence files (attachments) of reports and entities.

- ``attachments``: one file attached to a report *or* an entity. The content is NOT here: it
  is an age-encrypted file ``attachments/<blob>`` in the vault folder (``sirat.vault.blobs``),
  ``blob`` a random name. The row keeps what is needed to find, check and show it without
  reading the file: the file's own age identity wrapped under the data key (``wrapped_key``),
  the SHA-256 of the plaintext (``sha256``; inside the encrypted database only, never a file
  name), the type found from the content (``media_type``), the name it had when attached
  (``original_name``), its size, a small JPEG thumbnail of images (``thumbnail``) and their
  pixel size. Deleting a report deletes its rows (the service removes the files).
- ``dissemination_register.attachments``: JSON list of ``{"attachment": id, "sha256": ...,
  "annex_sha256": ...}``, one per attachment printed in that export's annex.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 10
DESCRIPTION = "attachments (evidence files)"

STATEMENTS = [
    """
CREATE TABLE attachments (
    id INTEGER NOT NULL,
    blob TEXT NOT NULL,
    report_id INTEGER,
    entity_id INTEGER,
    media_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    wrapped_key BLOB NOT NULL,
    thumbnail BLOB,
    width INTEGER,
    height INTEGER,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    CONSTRAINT pk_attachments PRIMARY KEY (id),
    CONSTRAINT uq_attachments_blob UNIQUE (blob),
    CONSTRAINT ck_attachments_owner CHECK ((report_id IS NULL) <> (entity_id IS NULL)),
    CONSTRAINT fk_attachments_report_id_reports
        FOREIGN KEY(report_id) REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_attachments_entity_id_entities
        FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE,
    CONSTRAINT fk_attachments_created_by_users FOREIGN KEY(created_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_attachments_report_id ON attachments (report_id)",
    "CREATE INDEX ix_attachments_entity_id ON attachments (entity_id)",
    "ALTER TABLE dissemination_register ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
