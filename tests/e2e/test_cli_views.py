"""``sirat timeline export``, ``sirat map export|places`` as subprocesses on a real vault:
PDFs for a member state and an observer read back (the observer's has no withheld entity and
no place from a withheld address), places across scripts, bad input as one line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sirat.services.audit import log as audit
from sirat.vault import Vault
from tests.conftest import ANALYST, open_as
from tests.e2e.conftest import Cli, one_line_failure
from tests.unit.services.charts.charts_net import SECRETS
from tests.unit.timeline.timeline_data import build_dated


@pytest.fixture
def vault(cli: Cli, template_vault: Path) -> Path:
    path = cli.home / "vault"
    shutil.copytree(template_vault, path)
    path.chmod(0o700)
    opened: Vault = open_as(path, ANALYST[0])
    try:
        build_dated(opened)
    finally:
        opened.lock()
    return path


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _run(cli: Cli, vault: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return cli(*args, "--vault", vault, "--user", ANALYST[0], passphrase=ANALYST[1])


def test_timeline_and_map_pdfs_follow_the_disclosure_policy(
        cli: Cli, vault: Path, tmp_path: Path) -> None:
    member, observer = tmp_path / "tl-ms.pdf", tmp_path / "tl-obs.pdf"
    done = _run(cli, vault, "timeline", "export", "--out", member, "--for", "member-state",
                "--lanes", "entity")
    assert done.returncode == 0, done.stderr
    assert "Петар Петровић" in _text(member)
    done = _run(cli, vault, "timeline", "export", "--out", observer, "--for", "observer",
                "--lanes", "entity")
    assert done.returncode == 0, done.stderr
    text = _text(observer)
    assert "Timeline" in text
    for secret in SECRETS:
        assert secret not in text
    map_obs = tmp_path / "map-obs.pdf"
    done = _run(cli, vault, "map", "export", "--out", map_obs, "--for", "observer")
    assert done.returncode == 0, done.stderr
    text = _text(map_obs)
    assert "Thessaloníki" in text
    assert "Belgrade" not in text  # only the private address is there
    map_ms = tmp_path / "map-ms.pdf"
    _run(cli, vault, "map", "export", "--out", map_ms, "--for", "operational-partner")
    assert "Belgrade" in _text(map_ms)
    # Each export is in the audit trail after its file: format, recipient kind, no file name.
    admin = open_as(vault, "admin")
    try:
        exports = [e for e in audit.list_records(admin) if e.action.endswith(".export")]
    finally:
        admin.lock()
    assert [(e.action, e.details["recipient_kind"]) for e in reversed(exports)] == [
        ("timeline.export", "member-state"), ("timeline.export", "observer"),
        ("map.export", "observer"), ("map.export", "operational-partner")]
    assert not any(".pdf" in json.dumps(e.details) for e in exports)  # no file name


def test_places_across_scripts_and_names_not_placed(cli: Cli, vault: Path) -> None:
    done = _run(cli, vault, "map", "places", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    salonica = next(r for r in rows if r["place"] == "Thessaloníki")
    assert len(salonica["reports"]) == 3  # Солун, Θεσσαλονίκη, Thessaloniki
    assert {"place": "Atlantis", "status": "not placed"}.items() <= next(
        r for r in rows if r["place"] == "Atlantis").items()


def test_bad_input_is_one_line_and_writes_nothing(cli: Cli, vault: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    one_line_failure(_run(cli, vault, "timeline", "export", "--out", out, "--for", "observer",
                          "--crime-area", "nonsense"))
    assert not out.exists()
    one_line_failure(_run(cli, vault, "map", "export", "--out", tmp_path / "nofolder" / "x.pdf",
                          "--for", "observer"))
    out.write_bytes(b"keep")
    one_line_failure(_run(cli, vault, "map", "export", "--out", out, "--for", "observer"))
    assert out.read_bytes() == b"keep"
    missing_for = _run(cli, vault, "map", "export", "--out", tmp_path / "y.pdf")
    assert missing_for.returncode == 2


def _svg_text(path: Path) -> str:
    """Every text of the SVG, as a viewer shows it (the file must be well-formed XML)."""
    from xml.etree import ElementTree

    root = ElementTree.parse(path).getroot()  # noqa: S314 - our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def test_svg_exports_follow_the_disclosure_policy(cli: Cli, vault: Path,
                                                  tmp_path: Path) -> None:
    member, observer = tmp_path / "tl-ms.svg", tmp_path / "tl-obs.SVG"
    done = _run(cli, vault, "timeline", "export", "--out", member, "--for", "member-state",
                "--lanes", "entity")
    assert done.returncode == 0, done.stderr
    assert "Петар Петровић" in _svg_text(member)
    done = _run(cli, vault, "timeline", "export", "--out", observer, "--for", "observer",
                "--lanes", "entity")
    assert done.returncode == 0, done.stderr
    text = _svg_text(observer)
    assert "Copy for an observer" in text
    raw = observer.read_text("utf-8")
    for secret in SECRETS:
        assert secret not in raw
    map_obs, map_ms = tmp_path / "map-obs.svg", tmp_path / "map-ms.svg"
    assert _run(cli, vault, "map", "export", "--out", map_obs, "--for", "observer"
                ).returncode == 0
    text = _svg_text(map_obs)
    assert "Thessaloníki" in text
    assert "CC BY 4.0" in text  # GeoNames' attribution travels with the file
    assert "Belgrade" not in map_obs.read_text("utf-8")  # only the private address is there
    assert _run(cli, vault, "map", "export", "--out", map_ms, "--for", "member-state"
                ).returncode == 0
    assert "Belgrade" in _svg_text(map_ms)
    admin = open_as(vault, "admin")
    try:
        formats = [e.details["format"] for e in audit.list_records(admin)
                   if e.action.endswith(".export")]
    finally:
        admin.lock()
    assert formats == ["svg"] * 4


def test_an_out_file_neither_pdf_nor_svg_is_refused(cli: Cli, vault: Path,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for view in ("timeline", "map"):
        for name in (f"{view}.png", view):
            line = one_line_failure(_run(cli, vault, view, "export", "--out", folder / name,
                                         "--for", "observer"))
            assert ".pdf or .svg" in line
    assert list(folder.iterdir()) == []  # nothing written, not even a temporary file
