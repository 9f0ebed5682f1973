"""kill -9 during attach leaves the whole attachment or none; canaries never reach disk in
the clear (vault folder, temp folder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from attach_helpers import CANARY, DRAFT, photo
from sqlalchemy import text

from sirat.services.attachments import store as attachments
from sirat.services.reports import records as reports
from sirat.vault import blobs
from tests.conftest import USERS, open_as

HERE = Path(__file__).parent


@pytest.mark.slow
def test_kill_9_loop_during_attach(vault_path: Path) -> None:
    reported: dict[int, str] = {}
    env = {**os.environ, "SIRAT_PASSPHRASE": USERS["ana"],
           "PYTHONPATH": os.pathsep.join([str(HERE.parents[2]), str(HERE)])}
    for round_ in range(8):
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "attach_proc.py"), str(vault_path), "ana"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        # Let it commit a few (a different number each round), then kill it mid-attach.
        for _ in range(1 + round_ % 3):
            line = proc.stdout.readline()
            if not line:
                break
            rid, digest = line.split()
            reported[int(rid)] = digest
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        vault = open_as(vault_path, "ana")  # the sign-in sweeps what the kill left
        try:
            assert vault.check() == [], vault.check()
            with vault.session() as s:
                rows = dict(s.execute(text("SELECT id, sha256 FROM attachments")).all())
            # Every reported attachment is whole; every row has its file (check above).
            for rid, digest in reported.items():
                assert rows.get(rid) == digest
            assert set(blobs.stored_names(vault_path)) == set(_blobs(vault))
            # Not even a temporary file: its writer is gone, so the sign-in removed it.
            assert {p.name for p in (vault_path / blobs.DIR_NAME).iterdir()} == _blobs(vault)
        finally:
            vault.lock()
    assert len(reported) >= 8


def _blobs(vault: object) -> set[str]:
    with vault.session() as s:  # type: ignore[attr-defined]
        return set(s.execute(text("SELECT blob FROM attachments")).scalars())


def _contains_canary(path: Path) -> list[Path]:
    needles = [CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()]
    hits = []
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(p)
    return hits


def test_canary_inside_an_image_never_on_disk(vault_path: Path, tmp_path: Path) -> None:
    tmp_before = set(Path(tempfile.gettempdir()).iterdir())
    source = tmp_path / "source" / f"{CANARY}_photo.jpg"  # the name is personal data too
    source.parent.mkdir()
    source.write_bytes(photo())
    vault = open_as(vault_path, "ana")
    report = reports.create_report(vault, DRAFT)
    view = attachments.add_file(vault, source, report_id=report.id)
    attachments.view_image(vault, view.id)
    attachments.thumbnail(vault, view.id)
    attachments.content_of(vault, view.id)
    backup = vault.backup(tmp_path / "backup")
    vault.lock()
    assert _contains_canary(vault_path) == []
    assert _contains_canary(backup) == []
    new_tmp = set(Path(tempfile.gettempdir()).iterdir()) - tmp_before
    for p in new_tmp:
        if p.is_file():
            assert CANARY.encode() not in p.read_bytes(), p
        elif p.is_dir() and not str(p).startswith(str(tmp_path)):
            assert _contains_canary(p) == [], p
    home = Path(os.environ["SIRAT_HOME"])
    assert _contains_canary(home) == []
