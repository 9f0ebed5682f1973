"""Key derivation and key wrapping for the key slots.

Each user has an X25519 key pair. The private key is wrapped with AES-256-GCM under a key
derived from the user's passphrase with Argon2id; the data key is wrapped with AES-256-GCM
under a key agreed between an ephemeral key and the user's public key (HKDF-SHA256).
The indirection lets an administrator re-wrap a *new* data key for every remaining user
during key rotation without knowing their passphrases.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sirat.errors import SiratError

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored with each slot."""

    memory_kib: int
    time_cost: int
    parallelism: int
    algorithm: str = "argon2id"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KdfParams:
        return cls(
            memory_kib=int(str(data["memory_kib"])),
            time_cost=int(str(data["time_cost"])),
            parallelism=int(str(data["parallelism"])),
            algorithm=str(data.get("algorithm", "argon2id")),
        )

    def within(self, ceiling: KdfParams) -> bool:
        """Whether deriving with these settings stays within ``ceiling`` (time and memory)."""
        return (
            self.memory_kib <= ceiling.memory_kib
            and self.time_cost <= ceiling.time_cost
            and self.parallelism <= ceiling.parallelism
            and self.memory_kib * self.time_cost <= ceiling.memory_kib * ceiling.time_cost // 4
        )

    def meets(self, floor: KdfParams) -> bool:
        return (
            self.algorithm == floor.algorithm
            and self.memory_kib >= floor.memory_kib
            and self.time_cost >= floor.time_cost
            and self.parallelism >= 1
        )


# Default: 256 MiB, 3 passes, 2 lanes -- about 0.5-0.7 s on an idle 2-core workstation
# (measured: see docs/vault.md).
STRONG_KDF = KdfParams(memory_kib=262_144, time_cost=3, parallelism=2)
# Floor enforced on open: RFC 9106's second recommended option (64 MiB, 3 passes).
KDF_FLOOR = KdfParams(memory_kib=65_536, time_cost=3, parallelism=1)
# Ceiling enforced on open: keyslots.json is a plain file anyone with write access to the folder
# can edit, and its settings decide how long and how much memory a sign-in takes. 1 GiB,
# 16 passes, 16 lanes, and at most 4 GiB-passes in all (1 GiB x 4, 256 MiB x 16): a few
# seconds at worst, where a hostile file asked for 16 GiB or 100,000 passes.
KDF_CEILING = KdfParams(memory_kib=1_048_576, time_cost=16, parallelism=16)


def _default_kdf() -> KdfParams:
    """The settings for new key slots: strong, unless ``SIRAT_KDF_PROFILE=floor``.

    The floor profile exists for test suites and scripted demos on slow machines, which create
    hundreds of vaults; it is still RFC 9106's recommended setting and the floor enforced on
    open, so it never weakens a vault below what SIRAT accepts.
    """
    if os.environ.get("SIRAT_KDF_PROFILE", "").strip().lower() == "floor":
        return KDF_FLOOR
    return STRONG_KDF


DEFAULT_KDF = _default_kdf()


class UnwrapFailed(Exception):
    """The authenticated decryption failed: wrong passphrase, wrong slot or tampering."""


class KdfRejected(SiratError):
    """A key slot's derivation settings are outside the floor or the ceiling SIRAT accepts."""


def require_usable(params: KdfParams) -> None:
    """Refuse settings below the floor or above the ceiling, before any derivation runs."""
    if params.algorithm != KDF_FLOOR.algorithm or not params.meets(KDF_FLOOR):
        raise KdfRejected(
            "This user's key slot uses weaker key-derivation settings than SIRAT accepts.",
            "Ask an administrator to reset this user's passphrase.",
        )
    if not params.within(KDF_CEILING):
        raise KdfRejected(
            "This user's key slot asks for more key-derivation work than SIRAT allows "
            f"(at most {KDF_CEILING.memory_kib // 1024} MiB, {KDF_CEILING.time_cost} passes, "
            f"{KDF_CEILING.parallelism} lanes): keyslots.json was altered.",
            "Restore keyslots.json from a backup, or ask an administrator to reset this "
            "user's passphrase.",
        )


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so the composed and decomposed forms of one passphrase are the same."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(NFC(passphrase)); settings outside the floor and ceiling are refused first.

    A derivation of :data:`kdf_child.CHILD_MIN_KIB` or more runs in a short-lived child
    process (the passphrase through a pipe), so its memory is never the app's
    (:mod:`sirat.vault.kdf_child`); the same function, the same parameters, the same key."""
    require_usable(params)
    from sirat.vault import kdf_child  # small: subprocess and json

    if params.memory_kib >= kdf_child.CHILD_MIN_KIB and kdf_child.can_spawn():
        try:
            return kdf_child.derive(
                normalize_passphrase(passphrase), salt, time_cost=params.time_cost,
                memory_kib=params.memory_kib, parallelism=params.parallelism,
                length=KEY_BYTES).key
        except OSError:  # no child here: derive in this process (more memory, same key)
            pass
    return hash_secret_raw(
        normalize_passphrase(passphrase),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def aead_encrypt(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise UnwrapFailed from exc


def new_keypair() -> tuple[bytes, bytes]:
    """Return (private, public) raw X25519 keys."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
    )


