"""Reports: create, update (keeping every version), show, delete, H2 permission.

Life-cycle transitions (submit, approve, return, disseminate) belong to
``sirat.services.workflow.review``; here an author saves their own draft. References
``SIRAT-YYYY-NNNNNN`` come from a per-year counter incremented inside the write transaction
(``BEGIN IMMEDIATE`` serializes writers), so concurrent saves never share or skip a number.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.clock import utcnow
from sirat.errors import Conflict, NotFound, PermissionDenied, SiratError, ValidationError
from sirat.models import (
    Entity,
    EntityId,
    EntityRelation,
    LinkId,
    RelationId,
    RelationType,
    Report,
    ReportCounter,
    ReportEntity,
    ReportId,
    ReportVersion,
    User,
    UserId,
)
from sirat.services.audit import log as audit
from sirat.services.formats.dates import parse_full_date, parse_partial_date
from sirat.services.reports.overrides import override_notes
from sirat.services.reports.provenance import provenance_of
from sirat.services.reports.reference import load_reference
from sirat.services.reports.types import (
    LinkedEntity,
    RelationView,
    ReportDraft,
    ReportVersionView,
    ReportView,
)
from sirat.services.reports.validation import validate_report
from sirat.vault import Vault


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def next_reference(s: Session, year: int) -> tuple[int, str]:
    """Take the next number of ``year`` in the caller's write transaction."""
    counter = s.get(ReportCounter, year)
    if counter is None:
        counter = ReportCounter(year=year, last=0)
        s.add(counter)
    counter.last += 1
    s.flush()
    return counter.last, f"SIRAT-{year}-{counter.last:06d}"


def apply_draft(report: Report, draft: ReportDraft) -> None:
    """Copy validated draft fields onto the row (dates parsed into sortable bounds)."""
    report.title = draft.title
    report.crime_area = draft.crime_area
    report.report_date = parse_full_date(draft.report_date).isoformat()
    if draft.information_date.strip():
        info = parse_partial_date(draft.information_date)
        report.info_date_text = draft.information_date
        report.info_date_earliest, report.info_date_latest = info.earliest, info.latest
    else:
        report.info_date_text = ""
        report.info_date_earliest = report.info_date_latest = None
    report.places = _dump(list(draft.places))
    report.reporting_country = draft.reporting_country
    report.agency = draft.agency
    report.operation = draft.operation
    report.grading_scheme = draft.grading_scheme
    report.source_reliability = draft.source_reliability
    report.information_accuracy = draft.information_accuracy
    report.handling_codes = ",".join(sorted(draft.handling_codes))
    report.h3_text = draft.h3_text
    report.classification = draft.classification
    report.summary = draft.summary
    report.narrative = draft.narrative
    report.analyst_comment = draft.analyst_comment
    report.keywords = _dump(list(draft.keywords))


def draft_of(report: Report) -> ReportDraft:
    return ReportDraft(
        title=report.title,
        crime_area=report.crime_area,
        report_date=report.report_date,
        reporting_country=report.reporting_country,
        source_reliability=report.source_reliability,
        information_accuracy=report.information_accuracy,
        classification=report.classification,
        information_date=report.info_date_text,
        places=tuple(json.loads(report.places)),
        agency=report.agency,
        operation=report.operation,
        grading_scheme=report.grading_scheme,
        handling_codes=frozenset(c for c in report.handling_codes.split(",") if c),
        h3_text=report.h3_text,
        summary=report.summary,
        narrative=report.narrative,
        analyst_comment=report.analyst_comment,
        keywords=tuple(json.loads(report.keywords)),
    )


def snapshot_of(s: Session, report: Report) -> dict[str, Any]:
    links = s.execute(
        select(Entity.uid, ReportEntity.role)
        .join(Entity, Entity.id == ReportEntity.entity_id)
        .where(ReportEntity.report_id == report.id)
        .order_by(ReportEntity.id)
    ).all()
    return {
        **draft_of(report).as_dict(),
        "reference": report.reference,
        "status": report.status,
        "version": report.version,
        "links": [{"entity": uid, "role": role} for uid, role in links],
    }


def save_version(s: Session, report: Report, user_id: UserId, at: str) -> None:
    s.add(ReportVersion(report_id=report.id, version=report.version, saved_by=user_id,
                        saved_at=at, snapshot=_dump(snapshot_of(s, report))))
    s.flush()


#: Why an administrator may not start a report (the app shows the same words on New report).
NO_REPORTS_FOR_ADMINS = ("Administrators manage users, keys and certificates and cannot "
                         "write reports.")
NO_REPORTS_HINT = "Sign in as an analyst to write one."


def require_author_role(vault: Vault) -> None:
    """An administrator's draft would be stranded: administrators cannot submit, and
    nobody else can edit it. Refused before anything is written."""
    if vault.info.role == "administrator":
        raise PermissionDenied(NO_REPORTS_FOR_ADMINS, NO_REPORTS_HINT)


