"""Entity lists: filtered by kind, paged, counted (the candidates offered while an analyst
types are :mod:`sirat.services.resolution.suggestions`)."""

from __future__ import annotations

from sqlalchemy import func, select

from sirat.errors import ValidationError
from sirat.models import Entity, EntityId, ReportEntity
from sirat.services.entities.checks import name_key
from sirat.services.entities.types import KINDS, EntityRow
from sirat.vault import Vault

MAX_PAGE = 5_000
_TOP = "\U0010ffff"  # above every character: a prefix range ends here


def check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise ValidationError.single("kind", "Unknown kind of entity.",
                                     "Choose one of: " + ", ".join(KINDS) + ".")


def list_entities(
    vault: Vault, kind: str | None = None, *, prefix: str = "", offset: int = 0,
    limit: int = 500,
) -> list[EntityRow]:
    """Entities ordered by folded label, with the number of reports mentioning each."""
    check_kind(kind)
    count = (select(func.count()).where(ReportEntity.entity_id == Entity.id)
             .correlate(Entity).scalar_subquery())
    q = select(Entity.id, Entity.uid, Entity.kind, Entity.label, Entity.updated_at, count)
    if kind is not None:
        q = q.where(Entity.kind == kind)
    key = name_key(prefix) if prefix else ""
    if key:
        q = q.where(Entity.label_key >= key, Entity.label_key < key + _TOP)
    q = q.order_by(Entity.label_key, Entity.id).offset(max(0, offset))
    q = q.limit(max(0, min(limit, MAX_PAGE)))
    with vault.session() as s:
        return [EntityRow(EntityId(r[0]), r[1], r[2], r[3], r[4], int(r[5]))
                for r in s.execute(q)]


def count_entities(vault: Vault, kind: str | None = None) -> int:
    check_kind(kind)
    q = select(func.count()).select_from(Entity)
    if kind is not None:
        q = q.where(Entity.kind == kind)
    with vault.session() as s:
        return int(s.execute(q).scalar_one())
