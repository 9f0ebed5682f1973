"""Identifiers kept as typed although their check failed: who kept them, and when.

An overridden identifier must never look checked. Every place that shows an entity (the
entity window, the report's link table and detail pane, the chart) asks here once for the
entities it shows and marks those with an override, naming the analyst and the time.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.models import EntityId, IdentifierOverride, User
from sirat.services.reports.types import OverrideNote


def override_notes(
    s: Session, entity_ids: Iterable[EntityId]
) -> dict[EntityId, tuple[OverrideNote, ...]]:
    """For each entity with at least one kept identifier, one note per identifier value."""
    ids = sorted(set(entity_ids))
    if not ids:
        return {}
    rows = s.execute(
        select(IdentifierOverride.entity_id, IdentifierOverride.identifier_type,
               IdentifierOverride.normalized, User.display_name,
               IdentifierOverride.acknowledged_at)
        .join(User, User.id == IdentifierOverride.acknowledged_by)
        .where(IdentifierOverride.entity_id.in_(ids))
        .order_by(IdentifierOverride.id)
    ).all()
    notes: dict[EntityId, dict[tuple[str, str], OverrideNote]] = {}
    for entity_id, itype, normalized, by_name, at in rows:
        # Several failed checks of one value (check digit and length) make one note.
        per_entity = notes.setdefault(EntityId(entity_id), {})
        per_entity.setdefault((itype, normalized), OverrideNote(itype, normalized, by_name, at))
    return {eid: tuple(found.values()) for eid, found in notes.items()}
