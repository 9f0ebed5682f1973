"""Hand a stranded draft to someone who can finish it (administrators only, audited).

The first release let an administrator write a whole report and learn only at Submit that
administrators cannot submit; nobody else could edit or submit it. The app no longer lets
an administrator start a report, and the drafts already written that way -- or left by a
user who was removed since -- can be handed to an analyst or a supervisor who will carry
them through the workflow. Only a *stranded* draft moves: a draft whose author can still
submit it is that author's work and stays theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sirat.clock import utcnow
from sirat.errors import Conflict, NotFound, PermissionDenied, SiratError
from sirat.models import Report, ReportId, User, UserId
from sirat.services.audit import log as audit
from sirat.services.reports.records import get_row
from sirat.vault import Vault
from sirat.vault.core import name_key

WRITERS = ("analyst", "supervisor")


@dataclass(frozen=True)
class StrandedDraft:
    report_id: ReportId
    reference: str
    title: str
    author_name: str
    why: str  # "written by an administrator" | "its author was removed"
    updated_at: str


@dataclass(frozen=True)
class HandedOver:
    report_id: ReportId
    reference: str
    from_name: str
    to_name: str
    at: str


def _require_admin(vault: Vault) -> None:
    if vault.info.role != "administrator":
        raise PermissionDenied("Only an administrator can hand over a draft.",
                               "Ask an administrator.")


def _stranded_why(author: User) -> str:
    if not author.active:
        return "its author was removed"
    if author.role not in WRITERS:
        return "written by an administrator"
    return ""


def stranded_drafts(vault: Vault) -> list[StrandedDraft]:
    """Drafts nobody can submit: written by an administrator or by a removed user."""
    _require_admin(vault)
    with vault.session() as s:
        rows = s.execute(
            select(Report, User).join(User, User.id == Report.author_id)
            .where(Report.status == "draft")
            .where((User.active.is_(False)) | (User.role.not_in(WRITERS)))
            .order_by(Report.ref_year, Report.ref_seq)
        ).all()
        return [StrandedDraft(ReportId(r.id), r.reference, r.title, u.display_name,
                              _stranded_why(u), r.updated_at) for r, u in rows]


def writers(vault: Vault) -> list[tuple[UserId, str, str]]:
    """Who may receive a draft: active analysts and supervisors (id, name, display name)."""
    with vault.session() as s:
        return [(UserId(u.id), u.name, u.display_name) for u in s.scalars(
            select(User).where(User.active.is_(True), User.role.in_(WRITERS))
            .order_by(User.display_name))]


def hand_over(vault: Vault, report_id: ReportId, to_user: str) -> HandedOver:
    """Make ``to_user`` (a user name) the author of a stranded draft, in one transaction."""
    _require_admin(vault)
    with vault.session(write=True) as s:
        report = get_row(s, report_id)
        if report.status != "draft":
            raise Conflict(f"{report.reference} is {report.status}; only a draft can be "
                           "handed over.", "A submitted report goes through the review.")
        author = s.get(User, report.author_id)
        if author is None:
            raise NotFound("The report's author is not in this vault.", "Run sirat vault check.")
        if not _stranded_why(author):
            raise Conflict(f"{report.reference} is {author.display_name}'s draft; they can "
                           "finish it themselves.",
                           "Only drafts of administrators or removed users are handed over.")
        target = s.scalars(select(User).where(User.name_key == name_key(to_user),
                                              User.active.is_(True))).first()
        if target is None:
            raise NotFound("There is no active user with that name.",
                           "See sirat user list for the names.")
        if target.role not in WRITERS:
            raise SiratError(f"{target.display_name} is an {target.role} and cannot submit "
                             "reports.", "Choose an analyst or a supervisor.")
        now = utcnow()
        report.author_id = target.id
        report.updated_at = now
        audit.record(s, actor_id=vault.info.user_id, action="report.handover",
                     object_type="report", object_id=report.id,
                     details={"from_user_id": author.id, "to_user_id": target.id})
        return HandedOver(ReportId(report.id), report.reference, author.display_name,
                          target.display_name, now)