def create_report(vault: Vault, draft: ReportDraft) -> ReportView:
    """Validate and save a new draft; the signed-in user is its author (never an
    administrator: ``require_author_role``)."""
    require_author_role(vault)
    with vault.session(write=True) as s:
        return view_of(s, create_in(s, vault, draft))


def create_in(s: Session, vault: Vault, draft: ReportDraft) -> Report:
    """Create the report in the caller's write transaction (validated, versioned, indexed,
    audited)."""
    validate_report(draft, load_reference(s))
    now = utcnow()
    seq, reference = next_reference(s, int(now[:4]))
    report = Report(uid=uuid.uuid4().hex, reference=reference, ref_year=int(now[:4]),
                    ref_seq=seq, status="draft", author_id=vault.info.user_id,
                    created_at=now, updated_at=now, version=1)
    apply_draft(report, draft)
    s.add(report)
    s.flush()
    save_version(s, report, vault.info.user_id, now)
    from sirat.services.search import index as search_index  # name folding: on writes only

    search_index.index_report(s, report.id)
    audit.record(s, actor_id=vault.info.user_id, action="report.create",
                 object_type="report", object_id=report.id)
    return report


def edit_refusal(user_id: int, author_id: int, status: str) -> SiratError | None:
    """Why ``user_id`` may not edit a report by ``author_id`` in ``status`` (None: they may).

    THE rule, asked by the editor before it offers Save and enforced by every write
    (:func:`require_editable`): only drafts are edited, and only by their author (links and
    relations included). The status comes first: a submitted report is closed to everyone,
    its author included, and saying so tells a reviewer what to do."""
    if status != "draft":
        return Conflict(f"This report is {status}; only drafts can be edited.",
                        "A supervisor can return it to draft with a comment.")
    if author_id != user_id:
        return PermissionDenied("Only the author can edit this draft.",
                                "Ask the author, or return it through the workflow.")
    return None


def require_editable(vault: Vault, report: Report) -> None:
    """Raise the refusal of :func:`edit_refusal`, if any."""
    refusal = edit_refusal(vault.info.user_id, report.author_id, report.status)
    if refusal is not None:
        raise refusal


def update_report(
    vault: Vault, report_id: ReportId, draft: ReportDraft, *, expected_version: int | None = None
) -> ReportView:
    """Save a new version of the author's draft; the previous version stays in history."""
    with vault.session(write=True) as s:
        return view_of(s, update_in(s, vault, report_id, draft,
                                    expected_version=expected_version))


def update_in(
    s: Session, vault: Vault, report_id: ReportId, draft: ReportDraft, *,
    expected_version: int | None = None,
) -> Report:
    """Save a new version in the caller's write transaction (nothing when unchanged)."""
    report = get_row(s, report_id)
    require_editable(vault, report)
    if expected_version is not None and report.version != expected_version:
        raise Conflict("Someone saved this report after you opened it.",
                       "Reopen the report to see the latest version, then edit again.")
    validate_report(draft, load_reference(s))
    if draft == draft_of(report):
        return report
    now = utcnow()
    apply_draft(report, draft)
    report.version += 1
    report.updated_at = now
    s.flush()
    save_version(s, report, vault.info.user_id, now)
    from sirat.services.search import index as search_index  # name folding: on writes only

    search_index.index_report(s, report.id)
    audit.record(s, actor_id=vault.info.user_id, action="report.update",
                 object_type="report", object_id=report.id,
                 details={"version": report.version})
    return report


def get_row(s: Session, report_id: ReportId) -> Report:
    report = s.get(Report, report_id)
    if report is None:
        raise NotFound("There is no report with this id.", "See `sirat report list`.")
    return report


def find_report_id(vault: Vault, key: str) -> ReportId:
    """A report id from a reference (SIRAT-2026-000001) or a numeric id."""
    with vault.session() as s:
        q = select(Report.id).where(
            Report.id == int(key) if key.isdigit() else Report.reference == key.strip().upper()
        )
        found = s.execute(q).scalar_one_or_none()
        if found is None:
            raise NotFound("There is no report with this reference.", "See `sirat report list`.")
        return ReportId(found)


def get_report(vault: Vault, report_id: ReportId, *, record_view: bool = True) -> ReportView:
    """A report with its links and relations; showing it is recorded as a consultation."""
    if not record_view:
        with vault.session() as s:
            return view_of(s, get_row(s, report_id))
    return audit.consult(
        vault, lambda s: view_of(s, get_row(s, report_id)),
        lambda view: {"action": "report.view", "object_type": "report",
                      "object_id": view.id})


