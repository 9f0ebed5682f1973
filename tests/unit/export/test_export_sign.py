"""Signing and verification: fresh, tampered, appended-to; certificates refused early."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    pkcs12,
)
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from sirat.export.errors import CertificateError
from sirat.export.pdf import SIGNATURE_BOX, render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.sign import LoadedSigner, create_test_certificate, load_pkcs12, sign_pdf
from sirat.export.types import RecipientInput, ReportInput, SignerInfo
from sirat.export.verify import VerifyResult, verify_pdf

MakeRecipient = Callable[..., RecipientInput]
DecodedObjects = Callable[[bytes], list[bytes]]


def _has_test_label(objects: list[bytes]) -> bool:
    # The stamp's hyphen is written as an octal escape, hence two parts.
    return any(b"TEST CERTIFICATE " in o and b" NOT FOR OPERATIONAL USE" in o for o in objects)


@pytest.fixture(scope="module")
def test_cert() -> tuple[bytes, bytes]:
    return create_test_certificate("Мира Стоянова", "SELEC Operational Center")


@pytest.fixture(scope="module")
def signer(test_cert: tuple[bytes, bytes]) -> LoadedSigner:
    return load_pkcs12(*test_cert)


@pytest.fixture
def unsigned(report: ReportInput, make_recipient: MakeRecipient) -> bytes:
    view = build_release_view(report, [], [], make_recipient("member-state"))
    info = SignerInfo("Мира Стоянова", "SELEC Operational Center", "Analyst", True)
    return render_pdf_bytes(view, copy_number=1, signer=info)


@pytest.fixture
def signed(unsigned: bytes, signer: LoadedSigner) -> bytes:
    return sign_pdf(unsigned, signer)


def _pdfsig(data: bytes, tmp_path: Path) -> str | None:
    """poppler's verdict as text, when pdfsig is installed (its exit code says nothing)."""
    tool = shutil.which("pdfsig")
    if tool is None:
        return None
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    run = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    return run.stdout + run.stderr


def test_a_fresh_export_verifies_intact_and_valid(
    unsigned: bytes, signed: bytes, signer: LoadedSigner, tmp_path: Path
) -> None:
    result = verify_pdf(signed)

    assert signed.startswith(unsigned)  # one revision appended, the export untouched
    assert (result.signed, result.intact, result.valid, result.ok) == (True, True, True, True)
    assert result.modified_after_signing is False
    assert result.coverage == "the entire file"
    assert result.signer_common_name == "Мира Стоянова"
    assert result.test_certificate is True
    assert result.signed_at is not None
    assert abs(result.signed_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert result.trusted is False
    assert "The signer's certificate is not trusted" in " ".join(result.summary)
    assert verify_pdf(signed, [signer.certificate_der]).trusted is True
    poppler = _pdfsig(signed, tmp_path)
    if poppler is not None:
        assert "Signature is Valid" in poppler
        assert "Total document signed" in poppler


def test_the_visible_signature_sits_in_the_reserved_box_of_the_last_page(
    signed: bytes, decoded_objects: DecodedObjects
) -> None:
    reader = PdfReader(BytesIO(signed))
    widgets = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/FT") == "/Sig"
    ]
    on_last = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]

    assert len(widgets) == 1
    assert widgets[0] in on_last
    assert [float(v) for v in widgets[0]["/Rect"]] == [float(round(v)) for v in SIGNATURE_BOX]
    assert _has_test_label(decoded_objects(signed))


def _byte_range(data: bytes) -> tuple[int, int, int, int]:
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert found is not None
    a, b, c, d = (int(g) for g in found.groups())
    return a, b, c, d


