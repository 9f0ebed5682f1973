"""Menu entries of the review workflow, found by the main window's action registry.

- Report › To review (supervisors, Ctrl+Shift+R): the queue of submitted reports;
- Report › Review and history (Ctrl+H): status, actions, comments and versions of the
  selected report;
- Tools › Audit trail (administrators, Ctrl+Shift+A): read, verify and checkpoint the log.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

from sirat.domain.vocab import ReportId
from sirat.ui.actions import REPORT, TOOLS, ActionRegistry, ActionSpec
from sirat.ui.host import HostWindow

W = TypeVar("W", bound=QWidget)


def _has_report(host: HostWindow) -> bool:
    return host.current_report_id() is not None


def _open(host: HostWindow, kind: type[W]) -> list[W]:
    """The session's open windows of this class."""
    return [w for w in host.windows.windows() if isinstance(w, kind)]


def open_review(host: HostWindow, report_id: ReportId) -> None:
    """What a review changes reaches the list and the queue as ``Changes``."""
    from sirat.ui.review.report_window import ReviewWindow

    shown = [w for w in _open(host, ReviewWindow) if w.reviewed_id == report_id]
    host.open_window(shown[0] if shown else ReviewWindow(host.context, report_id))


def open_queue(host: HostWindow) -> None:
    from sirat.ui.review.queue import QueueWindow

    shown = _open(host, QueueWindow)
    if shown:
        window = shown[0]
        window.reload()
    else:
        window = QueueWindow(host.context)
        window.review_requested.connect(lambda rid: open_review(host, rid))
    host.open_window(window)


def _review_current(host: HostWindow) -> None:
    report_id = host.current_report_id()
    if report_id is not None:
        open_review(host, ReportId(report_id))


def open_audit(host: HostWindow) -> None:
    from sirat.ui.review.audit_window import AuditWindow

    shown = _open(host, AuditWindow)
    host.open_window(shown[0] if shown else AuditWindow(host.context))


def register(registry: ActionRegistry) -> None:
    registry.add(ActionSpec(
        "review.queue", "To re&view", REPORT, open_queue, "Ctrl+Shift+R",
        tip="Submitted reports waiting for your review", toolbar=True, order=60,
        separator_before=True, roles=("supervisor",)))
    registry.add(ActionSpec(
        "review.report", "Review and &history…", REPORT, _review_current, "Ctrl+H",
        tip="Status, approval, comments and versions of the selected report", order=70,
        enabled=_has_report))
    registry.add(ActionSpec(
        "tools.audit", "&Audit trail", TOOLS, open_audit, "Ctrl+Shift+A",
        tip="Read, verify and checkpoint the audit trail", order=20,
        roles=("administrator",)))
