"""The key-slot file ``keyslots.json`` beside ``vault.db``.

It holds no plaintext secret and no user name: a slot is found by an HMAC of the user name
keyed with the vault id. During key rotation a ``pending`` block holds the new data key
wrapped for every remaining user, so a crash leaves a vault that opens with either key.

Format 2 authenticates the sealing. The vault has a random 256-bit *authentication secret*;
each slot holds it wrapped under a key derived from that slot's own X25519 private key
(``auth``), so only the slot's owner -- or the administrator who created the slot and its key
pair -- can have put it there. The vault's *sealing key pair* is derived from the secret, and
every data key is sealed with it as sender (``crypto.seal_authenticated``): opening a data
key proves it was sealed by a holder of a member's private key, with the vault id, slot and
generation as associated data. Someone who copies the public keys and seals a key of their
own fails that proof.

Format 1 files (no ``auth``) are upgraded on the first unlock (``upgrade.py``): the unlocking
user's slot gets ``auth``; every other slot gets ``auth_offer`` -- the secret sealed to its
public key, unauthenticated, which its owner accepts once and turns into ``auth`` at their
own next sign-in (trust on first use, as format 1 was).
"""

from __future__ import annotations

import base64
import contextlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sirat.errors import VaultCorrupt
from sirat.files import atomic_write_bytes
from sirat.vault import crypto
from sirat.vault.crypto import KdfParams

FORMAT = "sirat-keyslots"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    return base64.b64decode(str(text), validate=True)


@dataclass(frozen=True)
class SealedKey:
    eph: bytes
    nonce: bytes
    ct: bytes

    def to_json(self) -> dict[str, str]:
        return {"eph": _b64(self.eph), "nonce": _b64(self.nonce), "ct": _b64(self.ct)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SealedKey:
        return cls(_unb64(data["eph"]), _unb64(data["nonce"]), _unb64(data["ct"]))


@dataclass(frozen=True)
class Boxed:
    """A secret encrypted (AES-256-GCM) under a symmetric key."""

    nonce: bytes
    ct: bytes

    def to_json(self) -> dict[str, str]:
        return {"nonce": _b64(self.nonce), "ct": _b64(self.ct)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Boxed:
        return cls(_unb64(data["nonce"]), _unb64(data["ct"]))


@dataclass(frozen=True)
class Slot:
    lookup: str
    kdf: KdfParams
    salt: bytes
    priv_nonce: bytes
    priv_ct: bytes
    public: bytes
    data_key: SealedKey
    auth: Boxed | None = None
    auth_offer: SealedKey | None = None

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "lookup": self.lookup,
            "kdf": self.kdf.as_dict(),
            "salt": _b64(self.salt),
            "priv_nonce": _b64(self.priv_nonce),
            "priv_ct": _b64(self.priv_ct),
            "public": _b64(self.public),
            "data_key": self.data_key.to_json(),
        }
        if self.auth is not None:
            doc["auth"] = self.auth.to_json()
        if self.auth_offer is not None:
            doc["auth_offer"] = self.auth_offer.to_json()
        return doc

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(
            lookup=str(data["lookup"]),
            kdf=KdfParams.from_dict(data["kdf"]),
            salt=_unb64(data["salt"]),
            priv_nonce=_unb64(data["priv_nonce"]),
            priv_ct=_unb64(data["priv_ct"]),
            public=_unb64(data["public"]),
            data_key=SealedKey.from_json(data["data_key"]),
            auth=Boxed.from_json(data["auth"]) if data.get("auth") else None,
            auth_offer=SealedKey.from_json(data["auth_offer"]) if data.get("auth_offer")
            else None,
        )


@dataclass(frozen=True)
class Pending:
    """A rotation in progress: the new data key sealed for each remaining slot."""

    generation: int
    key_check: str
    sealed: dict[str, SealedKey]


@dataclass(frozen=True)
class SlotFile:
    vault_id: str
    generation: int
    key_check: str
    slots: tuple[Slot, ...] = ()
    pending: Pending | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    version: int = FORMAT_VERSION

    @property
    def authenticated(self) -> bool:
        """Format 2: every data key is sealed by the vault's sealing key."""
        return self.version >= 2

    def find(self, lookup: str) -> Slot | None:
        return next((s for s in self.slots if s.lookup == lookup), None)

    def without(self, lookup: str) -> SlotFile:
        """This file minus one user's slot -- and minus their share of a pending rotation."""
        pending = self.pending
        if pending is not None and lookup in pending.sealed:
            sealed = {k: v for k, v in pending.sealed.items() if k != lookup}
            pending = replace(pending, sealed=sealed)
        return replace(
            self, slots=tuple(s for s in self.slots if s.lookup != lookup), pending=pending
        )

    def with_slot(self, slot: Slot) -> SlotFile:
        return replace(self, slots=(*self.without(slot.lookup).slots, slot))

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "generation": self.generation,
            "key_check": self.key_check,
            "slots": [s.to_json() for s in self.slots],
            "pending": None,
        }
        if self.pending is not None:
            doc["pending"] = {
                "generation": self.pending.generation,
                "key_check": self.pending.key_check,
                "sealed": {k: v.to_json() for k, v in sorted(self.pending.sealed.items())},
            }
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> SlotFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError("not a key-slot file")
            version = int(doc["version"])
            if version not in READABLE_VERSIONS:
                raise ValueError("unknown format version")
            pending = None
            if doc.get("pending"):
                p = doc["pending"]
                pending = Pending(
                    generation=int(p["generation"]),
                    key_check=str(p["key_check"]),
                    sealed={str(k): SealedKey.from_json(v) for k, v in p["sealed"].items()},
                )
            return cls(
                vault_id=str(doc["vault_id"]),
                generation=int(doc["generation"]),
                key_check=str(doc["key_check"]),
                slots=tuple(Slot.from_json(s) for s in doc["slots"]),
                pending=pending,
                version=version,
            )
        except (
            ValueError, KeyError, TypeError, AttributeError, OverflowError, UnicodeDecodeError
        ) as exc:
            raise VaultCorrupt(
                "The vault's key file (keyslots.json) is damaged.",
                "Restore the vault folder from a backup.",
            ) from exc

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_bytes(), what="vault key file")

    @classmethod
    def load(cls, path: Path) -> SlotFile:
        return cls.from_bytes(path.read_bytes())


