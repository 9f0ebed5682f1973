"""``sirat cert import|create-test|list|export|remove`` as subprocesses."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sirat.export.certs import create_test_certificate
from tests.e2e.test_cli_pdf import CERT_PASS, ok, refused, run


@pytest.fixture
def vault(template_vault: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(template_vault, dest)
    os.chmod(dest, 0o700)
    return dest


def test_importing_needs_the_right_passphrase_from_the_environment(
    vault: Path, tmp_path: Path
) -> None:
    data, passphrase = create_test_certificate("Ana Analyst", "Regional Operational Center")
    p12 = tmp_path / "ana.p12"
    p12.write_bytes(data)

    assert "no terminal" in refused(run(vault, "cert", "import", p12))
    assert "passphrase is wrong" in refused(run(vault, "cert", "import", p12, cert="wrong"))
    printed = ok(run(vault, "cert", "import", p12, cert=passphrase.decode()))
    assert "not stored" in printed
    [listed] = json.loads(ok(run(vault, "cert", "list", "--json")))
    assert (listed["owner_name"], listed["state"], listed["test_certificate"]) == (
        "Ana Analyst", "valid", True)
    assert "already in the vault" in refused(
        run(vault, "cert", "import", p12, cert=passphrase.decode()))


def test_an_expired_certificate_is_not_imported(vault: Path, tmp_path: Path) -> None:
    data, passphrase = create_test_certificate(
        "Ana Analyst", "Org", days=1, valid_from=datetime.now(UTC) - timedelta(days=5))
    p12 = tmp_path / "old.p12"
    p12.write_bytes(data)
    assert "expired" in refused(run(vault, "cert", "import", p12, cert=passphrase.decode()))
    assert json.loads(ok(run(vault, "cert", "list", "--json"))) == []


def test_only_an_administrator_creates_a_clearly_labelled_test_certificate(
    vault: Path, tmp_path: Path
) -> None:
    line = refused(run(vault, "cert", "create-test", cert=CERT_PASS))
    assert "administrator" in line
    printed = ok(run(vault, "cert", "create-test", "--owner", "sup", user="admin",
                     cert=CERT_PASS))
    assert "TEST CERTIFICATE - NOT FOR OPERATIONAL USE" in printed
    table = ok(run(vault, "cert", "list", user="sup"))
    assert "Sam Supervisor" in table
    assert "TEST" in table
    [cert] = json.loads(ok(run(vault, "cert", "list", "--mine", "--json", user="sup")))
    pem = tmp_path / "sup.pem"
    ok(run(vault, "cert", "export", str(cert["id"]), "--out", pem, user="sup"))
    assert pem.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert "its owner or an administrator" in refused(
        run(vault, "cert", "remove", str(cert["id"]), user="ana"))
    ok(run(vault, "cert", "remove", str(cert["id"]), user="sup"))
    assert json.loads(ok(run(vault, "cert", "list", "--json"))) == []
