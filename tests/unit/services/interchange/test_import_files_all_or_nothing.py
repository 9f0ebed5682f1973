"""``report import --attachments DIR`` is all or nothing for the files too: reports,
entities and files are written in one transaction, and a failure -- a refused file, an
exception after the files were put in place, a kill -9 before the commit -- leaves neither
rows nor files in the vault folder (after the next sign-in's sweep for the kill)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sirat.models import ReportEntity
from sirat.services.attachments import store as attachments
from sirat.services.audit import log as audit
from sirat.services.interchange import document as interchange
from sirat.services.interchange import files
from sirat.services.reports.query import list_reports
from sirat.vault import Vault, blobs
from tests.conftest import USERS, open_as
from tests.unit.services.service_helpers import dump, populate

sys.path.insert(0, str(Path(__file__).parents[2] / "attachments"))
from attach_helpers import bomb, photo

HERE = Path(__file__).parent


def _folder(path: Path) -> set[str]:
    where = path / blobs.DIR_NAME
    return set(os.listdir(where)) if where.is_dir() else set()


@pytest.fixture
def exported(template_vault: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """An interchange file with two reports and three attachments (on a report, on an
    entity, a non-image), its folder of files, and an empty vault to import into."""
    source = tmp_path / "source"
    shutil.copytree(template_vault, source)
    v = open_as(source, "ana")
    ids = populate(v)
    attachments.add_attachment(v, photo(), "scene.jpg", report_id=ids[0])
    with v.session() as s:
        entity = s.scalars(select(ReportEntity.entity_id).where(
            ReportEntity.report_id == ids[1])).first()
    attachments.add_attachment(v, photo(700, 500, canary="x"), "car.jpg", entity_id=entity)
    attachments.add_attachment(v, os.urandom(5000), "notes.bin", report_id=ids[1])
    folder = tmp_path / "files"
    folder.mkdir()
    doc = interchange.export_document(v, ids)
    doc["documents"] = files.export_documents(v, ids, folder)
    out = tmp_path / "export.json"
    out.write_text(json.dumps(doc))
    v.lock()
    target = tmp_path / "target"
    shutil.copytree(template_vault, target)
    return out, folder, target


def _empty(v: Vault, path: Path, before: dict[str, Any], folder_before: set[str]) -> None:
    assert dump(v) == before
    assert _folder(path) == folder_before
    assert v.check() == []


def test_the_import_attaches_every_file_in_its_one_transaction(
        exported: tuple[Path, Path, Path]) -> None:
    out, folder, target = exported
    v = open_as(target, "ana")
    result, done = files.import_with_files(v, out.read_bytes(), folder)
    assert result.reports_added == 2
    assert (done.attached, done.already) == (3, 0)
    for view in attachments.list_attachments(v):
        assert attachments.content_of(v, view.id)[1] == (folder / view.sha256).read_bytes()
    assert v.check() == []
    # Again: nothing new, no file attached twice.
    before = _folder(target)
    result, done = files.import_with_files(v, out.read_bytes(), folder)
    assert (result.reports_added, done.attached, done.already) == (0, 0, 3)
    assert _folder(target) == before


def test_an_exception_after_the_files_are_in_place_leaves_nothing(
        exported: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out, folder, target = exported
    v = open_as(target, "ana")
    before, folder_before = dump(v), _folder(target)
    real = audit.record
    seen = 0

    def failing(s: Any, **kw: Any) -> Any:
        nonlocal seen
        if kw.get("action") == "attachment.add":
            seen += 1
            if seen == 3:  # two files renamed in place, the third about to be
                assert len(blobs.stored_names(target)) == 2
                raise OSError(28, "No space left on device")
        return real(s, **kw)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(OSError, match="No space left"):
        files.import_with_files(v, out.read_bytes(), folder)
    monkeypatch.undo()
    _empty(v, target, before, folder_before)


def test_a_refused_file_refuses_the_import(exported: tuple[Path, Path, Path],
                                           tmp_path: Path) -> None:
    out, folder, target = exported
    v = open_as(target, "ana")
    before, folder_before = dump(v), _folder(target)
    # A decompression bomb under the digest the document lists (the document edited too).
    doc = json.loads(out.read_text())
    data = bomb()
    digest = hashlib.sha256(data).hexdigest()
    doc["documents"][0]["extra"]["sha256"] = digest
    (folder / digest).write_bytes(data)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(doc))
    with pytest.raises(interchange.InterchangeError) as err:
        files.import_with_files(v, hostile.read_bytes(), folder)
    assert "Nothing was imported" in err.value.message
    _empty(v, target, before, folder_before)
    # Over this vault's size cap.
    attachments.set_max_bytes(open_as(target, "admin"), 4096)
    before = dump(v)
    with pytest.raises(interchange.InterchangeError) as err:
        files.import_with_files(v, out.read_bytes(), folder)
    assert "limited to" in err.value.message
    _empty(v, target, before, folder_before)


@pytest.mark.slow
def test_kill_9_before_the_commit_leaves_neither_rows_nor_files(
        exported: tuple[Path, Path, Path]) -> None:
    out, folder, target = exported
    v = open_as(target, "ana")
    reports_before = len(list_reports(v, None, "reference", False, 0, 100))
    v.lock()
    env = {**os.environ, "SIRAT_PASSPHRASE": USERS["ana"],
           "PYTHONPATH": str(HERE.parents[3])}
    proc = subprocess.run(
        [sys.executable, str(HERE / "import_files_proc.py"), str(target), "ana", str(out),
         str(folder)], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.split() == ["installed"]
    assert len(blobs.stored_names(target)) == 2  # the kill left two files without rows
    left = _folder(target)
    assert len(left) == 3  # ... and the third file's temporary (staged, never renamed)
    v = open_as(target, "ana")  # the sign-in sweeps them: the writer is gone
    try:
        assert _folder(target) == set()
        assert attachments.list_attachments(v) == []
        assert len(list_reports(v, None, "reference", False, 0, 100)) == reports_before
        assert v.check() == []
    finally:
        v.lock()
