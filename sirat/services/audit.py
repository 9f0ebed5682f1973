"""The append-only, hash-chained audit log.

``record`` is called by every service *inside the transaction of the change it records*, so a
change and its record commit or roll back together. Details carry ids and counts only, never
names, narratives or identifiers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.models.core import AuditRecord

GENESIS = "0" * 64


def canonical(
    *,
    id: int,
    at: str,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    details: str,
    prev_hash: str,
) -> bytes:
    payload = [id, at, actor_id, action, object_type, object_id, details, prev_hash]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(**fields: Any) -> str:
    return hashlib.sha256(canonical(**fields)).hexdigest()


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditRecord:
    """Append one record, chained to the previous one, in the caller's transaction."""
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    fields: dict[str, Any] = {
        "id": prev_id + 1,
        "at": when,
        "actor_id": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "details": json.dumps(details or {}, sort_keys=True, separators=(",", ":")),
        "prev_hash": prev_hash,
    }
    rec = AuditRecord(**fields, hash=chain_hash(**fields))
    session.add(rec)
    session.flush()
    return rec
