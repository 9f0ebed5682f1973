"""The append-only, hash-chained audit log: write, read and verify.

``record`` is called by every service *inside the transaction of the change it records*, so a
change and its record commit or roll back together. Details carry ids and counts only, never
names, narratives or identifiers.

Each record's ``hash`` is SHA-256 over its own fields and ``prev_hash``, the hash of the record
before it (``GENESIS`` for record 1); ids run 1, 2, 3... without gaps. ``verify`` walks the
chain and names the first record that breaks it. Someone holding the data key could still
rewrite the whole chain consistently, or cut off its tail: signed checkpoints
(``sirat.services.audit.checkpoint``) kept outside the vault catch both.

Records point at other objects through ``object_type``/``object_id`` and, for the filters of
:func:`list_records`, through the detail keys in ``REPORT_KEYS`` and ``ENTITY_KEYS``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Table, and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.clock import timestamp
from sirat.domain.vocab import EntityId, ReportId, UserId
from sirat.errors import NotFound, SiratError, VaultInUse
from sirat.models.core import AuditRecord, User
from sirat.services.audit.changes import (
    ENTITY_KEYS,
    ENTITY_LIST_KEYS,
    REPORT_KEYS,
    REPORT_LIST_KEYS,
    of_record,
)
from sirat.services.roles import require_role
from sirat.vault import Vault, changes, journal
from sirat.vault.core import name_key

GENESIS = "0" * 64
_PAGE = 5000
#: A consultation waits this long for another writer before its record goes to the journal.
CONSULT_WAIT_S = 1.0

T = TypeVar("T")


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
    """Append one record of a change, chained to the previous one, in the caller's
    transaction, and note what the change changed on it (``audit.changes.of_record``)."""
    rec = _append(session, actor_id=actor_id, action=action, object_type=object_type,
                  object_id=object_id, details=details, at=at)
    changes.note(session, of_record(action, object_type, object_id, details))
    return rec


def _append(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditRecord:
    """Append one record, chained to the previous one (a change, a consultation...)."""
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    fields: dict[str, Any] = {
        "id": prev_id + 1,
        "at": timestamp(at),
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


def record_many(session: Session, *, actor_id: int | None,
                records: Sequence[tuple[str, str, str | int, dict[str, Any]]]) -> None:
    """Append many records (action, object type, object id, details) at once, chained as
    :func:`record` chains them, with one Core insert (a sheet of 10,000 rows is 10,000
    ``entity.create`` records: one ORM flush each would cost seconds)."""
    if not records:
        return
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    at = timestamp(None)
    rows = []
    for n, (action, object_type, object_id, details) in enumerate(records, start=1):
        fields: dict[str, Any] = {
            "id": prev_id + n, "at": at, "actor_id": actor_id, "action": action,
            "object_type": object_type, "object_id": str(object_id),
            "details": json.dumps(details, sort_keys=True, separators=(",", ":")),
            "prev_hash": prev_hash,
        }
        prev_hash = chain_hash(**fields)
        rows.append({**fields, "hash": prev_hash})
    # Core on the table (not the ORM's bulk path): the rows are final as they are.
    session.execute(insert(cast(Table, AuditRecord.__table__)), rows)


def append_kept(session: Session, records: list[dict[str, Any]]) -> None:
    """Append records kept in the vault's journal (a reader's, while another process held
    the write lock) in the order they were written, with the time they happened."""
    now = clock.now()
    for r in records:
        try:
            at: datetime | None = min(datetime.fromisoformat(str(r.get("at"))), now)
        except (TypeError, ValueError):
            at = None
        actor = r.get("actor_id")
        details = r.get("details")
        _append(session, actor_id=int(actor) if isinstance(actor, int) else None,
               action=str(r.get("action", "")), object_type=str(r.get("object_type", "")),
               object_id=str(r.get("object_id", "")),
               details=details if isinstance(details, dict) else {}, at=at)


journal.set_folder(append_kept)


def consult(
    vault: Vault, read: Callable[[Session], T], what: Callable[[T], dict[str, Any]]
) -> T:
    """Read something and record that the signed-in user consulted it (``what`` gives the
    record's ``action``, ``object_type``, ``object_id`` and ``details`` for the result).

    The record commits with the read when the write lock is free. While another process
    holds it (a long import), reading must still work: the read runs on its own and the record
    waits, durably and encrypted, in the vault's journal for the next write to fold in -- a
    consultation is never refused and its record never lost (see docs/audit.md).
    """
    try:
        # Committed without its own fsync: durable with the next one, within seconds
        # (Vault.session, durable=False; docs/audit.md "Consultation records").
        with vault.session(write=True, wait=CONSULT_WAIT_S, durable=False) as s:
            result = read(s)
            _append(s, actor_id=vault.info.user_id, **what(result))
            return result
    except VaultInUse:
        pass
    with vault.session(write=False) as s:
        result = read(s)
    vault.record_later([later(vault.info.user_id, **what(result))])
    return result


def later(actor_id: int | None, action: str, object_type: str = "", object_id: str | int = "",
          details: dict[str, Any] | None = None, at: datetime | None = None) -> dict[str, Any]:
    """A record to keep with ``Vault.record_later`` when the write lock is busy."""
    return {"at": timestamp(at), "actor_id": actor_id, "action": action,
            "object_type": object_type, "object_id": str(object_id), "details": details or {}}


# ---- reading ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditEntry:
    """One record as an administrator reads it (``actor_name`` empty for the system)."""

    id: int
    at: str
    actor_id: UserId | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditFilter:
    """What to list. ``action`` ending in ``.`` or ``*`` matches a prefix (``report.*``).

    ``since`` is inclusive, ``until`` exclusive; naive datetimes are taken as UTC.
    ``before_id`` pages backwards: records are listed newest first.
    """

    user: str | None = None
    action: str | None = None
    report_id: ReportId | None = None
    entity_id: EntityId | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = 500
    before_id: int | None = None


def _utc(at: datetime) -> str:
    return timestamp(at if at.tzinfo else at.replace(tzinfo=UTC))


def _concerns(object_type: str, obj_id: int, keys: Sequence[str],
              list_keys: Sequence[str]) -> ColumnElement[bool]:
    """The records about object ``obj_id``: as their object or named in their details."""
    clauses: list[ColumnElement[bool]] = [
        and_(AuditRecord.object_type == object_type, AuditRecord.object_id == str(obj_id))
    ]
    clauses += [func.json_extract(AuditRecord.details, f"$.{k}") == obj_id for k in keys]
    for k in list_keys:
        each = func.json_each(AuditRecord.details, f"$.{k}").table_valued("value")
        clauses.append(exists(select(each.c.value).where(each.c.value == obj_id)))
    return or_(*clauses)


def _conditions(s: Session, flt: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.user is not None:
        ids = list(s.scalars(select(User.id).where(User.name_key == name_key(flt.user))))
        if not ids:
            raise NotFound("There is no user with this name.", "See `sirat user list`.")
        where.append(AuditRecord.actor_id.in_(ids))
    if flt.action:
        if flt.action.endswith(("*", ".")):
            prefix = flt.action.rstrip("*")
            where.append(func.substr(AuditRecord.action, 1, len(prefix)) == prefix)
        else:
            where.append(AuditRecord.action == flt.action)
    if flt.report_id is not None:
        where.append(_concerns("report", flt.report_id, REPORT_KEYS, REPORT_LIST_KEYS))
    if flt.entity_id is not None:
        where.append(_concerns("entity", flt.entity_id, ENTITY_KEYS, ENTITY_LIST_KEYS))
    if flt.since is not None:
        where.append(AuditRecord.at >= _utc(flt.since))
    if flt.until is not None:
        where.append(AuditRecord.at < _utc(flt.until))
    if flt.before_id is not None:
        where.append(AuditRecord.id < flt.before_id)
    return where


def list_records(vault: Vault, flt: AuditFilter | None = None) -> list[AuditEntry]:
    """Records matching ``flt``, newest first (administrators only; the reading is recorded)."""
    require_administrator(vault)
    flt = flt or AuditFilter()
    with vault.session(write=True) as s:
        q = select(AuditRecord, User.name).outerjoin(User, User.id == AuditRecord.actor_id)
        q = q.where(*_conditions(s, flt)).order_by(AuditRecord.id.desc())
        if flt.limit is not None:
            q = q.limit(flt.limit)
        out = [
            AuditEntry(r.id, r.at, None if r.actor_id is None else UserId(r.actor_id),
                       name or "", r.action, r.object_type,
                       r.object_id, _details(r.details))
            for r, name in s.execute(q)
        ]
        record(s, actor_id=vault.info.user_id, action="audit.list", object_type="audit",
               details={"count": len(out)})
        return out


def require_administrator(vault: Vault) -> None:
    require_role(vault, "administrator")


def _details(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": True}
    return value if isinstance(value, dict) else {"value": value}


# ---- verification -------------------------------------------------------------------------
@dataclass(frozen=True)
class Break:
    """The first record that breaks the log, and what is wrong with it.

    ``problem`` is one of ``missing`` (a gap in the ids: the record was deleted),
    ``inserted`` (the record after it points past it), ``prev-hash`` (it does not point to
    the record before it: records were replaced, inserted, deleted or reordered), ``hash``
    (its content does not match its hash: it was changed), ``truncated`` (the log ends
    before a checkpoint's last record) or ``rewritten`` (it differs from what a checkpoint
    saw: the chain was recomputed from here on).
    """

    record_id: int
    problem: str
    message: str


class AuditBroken(SiratError):
    """``sirat audit verify`` found a broken record or a checkpoint that does not hold."""

    exit_code = 4


@dataclass
class ChainState:
    checked: int = 0
    head_id: int = 0
    head_hash: str = GENESIS
    before_head_hash: str = ""
    first_break: Break | None = None
    stored: dict[int, str] = field(default_factory=dict)


def walk_chain(s: Session, wanted: set[int]) -> ChainState:
    """One pass over the log in id order, a page at a time; keeps the hashes of ``wanted``."""
    chain = ChainState()
    cols = (AuditRecord.id, AuditRecord.at, AuditRecord.actor_id, AuditRecord.action,
            AuditRecord.object_type, AuditRecord.object_id, AuditRecord.details,
            AuditRecord.prev_hash, AuditRecord.hash)
    while True:
        rows = s.execute(select(*cols).where(AuditRecord.id > chain.head_id)
                         .order_by(AuditRecord.id).limit(_PAGE)).all()
        if not rows:
            return chain
        for row in rows:
            rid, stored_hash = row.id, row.hash
            if rid in wanted:
                chain.stored[rid] = stored_hash
            if chain.first_break is None:
                chain.first_break = _check_record(row, chain)
            chain.checked += 1
            chain.before_head_hash = chain.head_hash
            chain.head_id, chain.head_hash = rid, stored_hash


def _check_record(row: Any, chain: ChainState) -> Break | None:
    rid, prev_id = row.id, chain.head_id
    if rid != prev_id + 1:
        missing = (f"record {prev_id + 1} is missing; it was deleted" if rid == prev_id + 2
                   else f"records {prev_id + 1} to {rid - 1} are missing; they were deleted")
        return Break(prev_id + 1, "missing",
                     f"Record {prev_id + 1} is broken: {missing} (the ids jump from "
                     f"{prev_id} to {rid}).")
    if row.prev_hash != chain.head_hash:
        if prev_id >= 1 and row.prev_hash == chain.before_head_hash:
            return Break(prev_id, "inserted",
                         f"Record {prev_id} is broken: it was inserted (record {rid} "
                         f"points past it to record {prev_id - 1}).")
        before = f"record {prev_id}" if prev_id else "the start of the log"
        return Break(rid, "prev-hash",
                     f"Record {rid} is broken: it does not point to {before} (its previous "
                     f"hash differs); records were replaced, inserted, deleted or reordered "
                     f"here.")
    fields = {k: getattr(row, k) for k in ("id", "at", "actor_id", "action", "object_type",
                                           "object_id", "details", "prev_hash")}
    if chain_hash(**fields) != row.hash:
        return Break(rid, "hash",
                     f"Record {rid} is broken: its content does not match its hash; it was "
                     "changed after it was written.")
    return None
