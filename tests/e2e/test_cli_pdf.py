"""``sirat pdf export|verify|register|preview|permission`` and ``sirat cert`` as subprocesses.

Exports for a member state, an operational partner and an observer (the observer canary
runs on the written file and on what the command printed), signed exports verified, then
broken by one changed byte and by an appended incremental update; every refusal is one
line on stderr, a non-zero exit and no file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.conftest import USERS
from tests.unit.services.dissemination.dissem_data import (
    CANARY_SECRETS,
    DRAFT,
    PARTNER_SHOWS,
    canary_vault,
)
from tests.unit.services.dissemination.pdf_probe import leaks, page_text

CERT_PASS = "test certificate passphrase"


def run(vault: Path, *args: str | Path, user: str = "ana",
        cert: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SIRAT_PASSPHRASE", "SIRAT_CERT_PASSPHRASE", "SIRAT_USER")}
    env.update(SIRAT_PASSPHRASE=USERS[user], SIRAT_USER=user)
    if cert is not None:
        env["SIRAT_CERT_PASSPHRASE"] = cert
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args), "--vault",
                           str(vault)], env=env, capture_output=True, text=True,
                          timeout=300, check=False, stdin=subprocess.DEVNULL)


def verify(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sirat", "pdf", "verify", *map(str, args)],
                          capture_output=True, text=True, timeout=300, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    return lines[0]


@pytest.fixture(scope="module")
def canary(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return canary_vault(template_vault, tmp_path_factory.mktemp("cli-pdf") / "vault")


@pytest.fixture
def vault(canary: tuple[Path, str], tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(canary[0], dest)
    os.chmod(dest, 0o700)
    return dest


@pytest.fixture
def ref(canary: tuple[Path, str]) -> str:
    return canary[1]


@pytest.fixture
def signed_vault(vault: Path, tmp_path: Path) -> Path:
    """The vault with a test certificate for ana (made by the administrator)."""
    ok(run(vault, "cert", "create-test", "--owner", "ana", user="admin", cert=CERT_PASS))
    return vault


@pytest.mark.parametrize("code", ["BG", "PARTNER-INTERPOL"])
def test_member_state_and_partner_copies_carry_the_personal_data(
    vault: Path, ref: str, code: str, tmp_path: Path
) -> None:
    out = tmp_path / "copy.pdf"
    printed = ok(run(vault, "pdf", "export", ref, "--recipient", code, "--out", out))
    data = out.read_bytes()
    assert f"SHA-256 {hashlib.sha256(data).hexdigest()}" in printed
    assert [s for s in PARTNER_SHOWS if s not in page_text(data)] == []
    register = json.loads(ok(run(vault, "pdf", "register", "--json")))
    assert [(e["recipient_code"], e["sha256"]) for e in register] == [
        (code, hashlib.sha256(data).hexdigest())]


def test_the_observer_copy_and_what_the_command_prints_carry_no_personal_data(
    vault: Path, ref: str, tmp_path: Path
) -> None:
    result = run(vault, "pdf", "export", ref, "--recipient", "OBS-GE", "--out", tmp_path)
    printed = ok(result) + result.stderr
    [written] = list(tmp_path.glob("*.pdf"))
    assert written.name == f"{ref}_OBS-GE_copy-001.pdf"
    assert leaks(written.read_bytes(), CANARY_SECRETS) == []
    assert [s for s in CANARY_SECRETS if s.casefold() in printed.casefold()] == []
    assert "withheld: 3 persons left out" in printed
    preview = json.loads(ok(run(vault, "pdf", "preview", ref, "--recipient", "OBS-WCO",
                                "--json")))
    assert preview["losses"]
    assert [s for s in CANARY_SECRETS for line in preview["losses"] if s in line] == []


def test_a_signed_export_verifies_and_any_change_is_reported(
    signed_vault: Path, ref: str, tmp_path: Path
) -> None:
    out = tmp_path / "signed.pdf"
    ok(run(signed_vault, "pdf", "export", ref, "--recipient", "RO", "--out", out, "--sign",
           cert=CERT_PASS))
    certs = json.loads(ok(run(signed_vault, "cert", "list", "--json")))
    pem = tmp_path / "ana.pem"
    ok(run(signed_vault, "cert", "export", str(certs[0]["id"]), "--out", pem))

    fresh = verify(out, "--trust", pem)
    assert fresh.returncode == 0, fresh.stdout
    assert fresh.stdout.startswith("INTACT, VALID AND TRUSTED")
    assert "is trusted" in fresh.stdout
    assert "TEST certificate" in fresh.stdout
    report = json.loads(verify(out, "--json").stdout)
    assert (report["ok"], report["trusted"], report["signer"]) == (True, False, "Ana Analyst")
    found = json.loads(ok(run(signed_vault, "pdf", "register", "--file", out, "--json")))
    assert [e["signer_name"] for e in found] == ["Ana Analyst"]

    data = bytearray(out.read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    broken = verify(changed)
    assert broken.returncode != 0
    assert not broken.stdout.startswith("INTACT")

    writer = IncrementalPdfFileWriter(BytesIO(out.read_bytes()))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()  # type: ignore[no-untyped-call]
    appended = BytesIO()
    writer.write(appended)  # type: ignore[no-untyped-call]
    updated = tmp_path / "updated.pdf"
    updated.write_bytes(appended.getvalue())
    after = verify(updated)
    assert after.returncode != 0
    assert "modified after signing" in after.stdout.lower()


def test_signing_and_verifying_print_nothing_on_stderr(
    signed_vault: Path, ref: str, tmp_path: Path
) -> None:
    """No library warning reaches a user (pyHanko imports DSA, which cryptography >= 51
    deprecates): stderr is for SIRAT's own one-line failures only."""
    out = tmp_path / "quiet.pdf"
    exported = run(signed_vault, "pdf", "export", ref, "--recipient", "BG", "--out", out,
                   "--sign", cert=CERT_PASS)
    assert (exported.returncode, exported.stderr) == (0, "")
    checked = verify(out, "--json")
    assert json.loads(checked.stdout)["ok"] is True
    assert checked.stderr == ""


