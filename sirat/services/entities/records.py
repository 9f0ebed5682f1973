"""Entities: create and update (with identifier warnings the analyst acknowledges), show
with every report that mentions them and their relations, personal-data marking."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable
from dataclasses import replace

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.errors import NotFound, ValidationError
from sirat.models import (
    Entity,
    EntityId,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    IdentifierOverride,
    LinkId,
    Report,
    ReportEntity,
    ReportId,
    User,
)
from sirat.services.audit import log as audit
from sirat.services.entities.checks import (
    check_entity,
    identifier_warnings,
    label_of,
    name_key,
    normalized,
    script_of,
)
from sirat.services.entities.types import (
    KINDS,
    PERSONAL_VEHICLE_RELATIONS,
    EntityDraft,
    EntityReport,
    EntityView,
    IdentifierView,
    IdentifierWarnings,
    NameView,
    OverrideView,
)
from sirat.services.formats.identifiers import IdentifierWarning
from sirat.services.reports.records import relation_views
from sirat.services.reports.types import RelationView
from sirat.services.search import index as search_index
from sirat.vault import Vault


def is_personal(
    kind: str, entity: EntityView | None = None, links: Iterable[RelationView] = ()
) -> bool:
    """Personal data per PRODUCT.md: persons, phones, identity documents, bank and online
    accounts always; an address when private; a vehicle whose owner or driver is a person."""
    spec = KINDS.get(kind)
    if spec is None or spec.personal:
        return True  # unknown kinds are treated as personal: withholding is the safe side
    if kind == "address":
        return entity is not None and entity.is_private
    if kind == "vehicle":
        me = entity.id if entity is not None else None
        return any(
            r.relation_type in PERSONAL_VEHICLE_RELATIONS
            and r.source_kind == "person"
            and (me is None or r.target_id == me)
            for r in links
        )
    return False


def _pending_warnings(
    s: Session, draft: EntityDraft, entity_id: EntityId | None, acknowledged: Collection[str]
) -> tuple[list[IdentifierWarning], list[IdentifierWarning]]:
    """(warnings still to acknowledge, warnings acknowledged now)."""
    stored: set[str] = set()
    if entity_id is not None:
        stored = {
            f"{o.identifier_type}:{o.normalized}:{o.warning_code}"
            for o in s.scalars(select(IdentifierOverride)
                               .where(IdentifierOverride.entity_id == entity_id))
        }
    pending: list[IdentifierWarning] = []
    now: list[IdentifierWarning] = []
    for w in identifier_warnings(draft.identifiers):
        if w.key in stored:
            continue
        (now if w.key in acknowledged else pending).append(w)
    return pending, now


def _write_parts(s: Session, entity: Entity, draft: EntityDraft) -> None:
    s.execute(delete(EntityName).where(EntityName.entity_id == entity.id))
    s.execute(delete(EntityIdentifier).where(EntityIdentifier.entity_id == entity.id))
    for i, n in enumerate(draft.names):
        s.add(EntityName(entity_id=entity.id, name=n.text, script=script_of(n.text),
                         is_alias=n.is_alias, position=i, name_key=name_key(n.text)))
    for i, ident in enumerate(draft.identifiers):
        s.add(EntityIdentifier(entity_id=entity.id, type=ident.type, value=ident.value,
                               normalized=normalized(ident), country=ident.country, position=i))
    keep = {(ident.type, normalized(ident)) for ident in draft.identifiers}
    for o in s.scalars(select(IdentifierOverride).where(IdentifierOverride.entity_id == entity.id)):
        if (o.identifier_type, o.normalized) not in keep:
            s.delete(o)
    s.flush()


def _store_overrides(
    s: Session, vault: Vault, entity_id: EntityId, warnings: list[IdentifierWarning], at: str
) -> None:
    """Keep who overrode which warning; the audit record of the save names the codes."""
    for w in warnings:
        s.add(IdentifierOverride(entity_id=entity_id, identifier_type=w.identifier_type,
                                 normalized=w.normalized, warning_code=w.code,
                                 acknowledged_by=vault.info.user_id, acknowledged_at=at))
    s.flush()


def save_entity(
    s: Session, vault: Vault, draft: EntityDraft, *, entity: Entity | None = None,
    acknowledged: Collection[str] = (), uid: str | None = None,
) -> Entity:
    """Validate and write ``draft`` (new, or onto ``entity``) in the caller's transaction."""
    check_entity(draft).raise_if_any()
    pending, now_ack = _pending_warnings(s, draft, entity.id if entity else None, acknowledged)
    if pending:
        raise IdentifierWarnings(pending)
    now = utcnow()
    label = label_of(draft)
    if entity is None:
        entity = Entity(uid=uid or uuid.uuid4().hex, kind=draft.kind, created_at=now,
                        created_by=vault.info.user_id)
        s.add(entity)
        action = "entity.create"
    else:
        action = "entity.update"
    entity.label, entity.label_key = label, name_key(label)
    entity.attributes = json.dumps(dict(sorted(draft.fields.items())), ensure_ascii=False)
    entity.is_private = draft.is_private
    entity.updated_at, entity.updated_by = now, vault.info.user_id
    s.flush()
    _write_parts(s, entity, draft)
    search_index.index_entity(s, entity.id)
    _store_overrides(s, vault, entity.id, now_ack, now)
    details: dict[str, object] = {"kind": draft.kind}
    if now_ack:
        # One record per save: the overridden warnings are part of it (codes, never values).
        details["overridden"] = sorted(w.code for w in now_ack)
    audit.record(s, actor_id=vault.info.user_id, action=action, object_type="entity",
                 object_id=entity.id, details=details)
    return entity


