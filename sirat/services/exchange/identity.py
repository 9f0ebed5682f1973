"""This workstation's exchange identity and the partners an administrator pinned.

Each vault has one exchange key pair, made on first use: an Ed25519 key that signs package
manifests and an age X25519 identity that packages are encrypted to. The private parts are
stored only in the vault's database (so only inside SQLCipher's encryption, and in its
backups); what leaves is the *identity card*: the two public keys and the vault id.

The fingerprint is the first 128 bits of SHA-256 over a context string and both public keys,
shown as twelve words of the BIP-39 English list (from the ``mnemonic`` package, which also
appends a checksum word so a misheard word is caught). BIP-39 was chosen over the PGP word
list because a maintained package ships it with its checksum; its 2,048 words were chosen to
be told apart by their first four letters, which helps over a bad phone line.

Nothing is trusted on first use: a partner's card is pinned only by an administrator who
types the twelve words the partner read aloud; a card whose keys give other words is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.errors import NotFound, SiratError
from sirat.models.exchange import ExchangePartner, WorkstationKeys
from sirat.services.audit import log as audit
from sirat.services.roles import require_role
from sirat.vault import Vault

CARD_FORMAT: Final = "sirat-workstation"
CARD_VERSION: Final = 1
_CONTEXT: Final = b"SIRAT workstation fingerprint v1\x00"


class ExchangeError(SiratError):
    """An expected refusal of the exchange (a key, a partner, a package)."""


def fingerprint(signing_public: bytes, age_recipient: str) -> str:
    """128 bits (32 hex digits) binding both public keys."""
    digest = hashlib.sha256(_CONTEXT + signing_public + b"\x00" + age_recipient.encode())
    return digest.hexdigest()[:32]


def words(fp: str) -> str:
    """The fingerprint as twelve words for reading aloud (BIP-39 English, with checksum)."""
    from mnemonic import Mnemonic  # only when words are shown

    return str(Mnemonic("english").to_mnemonic(bytes.fromhex(fp)))


def _norm_words(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class WorkstationView:
    vault_id: str
    fingerprint: str
    words: str
    card: bytes  # the public identity card to give to partners


@dataclass(frozen=True, slots=True)
class PartnerView:
    id: int
    name: str
    kind: str
    fingerprint: str
    words: str
    pinned_at: str
    removed: bool


@dataclass(frozen=True, slots=True)
class Card:
    vault_id: str
    signing_public: bytes
    age_recipient: str
    fingerprint: str


def ensure_keys(s: Session, vault: Vault) -> WorkstationKeys:
    """This workstation's key row, made (and audited) the first time it is needed."""
    row = s.get(WorkstationKeys, 1)
    if row is not None:
        return row
    signing = Ed25519PrivateKey.generate()
    public = signing.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    ident = pyrage.x25519.Identity.generate()
    recipient = str(ident.to_public())
    row = WorkstationKeys(
        id=1, signing_private=signing.private_bytes(serialization.Encoding.Raw,
                                                    serialization.PrivateFormat.Raw,
                                                    serialization.NoEncryption()),
        signing_public=public, age_identity=str(ident), age_recipient=recipient,
        fingerprint=fingerprint(public, recipient), created_at=clock.timestamp())
    s.add(row)
    s.flush()
    audit.record(s, actor_id=vault.info.user_id, action="workstation.keys_create",
                 object_type="workstation", object_id=row.fingerprint)
    return row


def card_bytes(vault_id: str, row: WorkstationKeys) -> bytes:
    doc = {"format": CARD_FORMAT, "format_version": CARD_VERSION, "vault": vault_id,
           "signing_key": base64.b64encode(row.signing_public).decode(),
           "age_recipient": row.age_recipient, "fingerprint": row.fingerprint}
    return (json.dumps(doc, indent=1) + "\n").encode()


def workstation_id(vault: Vault) -> WorkstationView:
    """This workstation's fingerprint, its words and its public card (keys made if needed)."""
    with vault.session(write=True) as s:
        row = ensure_keys(s, vault)
        return WorkstationView(vault.info.vault_id, row.fingerprint, words(row.fingerprint),
                               card_bytes(vault.info.vault_id, row))


def _card_problem(what: str) -> ExchangeError:
    return ExchangeError(f"The identity card is refused: {what}. Nothing was pinned.",
                         "Ask the partner for the file `sirat workstation id --card` wrote.")