def test_one_changed_byte_is_never_reported_intact(signed: bytes, tmp_path: Path) -> None:
    start, length, hole_end, _ = _byte_range(signed)
    hole = range(start + length, hole_end)  # the hex signature value, not itself signed
    # Inside the hole only the signature proper counts: its zero padding after the DER
    # object is ignored by every validator, so those positions are not sampled.
    in_signature = [hole.start + 1, hole.start + 40, hole.start + 600]
    positions = [p for p in range(100, len(signed), len(signed) // 31) if p not in hole]
    results: dict[int, VerifyResult] = {}
    for position in positions + in_signature:
        tampered = bytearray(signed)
        tampered[position] = (tampered[position] + 1) % 256
        results[position] = verify_pdf(bytes(tampered))

    assert [p for p, r in results.items() if r.ok] == []
    assert [p for p in positions if results[p].intact] == []
    tampered = bytearray(signed)
    tampered[start + 500] ^= 0x01
    poppler = _pdfsig(bytes(tampered), tmp_path)
    if poppler is not None:
        assert "Signature is Valid" not in poppler


def test_an_update_appended_after_signing_is_reported(signed: bytes, tmp_path: Path) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()  # type: ignore[no-untyped-call]
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    result = verify_pdf(out.getvalue())

    assert result.intact is True  # the signed revision itself is untouched ...
    assert result.modified_after_signing is True  # ... but something came after it
    assert result.ok is False
    assert "Content was added after signing" in " ".join(result.summary)
    poppler = _pdfsig(out.getvalue(), tmp_path)
    if poppler is not None:
        assert "Not total document signed" in poppler


def test_unsigned_and_damaged_files_are_verdicts_not_errors(unsigned: bytes) -> None:
    assert verify_pdf(unsigned).summary == ("The file carries no signature.",)
    assert verify_pdf(unsigned).ok is False
    garbage = verify_pdf(b"%PDF-1.7\nnot really")
    assert (garbage.signed, garbage.intact, garbage.ok) == (False, False, False)


def test_a_wrong_passphrase_is_refused(test_cert: tuple[bytes, bytes]) -> None:
    data, _ = test_cert
    with pytest.raises(CertificateError) as info:
        load_pkcs12(data, b"not the passphrase")
    assert info.value.message == (
        "The certificate passphrase is wrong, or the file is not a PKCS#12 certificate."
    )
    with pytest.raises(CertificateError):
        load_pkcs12(b"not a certificate", b"x")


def test_an_expired_or_not_yet_valid_certificate_is_refused() -> None:
    long_ago = datetime.now(UTC) - timedelta(days=400)
    expired = create_test_certificate("Old", "Org", days=30, valid_from=long_ago)
    with pytest.raises(CertificateError, match="expired on"):
        load_pkcs12(*expired)
    future = create_test_certificate("New", "Org", valid_from=datetime.now(UTC) + timedelta(1))
    with pytest.raises(CertificateError, match="not valid before"):
        load_pkcs12(*future)


def test_a_certificate_that_expires_after_loading_is_refused_before_signing(
    unsigned: bytes, signer: LoadedSigner
) -> None:
    with pytest.raises(CertificateError, match="expired on"):
        sign_pdf(unsigned, signer, now=datetime.now(UTC) + timedelta(days=400))


_SIGNING_ONLY = x509.KeyUsage(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def _ca_issued_certificate(usage: x509.KeyUsage | None = None) -> tuple[bytes, bytes]:
    """A CA and a leaf issued by it, as a real PKI would hand out (EC P-256)."""
    now = datetime.now(UTC) - timedelta(minutes=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Police CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ivo Analyst")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=10))
    )
    builder = builder.add_extension(usage or _SIGNING_ONLY, critical=True)
    leaf = builder.sign(ca_key, hashes.SHA256())
    data = pkcs12.serialize_key_and_certificates(
        b"leaf", key, leaf, [ca], BestAvailableEncryption(b"pw")
    )
    return data, ca.public_bytes(Encoding.PEM)


def test_a_ca_issued_certificate_signs_without_test_label_and_is_trusted_via_its_ca(
    unsigned: bytes, decoded_objects: DecodedObjects
) -> None:
    data, ca_pem = _ca_issued_certificate()
    signer = load_pkcs12(data, b"pw")
    signed = sign_pdf(unsigned, signer)
    result = verify_pdf(signed, [ca_pem])

    assert (result.ok, result.trusted, result.test_certificate) == (True, True, False)
    assert not _has_test_label(decoded_objects(signed))
    forced = sign_pdf(unsigned, signer, test_certificate=True)
    assert _has_test_label(decoded_objects(forced))


def test_a_certificate_whose_key_usage_forbids_signing_is_refused() -> None:
    encipher_only = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    data, _ = _ca_issued_certificate(encipher_only)
    with pytest.raises(CertificateError, match="may not be used for signatures"):
        load_pkcs12(data, b"pw")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_pyhanko_records_with_signer_names_stay_out_of_the_application_log(
    signed: bytes,
) -> None:
    # (pytest's caplog attaches itself to non-propagating loggers, so it cannot show this;
    # a handler on the root logger sees what the application's log would see.)
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        result = verify_pdf(signed)  # pyHanko logs the untrusted signer's name ...
    finally:
        root.removeHandler(handler)

    assert result.trusted is False
    assert [r.name for r in handler.records if r.name.startswith("pyhanko")] == []
