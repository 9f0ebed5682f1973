"""The review life cycle of a report, its comment thread and the supervisors' queue.

::

    draft --submit--> submitted --approve--> approved --disseminate--> disseminated
      ^                  |  |                   |  |                      |
      +-----return-------+  +--------return-----+  |                      |
      +-----reopen (author) ------------------------+----------------------+

Who may do what (checked here, whatever the UI shows):

- **submit**, **reopen**: the report's author (an analyst or a supervisor).
- **approve**, **return** (with a comment): a supervisor who is not the author.
- **disseminate** (called by the PDF export): an analyst or a supervisor, approved reports only.
- **comment**: analysts and supervisors. Administrators manage users, reference data and
  certificates; they take no part in the life cycle of reports.

Edits after approval need approval again. ``reports.update_report`` only edits drafts, so an
approved or disseminated report goes back to **draft** first -- returned by a supervisor or
reopened by its author; either clears the approval. It is then edited, submitted and approved
again, and the approver can compare the new version with the one approved before (history).

Each transition writes exactly one audit record (``report.submit``, ``report.approve``,
``report.return``, ``report.reopen``, ``report.disseminate``, ``report.comment``) with the
statuses before and after, in the transaction of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.domain.vocab import CommentId
from sirat.errors import Conflict, PermissionDenied, ValidationError
from sirat.models import Report, ReportId, User, UserId
from sirat.models.workflow import ReportComment
from sirat.services.audit import log as audit
from sirat.services.reports.records import get_row
from sirat.services.workflow import approvals
from sirat.vault import Vault, VaultInfo

ACTIONS = ("submit", "reopen", "approve", "return", "disseminate", "comment")
_FROM: dict[str, tuple[str, ...]] = {
    "submit": ("draft",),
    "reopen": ("submitted", "approved", "disseminated"),
    "approve": ("submitted",),
    "return": ("submitted", "approved"),
    "disseminate": ("approved", "disseminated"),
    "comment": ("draft", "submitted", "approved", "disseminated"),
}
_TO = {"submit": "submitted", "reopen": "draft", "approve": "approved", "return": "draft",
       "disseminate": "disseminated"}
_VERB = {"submit": "submit", "reopen": "reopen", "approve": "approve", "return": "return",
         "disseminate": "disseminate", "comment": "comment on"}
_WHAT = {"draft": "a draft", "submitted": "submitted", "approved": "approved",
         "disseminated": "disseminated"}


@dataclass(frozen=True)
class StatusChange:
    """What a transition changed (the UI refreshes that report's row and the queue)."""

    report_id: ReportId
    reference: str
    old_status: str
    new_status: str
    version: int
    at: str


@dataclass(frozen=True)
class CommentView:
    id: CommentId
    report_id: ReportId
    author_id: UserId
    author_name: str
    created_at: str
    kind: str
    report_version: int
    body: str


@dataclass(frozen=True)
class QueueItem:
    """A submitted report waiting for a supervisor."""

    report_id: ReportId
    reference: str
    title: str
    crime_area: str
    classification: str
    author_id: UserId
    author_name: str
    submitted_at: str
    version: int


def check(action: str, *, role: str, user_id: int, author_id: int, status: str) -> None:
    """Raise PermissionDenied (who) or Conflict (state) if ``action`` is not allowed."""
    verb = _VERB[action]
    if role == "administrator":
        raise PermissionDenied(
            f"An administrator cannot {verb} reports: administrators manage users, reference "
            "data and certificates.", "Ask an analyst or a supervisor.")
    if action in ("submit", "reopen") and user_id != author_id:
        raise PermissionDenied(f"Only the author can {verb} this report; you did not write it.",
                               "Ask the author.")
    if action in ("approve", "return"):
        if role != "supervisor":
            raise PermissionDenied(f"Only a supervisor can {verb} a report; you are signed in "
                                   f"as {role}.", "Ask a supervisor to review it.")
        if user_id == author_id:
            raise PermissionDenied(f"You cannot {verb} your own report: a supervisor other "
                                   "than the author must review it.",
                                   "Ask another supervisor.")
    if status not in _FROM[action]:
        allowed = " or ".join(_WHAT[s] for s in _FROM[action])
        raise Conflict(f"This report is {_WHAT.get(status, status)}; only a report that is "
                       f"{allowed} can be {_past(action)}.", _hint(action, status))


def _past(action: str) -> str:
    return {"submit": "submitted", "reopen": "reopened", "approve": "approved",
            "return": "returned", "disseminate": "disseminated"}.get(action, "commented on")


def _hint(action: str, status: str) -> str:
    if status == "draft":
        return "Its author submits it first."
    if action == "submit":
        return "It is already on its way; reopen it to change it."
    if status == "disseminated":
        return "Its author can reopen it to write a corrected version."
    return "See the report's status and history."


def allowed_actions(info: VaultInfo, author_id: int, status: str) -> frozenset[str]:
    """The actions the signed-in user may take on a report now (for buttons and menus)."""
    out = set()
    for action in ACTIONS:
        try:
            check(action, role=info.role, user_id=info.user_id, author_id=author_id,
                  status=status)
        except (PermissionDenied, Conflict):
            continue
        out.add(action)
    return frozenset(out)


def _checked(s: Session, info: VaultInfo, report_id: ReportId, action: str) -> Report:
    report = get_row(s, report_id)
    check(action, role=info.role, user_id=info.user_id, author_id=report.author_id,
          status=report.status)
    return report


def _transition(
    s: Session, info: VaultInfo, report_id: ReportId, action: str, *,
    expected_version: int | None = None, details: dict[str, Any] | None = None,
) -> tuple[Report, StatusChange]:
    report = _checked(s, info, report_id, action)
    if expected_version is not None and report.version != expected_version:
        raise Conflict("The report changed since you opened it.",
                       "Reopen it to see the latest version.")
    old, now = report.status, utcnow()
    report.status = _TO[action]
    s.flush()
    # The status is a filter token of the report's search row (schema 12).
    from sirat.services.search import index as search_index  # name folding: loaded on writes only

    search_index.index_report(s, report.id)
    audit.record(s, actor_id=info.user_id, action=f"report.{action}", object_type="report",
                 object_id=report.id,
                 details={"from": old, "to": report.status, "version": report.version,
                          **(details or {})})
    return report, StatusChange(ReportId(report.id), report.reference, old, report.status,
                                report.version, now)


def _add_comment(s: Session, info: VaultInfo, report: Report, body: str, kind: str) -> int:
    row = ReportComment(report_id=report.id, author_id=info.user_id, created_at=utcnow(),
                        kind=kind, report_version=report.version, body=body)
    s.add(row)
    s.flush()
    return row.id


def _require_text(body: str, field: str, hint: str) -> str:
    if not body.strip():
        raise ValidationError.single(field, "Write a comment.", hint)
    return body.strip()


def submit(vault: Vault, report_id: ReportId) -> StatusChange:
    """The author sends a draft for review."""
    with vault.session(write=True) as s:
        report, change = _transition(s, vault.info, report_id, "submit")
        report.submitted_at = change.at
        return change


def reopen(vault: Vault, report_id: ReportId) -> StatusChange:
    """The author takes a submitted, approved or disseminated report back to draft.

    Any approval is cleared: the edited report has to be approved again.
    """
    with vault.session(write=True) as s:
        report, change = _transition(s, vault.info, report_id, "reopen")
        report.approved_at = report.approved_by = None
        return change


def approve(
    vault: Vault, report_id: ReportId, *, comment: str = "", expected_version: int | None = None
) -> StatusChange:
    """A supervisor other than the author approves a submitted report for dissemination.

    ``expected_version`` is the version the supervisor read; if the report changed since,
    nothing is approved.
    """
    with vault.session(write=True) as s:
        report = _checked(s, vault.info, report_id, "approve")
        if expected_version is not None and report.version != expected_version:
            raise Conflict("The report changed since you opened it.",
                           "Reopen it to see the latest version.")
        comment_id = _add_comment(s, vault.info, report, comment.strip(), "approval")
        now = utcnow()
        signed = approvals.sign_approval(s, vault, report, now)
        report, change = _transition(s, vault.info, report_id, "approve",
                                     expected_version=expected_version,
                                     details={"comment": comment_id, "approval": signed.id,
                                              "signature": approvals.signature_digest(signed)})
        report.approved_at, report.approved_by = signed.approved_at, vault.info.user_id
        return change


def return_report(
    vault: Vault, report_id: ReportId, comment: str, *, expected_version: int | None = None
) -> StatusChange:
    """A supervisor other than the author sends a report back to draft, saying why."""
    text = _require_text(comment, "comment", "Tell the author what to change.")
    with vault.session(write=True) as s:
        report = _checked(s, vault.info, report_id, "return")
        comment_id = _add_comment(s, vault.info, report, text, "return")
        report, change = _transition(s, vault.info, report_id, "return",
                                     expected_version=expected_version,
                                     details={"comment": comment_id})
        report.returned_at, report.returned_by = change.at, vault.info.user_id
        report.return_comment = text
        report.approved_at = report.approved_by = None
        return change


def require_disseminable(vault: Vault, report_id: ReportId) -> None:
    """Raise unless the signed-in user may disseminate the report now (the export asks first).

    Its status is not enough: the current version must carry a supervisor's valid signed
    approval (``approvals.require_valid_approval``).
    """
    with vault.session() as s:
        report = _checked(s, vault.info, report_id, "disseminate")
        approvals.require_valid_approval(s, vault.info.vault_id, report)


def mark_disseminated(
    target: Vault | Session,
    report_id: ReportId,
    recipient: str,
    export_id: int | str,
    *,
    actor: VaultInfo | None = None,
    digest: str = "",
) -> StatusChange:
    """Record that an approved report was sent to ``recipient`` (a recipient code).

    Called by the PDF export after the file is written: with the vault (its own
    transaction) or with the export's session and ``actor`` (the export's transaction, so
    the export row and this record commit together). Writes the one ``report.disseminate``
    audit record of the export, with recipient and export id. A disseminated report may be
    disseminated again, to another recipient. ``digest`` is the register row's
    (``approvals.register_digest``): verification compares the row with it later.
    """
    if isinstance(target, Session):
        if actor is None:
            raise TypeError("mark_disseminated(session, ...) needs actor=vault.info")
        return _disseminate(target, actor, report_id, recipient, export_id, digest)
    with target.session(write=True) as s:
        return _disseminate(s, actor or target.info, report_id, recipient, export_id, digest)


def _disseminate(s: Session, info: VaultInfo, report_id: ReportId, recipient: str,
                 export_id: int | str, digest: str) -> StatusChange:
    extra = {"digest": digest} if digest else {}
    report, change = _transition(s, info, report_id, "disseminate",
                                 details={"recipient": recipient, "export": export_id, **extra})
    report.disseminated_at = report.disseminated_at or change.at
    return change


def add_comment(vault: Vault, report_id: ReportId, body: str) -> CommentView:
    """Add to the report's comment thread (analysts and supervisors)."""
    text = _require_text(body, "comment", "Write what the author or reviewer should know.")
    with vault.session(write=True) as s:
        report = _checked(s, vault.info, report_id, "comment")
        cid = _add_comment(s, vault.info, report, text, "comment")
        audit.record(s, actor_id=vault.info.user_id, action="report.comment",
                     object_type="report", object_id=report.id, details={"comment": cid})
        return _comments(s, report.id, cid)[0]


def comments(vault: Vault, report_id: ReportId) -> list[CommentView]:
    """The thread, oldest first: comments, returns with their reasons, approvals."""
    with vault.session() as s:
        get_row(s, report_id)
        return _comments(s, report_id)


def _comments(s: Session, report_id: ReportId, only: int | None = None) -> list[CommentView]:
    q = (select(ReportComment, User.display_name)
         .join(User, User.id == ReportComment.author_id)
         .where(ReportComment.report_id == report_id).order_by(ReportComment.id))
    if only is not None:
        q = q.where(ReportComment.id == only)
    return [CommentView(CommentId(c.id), ReportId(c.report_id), UserId(c.author_id), name,
                        c.created_at, c.kind, c.report_version, c.body)
            for c, name in s.execute(q)]


def review_queue(vault: Vault) -> list[QueueItem]:
    """Submitted reports the signed-in supervisor may review (not their own), oldest first."""
    if vault.info.role != "supervisor":
        raise PermissionDenied("Only supervisors review reports; you are signed in as "
                               f"{vault.info.role}.", "Ask a supervisor.")
    with vault.session() as s:
        rows = s.execute(
            select(Report, User.display_name).join(User, User.id == Report.author_id)
            .where(Report.status == "submitted", Report.author_id != vault.info.user_id)
            .order_by(Report.submitted_at, Report.id))
        return [QueueItem(ReportId(r.id), r.reference, r.title, r.crime_area, r.classification,
                          UserId(r.author_id), r.origin_author or name, r.submitted_at or "",
                          r.version)
                for r, name in rows]
