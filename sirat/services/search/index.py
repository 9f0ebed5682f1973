"""Keeping the search index and the entity match keys in step with every write.

The domain services call :func:`index_report` / :func:`index_entity` (or
:func:`unindex_report`) inside the transaction that changes a report or an entity, so the
index commits or rolls back with the change. Bulk writers (the demo generator) call
:func:`index_batch` once per batch. :func:`rebuild_index` builds everything from scratch,
and :func:`ensure_index` does so when the vault's index is missing or older than this code
(a vault migrated to schema 5, or folding rules that changed: :data:`INDEX_VERSION`).

What is indexed (all folded by :mod:`sirat.services.search.text`):

* ``search_reports`` (rowid = report id): title, summary, narrative, keywords, and as
  ``extra`` the places, operation, agency and analyst comment; ``alt`` holds the other
  spellings. The reference is not indexed ("sirat" and the year would be in every row):
  a reference typed in a query is looked up in ``reports`` directly. Crime area, status
  and report date are written as filter tokens into ``facets`` (schema 12,
  :mod:`.search_facets`), so a workflow step re-indexes the report (``workflow``).
* ``search_entities`` (rowid = entity id): every name and alias; every identifier as typed,
  with Cyrillic/Greek look-alike letters made Latin, and normalized; the other fields; the
  kind as a filter token in ``facets``.
* ``entity_match_keys``: :func:`name_match_keys` of every name of persons, organizations and
  vessels -- what candidate search looks up before scoring.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from sirat.domain.vocab import KIND_SPECS, EntityId, ReportId
from sirat.models import Entity, EntityIdentifier, EntityName, Report, VaultMeta
from sirat.models.search import EntityMatchKey
from sirat.names import fold_lookalikes, phonetic_key, search_keys, variant_keys
from sirat.services.audit import log as audit
from sirat.services.search.facets import entity_facets, report_facets
from sirat.services.search.text import Folded, fold_items, fold_text
from sirat.vault import Vault

log = logging.getLogger(__name__)

#: Bump when folding or indexed fields change: vaults built earlier are rebuilt on next use.
INDEX_VERSION: Final = "4"  # 4: facets (schema 12)
META_KEY: Final = "search.index"
#: Kinds whose names are matched across scripts (their name identifies them: ``KindSpec.named``)
MATCHED_KINDS: Final = frozenset(k.value for k, spec in KIND_SPECS.items() if spec.named)
CHUNK: Final = 2000

_REPORT_COLUMNS: Final = ("title", "summary", "narrative", "keywords", "extra", "alt")
_ENTITY_COLUMNS: Final = ("names", "identifiers", "details", "alt")
_INSERT_REPORT: Final = text(
    "INSERT INTO search_reports (rowid, title, summary, narrative, keywords, extra, alt, "
    "facets) VALUES (:rowid, :title, :summary, :narrative, :keywords, :extra, :alt, :facets)")
_INSERT_ENTITY: Final = text(
    "INSERT INTO search_entities (rowid, names, identifiers, details, alt, facets) "
    "VALUES (:rowid, :names, :identifiers, :details, :alt, :facets)")
_DELETE_REPORT: Final = text("DELETE FROM search_reports WHERE rowid = :rowid")
_DELETE_ENTITY: Final = text("DELETE FROM search_entities WHERE rowid = :rowid")


def name_match_keys(name: str) -> set[str]:
    """Blocking keys of one name, in every spelling (``sirat.names.search_keys`` and
    ``variant_keys``).

    ``"ptrf:i"``/``"ifn:p"`` -- phonetic key of the last (first) word and the initial of the
    first (last) word, as :func:`sirat.names.blocking_keys`; ``"ptrf:ifn"``/``"ifn:ptrf"``
    -- both words whole (a small block however common the name); ``"=ptrf"`` -- every word
    alone, so "Petrov" typed alone finds "Ivan Petrov"; an initial pairs with the one long
    word ("G. Papadopoulos" -> ``"ppdpls:g"``).
    """
    keys: set[str] = set()
    # The other systems' readings too (Живко is also Jivko, Κώστας Χατζής also Xatzis and
    # Konstantinos): a name typed in one of them must meet the stored name in a block.
    for spelling in (*search_keys(name), *variant_keys(name)):
        words = spelling.split()
        long_words = [w for w in words if len(w) > 1]
        for w in long_words:
            keys.add("=" + phonetic_key(w))
        if len(long_words) >= 2:
            first, last = phonetic_key(long_words[0]), phonetic_key(long_words[-1])
            keys.add(f"{last}:{first[:1]}")
            keys.add(f"{first}:{last[:1]}")
            # Both words whole: a small block even for the commonest names.
            keys.add(f"{last}:{first}")
            keys.add(f"{first}:{last}")
        elif len(long_words) == 1:
            word = phonetic_key(long_words[0])
            keys.update(f"{word}:{w}" for w in words if len(w) == 1)
    keys.discard("=")
    return keys


# ---- building rows -----------------------------------------------------------------------
def _columns(folded: Sequence[Folded], names: Sequence[str]) -> dict[str, str]:
    row = {name: f.primary for name, f in zip(names, folded, strict=False)}
    row[names[-1]] = " ".join(f.alternates for f in folded if f.alternates)
    return row


def _json_list(value: str) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(i) for i in items] if isinstance(items, list) else []


def report_row(r: Any) -> dict[str, Any]:
    """The FTS row of one report (any object with the ``reports`` columns as attributes)."""
    folded = [
        fold_text(r.title), fold_text(r.summary), fold_text(r.narrative),
        fold_items(_json_list(r.keywords)),
        fold_items([*_json_list(r.places), r.operation, r.agency, r.analyst_comment]),
    ]
    return {"rowid": r.id, **_columns(folded, _REPORT_COLUMNS),
            "facets": report_facets(r.crime_area, r.status, r.report_date)}


def entity_row(e: Any, names: Sequence[str], idents: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The FTS row of one entity: ``idents`` are (value as typed, normalized) pairs."""
    try:
        fields = json.loads(e.attributes or "{}")
    except ValueError:
        fields = {}
    values: list[str] = []
    for typed, normalized in idents:
        values.append(typed)
        latin = fold_lookalikes(typed)
        if latin != typed:
            values.append(latin)
        values.append(normalized)
    details = [str(v) for v in fields.values() if isinstance(v, str) and v.strip()]
    if not names:
        details.insert(0, e.label)
    folded = [fold_items(names, names=True), fold_items(values), fold_items(details)]
    return {"rowid": e.id, **_columns(folded, _ENTITY_COLUMNS), "facets": entity_facets(e.kind)}


