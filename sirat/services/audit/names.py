"""Names for the ids in audit records, so the audit viewer reads in words.

Records keep ids only (a record must never hold personal data); the viewer shows report
references and user names instead, resolved here for the records on screen. Entities stay
"entity #id": their labels are personal data and an audit trail is not where to read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from sirat.models import Report, User
from sirat.services.audit.log import AuditEntry
from sirat.vault import Vault


@dataclass(frozen=True)
class AuditNames:
    reports: dict[int, str] = field(default_factory=dict)  # id -> reference
    users: dict[int, str] = field(default_factory=dict)  # id -> display name (user name)


def _ints(values: Iterable[object]) -> set[int]:
    return {int(str(v)) for v in values if str(v).isdigit()}


def names_for(vault: Vault, entries: Iterable[AuditEntry]) -> AuditNames:
    rows = list(entries)
    report_ids = _ints(e.object_id for e in rows if e.object_type == "report")
    report_ids |= _ints(e.details.get("report_id", "") for e in rows)
    user_ids = _ints(e.object_id for e in rows if e.object_type == "user")
    user_ids |= _ints(v for e in rows for k, v in e.details.items() if k.endswith("user_id"))
    with vault.session() as s:
        reports = {int(rid): str(ref) for rid, ref in s.execute(
            select(Report.id, Report.reference).where(Report.id.in_(sorted(report_ids))))}
        users = {int(uid): f"{display} ({name})" for uid, name, display in s.execute(
            select(User.id, User.name, User.display_name)
            .where(User.id.in_(sorted(user_ids))))}
    return AuditNames(reports, users)
