"""Stranded drafts: an administrator's draft (or a removed user's) can be handed to an
analyst by an administrator, audited; nothing else moves, nobody else may move it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import Conflict, NotFound, PermissionDenied, SiratError
from sirat.models import AuditRecord
from sirat.services import integrity
from sirat.services.access import users
from sirat.services.reports import records as reports
from sirat.services.reports.query import list_reports
from sirat.services.workflow import handover
from sirat.services.workflow import review as workflow
from tests.conftest import open_as
from tests.ui.sample_data import draft, legacy_admin_draft


def _admin_draft(vault_path: Path) -> int:
    """The first release let an administrator write a whole report; such drafts are still
    in vaults made then (the service refuses new ones: see the test below)."""
    admin = open_as(vault_path, "admin")
    admin_id = int(admin.info.user_id)
    admin.lock()
    ana = open_as(vault_path, "ana")
    try:
        return legacy_admin_draft(ana, admin_id)
    finally:
        ana.lock()


def test_the_service_refuses_a_report_written_by_an_administrator(vault_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    try:
        with admin.session() as s:
            before = s.scalars(select(AuditRecord.id)).all()
        with pytest.raises(PermissionDenied) as refused:
            reports.create_report(admin, draft(1))
        assert refused.value.message == (
            "Administrators manage users, keys and certificates and cannot write reports.")
        assert refused.value.hint == "Sign in as an analyst to write one."
        assert list_reports(admin) == []  # nothing written, nothing audited
        with admin.session() as s:
            assert s.scalars(select(AuditRecord.id)).all() == before
    finally:
        admin.lock()


def test_an_administrators_draft_is_handed_to_an_analyst_who_can_submit_it(
        vault_path: Path) -> None:
    report_id = _admin_draft(vault_path)
    admin = open_as(vault_path, "admin")
    try:
        stranded = handover.stranded_drafts(admin)
        assert [(int(s.report_id), s.author_name, s.why) for s in stranded] == [
            (report_id, "Ada Admin", "written by an administrator")]
        done = handover.hand_over(admin, report_id, "ANA")  # user names are case-blind
        assert (done.from_name, done.to_name) == ("Ada Admin", "Ana Analyst")
        assert handover.stranded_drafts(admin) == []
        with admin.session() as s:
            record = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
            assert record is not None
            assert (record.action, record.object_id) == ("report.handover", str(report_id))
            assert json.loads(record.details)["to_user_id"] != json.loads(
                record.details)["from_user_id"]
        assert integrity.verify(admin).ok  # the chain still holds
    finally:
        admin.lock()
    ana = open_as(vault_path, "ana")
    try:
        view = reports.get_report(ana, report_id, record_view=False)
        assert view.author_name == "Ana Analyst"
        assert workflow.submit(ana, report_id).new_status == "submitted"
    finally:
        ana.lock()


def test_a_removed_analysts_draft_is_stranded_too(vault_path: Path) -> None:
    bora = open_as(vault_path, "bora")
    try:
        report_id = int(reports.create_report(bora, draft(2)).id)
    finally:
        bora.lock()
    admin = open_as(vault_path, "admin")
    try:
        assert handover.stranded_drafts(admin) == []  # bora can still finish it
        with pytest.raises(Conflict, match="finish it themselves"):
            handover.hand_over(admin, report_id, "ana")
        users.remove_user(admin, "bora")
        assert [s.why for s in handover.stranded_drafts(admin)] == ["its author was removed"]
        handover.hand_over(admin, report_id, "sup")
    finally:
        admin.lock()


@pytest.mark.parametrize(("who", "to", "error", "words"), [
    ("ana", "ana", PermissionDenied, "Only an administrator"),
    ("sup", "ana", PermissionDenied, "Only an administrator"),
    ("admin", "admin", SiratError, "cannot submit reports"),
    ("admin", "nobody", NotFound, "no active user"),
])
def test_refusals_change_nothing(vault_path: Path, who: str, to: str, error: type,
                                 words: str) -> None:
    report_id = _admin_draft(vault_path)
    vault = open_as(vault_path, who)
    try:
        with pytest.raises(error, match=words):
            handover.hand_over(vault, report_id, to)
    finally:
        vault.lock()
    admin = open_as(vault_path, "admin")
    try:
        assert len(handover.stranded_drafts(admin)) == 1
    finally:
        admin.lock()


def test_only_drafts_are_handed_over(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    try:
        report_id = int(reports.create_report(ana, draft(3)).id)
        workflow.submit(ana, report_id)
    finally:
        ana.lock()
    admin = open_as(vault_path, "admin")
    try:
        with pytest.raises(Conflict, match="only a draft"):
            handover.hand_over(admin, report_id, "bora")
    finally:
        admin.lock()
