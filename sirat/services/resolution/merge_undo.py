"""Putting back what a merge changed (see :mod:`sirat.services.resolution.merge`).

Each row the merge moved goes back to the merged entity if it is still where the merge put
it; rows the merge removed are inserted again with their old ids (a new id only if the
old one was taken since). If the kept entity was edited after the merge -- an edit writes
its names and identifiers afresh -- the merged entity's names and identifiers are found by
content instead. Links or relations removed *after* the merge stay removed, and the kept
entity's fields are put back only if it was not edited since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from sirat.models import (
    Attachment,
    Entity,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    IdentifierOverride,
    ReportEntity,
)
from sirat.models.search import EntityDistinct, EntityMerge


def _table(model: Any) -> Table:
    t = model.__table__
    assert isinstance(t, Table)  # noqa: S101 -- every model here is a plain table
    return t


def rows_of(s: Session, model: Any, *where: Any) -> list[dict[str, Any]]:
    """Full rows as plain dicts (column name -> value), in id order where there is one."""
    t = _table(model)
    q = select(t).where(*where)
    if "id" in t.c:
        q = q.order_by(t.c.id)
    return [dict(r) for r in s.execute(q).mappings()]


def _insert(s: Session, model: Any, row: dict[str, Any]) -> None:
    """Insert ``row`` again, with its old id unless that id was taken since."""
    t = _table(model)
    values = {k: v for k, v in row.items() if k in t.c}
    if s.scalar(select(t.c.id).where(t.c.id == values["id"])) is not None:
        values.pop("id")
    s.execute(insert(t).values(**values))


def _current(s: Session, model: Any, row_id: int) -> dict[str, Any] | None:
    t = _table(model)
    found = s.execute(select(t).where(t.c.id == row_id)).mappings().first()
    return dict(found) if found is not None else None


def _put_back(s: Session, model: Any, rows: list[dict[str, Any]],
              still_moved: Callable[[dict[str, Any]], bool],
              same_content: Callable[[dict[str, Any]], Any] | None = None) -> None:
    """Moved rows: restore in place when ``still_moved(current)``; otherwise (the kept
    entity was edited) remove the kept entity's copy found by ``same_content`` -- called
    with the row bound -- and insert the original."""
    t = _table(model)
    for row in rows:
        now = _current(s, model, row["id"])
        if now is not None and still_moved(now):
            values = {k: v for k, v in row.items() if k in t.c and k != "id"}
            s.execute(update(t).where(t.c.id == row["id"]).values(**values))
        elif same_content is not None:
            s.execute(delete(t).where(same_content(row)))
            _insert(s, model, row)


def restore(s: Session, kept: int, ch: dict[str, Any]) -> None:
    """Undo the changes ``ch`` (as stored by a merge into ``kept``) in the caller's session."""
    merged = int(ch["merged"]["id"])
    _insert(s, Entity, ch["merged"])
    k = _current(s, Entity, kept)
    if k is not None and k["updated_at"] == ch.get("kept_updated_at"):
        values = {key: v for key, v in ch["kept"].items() if key != "id"}
        s.execute(update(Entity).where(Entity.id == kept).values(**values))

    def on_kept(col: str) -> Callable[[dict[str, Any]], bool]:
        return lambda now: now[col] == kept

    _put_back(s, EntityName, ch["names"], on_kept("entity_id"),
              lambda r: (EntityName.entity_id == kept) & (EntityName.name == r["name"]))
    _put_back(s, EntityIdentifier, ch["identifiers"], on_kept("entity_id"),
              lambda r: (EntityIdentifier.entity_id == kept)
              & (EntityIdentifier.type == r["type"])
              & (EntityIdentifier.normalized == r["normalized"])
              & (EntityIdentifier.country == r["country"]))
    _put_back(s, IdentifierOverride, ch["overrides"], on_kept("entity_id"),
              lambda r: (IdentifierOverride.entity_id == kept)
              & (IdentifierOverride.identifier_type == r["identifier_type"])
              & (IdentifierOverride.normalized == r["normalized"])
              & (IdentifierOverride.warning_code == r["warning_code"]))
    _put_back(s, ReportEntity, ch["links"], on_kept("entity_id"))
    if ch.get("attachments"):  # merges recorded before schema 10 have none
        s.execute(update(Attachment).where(Attachment.id.in_(ch["attachments"]),
                                           Attachment.entity_id == kept)
                  .values(entity_id=merged))
    _put_back(s, EntityRelation, ch["relations"],
              lambda now: kept in (now["source_id"], now["target_id"]))
    _put_back(s, EntityDistinct, ch["distinct"],
              lambda now: kept in (now["entity_a"], now["entity_b"]))
    for key, model in (("names_dropped", EntityName), ("identifiers_dropped", EntityIdentifier),
                       ("overrides_dropped", IdentifierOverride),
                       ("links_dropped", ReportEntity), ("relations_dropped", EntityRelation),
                       ("distinct_dropped", EntityDistinct)):
        for row in ch[key]:
            _insert(s, model, row)
    if ch["merges"]:
        s.execute(update(EntityMerge).where(EntityMerge.id.in_(ch["merges"]))
                  .values(kept_id=merged))
    s.flush()
