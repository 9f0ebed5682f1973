"""Removing damaged attachments (``sirat vault check --repair``), so that one altered row
or lost file does not block key rotations and checks forever.

An attachment is damaged when its wrapped key does not open under the data key (the row was
altered), or its file is missing, does not authenticate, or holds other content than the
row's SHA-256. Such an attachment cannot be read by anyone any more; the only choices are a
backup (which may hold it whole: try that first) or removing it. Removing is for
administrators, one ``attachment.repair`` audit record per attachment (its digest, owner and
what was wrong), rows deleted in one transaction, files after the commit; files that belong
to no row are swept under the write lock as at sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sirat.models import Attachment
from sirat.services.attachments.store import sweep
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault, blobs


@dataclass(frozen=True, slots=True)
class Repaired:
    removed: tuple[tuple[int, str], ...]  # (attachment id, what was wrong)
    orphan_files: int


def repair_attachments(vault: Vault) -> Repaired:
    """Administrators: remove every damaged attachment (audited) and every orphan file."""
    require_role(vault, "administrator")
    bad = blobs.damaged_attachments(vault)  # decrypting every file: before the write lock
    gone: list[str] = []
    removed: list[tuple[int, str]] = []
    with vault.session(write=True) as s:
        for attachment_id, problem in bad:
            row = s.get(Attachment, attachment_id)
            if row is None:  # deleted meanwhile
                continue
            audit.record(s, actor_id=vault.info.user_id, action="attachment.repair",
                         object_type="attachment", object_id=attachment_id,
                         details={"problem": problem, "sha256": row.sha256,
                                  "report": row.report_id, "entity": row.entity_id})
            gone.append(row.blob)
            removed.append((attachment_id, problem))
            s.delete(row)
    blobs.remove(vault.path, gone)
    orphans, _temps = sweep(vault)
    return Repaired(tuple(removed), orphans)
