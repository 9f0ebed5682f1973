"""Attachments on a real encrypted vault: stored encrypted, read back, kept whole through
rotation, backup, check and deletion; hostile images refused (docs/attachments.md)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from attach_helpers import CANARY, DRAFT, bomb, photo
from sqlalchemy import text

from sirat.attachments import imaging
from sirat.errors import Conflict, PermissionDenied, SiratError
from sirat.services.access import users
from sirat.services.attachments import store as attachments
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft
from sirat.services.reports import records as reports
from sirat.vault import Vault, blobs
from tests.conftest import USERS, open_as


def _attach(vault: Vault, data: bytes, name: str = "photo.jpg") -> attachments.AttachmentView:
    report = reports.create_report(vault, DRAFT)
    return attachments.add_attachment(vault, data, name, report_id=report.id)


def test_attach_stores_ciphertext_only_and_reads_back(analyst_vault: Vault) -> None:
    data = photo()
    view = _attach(analyst_vault, data, "IMG_0001.jpg")
    assert view.media_type == "image/jpeg"
    assert view.is_image
    assert view.has_thumbnail
    assert (view.width, view.height) == (640, 480)
    assert view.sha256 == hashlib.sha256(data).hexdigest()
    files = list((analyst_vault.path / blobs.DIR_NAME).iterdir())
    assert len(files) == 1
    name = files[0].name
    assert blobs.is_blob_name(name)
    assert name not in (view.sha256, view.sha256[:32])
    raw = files[0].read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert CANARY.encode() not in raw
    assert data[200:264] not in raw
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    got, content = attachments.content_of(analyst_vault, view.id)
    assert content == data
    assert got.name == "IMG_0001.jpg"
    thumb = attachments.thumbnail(analyst_vault, view.id)
    assert thumb is not None
    assert thumb.startswith(b"\xff\xd8")
    assert CANARY.encode() not in thumb


def test_type_by_content_not_extension(analyst_vault: Vault) -> None:
    pdf_named_jpg = _attach(analyst_vault, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "scan.jpg")
    assert pdf_named_jpg.media_type == "application/pdf"
    assert not pdf_named_jpg.has_thumbnail
    jpeg_named_txt = _attach(analyst_vault, photo(), "notes.txt")
    assert jpeg_named_txt.media_type == "image/jpeg"
    assert jpeg_named_txt.has_thumbnail
    with pytest.raises(SiratError, match="Only images"):
        attachments.view_image(analyst_vault, pdf_named_jpg.id)


def test_decompression_bomb_is_refused_whole(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, DRAFT)
    with pytest.raises(imaging.ImageRefused, match="too many pixels"):
        attachments.add_attachment(analyst_vault, bomb(), "bomb.png", report_id=report.id)
    assert attachments.list_attachments(analyst_vault, report_id=report.id) == []
    assert blobs.stored_names(analyst_vault.path) == set()
    # No temporary file either: the ciphertext written meanwhile was discarded.
    assert list((analyst_vault.path / blobs.DIR_NAME).iterdir()) == []


def test_broken_image_refused_with_a_message(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, DRAFT)
    broken = photo()[:300]
    with pytest.raises(imaging.ImageRefused, match="cannot be decoded"):
        attachments.add_attachment(analyst_vault, broken, "cut.jpg", report_id=report.id)


def test_size_cap_configurable_with_clear_message(vault_path: Path, tmp_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    attachments.set_max_bytes(admin, 4096)
    admin.lock()
    ana = open_as(vault_path, "ana")
    report = reports.create_report(ana, DRAFT)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(5000))
    with pytest.raises(attachments.TooLarge, match=r"limited to 0\.0 MiB|limited to"):
        attachments.add_file(ana, big, report_id=report.id)
    with pytest.raises(PermissionDenied):
        attachments.set_max_bytes(ana, 10_000_000)
    assert attachments.list_attachments(ana) == []


def test_only_the_author_of_a_draft_attaches(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    report = reports.create_report(ana, DRAFT)
    ana.lock()
    bora = open_as(vault_path, "bora")
    with pytest.raises(PermissionDenied):
        attachments.add_attachment(bora, b"text", "a.txt", report_id=report.id)
    bora.lock()
    ana = open_as(vault_path, "ana")
    view = attachments.add_attachment(ana, b"text", "a.txt", report_id=report.id)
    from sirat.services.workflow import review as workflow

    workflow.submit(ana, report.id)
    with pytest.raises(Conflict):
        attachments.delete_attachment(ana, view.id)


def test_entity_attachment(analyst_vault: Vault) -> None:
    entity = create_entity(analyst_vault, EntityDraft(
        kind="vehicle", fields={"make": "Mercedes", "colour": "white"}))
    view = attachments.add_attachment(analyst_vault, photo(), "lorry.jpg", entity_id=entity.id)
    assert [a.id for a in attachments.list_attachments(analyst_vault, entity_id=entity.id)] \
        == [view.id]


def test_rotation_rewraps_every_file_key(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    views = [_attach(ana, photo(canary=f"C{i}")) for i in range(3)]
    with ana.session() as s:
        before = dict(s.execute(text("SELECT id, wrapped_key FROM attachments")).all())
    ana.lock()
    admin = open_as(vault_path, "admin")
    users.rotate_key(admin)
    assert admin.check() == []
    with admin.session() as s:
        after = dict(s.execute(text("SELECT id, wrapped_key FROM attachments")).all())
    assert all(before[k] != after[k] for k in before)
    admin.lock()
    ana = open_as(vault_path, "ana")
    for v in views:
        assert attachments.content_of(ana, v.id)[1][:3] == b"\xff\xd8\xff"


def test_vault_check_detects_tampered_missing_and_extra(analyst_vault: Vault) -> None:
    a = _attach(analyst_vault, photo())
    b = _attach(analyst_vault, b"plain text evidence\n" * 100, "note.txt")
    assert analyst_vault.check() == []
    folder = analyst_vault.path / blobs.DIR_NAME
    with analyst_vault.session() as s:
        blob_a = s.execute(text("SELECT blob FROM attachments WHERE id = :i"),
                           {"i": a.id}).scalar_one()
        blob_b = s.execute(text("SELECT blob FROM attachments WHERE id = :i"),
                           {"i": b.id}).scalar_one()
    raw = bytearray((folder / blob_a).read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (folder / blob_a).write_bytes(bytes(raw))
    (folder / blob_b).unlink()
    (folder / ("ab" * 16)).write_bytes(b"stray")
    problems = analyst_vault.check()
    text_all = "\n".join(problems)
    assert f"attachment {a.id}" in text_all
    assert "does not authenticate" in text_all
    assert f"attachment {b.id}" in text_all
    assert "missing" in text_all
    assert "1 file(s) in attachments/ belong to no attachment" in text_all
    with pytest.raises(blobs.BlobDamaged):
        attachments.content_of(analyst_vault, a.id)


def test_swapped_files_are_detected(analyst_vault: Vault) -> None:
    a = _attach(analyst_vault, photo(canary="A"))
    b = _attach(analyst_vault, photo(canary="B"))
    with analyst_vault.session() as s:
        rows = dict(s.execute(text("SELECT id, blob FROM attachments")).all())
    folder = analyst_vault.path / blobs.DIR_NAME
    pa, pb = folder / rows[a.id], folder / rows[b.id]
    da, db = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(db)
    pb.write_bytes(da)
    assert len(analyst_vault.check()) == 2


def test_backup_holds_both_or_neither(vault_path: Path, tmp_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    view = _attach(ana, photo())
    dest = ana.backup(tmp_path / "backup")
    ana.lock()
    copy = open_as(dest, "ana")
    assert copy.check() == []
    assert attachments.content_of(copy, view.id)[1][:3] == b"\xff\xd8\xff"
    copy.lock()
    # A backup folder whose attachment is missing is reported, not silently accepted.
    broken = tmp_path / "broken"
    shutil.copytree(dest, broken)
    for f in (broken / blobs.DIR_NAME).iterdir():
        f.unlink()
    damaged = open_as(broken, "ana")
    assert any("missing" in p for p in damaged.check())


def test_deleting_a_draft_report_deletes_its_files_audited(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, DRAFT)
    for i in range(2):
        attachments.add_attachment(analyst_vault, photo(canary=f"D{i}"), "p.jpg",
                                   report_id=report.id)
    assert len(blobs.stored_names(analyst_vault.path)) == 2
    reports.delete_report(analyst_vault, report.id)
    assert blobs.stored_names(analyst_vault.path) == set()
    with analyst_vault.session() as s:
        actions = s.execute(text(
            "SELECT action FROM audit_log WHERE action LIKE 'attachment.%'")).scalars().all()
    assert actions.count("attachment.delete") == 2


def test_export_copy_is_audited(analyst_vault: Vault) -> None:
    view = _attach(analyst_vault, b"%PDF-1.4\n", "bill.pdf")
    got: list[bytes] = []
    digest = attachments.export_copy(analyst_vault, view.id, got.append)
    assert got == [b"%PDF-1.4\n"]
    assert digest == view.sha256
    with analyst_vault.session() as s:
        n = s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'attachment.export'"
                           )).scalar_one()
    assert n == 1


def test_orphans_swept_at_sign_in_under_the_lock(vault_path: Path) -> None:
    ana = open_as(vault_path, "ana")
    _attach(ana, b"kept\n", "k.txt")
    ana.lock()
    folder = vault_path / blobs.DIR_NAME
    (folder / ("cd" * 16)).write_bytes(b"orphan of a crash")
    old_tmp = folder / ".tmp-deadbeef"
    old_tmp.write_bytes(b"partial")
    os.utime(old_tmp, (1, 1))
    fresh_tmp = folder / ".tmp-feedface"
    fresh_tmp.write_bytes(b"another process is writing this one")
    alive_tmp = folder / f".tmp-{os.getppid()}-0123abcd"  # a running process writes it
    alive_tmp.write_bytes(b"in progress")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_tmp = folder / f".tmp-{dead.stdout.strip()}-4567cdef"  # its writer was killed
    dead_tmp.write_bytes(b"left by a kill -9")
    again = open_as(vault_path, "ana")
    assert again.check() == []
    assert not (folder / ("cd" * 16)).exists()
    assert not old_tmp.exists()
    assert fresh_tmp.exists()
    assert alive_tmp.exists()
    assert not dead_tmp.exists()
    assert USERS  # the fixture users are in use


def test_merge_moves_entity_attachments_and_undo_puts_them_back(analyst_vault: Vault) -> None:
    from sirat.services.resolution import merge

    a = create_entity(analyst_vault, EntityDraft(kind="vehicle", fields={"make": "MAN"}))
    b = create_entity(analyst_vault, EntityDraft(kind="vehicle", fields={"make": "MAN TGX"}))
    view = attachments.add_attachment(analyst_vault, photo(), "b.jpg", entity_id=b.id)
    result = merge.merge_entities(analyst_vault, a.id, b.id)
    assert [x.id for x in attachments.list_attachments(analyst_vault, entity_id=a.id)] \
        == [view.id]
    assert analyst_vault.check() == []
    merge.unmerge(analyst_vault, result.merge_id)
    assert [x.id for x in attachments.list_attachments(analyst_vault, entity_id=b.id)] \
        == [view.id]


def test_a_pipe_or_folder_is_refused_not_waited_for(analyst_vault: Vault, tmp_path: Path) -> None:
    report = reports.create_report(analyst_vault, DRAFT)
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(SiratError, match="not a regular file"):
        attachments.add_file(analyst_vault, fifo, report_id=report.id)
    with pytest.raises(SiratError, match="not a regular file"):
        attachments.add_file(analyst_vault, tmp_path, report_id=report.id)
    with pytest.raises(SiratError, match="no file"):
        attachments.add_file(analyst_vault, tmp_path / "gone.jpg", report_id=report.id)
