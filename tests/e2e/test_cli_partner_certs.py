"""``sirat workstation pin-cert|certificates|unpin-cert`` and ``sirat pdf verify --pinned`` as
an administrator and an analyst use them: a partner's certificate pinned only with the
fingerprint read aloud, then the PDF that partner signed verifies as trusted and names it."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from sirat.export.sign import create_test_certificate, load_pkcs12, sign_pdf
from sirat.services.exchange import identity
from tests.conftest import open_as
from tests.e2e.conftest import one_line_failure
from tests.e2e.test_cli_package import run


def test_a_partner_certificate_pinned_from_the_command_line_anchors_its_pdfs(
        template_vault: Path, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    a, b = tmp_path / "a" / "vault", tmp_path / "b" / "vault"
    for dest in (a, b):
        shutil.copytree(template_vault, dest)
    a_admin, b_admin = open_as(a, "admin"), open_as(b, "admin")
    b_card = identity.workstation_id(b_admin)
    identity.pin_partner(a_admin, b_card.card, "Bravo", "member-state", b_card.words)
    a_admin.lock()
    b_admin.lock()

    signer = load_pkcs12(*create_test_certificate("Ivana Petrović", "Police RS Belgrade"))
    cert = x509.load_der_x509_certificate(signer.certificate_der)
    sha = cert.fingerprint(hashes.SHA256()).hex()
    pem = tmp_path / "bravo-officer.pem"
    pem.write_bytes(cert.public_bytes(Encoding.PEM))
    page = io.BytesIO()
    c = canvas.Canvas(page)
    c.drawString(72, 720, "A report from Bravo")
    c.save()
    pdf = tmp_path / "from-bravo.pdf"
    pdf.write_bytes(sign_pdf(page.getvalue(), signer))

    untrusted = run(a, "pdf", "verify", pdf, "--pinned")
    assert untrusted.returncode == 1, untrusted.stderr
    assert "not trusted" in untrusted.stdout

    denied = run(a, "workstation", "pin-cert", "Bravo", pem, "--sha256", sha)
    assert "administrator" in one_line_failure(denied)
    wrong = run(a, "workstation", "pin-cert", "Bravo", pem, "--sha256", "00" * 32, user="admin")
    assert "does not match" in one_line_failure(wrong)
    missing = run(a, "workstation", "pin-cert", "Bravo", tmp_path / "nope.pem", "--sha256", sha,
                  user="admin")
    assert "cannot be read" in one_line_failure(missing)
    ok = run(a, "workstation", "pin-cert", "Bravo", pem, "--sha256", sha.upper(), user="admin")
    assert ok.returncode == 0, ok.stderr
    assert "Pinned the certificate of Ivana Petrović, Police RS Belgrade for Bravo" in ok.stdout
    listed = json.loads(run(a, "workstation", "certificates", "--json").stdout)
    assert [(r["partner"], r["sha256"]) for r in listed] == [("Bravo", sha)]

    trusted = run(a, "pdf", "verify", pdf, "--pinned")
    assert trusted.returncode == 0, trusted.stderr
    assert "Trusted through the certificate pinned for partner Bravo." in trusted.stdout
    both = run(a, "pdf", "verify", pdf, "--pinned", "--trust", pem)
    assert "either --pinned or --trust" in one_line_failure(both)

    gone = run(a, "workstation", "unpin-cert", "Bravo", sha[:12], user="admin")
    assert gone.returncode == 0, gone.stderr
    again = run(a, "pdf", "verify", pdf, "--pinned", "--json")
    assert again.returncode == 1
    assert json.loads(again.stdout)["anchored_by"] == ""