def create_entity(
    vault: Vault, draft: EntityDraft, *, acknowledged: Collection[str] = ()
) -> EntityView:
    """Save a new entity. Failed identifier checks raise :class:`IdentifierWarnings` unless
    their keys are in ``acknowledged``."""
    with vault.session(write=True) as s:
        entity = save_entity(s, vault, draft, acknowledged=acknowledged)
        return entity_view(s, entity, full=False)


def update_entity(
    vault: Vault, entity_id: EntityId, draft: EntityDraft, *, acknowledged: Collection[str] = ()
) -> EntityView:
    with vault.session(write=True) as s:
        entity = _get(s, entity_id)
        if draft.kind != entity.kind:
            raise ValidationError.single("kind", "The kind of an entity cannot change.",
                                         "Create a new entity of the other kind.")
        save_entity(s, vault, draft, entity=entity, acknowledged=acknowledged)
        return entity_view(s, entity, full=False)


def _get(s: Session, entity_id: EntityId) -> Entity:
    entity = s.get(Entity, entity_id)
    if entity is None:
        raise NotFound("There is no entity with this id.", "See `sirat entity list`.")
    return entity


def get_entity(vault: Vault, entity_id: EntityId, *, record_view: bool = True) -> EntityView:
    """The entity with every report that mentions it and its relations (a consultation)."""
    if not record_view:
        with vault.session() as s:
            return entity_view(s, _get(s, entity_id), full=True)
    return audit.consult(
        vault, lambda s: entity_view(s, _get(s, entity_id), full=True),
        lambda view: {"action": "entity.view", "object_type": "entity",
                      "object_id": view.id})


def entity_view(s: Session, e: Entity, *, full: bool) -> EntityView:
    names = tuple(
        NameView(n.name, n.script, n.is_alias, n.name_key)
        for n in s.scalars(select(EntityName).where(EntityName.entity_id == e.id)
                           .order_by(EntityName.position))
    )
    idents = tuple(
        IdentifierView(i.type, i.value, i.normalized, i.country)
        for i in s.scalars(select(EntityIdentifier).where(EntityIdentifier.entity_id == e.id)
                           .order_by(EntityIdentifier.position))
    )
    overrides = tuple(
        OverrideView(o.identifier_type, o.normalized, o.warning_code, o.acknowledged_by,
                     o.acknowledged_at, by_name or "")
        for o, by_name in s.execute(
            select(IdentifierOverride, User.display_name)
            .outerjoin(User, User.id == IdentifierOverride.acknowledged_by)
            .where(IdentifierOverride.entity_id == e.id).order_by(IdentifierOverride.id))
    )
    reports: tuple[EntityReport, ...] = ()
    relations: tuple[RelationView, ...] = ()
    if full or e.kind == "vehicle":
        relations = relation_views(s, select(EntityRelation).where(
            or_(EntityRelation.source_id == e.id, EntityRelation.target_id == e.id)))
    if full:
        reports = tuple(
            EntityReport(ReportId(r.id), r.reference, r.title, r.status, link.role,
                         LinkId(link.id))
            for link, r in s.execute(
                select(ReportEntity, Report).join(Report, Report.id == ReportEntity.report_id)
                .where(ReportEntity.entity_id == e.id).order_by(Report.reference, ReportEntity.id)
            )
        )
    view = EntityView(
        id=EntityId(e.id), uid=e.uid, kind=e.kind, label=e.label, names=names,
        identifiers=idents, fields=json.loads(e.attributes), is_private=e.is_private,
        personal=False, created_at=e.created_at, updated_at=e.updated_at,
        overrides=overrides, reports=reports, relations=relations if full else (),
    )
    return replace(view, personal=is_personal(e.kind, view, relations))
