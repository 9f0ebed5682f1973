"""Export is offered only where it is allowed, with the reason otherwise.

The action registry asks ``enabled(host)`` synchronously, but the answer lives in the vault
(status, role, the signed approval): :class:`ExportGate` asks
``services.export_gate.export_refusal`` on the vault worker and remembers the answer per
report *state* (id, status, version, last update), so an approval, a reopening or an edit
asks again by itself. While it asks (a few milliseconds), Export stays offered: a quick
Ctrl+P right after selecting opens the export, which checks everything again and says why
it refuses; this only decides what is offered.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from sirat.domain.vocab import ReportId
from sirat.services.dissemination.gate import export_refusal
from sirat.services.reports.types import ReportRow
from sirat.ui.host import HostWindow

NO_REPORT = "Select a report to export."

Key = tuple[int, str, int, str]


def _key(row: ReportRow) -> Key:
    return int(row.id), row.status, int(row.version), row.updated_at


class ExportGate(QObject):
    """The remembered answers for one main window (forgotten at lock with the window)."""

    def __init__(self, host: HostWindow) -> None:
        super().__init__(host)
        self._host = host
        self._answers: dict[Key, str | None] = {}
        self._asking: set[Key] = set()
        # A refresh (F5, after a change) asks again: an approval can be spoiled in the store
        # without the row's status or version changing.
        host.model.loaded.connect(self._answers.clear)

    def refusal(self) -> str | None:
        """Why Export is not offered for the current report now; None: it is."""
        row = self._host.current_report_row()
        if row is None:
            return NO_REPORT
        key = _key(row)
        if key in self._answers:
            return self._answers[key]
        if key not in self._asking:
            self._asking.add(key)
            report_id = key[0]
            self._host.context.run(
                lambda vault: export_refusal(vault, ReportId(report_id)),
                on_success=lambda reason: self._answered(key, reason),
                on_failure=lambda error: self._answered(key, str(error)),
                owner=self, name="export_refusal")
        return None  # not known yet: offered (the export itself refuses if it must)

    def settled(self) -> bool:
        """No question is out (for tests and screenshots)."""
        return not self._asking

    def _answered(self, key: Key, reason: str | None) -> None:
        self._asking.discard(key)
        self._answers[key] = reason
        self._host.update_actions()


def gate(host: HostWindow) -> ExportGate:
    """The host's gate, made on first use; a child of the host, so it goes with it."""
    found = host.findChild(ExportGate, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, ExportGate) else ExportGate(host)


def export_allowed(host: HostWindow) -> bool:
    return gate(host).refusal() is None


def export_reason(host: HostWindow) -> str:
    return gate(host).refusal() or ""
