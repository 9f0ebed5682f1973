"""Pinned certificates of partners: the trust anchors for the PDFs partners sign.

A partner's workstation key (``identity``) signs its packages; the PDFs its officers sign
carry their X.509 certificates. Neither is trusted on first use. An administrator pins a
partner's certificate to that pinned partner after typing its SHA-256 fingerprint as the
partner read it out (the same discipline as the twelve words of a workstation card); a file
whose fingerprint differs is refused. Pinning and unpinning are audited.

Verification (``verify_signed_pdf``) then trusts this vault's own certificates and the
pinned ones, and names the partner whose pinned certificate anchors a signature -- so a
signature by an unknown certificate, or by one the administrator unpinned, reads "not
trusted", whatever name it carries.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.errors import NotFound
from sirat.models.exchange import ExchangePartner, ExchangePartnerCertificate
from sirat.services.audit import log as audit
from sirat.services.exchange.identity import ExchangeError
from sirat.services.roles import require_role
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.export.verify import VerifyResult

MAX_CERT_BYTES = 64 * 1024


@dataclass(frozen=True)
class PartnerCertificateView:
    id: int
    partner: str
    sha256: str
    subject: str
    not_after: str
    pinned_at: str
    removed_at: str | None


@dataclass(frozen=True)
class PartnerVerification:
    result: VerifyResult
    partner: str  # the partner whose pinned certificate anchors the signature; "" if none
    ours: bool  # anchored by one of this vault's own certificates


def _norm_fingerprint(text: str) -> str:
    return re.sub(r"[\s:.-]", "", text).lower()


def _parse(data: bytes) -> bytes:
    """The one certificate in ``data`` (PEM or DER) as DER; anything else is refused."""
    from cryptography import x509

    if len(data) > MAX_CERT_BYTES:
        raise ExchangeError("The certificate file is too large to be a certificate.",
                            "Ask the partner for its certificate (PEM or DER).")
    if b"PRIVATE KEY" in data:
        raise ExchangeError("This file holds a private key: it must not leave its owner. "
                            "Nothing was pinned.",
                            "Ask the partner for the certificate alone (`sirat cert export`).")
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            found = x509.load_pem_x509_certificates(data)
        else:
            found = [x509.load_der_x509_certificate(data)]
    except ValueError:
        found = []
    if len(found) != 1:
        raise ExchangeError("The file is not one certificate (PEM or DER). Nothing was pinned.",
                            "Ask the partner for its signing certificate alone.")
    try:
        is_ca = found[0].extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if is_ca:  # a national CA would make everyone it certifies "this partner"
        raise ExchangeError("This is a certificate authority's certificate: everyone it "
                            "certifies would pass as this partner. Nothing was pinned.",
                            "Pin the signing certificate of the partner's officer instead.")
    from cryptography.hazmat.primitives.serialization import Encoding

    return found[0].public_bytes(Encoding.DER)


def _view(row: ExchangePartnerCertificate, partner: str) -> PartnerCertificateView:
    return PartnerCertificateView(row.id, partner, row.sha256, row.subject, row.not_after,
                                  row.pinned_at, row.removed_at)


def _partner(s: Session, name: str) -> ExchangePartner:
    row = s.scalars(select(ExchangePartner).where(ExchangePartner.name == name,
                                                  ExchangePartner.removed_at.is_(None))).first()
    if row is None:
        raise NotFound(f"No pinned partner is named {name!r}.",
                       "Pin the partner's workstation card first (`sirat workstation pin`); "
                       "see `sirat workstation partners`.")
    return row


def pin_certificate(vault: Vault, partner: str, data: bytes,
                    spoken_sha256: str) -> PartnerCertificateView:
    """Pin ``data`` (one certificate) to the pinned ``partner`` after the administrator typed
    its SHA-256 fingerprint as the partner read it out."""
    from cryptography import x509

    from sirat.export.certs import describe

    require_role(vault, "administrator")
    der = _parse(data)
    info = describe(x509.load_der_x509_certificate(der))
    if _norm_fingerprint(spoken_sha256) != info.fingerprint_sha256:
        raise ExchangeError("The fingerprint you typed does not match this certificate's "
                            "SHA-256. Nothing was pinned.",
                            "Read it again with the partner over a channel you trust; a "
                            "mismatch may mean the file was replaced on its way.")
    subject = ", ".join(x for x in (info.common_name, info.organisation) if x) or "(no name)"
    with vault.session(write=True) as s:
        owner = _partner(s, partner)
        row = s.scalars(select(ExchangePartnerCertificate).where(
            ExchangePartnerCertificate.partner_id == owner.id,
            ExchangePartnerCertificate.sha256 == info.fingerprint_sha256)).first()
        if row is not None and row.removed_at is None:
            raise ExchangeError(f"This certificate is already pinned for {owner.name!r}.",
                                "See `sirat workstation certificates`.")
        now = clock.timestamp()
        if row is None:
            row = ExchangePartnerCertificate(
                partner_id=owner.id, sha256=info.fingerprint_sha256, certificate_der=der,
                subject=subject[:200], not_after=info.not_after.isoformat(), pinned_at=now,
                pinned_by=vault.info.user_id)
            s.add(row)
        else:  # pinned again after an unpin
            row.removed_at, row.pinned_at, row.pinned_by = None, now, vault.info.user_id
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="workstation.pin_certificate",
                     object_type="partner", object_id=owner.id,
                     details={"sha256": info.fingerprint_sha256, "certificate": row.id})
        return _view(row, owner.name)


def unpin_certificate(vault: Vault, partner: str, sha256_prefix: str) -> PartnerCertificateView:
    """Stop trusting a partner's certificate (named by its SHA-256 or a prefix of 8+ digits)."""
    require_role(vault, "administrator")
    prefix = _norm_fingerprint(sha256_prefix)
    if len(prefix) < 8:
        raise ExchangeError("Name the certificate by at least 8 digits of its SHA-256.",
                            "See `sirat workstation certificates`.")
    with vault.session(write=True) as s:
        owner = _partner(s, partner)
        rows = [r for r in s.scalars(select(ExchangePartnerCertificate).where(
            ExchangePartnerCertificate.partner_id == owner.id,
            ExchangePartnerCertificate.removed_at.is_(None)))
            if r.sha256.startswith(prefix)]
        if len(rows) != 1:
            raise NotFound(f"No single pinned certificate of {owner.name!r} starts with "
                           f"{prefix}.", "See `sirat workstation certificates`.")
        rows[0].removed_at = clock.timestamp()
        audit.record(s, actor_id=vault.info.user_id, action="workstation.unpin_certificate",
                     object_type="partner", object_id=owner.id,
                     details={"sha256": rows[0].sha256, "certificate": rows[0].id})
        return _view(rows[0], owner.name)


