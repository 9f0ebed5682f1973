"""The editor's Save: a report with the links and relations made before it was first saved,
as one use case in ONE write transaction.

Saving the report and then each link in a transaction of its own left a half-saved report
when a link failed part-way (an entity merged or removed meanwhile): the report existed, some
links did, the editor believed nothing was saved. Here a failing link or relation rolls the
whole save back -- the report is not created (or keeps its previous version) and the analyst
sees the error with everything still in the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sirat.domain.vocab import EntityId, ReportId
from sirat.services.audit import log as audit
from sirat.services.reports.links import add_link, add_relation
from sirat.services.reports.records import create_in, update_in, view_of
from sirat.services.reports.types import ReportDraft, ReportView
from sirat.vault import Vault


@dataclass(frozen=True, slots=True)
class NewLink:
    """An entity to link to the report in a role."""

    entity_id: EntityId
    role: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class NewRelation:
    """``source`` is ``relation_type`` of ``target``, as the report asserts."""

    source_id: EntityId
    target_id: EntityId
    relation_type: str
    note: str = ""


def save_report(
    vault: Vault, report_id: ReportId | None, draft: ReportDraft, *,
    expected_version: int | None = None,
    links: Sequence[NewLink] = (), relations: Sequence[NewRelation] = (),
) -> ReportView:
    """Create (``report_id`` None) or update the author's draft, then add ``links`` and
    ``relations``; all or nothing. Linking twice changes nothing; each link and relation
    writes its audit record, in the same transaction as the report's."""
    user = vault.info.user_id
    with vault.session(write=True) as s:
        if report_id is None:
            report = create_in(s, vault, draft)
        else:
            report = update_in(s, vault, report_id, draft, expected_version=expected_version)
        for link in links:
            row = add_link(s, report_id=report.id, entity_id=link.entity_id, role=link.role,
                           note=link.note, user_id=user)
            audit.record(s, actor_id=user, action="entity.link", object_type="report",
                         object_id=report.id,
                         details={"entity": link.entity_id, "link": row.id, "role": link.role})
        for rel in relations:
            added = add_relation(s, source_id=rel.source_id, target_id=rel.target_id,
                                 relation_type=rel.relation_type, report_id=report.id,
                                 note=rel.note, user_id=user)
            audit.record(s, actor_id=user, action="entity.relate", object_type="report",
                         object_id=report.id,
                         details={"relation": added.id, "source": rel.source_id,
                                  "target": rel.target_id, "type": rel.relation_type})
        s.flush()
        s.refresh(report)
        return view_of(s, report)