def parse_card(data: bytes) -> Card:
    try:
        doc: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _card_problem("it is not a SIRAT identity card") from None
    if not isinstance(doc, dict) or doc.get("format") != CARD_FORMAT:
        raise _card_problem("it is not a SIRAT identity card")
    if doc.get("format_version") != CARD_VERSION:
        raise _card_problem("it was written by another SIRAT version")
    key, recipient, vault_id = doc.get("signing_key"), doc.get("age_recipient"), doc.get("vault")
    try:
        public = base64.b64decode(str(key), validate=True)
        pyrage.x25519.Recipient.from_str(str(recipient))
    except (binascii.Error, ValueError, pyrage.RecipientError):
        raise _card_problem("its keys are malformed") from None
    if len(public) != 32 or not isinstance(vault_id, str) or not 0 < len(vault_id) <= 100:
        raise _card_problem("its keys are malformed")
    return Card(vault_id, public, str(recipient), fingerprint(public, str(recipient)))


def _view(p: ExchangePartner) -> PartnerView:
    return PartnerView(p.id, p.name, p.kind, p.fingerprint, words(p.fingerprint), p.pinned_at,
                       p.removed_at is not None)


def pin_partner(vault: Vault, card_data: bytes, name: str, kind: str,
                spoken_words: str) -> PartnerView:
    """Pin a partner's card after the administrator typed the words the partner read out."""
    require_role(vault, "administrator")
    card = parse_card(card_data)
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ExchangeError("A partner needs a name of 1 to 100 characters.",
                            "Use --name, e.g. --name \"Police RS Belgrade\".")
    if kind not in RECIPIENT_KINDS:
        raise ExchangeError(f"Unknown partner kind {kind!r}.",
                            "Use member-state, operational-partner or observer.")
    if _norm_words(spoken_words) != words(card.fingerprint):
        raise ExchangeError("The words you typed do not match this identity card's "
                            "fingerprint. Nothing was pinned.",
                            "Read them again with the partner over a channel you trust; a "
                            "mismatch may mean the card was replaced on its way.")
    with vault.session(write=True) as s:
        own = s.get(WorkstationKeys, 1)
        if own is not None and own.fingerprint == card.fingerprint:
            raise ExchangeError("That is this workstation's own card.", "Pin a partner's card.")
        by_fp = s.scalars(select(ExchangePartner).where(
            ExchangePartner.fingerprint == card.fingerprint)).first()
        by_name = s.scalars(select(ExchangePartner).where(ExchangePartner.name == name)).first()
        if by_name is not None and by_name is not by_fp:
            raise ExchangeError(f"A partner named {name!r} is pinned with other keys.",
                                "Choose another name, or unpin that partner first.")
        if by_fp is not None and by_fp.removed_at is None:
            raise ExchangeError(f"This card is already pinned as {by_fp.name!r}.",
                                "See `sirat workstation partners`.")
        now = clock.timestamp()
        if by_fp is None:
            by_fp = ExchangePartner(name=name, kind=kind, signing_public=card.signing_public,
                                    age_recipient=card.age_recipient,
                                    fingerprint=card.fingerprint, pinned_at=now,
                                    pinned_by=vault.info.user_id)
            s.add(by_fp)
        else:  # pinned again after an unpin: same keys, the sequence history is kept
            by_fp.name, by_fp.kind, by_fp.removed_at = name, kind, None
            by_fp.pinned_at, by_fp.pinned_by = now, vault.info.user_id
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="workstation.pin",
                     object_type="partner", object_id=by_fp.id,
                     details={"fingerprint": card.fingerprint, "kind": kind})
        return _view(by_fp)


def unpin_partner(vault: Vault, name: str) -> PartnerView:
    require_role(vault, "administrator")
    with vault.session(write=True) as s:
        row = s.scalars(select(ExchangePartner).where(ExchangePartner.name == name,
                                                      ExchangePartner.removed_at.is_(None))
                        ).first()
        if row is None:
            raise NotFound(f"No pinned partner is named {name!r}.",
                           "See `sirat workstation partners`.")
        row.removed_at = clock.timestamp()
        audit.record(s, actor_id=vault.info.user_id, action="workstation.unpin",
                     object_type="partner", object_id=row.id,
                     details={"fingerprint": row.fingerprint})
        return _view(row)


def list_partners(vault: Vault, *, include_removed: bool = False) -> list[PartnerView]:
    with vault.session() as s:
        q = select(ExchangePartner).order_by(ExchangePartner.name)
        if not include_removed:
            q = q.where(ExchangePartner.removed_at.is_(None))
        return [_view(p) for p in s.scalars(q)]


def find_partner(s: Session, key: str) -> ExchangePartner:
    """A pinned partner by name or fingerprint (hex)."""
    row = s.scalars(select(ExchangePartner).where(
        ExchangePartner.removed_at.is_(None),
        (ExchangePartner.name == key) | (ExchangePartner.fingerprint == key.lower()))).first()
    if row is None:
        raise NotFound(f"No pinned partner is named {key!r}.",
                       "See `sirat workstation partners`; an administrator pins partners with "
                       "`sirat workstation pin`.")
    return row