def make_slot(
    *,
    vault_id: str,
    user_name: str,
    passphrase: str,
    data_key: bytes,
    generation: int,
    kdf: KdfParams,
    auth_secret: bytes,
    keypair: tuple[bytes, bytes] | None = None,
) -> tuple[Slot, bytes]:
    """Create a new (format 2) slot for a user. Returns the slot and the user's public key.

    ``auth_secret`` is the vault's authentication secret: wrapped for the new slot's own key
    and used to seal its data key. ``keypair`` (private, public) lets the caller keep the
    private key it needs anyway (creating a vault opens it right away); by default a new
    pair is made and forgotten.
    """
    lookup = crypto.lookup_id(vault_id, user_name)
    private, public = keypair or crypto.new_keypair()
    salt = crypto.random_key()[: crypto.SALT_BYTES]
    kek = crypto.derive_kek(passphrase, salt, kdf)
    priv_nonce, priv_ct = crypto.aead_encrypt(
        kek, private, priv_aad(vault_id, lookup, bound=True)
    )
    return (
        Slot(
            lookup=lookup,
            kdf=kdf,
            salt=salt,
            priv_nonce=priv_nonce,
            priv_ct=priv_ct,
            public=public,
            data_key=seal_data_key(vault_id, lookup, public, data_key, generation, auth_secret),
            auth=wrap_auth(auth_secret, private, vault_id, lookup),
        ),
        public,
    )


def priv_aad(vault_id: str, lookup: str, bound: bool = False) -> bytes:
    """The private key's associated data. ``bound`` (format 2 envelopes) marks a slot that
    holds ``auth``: presenting it without (a downgraded file) is then refused."""
    base = f"{vault_id}|{lookup}|private-key"
    return (base + "|v2").encode() if bound else base.encode()


@dataclass(frozen=True)
class Unwrapped:
    """A slot opened with its passphrase: the private key, the key that wrapped it, and
    whether the envelope is bound to format 2 (see ``priv_aad``)."""

    private: bytes
    kek: bytes
    bound: bool


def unwrap(slots: SlotFile, slot: Slot, passphrase: str) -> Unwrapped:
    """Open the slot's private key with the passphrase (Argon2id; settings checked against
    the floor and the ceiling first). Raises ``UnwrapFailed``."""
    kek = crypto.derive_kek(passphrase, slot.salt, slot.kdf)
    for bound in (True, False):
        with contextlib.suppress(crypto.UnwrapFailed):
            private = crypto.aead_decrypt(
                kek, slot.priv_nonce, slot.priv_ct, priv_aad(slots.vault_id, slot.lookup, bound)
            )
            return Unwrapped(private, kek, bound)
    raise crypto.UnwrapFailed


def bind_envelope(slot: Slot, vault_id: str, opened: Unwrapped) -> Slot:
    """Re-wrap the private key (same passphrase key) as a format 2 envelope."""
    nonce, ct = crypto.aead_encrypt(
        opened.kek, opened.private, priv_aad(vault_id, slot.lookup, bound=True)
    )
    return replace(slot, priv_nonce=nonce, priv_ct=ct)


def dk_aad(vault_id: str, lookup: str, generation: int) -> bytes:
    return f"{vault_id}|{lookup}|data-key|{generation}".encode()


def auth_aad(vault_id: str, lookup: str) -> bytes:
    return f"{vault_id}|{lookup}|vault-auth".encode()


