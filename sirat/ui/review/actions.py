"""Menu entries of the review workflow, found by the main window's action registry.

- Report › To review (supervisors, Ctrl+Shift+R): the queue of submitted reports;
- Report › Review and history (Ctrl+H): status, actions, comments and versions of the
  selected report;
- Tools › Audit trail (administrators, Ctrl+Shift+A): read, verify and checkpoint the log.
"""

from __future__ import annotations

from typing import Any

from sirat.ui.actions import REPORT, TOOLS, ActionRegistry, ActionSpec


def _has_report(host: Any) -> bool:
    return host.current_report_id() is not None


def _existing(host: Any, kind: type, **attrs: Any) -> Any:
    for window in host.windows.windows():
        if isinstance(window, kind) and all(getattr(window, k) == v for k, v in attrs.items()):
            return window
    return None


def open_review(host: Any, report_id: int) -> None:
    from sirat.ui.review.report_window import ReviewWindow

    window = _existing(host, ReviewWindow, reviewed_id=report_id)
    if window is None:
        window = ReviewWindow(host.context, report_id)
        after_change = getattr(host, "after_change", None)
        if after_change is not None:
            window.changed.connect(after_change)
        queue = _existing(host, _queue_class())
        if queue is not None:
            window.changed.connect(queue.reload)
    host.open_window(window)


def _queue_class() -> type:
    from sirat.ui.review.queue import QueueWindow

    return QueueWindow


def open_queue(host: Any) -> None:
    window = _existing(host, _queue_class())
    if window is None:
        window = _queue_class()(host.context)
        window.review_requested.connect(lambda rid: open_review(host, rid))
    else:
        window.reload()
    host.open_window(window)


def _review_current(host: Any) -> None:
    report_id = host.current_report_id()
    if report_id is not None:
        open_review(host, report_id)


def open_audit(host: Any) -> None:
    from sirat.ui.review.audit_window import AuditWindow

    window = _existing(host, AuditWindow)
    host.open_window(window if window is not None else AuditWindow(host.context))


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
