"""Report-to-entity links (with a role) and entity-to-entity relations citing a report."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.domain.vocab import RelationId, UserId
from sirat.errors import Conflict, NotFound, ValidationError
from sirat.models import (
    Entity,
    EntityId,
    EntityRelation,
    LinkId,
    LinkRole,
    RelationType,
    ReportEntity,
    ReportId,
)
from sirat.services.audit import log as audit
from sirat.services.reports.records import get_row, relation_views, require_editable
from sirat.services.reports.types import LinkView, RelationView
from sirat.services.reports.validation import Problems
from sirat.vault import Vault


def _entity(s: Session, entity_id: EntityId, field: str) -> Entity:
    entity = s.get(Entity, entity_id)
    if entity is None:
        raise ValidationError.single(field, "The entity does not exist (it may have been "
                                     "merged or removed).", "Choose the entity again.")
    return entity


def add_link(
    s: Session, *, report_id: ReportId, entity_id: EntityId, role: str, note: str, user_id: UserId
) -> ReportEntity:
    """Insert a link in the caller's transaction (checks role and note; no permission)."""
    if s.get(LinkRole, role) is None:
        codes = ", ".join(s.scalars(select(LinkRole.code).order_by(LinkRole.position)))
        raise ValidationError.single("role", "Unknown role.", f"Choose one of: {codes}.")
    p = Problems()
    p.text("note", "note", note, multiline=True, max_chars=10_000)
    p.raise_if_any()
    _entity(s, entity_id, "entity")
    exists = s.execute(select(ReportEntity).where(
        ReportEntity.report_id == report_id, ReportEntity.entity_id == entity_id,
        ReportEntity.role == role)).scalar_one_or_none()
    if exists is not None:
        return exists
    link = ReportEntity(report_id=report_id, entity_id=entity_id, role=role, note=note,
                        created_at=utcnow(), created_by=user_id)
    s.add(link)
    s.flush()
    return link


def link_entity(
    vault: Vault, report_id: ReportId, entity_id: EntityId, role: str, note: str = ""
) -> LinkView:
    """Link an entity to the author's draft in a role (linking twice changes nothing)."""
    with vault.session(write=True) as s:
        require_editable(vault, get_row(s, report_id))
        link = add_link(s, report_id=report_id, entity_id=entity_id, role=role, note=note,
                        user_id=vault.info.user_id)
        audit.record(s, actor_id=vault.info.user_id, action="entity.link",
                     object_type="report", object_id=report_id,
                     details={"entity": entity_id, "link": link.id, "role": role})
        return LinkView(LinkId(link.id), ReportId(link.report_id), EntityId(link.entity_id),
                        link.role, link.note)


def unlink_entity(vault: Vault, link_id: LinkId) -> None:
    with vault.session(write=True) as s:
        link = s.get(ReportEntity, link_id)
        if link is None:
            raise NotFound("There is no such link.", "Reopen the report.")
        require_editable(vault, get_row(s, link.report_id))
        s.delete(link)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="entity.unlink",
                     object_type="report", object_id=link.report_id,
                     details={"entity": link.entity_id, "link": link_id})


def add_relation(
    s: Session, *, source_id: EntityId, target_id: EntityId, relation_type: str,
    report_id: ReportId, note: str, user_id: UserId, uid: str | None = None,
) -> EntityRelation:
    """Insert a relation in the caller's transaction (checks; no permission)."""
    if s.get(RelationType, relation_type) is None:
        codes = ", ".join(s.scalars(select(RelationType.code).order_by(RelationType.position)))
        raise ValidationError.single("relation_type", "Unknown relation type.",
                                     f"Choose one of: {codes}.")
    _entity(s, source_id, "source")
    _entity(s, target_id, "target")
    if source_id == target_id:
        raise ValidationError.single("target", "An entity cannot be related to itself.")
    p = Problems()
    p.text("note", "note", note, multiline=True, max_chars=10_000)
    p.raise_if_any()
    exists = s.execute(select(EntityRelation).where(
        EntityRelation.source_id == source_id, EntityRelation.target_id == target_id,
        EntityRelation.relation_type == relation_type, EntityRelation.report_id == report_id,
    )).scalar_one_or_none()
    if exists is not None:
        return exists
    rel = EntityRelation(uid=uid or uuid.uuid4().hex, source_id=source_id, target_id=target_id,
                         relation_type=relation_type, report_id=report_id, note=note,
                         created_at=utcnow(), created_by=user_id)
    s.add(rel)
    s.flush()
    return rel


def relate_entities(
    vault: Vault, source_id: EntityId, target_id: EntityId, relation_type: str, report_id: ReportId,
    note: str = "",
) -> RelationView:
    """Record that ``source`` is ``relation_type`` of ``target``, as the report asserts."""
    with vault.session(write=True) as s:
        require_editable(vault, get_row(s, report_id))
        rel = add_relation(s, source_id=source_id, target_id=target_id,
                           relation_type=relation_type, report_id=report_id, note=note,
                           user_id=vault.info.user_id)
        audit.record(s, actor_id=vault.info.user_id, action="entity.relate",
                     object_type="report", object_id=report_id,
                     details={"relation": rel.id, "source": source_id, "target": target_id,
                              "type": relation_type})
        return relation_views(s, select(EntityRelation).where(EntityRelation.id == rel.id))[0]


def remove_relation(vault: Vault, relation_id: RelationId) -> None:
    with vault.session(write=True) as s:
        rel = s.get(EntityRelation, relation_id)
        if rel is None:
            raise NotFound("There is no such relation.", "Reopen the report.")
        report = get_row(s, rel.report_id)
        if report.status != "draft":
            raise Conflict("Relations of a submitted report cannot change.")
        require_editable(vault, report)
        s.delete(rel)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="entity.unrelate",
                     object_type="report", object_id=report.id,
                     details={"relation": relation_id})
