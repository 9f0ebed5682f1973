"""What a use case changed: kinds and ids, so every view refreshes only what it shows.

A change-making operation delivers one :class:`Changes` (Anki's ``OpChanges``); the app
carries it on a single signal (``Tasks.changed``) and each view asks it the question it
cares about (``changes.reports``, ``changes.touches_report(rid)``...). It holds ids and
flags only -- never names or text -- so it may be logged and passed anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

from sirat.domain.vocab import (
    CertificateId,
    ChartId,
    EntityId,
    ExportId,
    LinkId,
    RelationId,
    ReportId,
    UserId,
)


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids changed per kind; ``reference`` and ``settings`` are whole-table flags."""

    reports: frozenset[ReportId] = frozenset()
    entities: frozenset[EntityId] = frozenset()
    links: frozenset[LinkId] = frozenset()
    #: entity-to-entity relations
    relations: frozenset[RelationId] = frozenset()
    users: frozenset[UserId] = frozenset()
    exports: frozenset[ExportId] = frozenset()
    certificates: frozenset[CertificateId] = frozenset()
    charts: frozenset[ChartId] = frozenset()
    #: reference data (crime areas, code tables) changed
    reference: bool = False
    #: vault-wide settings (idle lock) changed
    settings: bool = False
    #: key slots or the data key changed (a user added or removed, the key rotated)
    keys: bool = False

    @classmethod
    def of_reports(cls, *ids: int) -> Changes:
        return cls(reports=frozenset(ReportId(int(i)) for i in ids))

    @classmethod
    def of_entities(cls, *ids: int) -> Changes:
        return cls(entities=frozenset(EntityId(int(i)) for i in ids))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            reports=self.reports | other.reports, entities=self.entities | other.entities,
            links=self.links | other.links, relations=self.relations | other.relations,
            users=self.users | other.users, exports=self.exports | other.exports,
            certificates=self.certificates | other.certificates,
            charts=self.charts | other.charts, reference=self.reference or other.reference,
            settings=self.settings or other.settings, keys=self.keys or other.keys)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def touches_report(self, report_id: int | None) -> bool:
        return report_id is not None and ReportId(int(report_id)) in self.reports

    def only_report(self) -> ReportId | None:
        """The one report changed, when exactly one was (the list keeps it selected)."""
        return next(iter(self.reports)) if len(self.reports) == 1 else None


NOTHING: Final[Changes] = Changes()
