"""Table models of the review windows: the review queue, versions and the audit log.

Each is a :class:`~sirat.ui.table_model.RowsModel` over the frozen rows a service returned;
none of them talks to the vault. Columns are ``COL_*`` constants.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, Qt

from sirat.services.audit.log import AuditEntry
from sirat.services.audit.names import AuditNames
from sirat.services.reports.history import VersionInfo
from sirat.services.workflow.review import QueueItem
from sirat.ui.dates import show_time
from sirat.ui.review.audit_words import action_words, details_words
from sirat.ui.roles import StatusRole
from sirat.ui.table_model import RowsModel


def _when(at: str) -> str:
    return show_time(at)


COL_Q_REFERENCE, COL_Q_TITLE, COL_Q_AUTHOR, COL_Q_SUBMITTED, COL_Q_VERSION = range(5)


class QueueModel(RowsModel[QueueItem]):
    headers = ("Reference", "Title", "Author", "Submitted", "Version")

    def text(self, row: QueueItem, column: int) -> str:
        return (row.reference, row.title, row.author_name, _when(row.submitted_at),
                str(row.version))[column]

    def row_id(self, row: QueueItem) -> int:
        return int(row.report_id)

    def other(self, row: QueueItem, column: int, role: int) -> object:
        del row, column
        return "submitted" if role == StatusRole else None


COL_V_VERSION, COL_V_SAVED, COL_V_BY, COL_V_STATE = range(4)


class VersionsModel(RowsModel[VersionInfo]):
    headers = ("Version", "Saved", "By", "")

    def text(self, row: VersionInfo, column: int) -> str:
        state = ", ".join(s for s, on in (("approved", row.approved), ("current", row.current))
                          if on)
        return (str(row.version), _when(row.saved_at), row.saved_by_name, state)[column]

    def row_id(self, row: VersionInfo) -> int:
        return row.version


COL_A_ID, COL_A_AT, COL_A_ACTOR, COL_A_ACTION, COL_A_OBJECT, COL_A_DETAILS = range(6)


class AuditModel(RowsModel[AuditEntry]):
    """Audit records, newest first; older pages are appended. Read in words: actions as
    sentences, reports by reference, users by name (``names``: services/audit/names.py)."""

    headers = ("#", "When", "User", "Action", "About", "Details")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = AuditNames()

    def add_names(self, names: AuditNames) -> None:
        self.names = AuditNames({**self.names.reports, **names.reports},
                                {**self.names.users, **names.users})

    def text(self, row: AuditEntry, column: int) -> str:
        return (str(row.id), show_time(row.at), row.actor_name or "the system",
                action_words(row.action), self.object_words(row),
                details_words(row.details, self.names))[column]

    def object_words(self, row: AuditEntry) -> str:
        if row.object_type == "report" and row.object_id.isdigit():
            return self.names.reports.get(int(row.object_id), f"report #{row.object_id}")
        if row.object_type == "user" and row.object_id.isdigit():
            return self.names.users.get(int(row.object_id), f"user #{row.object_id}")
        if row.object_type and row.object_id:
            return f"{row.object_type.replace('_', ' ')} #{row.object_id}"
        return row.object_type.replace("_", " ")

    def row_id(self, row: AuditEntry) -> int:
        return row.id

    def other(self, row: AuditEntry, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_A_DETAILS:
            return json.dumps(row.details, sort_keys=True, ensure_ascii=False)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_A_ACTION:
            return row.action
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_A_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def oldest_id(self) -> int | None:
        return int(self._rows[-1].id) if self._rows else None
