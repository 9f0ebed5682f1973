"""Schema 4: signing certificates and the dissemination register.

- ``certificates``: each user's signing certificates; the PKCS#12 file is kept re-encrypted
  under its own passphrase, which SIRAT never stores
  (``sirat/services/dissemination/certificates.py``), and the certificate alone (public,
  DER) for listing, export and verification.
- ``dissemination_register``: one row per exported PDF -- report reference and version,
  recipient, copy number, SHA-256 and size of the file, its canonical file name (no
  personal data, never the chosen path), signer, who exported it and when. No foreign key to
  ``reports``: the register must outlive a report that is reopened and deleted.

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 4
DESCRIPTION = "signing certificates, dissemination register"

STATEMENTS = [
    """
CREATE TABLE certificates (
    id INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,
    common_name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    test_certificate BOOLEAN NOT NULL DEFAULT 0,
    certificate_der BLOB NOT NULL,
    pkcs12 BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    CONSTRAINT pk_certificates PRIMARY KEY (id),
    CONSTRAINT uq_certificates_fingerprint UNIQUE (fingerprint),
    CONSTRAINT fk_certificates_owner_id_users FOREIGN KEY(owner_id) REFERENCES users (id),
    CONSTRAINT fk_certificates_created_by_users FOREIGN KEY(created_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_certificates_owner_id ON certificates (owner_id, active)",
    """
CREATE TABLE dissemination_register (
    id INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    reference TEXT NOT NULL,
    report_version INTEGER NOT NULL,
    recipient_code TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    copy_number INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    signed BOOLEAN NOT NULL DEFAULT 0,
    certificate_id INTEGER,
    certificate_fingerprint TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    test_certificate BOOLEAN NOT NULL DEFAULT 0,
    exported_by INTEGER NOT NULL,
    exported_at TEXT NOT NULL,
    CONSTRAINT pk_dissemination_register PRIMARY KEY (id),
    CONSTRAINT uq_dissemination_register_copy UNIQUE (reference, copy_number),
    CONSTRAINT fk_dissemination_register_recipient_code_ref_recipients
        FOREIGN KEY(recipient_code) REFERENCES ref_recipients (code),
    CONSTRAINT fk_dissemination_register_certificate_id_certificates
        FOREIGN KEY(certificate_id) REFERENCES certificates (id),
    CONSTRAINT fk_dissemination_register_exported_by_users
        FOREIGN KEY(exported_by) REFERENCES users (id)
)""",
    "CREATE INDEX ix_dissemination_register_report_id ON dissemination_register (report_id, id)",
    "CREATE INDEX ix_dissemination_register_exported_at ON dissemination_register (exported_at)",
    "CREATE INDEX ix_dissemination_register_sha256 ON dissemination_register (sha256)",
]


def upgrade(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
