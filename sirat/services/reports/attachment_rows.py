"""Deleting attachment rows inside a report's own transaction (the files go after the commit).

Here, below the attachments service, because deleting a draft report deletes its evidence
files and ``reports.records`` may not import the service above it.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sirat.domain.vocab import AttachmentId, ReportId
from sirat.models import Attachment
from sirat.services.audit import log as audit


def forget(s: Session, actor_id: int, *, report_id: ReportId | None = None,
           attachment_id: AttachmentId | None = None) -> list[str]:
    """Delete rows (one attachment, or all of a report's) with an audit record each, in the
    caller's transaction; returns the blob names to remove after the commit."""
    q = select(Attachment.id, Attachment.blob, Attachment.sha256, Attachment.report_id,
               Attachment.entity_id)
    if attachment_id is not None:
        q = q.where(Attachment.id == attachment_id)
    elif report_id is not None:
        q = q.where(Attachment.report_id == report_id)
    else:
        return []
    rows = list(s.execute(q))
    for rid, _blob, digest, owner_report, owner_entity in rows:
        # The owner, not the argument: deleting one attachment by its id names the report
        # or entity that held it (the audit filters and the views that refresh need it).
        audit.record(s, actor_id=actor_id, action="attachment.delete",
                     object_type="attachment", object_id=rid,
                     details={"report": owner_report, "entity": owner_entity,
                              "sha256": digest})
    if rows:
        s.execute(delete(Attachment).where(Attachment.id.in_([r[0] for r in rows])))
    return [r[1] for r in rows]