def list_certificates(vault: Vault, *, include_removed: bool = False,
                      ) -> list[PartnerCertificateView]:
    with vault.session() as s:
        q = (select(ExchangePartnerCertificate, ExchangePartner.name)
             .join(ExchangePartner, ExchangePartner.id == ExchangePartnerCertificate.partner_id)
             .order_by(ExchangePartner.name, ExchangePartnerCertificate.id))
        if not include_removed:
            q = q.where(ExchangePartnerCertificate.removed_at.is_(None),
                        ExchangePartner.removed_at.is_(None))
        return [_view(row, name) for row, name in s.execute(q)]


def pinned_anchors(vault: Vault) -> dict[str, list[bytes]]:
    """Partner name -> its pinned certificates (DER); unpinned partners and certificates
    are left out."""
    out: dict[str, list[bytes]] = {}
    with vault.session() as s:
        q = (select(ExchangePartner.name, ExchangePartnerCertificate.certificate_der)
             .join(ExchangePartner, ExchangePartner.id == ExchangePartnerCertificate.partner_id)
             .where(ExchangePartnerCertificate.removed_at.is_(None),
                    ExchangePartner.removed_at.is_(None))
             .order_by(ExchangePartner.name))
        for name, der in s.execute(q):
            out.setdefault(name, []).append(bytes(der))
    return out


@dataclass(frozen=True)
class Anchors:
    """What verification trusts: this vault's own certificates and each partner's pinned
    ones (DER), read on the vault worker; the check itself needs no database."""

    ours: tuple[bytes, ...]
    partners: tuple[tuple[str, tuple[bytes, ...]], ...]


def anchors(vault: Vault) -> Anchors:
    from sirat.services.dissemination.certificates import trust_anchors

    return Anchors(tuple(trust_anchors(vault)),
                   tuple((name, tuple(ders)) for name, ders in pinned_anchors(vault).items()))


def verify_against(data: bytes, trusted: Anchors, *, extra: Sequence[bytes] = (),
                   require_anchor: bool = True) -> PartnerVerification:
    """Verify a signed PDF against ``trusted`` (plus ``extra`` certificates the user chose)
    and say which partner's pinned certificate anchors it. With ``require_anchor`` a
    signature nothing anchors is "not verified" even where nothing is pinned yet (plain
    ``verify_pdf`` without anchors only says "intact, signer unverified")."""
    from sirat.export.verify import verify_pdf

    ours = [*trusted.ours, *extra]
    every = [*ours, *(d for _, ders in trusted.partners for d in ders)]
    result = verify_pdf(data, every)
    if require_anchor:
        result = dataclasses.replace(result, anchors_given=True)
    if not result.trusted:
        return PartnerVerification(result, "", False)
    if ours and verify_pdf(data, ours).trusted:
        return PartnerVerification(result, "", True)
    for name, ders in trusted.partners:
        if verify_pdf(data, list(ders)).trusted:
            return PartnerVerification(result, name, False)
    return PartnerVerification(result, "", False)  # pragma: no cover -- trusted by the union


def verify_signed_pdf(vault: Vault, data: bytes) -> PartnerVerification:
    """Verify a signed PDF against this vault's own certificates and the partners' pinned
    ones, and say which of them anchors it."""
    return verify_against(data, anchors(vault))
