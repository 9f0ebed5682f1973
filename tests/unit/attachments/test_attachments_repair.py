"""A damaged attachment does not block the vault for ever (rotation names it, `vault check
--repair` removes it, audited), and a backup taken while attachments are deleted restarts
and still holds the database and the files of one snapshot."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from attach_helpers import DRAFT, photo
from sqlalchemy import text

from sirat.errors import PermissionDenied, VaultInUse
from sirat.services.access import users
from sirat.services.attachments import store as attachments
from sirat.services.attachments.repair import repair_attachments
from sirat.services.audit import log as audit
from sirat.services.reports import records as reports
from sirat.vault import Vault, blobs
from tests.conftest import open_as


def _three(vault: Vault) -> list[attachments.AttachmentView]:
    report = reports.create_report(vault, DRAFT)
    return [attachments.add_attachment(vault, photo(canary=f"R{i}"), f"p{i}.jpg",
                                       report_id=report.id) for i in range(3)]


def _blob(vault: Vault, attachment_id: int) -> str:
    with vault.session() as s:
        return str(s.execute(text("SELECT blob FROM attachments WHERE id = :i"),
                             {"i": attachment_id}).scalar_one())


def test_a_damaged_row_is_named_by_rotation_and_repaired_by_an_administrator(
        vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    good, altered, lost = _three(ana)
    with ana.session(write=True) as s:  # someone edits the database: the key no longer opens
        s.execute(text("UPDATE attachments SET wrapped_key = zeroblob(60) WHERE id = :i"),
                  {"i": altered.id})
    (vault_path / blobs.DIR_NAME / _blob(ana, lost.id)).unlink()
    admin = open_as(vault_path, "admin")
    with pytest.raises(blobs.BlobDamaged) as err:
        users.rotate_key(admin)
    assert f"attachment {altered.id}'s key does not open" in err.value.message
    assert "--repair" in (err.value.hint or "")
    admin.lock()
    admin = open_as(vault_path, "admin")  # the refused rotation left the vault as it was
    (vault_path / blobs.DIR_NAME / ("cd" * 16)).write_bytes(b"stray")  # after the sign-in
    problems = "\n".join(admin.check())
    assert f"attachment {altered.id}:" in problems
    assert f"attachment {lost.id}" in problems
    assert "belong to no attachment" in problems
    with pytest.raises(PermissionDenied):
        repair_attachments(ana)
    done = repair_attachments(admin)
    assert [aid for aid, _ in done.removed] == [altered.id, lost.id]
    assert done.orphan_files == 1  # the stray file
    assert admin.check() == []
    records = [r for r in audit.list_records(admin) if r.action == "attachment.repair"]
    assert sorted(int(r.object_id) for r in records) == [altered.id, lost.id]
    assert all(r.details["sha256"] for r in records)
    users.rotate_key(admin)  # no longer blocked
    assert admin.check() == []
    admin.lock()
    ana = open_as(vault_path, "ana")
    assert attachments.content_of(ana, good.id)[1][:3] == b"\xff\xd8\xff"
    assert [v.id for v in attachments.list_attachments(ana)] == [good.id]
    assert set(blobs.stored_names(vault_path)) == {_blob(ana, good.id)}


def test_a_backup_restarts_when_a_file_is_deleted_during_it(
        vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = open_as(vault_path, "ana")
    views = _three(ana)
    real = blobs.copy_into
    calls = 0

    def deleting(src: Path, dest: Path, names: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:  # the snapshot names it; the file goes before it is copied
            attachments.delete_attachment(ana, views[1].id)
        return real(src, dest, names)

    monkeypatch.setattr(blobs, "copy_into", deleting)
    (tmp_path / "out").mkdir()
    dest = ana.backup(tmp_path / "out" / "backup")
    monkeypatch.undo()
    assert calls == 2
    assert os.listdir(tmp_path / "out") == ["backup"]  # no staging folder left behind
    ana.lock()
    copy = open_as(dest, "ana")
    assert copy.check() == []
    assert [v.id for v in attachments.list_attachments(copy)] == [views[0].id, views[2].id]
    for v in (views[0], views[2]):
        assert attachments.content_of(copy, v.id)[1][:3] == b"\xff\xd8\xff"
    copy.lock()


def test_a_backup_gives_up_cleanly_when_files_keep_disappearing(
        vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = open_as(vault_path, "ana")
    _three(ana)

    def vanishing(src: Path, dest: Path, names: Any) -> int:
        raise FileNotFoundError(2, "gone")

    monkeypatch.setattr(blobs, "copy_into", vanishing)
    (tmp_path / "out").mkdir()
    with pytest.raises(VaultInUse):
        ana.backup(tmp_path / "out" / "backup")
    assert os.listdir(tmp_path / "out") == []  # neither the backup nor a staging folder