def _names(s: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {row.id: row.display_name for row in rows}


def view_of(s: Session, report: Report) -> ReportView:
    names = _names(s, {report.author_id, report.approved_by})
    link_rows = s.execute(
        select(ReportEntity, Entity)
        .join(Entity, Entity.id == ReportEntity.entity_id)
        .where(ReportEntity.report_id == report.id)
        .order_by(ReportEntity.id)
    ).all()
    kept = override_notes(s, (e.id for _, e in link_rows))
    links = tuple(
        LinkedEntity(LinkId(link.id), EntityId(e.id), e.uid, e.kind, e.label, link.role,
                     link.note, kept.get(EntityId(e.id), ()))
        for link, e in link_rows
    )
    rels = relation_views(s, select(EntityRelation).where(EntityRelation.report_id == report.id))
    return ReportView(
        id=ReportId(report.id), uid=report.uid, reference=report.reference,
        draft=draft_of(report),
        information_date_earliest=report.info_date_earliest,
        information_date_latest=report.info_date_latest,
        status=report.status, version=report.version, author_id=UserId(report.author_id),
        author_name=report.origin_author or names.get(report.author_id, ""),
        created_at=report.created_at, updated_at=report.updated_at,
        submitted_at=report.submitted_at, approved_at=report.approved_at,
        approved_by=UserId(report.approved_by) if report.approved_by else None,
        # The local approver only: what a source said is in ``provenance``.
        approver_name=names.get(report.approved_by or 0, ""),
        disseminated_at=report.disseminated_at, returned_at=report.returned_at,
        returned_by=UserId(report.returned_by) if report.returned_by else None,
        return_comment=report.return_comment, h2_permission_note=report.h2_permission_note,
        h2_permission_recorded_by=(UserId(report.h2_permission_recorded_by)
                                   if report.h2_permission_recorded_by else None),
        h2_permission_recorded_at=report.h2_permission_recorded_at,
        origin_author=report.origin_author, origin_approver=report.origin_approver,
        links=links, relations=rels, provenance=provenance_of(s, report.id),
    )


def relation_views(s: Session, query: Any) -> tuple[RelationView, ...]:
    """RelationViews for a ``select(EntityRelation)`` query."""
    relations = list(s.scalars(query.order_by(EntityRelation.id)))
    if not relations:
        return ()
    ent_ids = {r.source_id for r in relations} | {r.target_id for r in relations}
    ents = {e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(ent_ids)))}
    types = {t.code: t.name for t in s.scalars(select(RelationType))}
    refs = {row.id: row.reference for row in s.execute(select(Report.id, Report.reference)
            .where(Report.id.in_({r.report_id for r in relations})))}
    return tuple(
        RelationView(
            RelationId(r.id), r.uid, r.relation_type, types.get(r.relation_type, ""),
            EntityId(r.source_id), ents[r.source_id].kind, ents[r.source_id].label,
            EntityId(r.target_id), ents[r.target_id].kind, ents[r.target_id].label,
            ReportId(r.report_id), refs.get(r.report_id, ""), r.note,
        )
        for r in relations
    )


def delete_report(vault: Vault, report_id: ReportId) -> None:
    """Delete a draft (its author only). Disseminated reports are never deleted."""
    with vault.session(write=True) as s:
        report = get_row(s, report_id)
        if report.status == "disseminated":
            raise Conflict("A disseminated report cannot be deleted.",
                           "Recipients hold copies; write a new report to correct it.")
        if report.status != "draft":
            raise Conflict(f"This report is {report.status}; only drafts can be deleted.",
                           "A supervisor can return it to draft first.")
        if report.author_id != vault.info.user_id:
            raise PermissionDenied("Only the author can delete this draft.",
                                   "Ask the author to delete it.")
        rid = report.id
        from sirat.services.reports import attachment_rows  # its files go after the commit

        gone = attachment_rows.forget(s, vault.info.user_id, report_id=rid)
        s.delete(report)
        s.flush()
        from sirat.services.search import (
            index as search_index,  # name folding: loaded on writes only
        )

        search_index.unindex_report(s, rid)
        audit.record(s, actor_id=vault.info.user_id, action="report.delete",
                     object_type="report", object_id=rid)
    from sirat.vault import blobs

    blobs.remove(vault.path, gone)


def report_history(vault: Vault, report_id: ReportId) -> list[ReportVersionView]:
    """Every saved version, oldest first (the last one is the current state)."""
    with vault.session() as s:
        get_row(s, report_id)
        rows = list(s.scalars(select(ReportVersion).where(ReportVersion.report_id == report_id)
                              .order_by(ReportVersion.version)))
        names = _names(s, {r.saved_by for r in rows})
        return [ReportVersionView(ReportId(r.report_id), r.version, UserId(r.saved_by),
                                  names.get(r.saved_by, ""), r.saved_at, json.loads(r.snapshot))
                for r in rows]


def record_h2_permission(vault: Vault, report_id: ReportId, note: str) -> ReportView:
    """Record the provider's permission to disseminate H2 material (author or supervisor)."""
    if not note.strip():
        raise ValidationError.single("h2_permission_note", "Say who gave permission and how.",
                                     "For example: 'Provider agreed by e-mail on 2026-03-14'.")
    with vault.session(write=True) as s:
        report = get_row(s, report_id)
        if report.author_id != vault.info.user_id and vault.info.role != "supervisor":
            raise PermissionDenied("Only the author or a supervisor can record this.")
        report.h2_permission_note = note
        report.h2_permission_recorded_by = vault.info.user_id
        report.h2_permission_recorded_at = utcnow()
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="report.h2_permission",
                     object_type="report", object_id=report.id)
        return view_of(s, report)