def test_a_draft_is_refused_in_one_line_and_nothing_is_written(
    template_vault: Path, tmp_path: Path
) -> None:
    vault, ref = canary_vault(template_vault, tmp_path / "vault", status="draft")
    out = tmp_path / "draft.pdf"
    line = refused(run(vault, "pdf", "export", ref, "--recipient", "BG", "--out", out))
    assert "only approved reports can be exported" in line
    assert not out.exists()


def test_h2_without_the_providers_permission_is_refused(
    template_vault: Path, tmp_path: Path
) -> None:
    vault, ref = canary_vault(template_vault, tmp_path / "vault",
                              draft=replace(DRAFT, handling_codes=frozenset({"H2"})))
    out = tmp_path / "h2.pdf"
    line = refused(run(vault, "pdf", "export", ref, "--recipient", "BG", "--out", out))
    assert "without the provider's permission" in line
    assert not out.exists()
    ok(run(vault, "pdf", "permission", ref, "--note", "Provider agreed by e-mail"))
    ok(run(vault, "pdf", "export", ref, "--recipient", "BG", "--out", out))
    assert out.exists()


def test_a_wrong_certificate_passphrase_is_refused_and_no_file_is_written(
    signed_vault: Path, ref: str, tmp_path: Path
) -> None:
    out = tmp_path / "never.pdf"
    line = refused(run(signed_vault, "pdf", "export", ref, "--recipient", "BG", "--out", out,
                       "--sign", cert="not the passphrase"))
    assert "passphrase is wrong" in line
    assert not out.exists()
    assert list(tmp_path.glob(".never.pdf.tmp-*")) == []
    assert json.loads(ok(run(signed_vault, "pdf", "register", "--json"))) == []


def test_a_recipient_that_may_not_receive_the_classification_is_refused(
    template_vault: Path, tmp_path: Path
) -> None:
    vault, ref = canary_vault(template_vault, tmp_path / "vault",
                              draft=replace(DRAFT, classification="CONFIDENTIAL"))
    line = refused(run(vault, "pdf", "export", ref, "--recipient", "OBS-GE",
                       "--out", tmp_path / "x.pdf"))
    assert "may not receive CONFIDENTIAL material" in line
    options = json.loads(ok(run(vault, "pdf", "preview", ref, "--json")))
    assert {o["code"]: o["allowed"] for o in options}["BG"] is True


def test_verify_refuses_an_unsigned_or_missing_file(tmp_path: Path) -> None:
    unsigned = tmp_path / "plain.pdf"
    unsigned.write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = verify(unsigned)
    assert result.returncode != 0
    assert result.stdout.startswith("NOT VERIFIED")
    assert refused(verify(tmp_path / "missing.pdf")).endswith(
        "Check the path and the permissions.")
