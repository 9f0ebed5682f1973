"""The few facts that tell similar entities apart: date of birth, nationality (or country,
flag), identifiers and how many reports mention each.

Offered beside each possible match and each duplicate, so three "Мирко Савић" can be told
apart without opening them one by one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from sirat.models import Entity, EntityId, EntityIdentifier, ReportEntity
from sirat.vault import Vault

COUNTRY_FIELDS = ("nationality", "country", "flag", "issuing_country")


@dataclass(frozen=True)
class EntityFacts:
    date_of_birth: str = ""
    country: str = ""  # nationality, or the country / flag of a thing
    identifiers: tuple[tuple[str, str], ...] = ()  # (type, value as typed)
    report_count: int = 0


def facts_of(vault: Vault, entity_ids: Iterable[EntityId]) -> dict[EntityId, EntityFacts]:
    ids = sorted(set(entity_ids))
    if not ids:
        return {}
    with vault.session() as s:
        idents: dict[int, list[tuple[str, str]]] = {}
        for i in s.scalars(select(EntityIdentifier).where(EntityIdentifier.entity_id.in_(ids))
                           .order_by(EntityIdentifier.entity_id, EntityIdentifier.position)):
            idents.setdefault(i.entity_id, []).append((i.type, i.value.splitlines()[0]))
        counts = {int(eid): int(n) for eid, n in s.execute(
            select(ReportEntity.entity_id, func.count(func.distinct(ReportEntity.report_id)))
            .where(ReportEntity.entity_id.in_(ids)).group_by(ReportEntity.entity_id))}
        out: dict[EntityId, EntityFacts] = {}
        for e in s.scalars(select(Entity).where(Entity.id.in_(ids))):
            fields = {k: str(v) for k, v in json.loads(e.attributes or "{}").items()}
            country = next((fields[k] for k in COUNTRY_FIELDS if fields.get(k)), "")
            out[EntityId(e.id)] = EntityFacts(fields.get("date_of_birth", ""), country,
                                              tuple(idents.get(e.id, ())), counts.get(e.id, 0))
        return out
