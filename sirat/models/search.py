"""Entity resolution tables (schema 5): blocking keys, "not the same" judgements, merges.

The FTS5 tables ``search_reports`` and ``search_entities`` are virtual tables reached with
plain SQL from ``sirat.services.search.index``; they have no model.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import EntityId, MergeId
from sirat.models.base import Base


class EntityMatchKey(Base):
    """One blocking key of a named entity (phonetic surname key + initial, or one word)."""

    __tablename__ = "entity_match_keys"

    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    entity_id: Mapped[EntityId] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        Index("ix_entity_match_keys_entity_id", "entity_id"),
        {"sqlite_with_rowid": False},
    )

    def __repr__(self) -> str:
        return f"<EntityMatchKey entity_id={self.entity_id}>"


class EntityDistinct(Base):
    """An analyst's judgement that two entities are not the same (ids ordered a < b)."""

    __tablename__ = "entity_distinct"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_a: Mapped[int] = mapped_column(Integer, ForeignKey("entities.id", ondelete="CASCADE"))
    entity_b: Mapped[int] = mapped_column(Integer, ForeignKey("entities.id", ondelete="CASCADE"))
    judged_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    judged_at: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("entity_a", "entity_b", name="uq_entity_distinct_entity_a"),
        CheckConstraint("entity_a < entity_b", name="ordered"),
        Index("ix_entity_distinct_entity_b", "entity_b"),
    )


class EntityMerge(Base):
    """A merge that stands: ``merged_id`` was folded into ``kept_id``; ``changes`` (JSON)
    holds every row the merge changed or removed, as it was, for an exact undo."""

    __tablename__ = "entity_merges"

    id: Mapped[MergeId] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    kept_id: Mapped[EntityId] = mapped_column(Integer)
    merged_id: Mapped[EntityId] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer, default=0)
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    changes: Mapped[str] = mapped_column(Text)
    merged_by: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    merged_at: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_entity_merges_kept_id", "kept_id", "id"),
        Index("ix_entity_merges_merged_id", "merged_id"),
    )