def _entity_parts(s: Session, ids: Sequence[int]) -> tuple[
        dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    names: dict[int, list[str]] = {i: [] for i in ids}
    idents: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for eid, name in s.execute(select(EntityName.entity_id, EntityName.name)
                               .where(EntityName.entity_id.in_(ids))
                               .order_by(EntityName.entity_id, EntityName.position)):
        names[eid].append(name)
    for eid, value, norm in s.execute(
            select(EntityIdentifier.entity_id, EntityIdentifier.value,
                   EntityIdentifier.normalized)
            .where(EntityIdentifier.entity_id.in_(ids))
            .order_by(EntityIdentifier.entity_id, EntityIdentifier.position)):
        idents[eid].append((value, norm))
    return names, idents


def _write_entities(s: Session, ids: Sequence[int], *, replace: bool) -> None:
    if not ids:
        return
    entities = list(s.execute(select(Entity.id, Entity.kind, Entity.label, Entity.attributes)
                              .where(Entity.id.in_(ids))))
    names, idents = _entity_parts(s, [e.id for e in entities])
    if replace:
        s.execute(_DELETE_ENTITY, [{"rowid": i} for i in ids])
        s.execute(delete(EntityMatchKey).where(EntityMatchKey.entity_id.in_(ids)))
    rows = [entity_row(e, names[e.id], idents[e.id]) for e in entities]
    if rows:
        s.execute(_INSERT_ENTITY, rows)
    keys = [{"kind": e.kind, "key": k, "entity_id": e.id}
            for e in entities if e.kind in MATCHED_KINDS
            for k in sorted(set().union(*map(name_match_keys, names[e.id])))]
    if keys:
        s.execute(insert(EntityMatchKey), keys)


def _write_reports(s: Session, ids: Sequence[int], *, replace: bool) -> None:
    if not ids:
        return
    if replace:
        s.execute(_DELETE_REPORT, [{"rowid": i} for i in ids])
    cols = (Report.id, Report.title, Report.summary, Report.narrative, Report.keywords,
            Report.places, Report.operation, Report.agency, Report.analyst_comment,
            Report.crime_area, Report.status, Report.report_date)
    rows = [report_row(r) for r in s.execute(select(*cols).where(Report.id.in_(ids)))]
    if rows:
        s.execute(_INSERT_REPORT, rows)


# ---- hooks for the domain services ------------------------------------------------------
FRESH: Final = "fresh"


def _stamp(session: Session) -> None:
    """A fresh (empty, complete) index becomes one built by this code at its first write."""
    row = session.get(VaultMeta, META_KEY)
    if row is not None and row.value == FRESH:
        row.value = INDEX_VERSION


def index_report(session: Session, report_id: ReportId) -> None:
    """(Re)index one report in the caller's transaction (after its row is flushed)."""
    session.flush()
    _stamp(session)
    _write_reports(session, [report_id], replace=True)


def unindex_report(session: Session, report_id: ReportId) -> None:
    session.execute(_DELETE_REPORT, {"rowid": report_id})


def index_entity(session: Session, entity_id: EntityId) -> None:
    """(Re)index one entity -- names, identifiers, fields, match keys -- in the caller's
    transaction (after its names and identifiers are flushed)."""
    session.flush()
    _stamp(session)
    _write_entities(session, [entity_id], replace=True)


def unindex_entity(session: Session, entity_id: EntityId) -> None:
    session.execute(_DELETE_ENTITY, {"rowid": entity_id})
    session.execute(delete(EntityMatchKey).where(EntityMatchKey.entity_id == entity_id))


def index_batch(session: Session, report_ids: Iterable[ReportId] = (),
                entity_ids: Iterable[EntityId] = (), *, new: bool = True) -> None:
    """Index rows a bulk writer has just inserted (``new``: nothing to replace)."""
    rids, eids = sorted(set(report_ids)), sorted(set(entity_ids))
    _stamp(session)
    for i in range(0, len(eids), CHUNK):
        _write_entities(session, eids[i:i + CHUNK], replace=not new)
    for i in range(0, len(rids), CHUNK):
        _write_reports(session, rids[i:i + CHUNK], replace=not new)


# ---- building from scratch -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RebuildResult:
    reports: int
    entities: int
    match_keys: int
    seconds: float


def _set_meta(s: Session, value: str) -> None:
    row = s.get(VaultMeta, META_KEY)
    if row is None:
        s.add(VaultMeta(key=META_KEY, value=value))
    else:
        row.value = value
    s.flush()


def index_state(vault: Vault) -> str:
    """The index version the vault was built with ('' when never built)."""
    with vault.session() as s:
        return s.scalar(select(VaultMeta.value).where(VaultMeta.key == META_KEY)) or ""


def _ids(vault: Vault, column: Any) -> list[int]:
    with vault.session() as s:
        return [int(i) for i in s.scalars(select(column).order_by(column))]


def rebuild_index(
    vault: Vault, progress: Callable[[int, int], None] | None = None
) -> RebuildResult:
    """Drop and rebuild the search index and the match keys (one transaction per chunk of
    2,000 rows, so other work can interleave; writes during the rebuild index themselves)."""
    started = time.perf_counter()
    with vault.session(write=True) as s:
        _set_meta(s, "")
        for table in ("search_reports", "search_entities"):
            s.execute(text(f"INSERT INTO {table} ({table}) VALUES ('delete-all')"))
        s.execute(delete(EntityMatchKey))
    report_ids, entity_ids = _ids(vault, Report.id), _ids(vault, Entity.id)
    total, done = len(report_ids) + len(entity_ids), 0
    for ids, write in ((entity_ids, _write_entities), (report_ids, _write_reports)):
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            with vault.session(write=True) as s:
                # Replace: a row written by a hook since the rebuild began is not doubled.
                write(s, chunk, replace=True)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    with vault.session(write=True) as s:
        for table in ("search_reports", "search_entities"):
            s.execute(text(f"INSERT INTO {table} ({table}) VALUES ('optimize')"))
        keys = int(s.scalar(select(func.count()).select_from(EntityMatchKey)) or 0)
        _set_meta(s, INDEX_VERSION)
        seconds = time.perf_counter() - started
        audit.record(s, actor_id=vault.info.user_id, action="search.rebuild",
                     object_type="vault", object_id=vault.info.vault_id,
                     details={"reports": len(report_ids), "entities": len(entity_ids),
                              "seconds": round(seconds, 1)})
    log.info("search index rebuilt: %d reports, %d entities in %.1f s",
             len(report_ids), len(entity_ids), seconds)
    return RebuildResult(len(report_ids), len(entity_ids), keys, seconds)


def ensure_index(vault: Vault, progress: Callable[[int, int], None] | None = None) -> bool:
    """Build the index if this vault's is missing or stale; True if it was (re)built."""
    state = index_state(vault)
    if state == INDEX_VERSION:
        return False
    with vault.session(write=True) as s:
        empty = s.scalar(select(Report.id).limit(1)) is None and s.scalar(
            select(Entity.id).limit(1)) is None
        if empty:  # a new vault: nothing to build, and nothing worth an audit record
            if state != FRESH:
                _set_meta(s, FRESH)
            return False
    # Data, but never indexed: a migrated vault, or rows written past the services
    # (a 'fresh' vault filled by a bulk tool that did not call index_batch).
    rebuild_index(vault, progress)
    return True


def needs_build(s: Session) -> bool:
    """Whether this vault's index must be built before a search (in the caller's session)."""
    state = s.scalar(select(VaultMeta.value).where(VaultMeta.key == META_KEY)) or ""
    if state == INDEX_VERSION:
        return False
    if state == FRESH:
        return s.scalar(select(Report.id).limit(1)) is not None or s.scalar(
            select(Entity.id).limit(1)) is not None
    return True