def seal_data_key(
    vault_id: str,
    lookup: str,
    public: bytes,
    data_key: bytes,
    generation: int,
    auth_secret: bytes | None,
) -> SealedKey:
    """Seal the data key for one slot: authenticated by the vault's sealing key (format 2),
    or anonymously (format 1, only while an old file is read, never written)."""
    aad = dk_aad(vault_id, lookup, generation)
    if auth_secret is None:
        eph, nonce, ct = crypto.seal_to_public(public, data_key, aad)
    else:
        sealer, _ = crypto.vault_sealer(auth_secret, vault_id)
        eph, nonce, ct = crypto.seal_authenticated(sealer, public, data_key, aad)
    return SealedKey(eph, nonce, ct)


def open_data_key(
    slots: SlotFile,
    lookup: str,
    sealed: SealedKey,
    generation: int,
    private: bytes,
    auth_secret: bytes | None,
) -> bytes:
    """Open a sealed data key; in format 2 this also proves the vault's sealing key sealed
    it. Raises ``UnwrapFailed``."""
    aad = dk_aad(slots.vault_id, lookup, generation)
    if not slots.authenticated:
        return crypto.open_sealed(private, sealed.eph, sealed.nonce, sealed.ct, aad)
    if auth_secret is None:
        raise crypto.UnwrapFailed
    _, sealer_public = crypto.vault_sealer(auth_secret, slots.vault_id)
    return crypto.open_authenticated(
        private, sealer_public, sealed.eph, sealed.nonce, sealed.ct, aad
    )


def wrap_auth(auth_secret: bytes, private: bytes, vault_id: str, lookup: str) -> Boxed:
    key = crypto.slot_self_key(private, vault_id, lookup)
    nonce, ct = crypto.aead_encrypt(key, auth_secret, auth_aad(vault_id, lookup))
    return Boxed(nonce, ct)


class NoSuchSlot(crypto.UnwrapFailed):
    """No slot for this user name (told apart only for the sign-in throttle)."""


def open_user_slot(slots: SlotFile, user_name: str, passphrase: str) -> tuple[Slot, Unwrapped]:
    """THE key-slot unlocking: ``user_name``'s slot, unwrapped with ``passphrase``.

    Raises ``UnwrapFailed`` for a wrong passphrase and ``NoSuchSlot`` (one of them) for an
    unknown name -- after spending the same work as a real attempt, so timing does not reveal
    which user names exist, with the code's own default settings: the file's (slot 0's)
    could be edited to answer faster, or to hang.
    """
    slot = slots.find(crypto.lookup_id(slots.vault_id, user_name))
    if slot is None:
        crypto.derive_kek(passphrase, b"\0" * crypto.SALT_BYTES, crypto.DEFAULT_KDF)
        raise NoSuchSlot
    return slot, unwrap(slots, slot, passphrase)


def unwrap_private(slots: SlotFile, slot: Slot, passphrase: str) -> bytes:
    """The slot's X25519 private key, unwrapped with the passphrase (Argon2id; the settings
    are checked against the floor and the ceiling first). Raises ``UnwrapFailed``.

    Keys derived per user (audit checkpoints, approvals) start from this private key: this
    function is the stable way to get it.
    """
    return unwrap(slots, slot, passphrase).private


class Downgraded(Exception):
    """A format 2 envelope presented without its vault secret (a format 1 file or an offer)."""


def auth_secret_of(
    slots: SlotFile, slot: Slot, private: bytes, bound: bool = False
) -> tuple[bytes | None, bool]:
    """The vault's authentication secret as this slot holds it, and whether it was only
    offered (an upgraded format 1 slot whose owner has not signed in since). Format 1:
    (None, False). Raises ``UnwrapFailed`` if the slot's ``auth`` does not open, and
    ``Downgraded`` if a ``bound`` envelope comes without ``auth``."""
    if bound and (not slots.authenticated or slot.auth is None):
        raise Downgraded
    if not slots.authenticated:
        return None, False
    if slot.auth is not None:
        key = crypto.slot_self_key(private, slots.vault_id, slot.lookup)
        return crypto.aead_decrypt(
            key, slot.auth.nonce, slot.auth.ct, auth_aad(slots.vault_id, slot.lookup)
        ), False
    if slot.auth_offer is not None:
        offer = slot.auth_offer
        return crypto.open_sealed(
            private, offer.eph, offer.nonce, offer.ct, auth_aad(slots.vault_id, slot.lookup)
        ), True
    raise crypto.UnwrapFailed


def rewrap_private(
    slot: Slot, vault_id: str, private: bytes, new_passphrase: str, kdf: KdfParams
) -> Slot:
    """The same key pair under a new passphrase; bound (format 2) when the slot holds
    ``auth`` -- an offered slot keeps its format 1 envelope until its offer is accepted."""
    salt = crypto.random_key()[: crypto.SALT_BYTES]
    kek = crypto.derive_kek(new_passphrase, salt, kdf)
    aad = priv_aad(vault_id, slot.lookup, bound=slot.auth is not None)
    nonce, ct = crypto.aead_encrypt(kek, private, aad)
    return replace(slot, kdf=kdf, salt=salt, priv_nonce=nonce, priv_ct=ct)
