"""Entities (persons, vehicles, vessels, ...), their names and identifiers, the links of
reports to entities and the relations between entities."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import ENTITY_KINDS, EntityId, LinkId, RelationId, ReportId
from sirat.models.base import Base


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[EntityId] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text)  # display text, original script
    label_key: Mapped[str] = mapped_column(Text)  # folded, for sorting and prefix search
    #: Kind-specific fields that are not names or identifiers, as a JSON object.
    attributes: Mapped[str] = mapped_column(Text, default="{}")
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    updated_at: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_entities_kind_label_key", "kind", "label_key"),
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in ENTITY_KINDS)})", name="kind"),
    )


class EntityName(Base):
    """One name form of an entity, kept in its original script, with its folded key."""

    __tablename__ = "entity_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[EntityId] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(Text)
    script: Mapped[str] = mapped_column(Text, default="")  # Latn, Cyrl, Grek, Zyyy (mixed)
    is_alias: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_key: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_entity_names_name_key", "name_key"),
        Index("ix_entity_names_entity_id", "entity_id", "position"),
    )


class EntityIdentifier(Base):
    """An identifier as typed plus its normalized form (the form matching compares)."""

    __tablename__ = "entity_identifiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[EntityId] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE")
    )
    type: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_entity_identifiers_type_normalized", "type", "normalized"),
        Index("ix_entity_identifiers_entity_id", "entity_id", "position"),
    )


class IdentifierOverride(Base):
    """An analyst's acknowledgement of a failed identifier check (who, when, which)."""

    __tablename__ = "identifier_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[EntityId] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE")
    )
    identifier_type: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)
    warning_code: Mapped[str] = mapped_column(Text)
    acknowledged_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    acknowledged_at: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint(
            "entity_id", "identifier_type", "normalized", "warning_code",
            name="uq_identifier_overrides_entity_id",
        ),
    )


class ReportEntity(Base):
    """A report mentions an entity in a role."""

    __tablename__ = "report_entities"

    id: Mapped[LinkId] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE")
    )
    entity_id: Mapped[EntityId] = mapped_column(Integer, ForeignKey("entities.id"))
    role: Mapped[str] = mapped_column(Text, ForeignKey("ref_link_roles.code"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        UniqueConstraint("report_id", "entity_id", "role", name="uq_report_entities_link"),
        Index("ix_report_entities_entity_id", "entity_id"),
    )


class EntityRelation(Base):
    """``source`` is <relation type> of ``target``, as asserted by report ``report_id``."""

    __tablename__ = "entity_relations"

    id: Mapped[RelationId] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[EntityId] = mapped_column(Integer, ForeignKey("entities.id"))
    target_id: Mapped[EntityId] = mapped_column(Integer, ForeignKey("entities.id"))
    relation_type: Mapped[str] = mapped_column(Text, ForeignKey("ref_relation_types.code"))
    report_id: Mapped[ReportId] = mapped_column(
        Integer, ForeignKey("reports.id", ondelete="CASCADE")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))

    __table_args__ = (
        UniqueConstraint(
            "source_id", "target_id", "relation_type", "report_id",
            name="uq_entity_relations_assertion",
        ),
        Index("ix_entity_relations_source_id", "source_id"),
        Index("ix_entity_relations_target_id", "target_id"),
        Index("ix_entity_relations_report_id", "report_id"),
    )
