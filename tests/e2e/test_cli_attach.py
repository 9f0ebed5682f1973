"""``sirat attach`` as a user runs it: add, list, export (audited), delete, limit, and bad
input as one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import open_as
from tests.e2e.test_cli_report import failed, ok, run

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "attachments"))
from attach_helpers import DRAFT, bomb, photo


def _report(vault_path: Path) -> str:
    from sirat.services.reports import records as reports

    vault = open_as(vault_path, "ana")
    try:
        return reports.create_report(vault, DRAFT).reference
    finally:
        vault.lock()


def test_add_list_export_delete(vault_path: Path, tmp_path: Path) -> None:
    ref = _report(vault_path)
    home = tmp_path / "home"
    pic = tmp_path / "lorry.jpg"
    pic.write_bytes(photo())
    doc = tmp_path / "bill.pdf"
    doc.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    added = json.loads(ok(run(home, "attach", "add", "--vault", vault_path, "--report", ref,
                              pic, doc, "--json")))
    assert [a["media_type"] for a in added] == ["image/jpeg", "application/pdf"]
    listing = ok(run(home, "attach", "list", "--vault", vault_path, "--report", ref))
    assert "JPEG image" in listing
    assert "PDF document" in listing
    assert "2 attachment(s)" in listing
    out = tmp_path / "copy.pdf"
    said = ok(run(home, "attach", "export", "--vault", vault_path, str(added[1]["id"]),
                  "--out", out))
    assert out.read_bytes() == doc.read_bytes()
    assert "audit" in said
    assert "exists" in failed(run(home, "attach", "export", "--vault", vault_path,
                                  str(added[1]["id"]), "--out", out))
    ok(run(home, "attach", "delete", "--vault", vault_path, str(added[0]["id"])))
    assert "1 attachment(s)" in ok(run(home, "attach", "list", "--vault", vault_path))
    audit = ok(run(home, "audit", "list", "--vault", vault_path, "--json", user="admin"))
    for action in ("attachment.add", "attachment.export", "attachment.delete"):
        assert action in audit


def test_bad_input_is_one_line(vault_path: Path, tmp_path: Path) -> None:
    ref = _report(vault_path)
    home = tmp_path / "home"
    boom = tmp_path / "bomb.png"
    boom.write_bytes(bomb())
    assert "too many pixels" in failed(run(home, "attach", "add", "--vault", vault_path,
                                           "--report", ref, boom))
    assert "not a file" in failed(run(home, "attach", "add", "--vault", vault_path,
                                      "--report", ref, tmp_path / "missing.jpg"))
    assert "no attachment 99" in failed(run(home, "attach", "export", "--vault", vault_path,
                                            "99", "--out", tmp_path / "x"))
    ok(run(home, "attach", "limit", "--vault", vault_path, "--mb", "0.01", user="admin"))
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 20_000)
    assert "limited to" in failed(run(home, "attach", "add", "--vault", vault_path,
                                      "--report", ref, big))
    assert "administrator" in failed(run(home, "attach", "limit", "--vault", vault_path,
                                         "--mb", "500"))
    assert "0 attachment(s)" in ok(run(home, "attach", "list", "--vault", vault_path))


def test_interchange_carries_attachments_as_files_by_digest(
        vault_path: Path, template_vault: Path, tmp_path: Path) -> None:
    import hashlib
    import shutil

    ref = _report(vault_path)
    home = tmp_path / "home"
    pic = tmp_path / "lorry.jpg"
    pic.write_bytes(photo())
    ok(run(home, "attach", "add", "--vault", vault_path, "--report", ref, pic))
    files = tmp_path / "files"
    files.mkdir()
    out = tmp_path / "export.json"
    ok(run(home, "report", "export", "--vault", vault_path, ref, "--out", out,
           "--attachments", files))
    doc = json.loads(out.read_text())
    digest = hashlib.sha256(pic.read_bytes()).hexdigest()
    (entry,) = doc["documents"]
    assert entry["schema"] == "Image"
    assert entry["extra"]["sha256"] == digest
    sha1 = hashlib.sha1(pic.read_bytes()).hexdigest()  # noqa: S324 -- FtM's contentHash
    assert entry["properties"]["contentHash"] == [sha1]
    assert (files / digest).read_bytes() == pic.read_bytes()

    other = tmp_path / "other"
    shutil.copytree(template_vault, other)
    # Without the folder, or with an altered file: refused, nothing imported.
    assert "--attachments" in failed(run(home, "report", "import", "--vault", other, out))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / digest).write_bytes(pic.read_bytes()[:-10] + b"0123456789")
    assert "does not hold the content" in failed(run(
        home, "report", "import", "--vault", other, out, "--attachments", bad))
    assert "0 report(s)" in ok(run(home, "report", "list", "--vault", other))
    ok(run(home, "report", "import", "--vault", other, out, "--attachments", files))
    listed = json.loads(ok(run(home, "attach", "list", "--vault", other, "--json")))
    assert [a["sha256"] for a in listed] == [digest]
    assert listed[0]["report_id"] is not None


def test_vault_check_reports_a_tampered_attachment(vault_path: Path, tmp_path: Path) -> None:
    ref = _report(vault_path)
    home = tmp_path / "home"
    pic = tmp_path / "p.jpg"
    pic.write_bytes(photo())
    ok(run(home, "attach", "add", "--vault", vault_path, "--report", ref, pic))
    assert run(home, "vault", "check", "--vault", vault_path, user="admin").returncode == 0
    (blob,) = (vault_path / "attachments").iterdir()
    raw = bytearray(blob.read_bytes())
    raw[-100] ^= 0x40
    blob.write_bytes(bytes(raw))
    result = run(home, "vault", "check", "--vault", vault_path, user="admin")
    assert result.returncode == 3
    assert "does not authenticate" in result.stdout + result.stderr


def test_vault_check_repair_removes_a_damaged_attachment(vault_path: Path,
                                                         tmp_path: Path) -> None:
    from sqlalchemy import text

    from sirat.services.attachments import store as attachments
    from sirat.services.reports import records as reports

    vault = open_as(vault_path, "ana")
    try:
        rid = reports.create_report(vault, DRAFT).id
        view = attachments.add_attachment(vault, photo(), "lorry.jpg", report_id=rid)
        with vault.session(write=True) as s:
            s.execute(text("UPDATE attachments SET wrapped_key = zeroblob(60)"))
    finally:
        vault.lock()
    home = tmp_path / "home"
    found = run(home, "vault", "check", "--vault", vault_path, user="admin")
    assert found.returncode == 3
    assert f"attachment {view.id}" in found.stdout
    assert "--repair" in found.stderr
    assert "administrator" in failed(run(home, "vault", "check", "--repair", "--vault",
                                         vault_path))
    repaired = ok(run(home, "vault", "check", "--repair", "--vault", vault_path, user="admin"))
    assert f"Removed attachment {view.id}" in repaired
    assert "The vault is sound" in repaired
    assert ok(run(home, "vault", "rotate-key", "--vault", vault_path, user="admin"))
