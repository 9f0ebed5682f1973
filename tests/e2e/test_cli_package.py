"""``sirat workstation`` and ``sirat package`` as two administrators and analysts on this
machine would use them: cards, words read aloud, export, inspect, import, refusals."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

from sirat.services.attachments import store as attachments
from tests.conftest import USERS, open_as
from tests.e2e.conftest import one_line_failure
from tests.unit.services.service_helpers import populate


def run(vault: Path, *args: str | Path, user: str = "ana") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env.update(SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user,
               SIRAT_HOME=str(vault.parent / "home"))
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args), "--vault",
                           str(vault)], env=env, capture_output=True, text=True, timeout=300,
                          check=False, stdin=subprocess.DEVNULL)


def _words(vault: Path, card: Path) -> str:
    result = run(vault, "workstation", "id", "--card", card, user="admin")
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0].removeprefix("Fingerprint: ").strip()


def test_two_workstations_exchange_a_package_from_the_command_line(
        template_vault: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "vault", tmp_path / "b" / "vault"
    for dest in (a, b):
        shutil.copytree(template_vault, dest)
    va = open_as(a, "ana")
    ids = populate(va)
    image = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 40, 40)).save(image, "JPEG")
    attachments.add_attachment(va, image.getvalue(), "lorry.jpg", report_id=ids[0])
    va.lock()
    words_a, words_b = _words(a, tmp_path / "a.card"), _words(b, tmp_path / "b.card")
    assert len(words_a.split()) == 12
    assert words_a != words_b

    # Nothing is trusted on first use; an analyst cannot pin; wrong words pin nothing.
    denied = run(b, "workstation", "pin", tmp_path / "a.card", "--name", "Alpha", "--kind",
                 "member-state", "--words", words_a)
    assert "administrator" in one_line_failure(denied)
    wrong = run(b, "workstation", "pin", tmp_path / "a.card", "--name", "Alpha", "--kind",
                "member-state", "--words", words_b, user="admin")
    assert "do not match" in one_line_failure(wrong)
    for vault, card, name, words in ((b, "a.card", "Alpha", words_a),
                                     (a, "b.card", "Bravo", words_b)):
        ok = run(vault, "workstation", "pin", tmp_path / card, "--name", name, "--kind",
                 "member-state", "--words", words, user="admin")
        assert ok.returncode == 0, ok.stderr
    partners = run(a, "workstation", "partners", "--json")
    assert '"Bravo"' in partners.stdout

    pkg = tmp_path / "out.sirpkg"
    exported = run(a, "package", "export", "SIRAT-2026-000001", "SIRAT-2026-000002", "--to",
                   "Bravo", "--out", pkg)
    assert exported.returncode == 0, exported.stderr
    assert "number 1" in exported.stdout
    assert "1 attachment(s)" in exported.stdout
    inspected = run(b, "package", "inspect", pkg)
    assert inspected.returncode == 0, inspected.stderr
    assert "Alpha" in inspected.stdout
    assert "would import" in inspected.stdout
    assert words_a in inspected.stdout
    assert "Attachments 1" in inspected.stdout

    imported = run(b, "package", "import", pkg)
    assert imported.returncode == 0, imported.stderr
    assert "2 report(s) as received drafts" in imported.stdout
    assert "1 attachment(s)" in imported.stdout
    listed = run(b, "attach", "list", "--report", "SIRAT-2026-000001")
    assert "lorry.jpg" in listed.stdout, listed.stdout
    vb = open_as(b, "ana")
    try:
        got = attachments.list_attachments(vb)
        assert [attachments.content_of(vb, v.id)[1] for v in got] == [image.getvalue()]
    finally:
        vb.lock()
    again = run(b, "package", "import", pkg)
    assert again.returncode == 0
    assert "already imported" in again.stdout
    shown = run(b, "report", "show", "SIRAT-2026-000001")
    assert "pinned partner Alpha" in shown.stdout, shown.stdout

    # A third workstation: not addressed to it -- one line, exit 1.
    c = tmp_path / "c" / "vault"
    shutil.copytree(template_vault, c)
    _words(c, tmp_path / "c.card")
    assert "not addressed" in one_line_failure(run(c, "package", "import", pkg))
    # A truncated file, a missing file: one line each.
    cut = tmp_path / "cut.sirpkg"
    cut.write_bytes(pkg.read_bytes()[:200])
    assert "refused" in one_line_failure(run(b, "package", "import", cut))
    assert "cannot be read" in one_line_failure(run(b, "package", "import", tmp_path / "nope"))
    # Unknown partner on export.
    assert "No pinned partner" in one_line_failure(
        run(a, "package", "export", "SIRAT-2026-000001", "--to", "Nobody", "--out",
            tmp_path / "x.sirpkg"))
