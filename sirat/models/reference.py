"""Reference data: grading schemes, handling codes, classifications, crime areas, link roles,
relation types and recipients. Tables, not code, so an administrator can extend them."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.models.base import Base

GRADE_AXES = ("source", "information")


class GradingScheme(Base):
    __tablename__ = "ref_grading_schemes"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<GradingScheme code={self.code}>"


class Grade(Base):
    """One level of one axis (source reliability or information accuracy) of a scheme."""

    __tablename__ = "ref_grades"

    scheme_code: Mapped[str] = mapped_column(
        Text, ForeignKey("ref_grading_schemes.code"), primary_key=True
    )
    axis: Mapped[str] = mapped_column(Text, primary_key=True)
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    wording: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(f"axis IN ({', '.join(repr(a) for a in GRADE_AXES)})", name="axis"),
    )

    def __repr__(self) -> str:
        return f"<Grade {self.scheme_code}/{self.axis}/{self.code}>"


class HandlingCodeRef(Base):
    __tablename__ = "ref_handling_codes"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    wording: Mapped[str] = mapped_column(Text)
    needs_text: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<HandlingCodeRef code={self.code}>"


class Classification(Base):
    __tablename__ = "ref_classifications"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    rank: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<Classification code={self.code}>"


class CrimeArea(Base):
    __tablename__ = "ref_crime_areas"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<CrimeArea code={self.code}>"


class LinkRole(Base):
    """Role of an entity in a report (suspect, victim, vehicle used, ...)."""

    __tablename__ = "ref_link_roles"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<LinkRole code={self.code}>"


class RelationType(Base):
    """Type of an entity-to-entity relation and the FollowTheMoney schema it travels as."""

    __tablename__ = "ref_relation_types"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    reverse_name: Mapped[str] = mapped_column(Text)
    ftm_schema: Mapped[str] = mapped_column(Text, default="UnknownLink")
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<RelationType code={self.code}>"


class Recipient(Base):
    __tablename__ = "ref_recipients"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    highest_classification: Mapped[str] = mapped_column(
        Text, ForeignKey("ref_classifications.code")
    )
    #: Comma-separated handling codes this recipient may receive ("H0,H1,H2,H3").
    handling_codes: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in RECIPIENT_KINDS)})", name="kind"),
    )

    def __repr__(self) -> str:
        return f"<Recipient code={self.code}>"
