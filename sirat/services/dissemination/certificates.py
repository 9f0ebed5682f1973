"""Signing certificates kept in the vault: import, create a test certificate, list, unlock.

Storage (see ``docs/dissemination.md``): the PKCS#12 file is opened once at import with the
passphrase the user types, checked (private key, validity, key usage), and stored
**re-encrypted under that same passphrase** with strong, explicit parameters (PBES2:
AES-256-CBC, PBKDF2-HMAC-SHA256, :data:`KDF_ROUNDS` rounds; SHA-256 MAC) -- a legacy file
protected by RC2-40 or 3DES does not stay that way. The passphrase is never stored, so
signing asks for it once per sign-in session (the opened key is then kept in memory until
the vault locks: :mod:`sirat.services.dissemination.unlocked`): the vault (already
SQLCipher-encrypted) keeps the key away from anyone outside it, the certificate passphrase
keeps it away from the other users of the same vault, and a signature stays a deliberate
act of its owner, as with a smart card PIN. Only the owner may sign with a certificate.

Passphrases are normalised to NFC for the re-wrapped copy (typed on another keyboard layout,
the same text may arrive decomposed); the imported file is opened with the bytes as typed
first, then with the NFC form.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, pkcs12
from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.clock import utcnow
from sirat.domain.vocab import CertificateId
from sirat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from sirat.export.certs import SigningKey, describe, load_key_and_certificate
from sirat.export.certs import create_test_certificate as make_test_certificate
from sirat.export.errors import CertificateError
from sirat.export.sign import LoadedSigner, load_pkcs12
from sirat.models import User, UserId
from sirat.models.dissemination import SigningCertificate
from sirat.services.audit import log as audit
from sirat.services.dissemination.mapping import originator
from sirat.services.roles import require_role
from sirat.vault import Vault
from sirat.vault.core import name_key

#: PBKDF2-HMAC-SHA256 rounds of the re-wrapped PKCS#12 (key bag and MAC). Unlocking costs
#: ~130 ms of CPU on the 2-core workstation (100,000 rounds: 70 ms), once per signed export.
#: The vault around it is already encrypted; this layer slows down a colleague who can read
#: the vault and guesses the certificate passphrase offline.
KDF_ROUNDS = 300_000
MIN_PASSPHRASE = 8
MAX_FILE_BYTES = 1024 * 1024
TEST_CERTIFICATE_DAYS = 365


@dataclass(frozen=True, slots=True)
class CertificateView:
    """What SIRAT shows about a stored certificate (no key material)."""

    id: CertificateId
    owner_id: UserId
    owner_name: str
    common_name: str
    organisation: str
    fingerprint: str
    not_before: str
    not_after: str
    test_certificate: bool
    active: bool
    created_at: str

    def state(self, now: datetime | None = None) -> str:
        """``valid``, ``expired``, ``not yet valid`` or ``removed``."""
        if not self.active:
            return "removed"
        at = (now or clock.now()).isoformat(timespec="seconds")
        if at < self.not_before:
            return "not yet valid"
        return "expired" if at > self.not_after else "valid"


@dataclass(frozen=True, slots=True)
class SealedCertificate:
    """A stored certificate as read from the vault: still encrypted under its passphrase."""

    id: CertificateId
    fingerprint: str
    pkcs12: bytes


def _nfc(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _view(row: SigningCertificate, owner_name: str) -> CertificateView:
    return CertificateView(
        CertificateId(row.id), UserId(row.owner_id), owner_name, row.common_name,
        row.organisation, row.fingerprint, row.not_before, row.not_after,
        row.test_certificate, row.active, row.created_at,
    )  # fmt: skip


def _open(data: bytes, passphrase: str) -> tuple[SigningKey, x509.Certificate,
                                                 list[x509.Certificate]]:
    """Open an imported file with the passphrase as typed, then in NFC form."""
    if len(data) > MAX_FILE_BYTES:
        raise CertificateError("The file is too large to be a PKCS#12 certificate.",
                               "Choose the .p12 or .pfx file of your certificate.")
    raw, nfc = passphrase.encode("utf-8"), _nfc(passphrase)
    try:
        return load_key_and_certificate(data, raw)
    except CertificateError:
        if nfc == raw:
            raise
    return load_key_and_certificate(data, nfc)


def _rewrap(key: SigningKey, certificate: x509.Certificate, chain: list[x509.Certificate],
            passphrase: str) -> bytes:
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(_nfc(passphrase))
    )
    return pkcs12.serialize_key_and_certificates(
        b"SIRAT signing certificate", key, certificate, chain or None, encryption
    )


def _owner(s: Session, vault: Vault, owner: str | None) -> User:
    if owner is None:
        row = s.get(User, vault.info.user_id)
    else:
        row = s.scalars(select(User).where(User.name_key == name_key(owner),
                                           User.active.is_(True))).first()
    if row is None:
        raise NotFound("There is no active user with this name.", "See `sirat user list`.")
    if row.id != vault.info.user_id and vault.info.role != "administrator":
        raise PermissionDenied("Only an administrator can manage another user's certificates.",
                               "Import the certificate while signed in as its owner.")
    return row


def _store(s: Session, vault: Vault, owner: User, key: SigningKey,
           certificate: x509.Certificate, chain: list[x509.Certificate], passphrase: str,
           action: str) -> CertificateView:
    info = describe(certificate)
    if s.scalars(select(SigningCertificate.id)
                 .where(SigningCertificate.fingerprint == info.fingerprint_sha256)).first():
        raise Conflict("This certificate is already in the vault.", "See `sirat cert list`.")
    row = SigningCertificate(
        owner_id=owner.id, common_name=info.common_name, organisation=info.organisation,
        fingerprint=info.fingerprint_sha256, not_before=_iso(info.not_before),
        not_after=_iso(info.not_after), test_certificate=info.test_certificate,
        certificate_der=certificate.public_bytes(Encoding.DER),
        pkcs12=_rewrap(key, certificate, chain, passphrase), created_at=utcnow(),
        created_by=vault.info.user_id, active=True,
    )  # fmt: skip
    s.add(row)
    s.flush()
    audit.record(s, actor_id=vault.info.user_id, action=action, object_type="certificate",
                 object_id=row.id, details={"owner": owner.id, "test": row.test_certificate})
    return _view(row, owner.display_name)


def _x520(text: str, limit: int = 64) -> str:
    """``text`` cut to what an X.509 name attribute holds (64 characters, UTF-8 bytes)."""
    out = text.strip()
    while len(out.encode("utf-8")) > limit:
        out = out[:-1]
    return out.rstrip() or "SIRAT user"


def _check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError.single(
            "certificate passphrase",
            f"A certificate passphrase needs at least {MIN_PASSPHRASE} characters.",
            "Choose a longer passphrase; it is asked for once per session, to sign.",
        )


def import_certificate(
    vault: Vault, data: bytes, passphrase: str, *, owner: str | None = None
) -> CertificateView:
    """Check a PKCS#12 file and keep it, re-encrypted under ``passphrase``.

    ``owner`` (a user name) defaults to the signed-in user; only an administrator imports
    for someone else. A wrong passphrase, an expired certificate or a file without private
    key is refused (``CertificateError``) and nothing is stored.
    """
    key, certificate, chain = _open(data, passphrase)
    with vault.session(write=True) as s:
        user = _owner(s, vault, owner)
        return _store(s, vault, user, key, certificate, chain, passphrase, "certificate.import")


def create_test_certificate(
    vault: Vault, passphrase: str, *, owner: str | None = None,
    days: int = TEST_CERTIFICATE_DAYS,
) -> CertificateView:
    """An administrator makes a self-signed workstation test certificate for ``owner``.

    Its subject is the owner's display name and the vault's originating organisation, its
    organisational unit marks it as a test certificate (printed in every signature made
    with it). It is stored under ``passphrase``, which the administrator hands over.
    """
    require_role(vault, "administrator")
    _check_new_passphrase(passphrase)
    with vault.session() as s:
        user = _owner(s, vault, owner)
        display, org = user.display_name, originator(s)
    data, random_passphrase = make_test_certificate(_x520(display), _x520(org), days)
    key, certificate, chain = load_key_and_certificate(data, random_passphrase)
    with vault.session(write=True) as s:
        user = _owner(s, vault, owner)
        return _store(s, vault, user, key, certificate, chain, passphrase,
                      "certificate.create_test")


def list_certificates(vault: Vault, *, include_removed: bool = False,
                      mine: bool = False) -> list[CertificateView]:
    """Every certificate (or only the signed-in user's), newest first."""
    with vault.session() as s:
        q = (select(SigningCertificate, User.display_name)
             .join(User, User.id == SigningCertificate.owner_id)
             .order_by(SigningCertificate.id.desc()))
        if not include_removed:
            q = q.where(SigningCertificate.active.is_(True))
        if mine:
            q = q.where(SigningCertificate.owner_id == vault.info.user_id)
        return [_view(row, name) for row, name in s.execute(q)]


def certificate_der(vault: Vault, certificate_id: CertificateId) -> bytes:
    """The public certificate (DER), to give recipients as a trust anchor."""
    with vault.session() as s:
        row = s.get(SigningCertificate, certificate_id)
        if row is None:
            raise NotFound("There is no certificate with this id.", "See `sirat cert list`.")
        return bytes(row.certificate_der)


def trust_anchors(vault: Vault) -> list[bytes]:
    """Every certificate ever stored here (DER, removed ones included: they signed copies
    that are still out there), for the app's verification: "signed by one of ours"."""
    with vault.session() as s:
        return [bytes(d) for d in s.scalars(select(SigningCertificate.certificate_der))]


def sealed_certificate(vault: Vault, certificate_id: CertificateId) -> SealedCertificate:
    """The owner's stored certificate, still encrypted (read on the vault worker)."""
    with vault.session() as s:
        row = s.get(SigningCertificate, certificate_id)
        if row is None or not row.active:
            raise NotFound("There is no such certificate in the vault.",
                           "See `sirat cert list`.")
        if row.owner_id != vault.info.user_id:
            raise PermissionDenied("You can only sign with your own certificate.",
                                   "Choose one of your certificates (`sirat cert list`).")
        return SealedCertificate(CertificateId(row.id), row.fingerprint, bytes(row.pkcs12))


def unlock_certificate(sealed: SealedCertificate, passphrase: str) -> LoadedSigner:
    """Open a stored certificate for signing (CPU work, no vault): ``CertificateError`` for
    a wrong passphrase or a certificate that expired since it was imported."""
    return load_pkcs12(sealed.pkcs12, _nfc(passphrase))


def load_signer(vault: Vault, certificate_id: CertificateId, passphrase: str) -> LoadedSigner:
    """:func:`sealed_certificate` then :func:`unlock_certificate`."""
    return unlock_certificate(sealed_certificate(vault, certificate_id), passphrase)


def certificate_id_of(s: Session, signer: LoadedSigner) -> int | None:
    """The vault's id of the certificate ``signer`` holds, if it was stored here."""
    fingerprint = signer.info.fingerprint_sha256
    return s.scalars(select(SigningCertificate.id)
                     .where(SigningCertificate.fingerprint == fingerprint)).first()


def remove_certificate(vault: Vault, certificate_id: CertificateId) -> None:
    """Retire a certificate (its owner or an administrator); the register keeps its id."""
    with vault.session(write=True) as s:
        row = s.get(SigningCertificate, certificate_id)
        if row is None or not row.active:
            raise NotFound("There is no such certificate in the vault.", "See `sirat cert list`.")
        if row.owner_id != vault.info.user_id and vault.info.role != "administrator":
            raise PermissionDenied("Only its owner or an administrator can remove a certificate.")
        row.active = False
        row.pkcs12 = b""  # the key is gone; the public part stays for the register
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="certificate.remove",
                     object_type="certificate", object_id=row.id)
