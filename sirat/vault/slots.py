"""The key-slot file ``keyslots.json`` beside ``vault.db``.

It holds no plaintext secret and no user name: a slot is found by an HMAC of the user name
keyed with the vault id. During key rotation a ``pending`` block holds the new data key
wrapped for every remaining user, so a crash leaves a vault that opens with either key.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sirat.errors import VaultCorrupt
from sirat.vault import crypto
from sirat.vault.atomic import atomic_write_bytes
from sirat.vault.crypto import KdfParams

FORMAT = "sirat-keyslots"
FORMAT_VERSION = 1


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
class Slot:
    lookup: str
    kdf: KdfParams
    salt: bytes
    priv_nonce: bytes
    priv_ct: bytes
    public: bytes
    data_key: SealedKey

    def to_json(self) -> dict[str, Any]:
        return {
            "lookup": self.lookup,
            "kdf": self.kdf.as_dict(),
            "salt": _b64(self.salt),
            "priv_nonce": _b64(self.priv_nonce),
            "priv_ct": _b64(self.priv_ct),
            "public": _b64(self.public),
            "data_key": self.data_key.to_json(),
        }

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
            "version": FORMAT_VERSION,
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
            if int(doc["version"]) > FORMAT_VERSION:
                raise ValueError("newer format")
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
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
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
    keypair: tuple[bytes, bytes] | None = None,
) -> tuple[Slot, bytes]:
    """Create a new slot for a user. Returns the slot and the user's public key.

    ``keypair`` (private, public) lets the caller keep the private key it needs anyway
    (creating a vault opens it right away); by default a new pair is made and forgotten.
    """
    lookup = crypto.lookup_id(vault_id, user_name)
    private, public = keypair or crypto.new_keypair()
    salt = crypto.random_key()[: crypto.SALT_BYTES]
    kek = crypto.derive_kek(passphrase, salt, kdf)
    priv_nonce, priv_ct = crypto.aead_encrypt(kek, private, priv_aad(vault_id, lookup))
    return (
        Slot(
            lookup=lookup,
            kdf=kdf,
            salt=salt,
            priv_nonce=priv_nonce,
            priv_ct=priv_ct,
            public=public,
            data_key=seal_data_key(vault_id, lookup, public, data_key, generation),
        ),
        public,
    )


def priv_aad(vault_id: str, lookup: str) -> bytes:
    return f"{vault_id}|{lookup}|private-key".encode()


def dk_aad(vault_id: str, lookup: str, generation: int) -> bytes:
    return f"{vault_id}|{lookup}|data-key|{generation}".encode()


def seal_data_key(
    vault_id: str, lookup: str, public: bytes, data_key: bytes, generation: int
) -> SealedKey:
    eph, nonce, ct = crypto.seal_to_public(public, data_key, dk_aad(vault_id, lookup, generation))
    return SealedKey(eph, nonce, ct)


def rewrap_private(
    slot: Slot, vault_id: str, private: bytes, new_passphrase: str, kdf: KdfParams
) -> Slot:
    salt = crypto.random_key()[: crypto.SALT_BYTES]
    kek = crypto.derive_kek(new_passphrase, salt, kdf)
    nonce, ct = crypto.aead_encrypt(kek, private, priv_aad(vault_id, slot.lookup))
    return replace(slot, kdf=kdf, salt=salt, priv_nonce=nonce, priv_ct=ct)