def _agreement_key(shared: bytes, aad: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"sirat-keyslot-v1|" + aad).derive(
        shared
    )


def seal_to_public(public: bytes, secret: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt ``secret`` so only the holder of the private key for ``public`` can read it.

    Returns (ephemeral public key, nonce, ciphertext).
    """
    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(public))
    eph_pub = eph.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    nonce, ct = aead_encrypt(_agreement_key(shared, aad), secret, aad)
    return eph_pub, nonce, ct


def open_sealed(private: bytes, eph_pub: bytes, nonce: bytes, ct: bytes, aad: bytes) -> bytes:
    try:
        priv = X25519PrivateKey.from_private_bytes(private)
        shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    except ValueError as exc:
        raise UnwrapFailed from exc
    return aead_decrypt(_agreement_key(shared, aad), nonce, ct, aad)


def x25519_public(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _auth_agreement_key(shared: bytes, aad: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"sirat-keyslot-v2|" + aad).derive(
        shared
    )


def seal_authenticated(
    sender_private: bytes, public: bytes, secret: bytes, aad: bytes
) -> tuple[bytes, bytes, bytes]:
    """Seal ``secret`` to ``public`` so that opening it also proves who sealed it.

    The agreement key comes from two exchanges, as in HPKE's auth mode (RFC 9180 AuthEncap,
    which ``cryptography``'s HPKE does not offer): ephemeral-static for confidentiality and
    forward secrecy of the ciphertext, static-static with the sender's key for
    authentication. Only a holder of ``sender_private`` (or of the recipient's private key)
    can produce a ciphertext that opens with ``open_authenticated(..., sender_public)``.
    """
    eph = X25519PrivateKey.generate()
    recipient = X25519PublicKey.from_public_bytes(public)
    shared = eph.exchange(recipient) + X25519PrivateKey.from_private_bytes(
        sender_private
    ).exchange(recipient)
    eph_pub = eph.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    nonce, ct = aead_encrypt(_auth_agreement_key(shared, aad), secret, aad)
    return eph_pub, nonce, ct


def open_authenticated(
    private: bytes, sender_public: bytes, eph_pub: bytes, nonce: bytes, ct: bytes, aad: bytes
) -> bytes:
    try:
        priv = X25519PrivateKey.from_private_bytes(private)
        shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_pub)) + priv.exchange(
            X25519PublicKey.from_public_bytes(sender_public)
        )
    except ValueError as exc:
        raise UnwrapFailed from exc
    return aead_decrypt(_auth_agreement_key(shared, aad), nonce, ct, aad)


def vault_sealer(auth_secret: bytes, vault_id: str) -> tuple[bytes, bytes]:
    """The vault's sealing key pair (private, public), derived from its authentication secret.

    Every member holds the secret (wrapped under a key only their own private key gives), so
    "sealed by this key" means "sealed by someone who holds a member's private key".
    """
    private = HKDF(
        hashes.SHA256(), KEY_BYTES, salt=vault_id.encode(), info=b"sirat-vault-sealer-x25519-v2"
    ).derive(auth_secret)
    return private, x25519_public(private)


def slot_self_key(private: bytes, vault_id: str, lookup: str) -> bytes:
    """A key only the holder of a slot's private key can compute (wraps the vault secret)."""
    return HKDF(
        hashes.SHA256(), KEY_BYTES, salt=vault_id.encode(),
        info=b"sirat-slot-auth-v2|" + lookup.encode(),
    ).derive(private)


def derived_key(data_key: bytes, vault_id: str, purpose: str) -> bytes:
    """A key for one purpose (high-water mark, journal, binding), derived from the data key."""
    return HKDF(
        hashes.SHA256(), KEY_BYTES, salt=vault_id.encode(), info=b"sirat-" + purpose.encode()
    ).derive(data_key)


def binding_mac(data_key: bytes, vault_id: str, generation: int, sealer_public: bytes) -> str:
    """What the database stores to say which key-slot generation (and sealer) it belongs to."""
    msg = f"sirat-keyslots-binding-v2|{vault_id}|{generation}|{sealer_public.hex()}".encode()
    return hmac.new(derived_key(data_key, vault_id, "binding-v2"), msg, hashlib.sha256).hexdigest()


def key_check(data_key: bytes, vault_id: str) -> str:
    """A value that tells whether a data key belongs to this vault without revealing it."""
    return hmac.new(data_key, b"sirat-key-check|" + vault_id.encode(), hashlib.sha256).hexdigest()


def lookup_id(vault_id: str, user_name: str) -> str:
    """The slot's index: user names are not stored in the clear outside the database."""
    folded = unicodedata.normalize("NFC", user_name).strip().casefold()
    return hmac.new(vault_id.encode(), folded.encode("utf-8"), hashlib.sha256).hexdigest()
