"""The high-water mark: the last audit record known to be committed, kept outside vault.db.

SQLite stops replaying a WAL at the first frame whose checksum fails and silently drops every
later frame, committed transactions included (FACTS). The database cannot notice what it
never received, so ``highwater.json`` beside it records, after every write transaction, the
audit log's head: record id, its hash and time, the key generation, and an HMAC-SHA256 under
a key derived from the data key (so nobody without the data key can forge or move it).

On unlock and in ``sirat vault check`` the log must reach that record with that hash; if it
ends earlier, the work committed up to the mark's time is missing and SIRAT says so instead
of carrying on (and making the loss permanent at the next checkpoint).

Cost: the mark is replaced atomically (temporary file, ``os.replace``) but *not* fsynced
after each commit -- the commit itself already paid one fsync. After a power cut the mark
may therefore lag (older content survives): it can then miss a loss of the very last
commits, but never report one that did not happen. Closing the vault fsyncs it. A mark that
is missing or fails its HMAC (a torn write, an edit) is rewritten from the current head, with
a warning in the log; a mark of an older key generation (a rotation that ended before it
rewrote the mark) likewise.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sirat.errors import SiratError, VaultCorrupt
from sirat.files import atomic_write_bytes
from sirat.vault import crypto

log = logging.getLogger(__name__)

FILE_NAME = "highwater.json"
FORMAT = "sirat-highwater"
HEAD_SQL = "SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1"


class WorkLost(VaultCorrupt):
    """Committed work is missing from the database (see the module docstring)."""

    exit_code = 1


@dataclass(frozen=True)
class Mark:
    generation: int
    audit_id: int
    audit_hash: str
    at: str


def _mac(data_key: bytes, vault_id: str, mark: Mark) -> str:
    body = json.dumps(asdict(mark), sort_keys=True, separators=(",", ":")).encode()
    key = crypto.derived_key(data_key, vault_id, "highwater-v1")
    return hmac.new(key, b"sirat-highwater-v1|" + vault_id.encode() + b"|" + body,
                    hashlib.sha256).hexdigest()


def head_of(conn: Any) -> Mark | None:
    """The audit log's head through a DBAPI connection (None: empty log)."""
    row = conn.execute(HEAD_SQL).fetchone()
    if row is None:
        return None
    return Mark(0, int(row[0]), str(row[1]), str(row[2]))


def write(folder: Path, data_key: bytes, vault_id: str, mark: Mark, *, durable: bool) -> None:
    doc = {"format": FORMAT, "version": 1, "vault_id": vault_id, **asdict(mark),
           "mac": _mac(data_key, vault_id, mark)}
    with contextlib.suppress(SiratError):  # a full disk must not fail a committed change
        atomic_write_bytes(folder / FILE_NAME, json.dumps(doc, sort_keys=True).encode(),
                           "high-water mark", durable=durable)


def sync(folder: Path) -> None:
    """Make the last mark durable (on close)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder / FILE_NAME, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read(folder: Path, data_key: bytes, vault_id: str) -> tuple[Mark | None, str]:
    """The mark and its state: ``ok``, ``missing`` or ``bad`` (fails its HMAC: torn, edited,
    or written under the data key of an older generation)."""
    try:
        doc = json.loads((folder / FILE_NAME).read_bytes())
        mark = Mark(int(doc["generation"]), int(doc["audit_id"]), str(doc["audit_hash"]),
                    str(doc["at"]))
        mac = str(doc["mac"])
        same_vault = doc.get("vault_id") == vault_id
    except FileNotFoundError:
        return None, "missing"
    except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError):
        return None, "bad"
    if same_vault and hmac.compare_digest(mac, _mac(data_key, vault_id, mark)):
        return mark, "ok"
    return mark, "bad"


def problem(mark: Mark, record: tuple[int, str] | None, head_id: int) -> str | None:
    """What is wrong when the log (``record``: id and hash at the mark's id, if present;
    ``head_id``: its last id) does not reach the mark; None when it does."""
    if record is None:
        first = head_id + 1
        return (
            f"Work committed up to {mark.at} is missing from the vault: the audit log ends at "
            f"record {head_id}, but record {mark.audit_id} had been committed "
            f"(records {first} to {mark.audit_id} and the changes they recorded were lost -- "
            "a damaged write-ahead log or a file replaced by an older copy)."
        )
    if record[1] != mark.audit_hash:
        return (
            f"The audit record {mark.audit_id} committed at {mark.at} is not the one in the "
            "vault now: the work committed up to then was lost or replaced."
        )
    return None


def check(
    conn: Any, folder: Path, data_key: bytes, vault_id: str, generation: int, *,
    repair: bool = True,
) -> str | None:
    """Compare the log with the mark (DBAPI connection); rewrite a missing or bad mark."""
    mark, state = read(folder, data_key, vault_id)
    head = head_of(conn)
    if state == "ok" and mark is not None and mark.generation == generation:
        row = conn.execute("SELECT id, hash FROM audit_log WHERE id = ?",
                           (mark.audit_id,)).fetchone()
        found = None if row is None else (int(row[0]), str(row[1]))
        return problem(mark, found, head.audit_id if head else 0)
    if state != "missing":
        log.warning("high-water mark unreadable or of another key; rewritten from the head")
    if head is not None and repair:
        write(folder, data_key, vault_id, Mark(generation, head.audit_id, head.audit_hash,
                                               head.at), durable=True)
    return None
