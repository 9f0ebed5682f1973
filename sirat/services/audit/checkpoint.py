"""Signed checkpoints of the audit log's head, kept outside the vault.

Anyone holding the vault's data key can rewrite the whole hash chain consistently, or cut its
tail off, and ``audit.verify`` alone would not notice. A checkpoint records the chain head
(last id, its hash, the record count, the time, the vault id) plus the hashes of up to
``MAX_MARKS`` evenly spaced records, signed with Ed25519. Kept outside the vault (handed to the
data-protection officer, archived, printed), an earlier checkpoint catches a later rewrite or
truncation, and its marks say from which record on the log differs.

Where the signing key lives: nowhere. Each administrator's Ed25519 key is derived (HKDF-SHA256,
salted with the vault id) from the X25519 private key of their key slot, which only their
passphrase unwraps. So the key exists only while a checkpoint is being signed, survives
passphrase changes and data-key rotations (both keep the slot's key pair), and is out of reach
of everyone else who holds the data key -- other administrators, analysts, anyone with a copy
of ``vault.db``. Signing asks for the passphrase again (a deliberate confirmation).

The public key travels in the checkpoint and is registered in ``audit_signing_keys`` on first
use. A vault table can be rewritten too, so the real anchor is the key's fingerprint recorded
out of band: ``verify(..., trusted=[fingerprint])`` (``sirat audit verify --trust``) accepts
checkpoints signed by those keys only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.domain.vocab import UserId
from sirat.errors import Conflict, SiratError, ValidationError
from sirat.files import atomic_write_bytes
from sirat.models.core import AuditRecord
from sirat.models.workflow import AuditSigningKey
from sirat.services.audit import log as audit
from sirat.services.audit.log import AuditBroken, Break
from sirat.vault import Vault

FORMAT = "sirat-audit-checkpoint"
FORMAT_VERSION = 1
MAX_MARKS = 256
_SIGNED_PREFIX = b"sirat-audit-checkpoint-v1\n"
_KEY_INFO = b"sirat-audit-checkpoint-ed25519-v1"


@dataclass(frozen=True)
class Checkpoint:
    """A parsed checkpoint file. ``signature_valid`` says whether its own key signed it."""

    vault_id: str
    last_id: int
    last_hash: str
    count: int
    created_at: str
    signer_user_id: UserId
    public_key: bytes
    stride: int
    marks: tuple[tuple[int, str], ...]
    signature_valid: bool
    label: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def ids(self) -> set[int]:
        """The record ids whose stored hashes verification compares."""
        return {self.last_id} | {i for i, _ in self.marks}


@dataclass(frozen=True)
class CheckpointCheck:
    """How one checkpoint compares with the log."""

    label: str
    ok: bool
    message: str
    last_id: int
    created_at: str
    fingerprint: str
    signer_user_id: UserId
    key_registered: bool
    first_break: Break | None = None


@dataclass(frozen=True)
class SigningKeyView:
    id: int
    user_id: UserId
    fingerprint: str
    created_at: str


def fingerprint(public_key: bytes) -> str:
    """128 bits of SHA-256 over the raw public key, as 32 lower-case hex digits."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def format_fingerprint(fpr: str) -> str:
    """``ab12 cd34 ...``: easier to read aloud and compare on paper."""
    return " ".join(fpr[i:i + 4] for i in range(0, len(fpr), 4))


def normalize_fingerprint(text: str) -> str:
    return re.sub(r"[^0-9a-f]", "", text.lower())


def _signing_key(vault: Vault, passphrase: str) -> Ed25519PrivateKey:
    """Derive the signed-in user's checkpoint key from their key slot (see module docstring)."""
    private = vault.private_key(passphrase)
    salt = vault.info.vault_id.encode()
    seed = HKDF(hashes.SHA256(), 32, salt=salt, info=_KEY_INFO).derive(private)
    return Ed25519PrivateKey.from_private_bytes(seed)


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def _register(s: Session, vault: Vault, public: bytes, now: str) -> tuple[AuditSigningKey, bool]:
    fpr = fingerprint(public)
    row = s.execute(select(AuditSigningKey).where(AuditSigningKey.fingerprint == fpr)).scalar()
    if row is not None:
        return row, False
    row = AuditSigningKey(user_id=vault.info.user_id, public_key=public, fingerprint=fpr,
                          created_at=now)
    s.add(row)
    s.flush()
    return row, True


def signed_message(payload: dict[str, object]) -> bytes:
    """The bytes a checkpoint's signature covers: a domain prefix and canonical JSON."""
    return _SIGNED_PREFIX + json.dumps(payload, sort_keys=True, separators=(",", ":"),
                                       ensure_ascii=True).encode("ascii")


def checkpoint(vault: Vault, passphrase: str) -> bytes:
    """Record and sign the chain head; return the checkpoint file's bytes (administrators).

    ``passphrase`` is the signed-in administrator's own: it unwraps their signing key. A log
    that is already broken is not checkpointed -- the checkpoint would vouch for it.
    """
    audit.require_administrator(vault)
    key = _signing_key(vault, passphrase)
    public = _raw_public(key)
    with vault.session(write=True) as s:
        broken = audit.walk_chain(s, set()).first_break
        if broken is not None:
            raise AuditBroken(broken.message, "Investigate before taking a checkpoint: "
                              "`sirat audit verify` with your earlier checkpoints.")
        now = clock.timestamp()
        row, new = _register(s, vault, public, now)
        details: dict[str, object] = {"key": row.id, **({"new_key": True} if new else {})}
        head = audit.record(s, actor_id=vault.info.user_id, action="audit.checkpoint",
                            object_type="audit", details=details)
        count = s.execute(select(func.count()).select_from(AuditRecord)).scalar_one()
        stride = 1
        while -(-head.id // stride) > MAX_MARKS:
            stride *= 2
        marks = s.execute(
            select(AuditRecord.id, AuditRecord.hash)
            .where((AuditRecord.id % stride == 0) | (AuditRecord.id == head.id))
            .order_by(AuditRecord.id)
        ).all()
    payload: dict[str, object] = {
        "vault_id": vault.info.vault_id,
        "last_id": head.id,
        "last_hash": head.hash,
        "count": int(count),
        "created_at": head.at,
        "signer": {"user_id": vault.info.user_id, "public_key": public.hex(),
                   "fingerprint": fingerprint(public)},
        "marks": {"stride": stride, "hashes": [[i, h] for i, h in marks]},
    }
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "note": "SIRAT audit checkpoint. Keep it outside the vault; record the signer's "
                "fingerprint out of band. Check with: sirat audit verify --checkpoint FILE",
        "payload": payload,
        "signature": key.sign(signed_message(payload)).hex(),
    }
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("ascii")


def save(vault: Vault, passphrase: str, path: Path, *, replace: bool = False) -> Checkpoint:
    """Take a checkpoint and write it to ``path`` atomically (mode 0600).

    An existing file is kept unless ``replace``: earlier checkpoints are worth keeping.
    """
    if path.exists() and not replace:
        raise Conflict(f"{path} already exists; earlier checkpoints are worth keeping.",
                       "Choose a new file name.")
    if not path.parent.is_dir():
        raise ValidationError.single("file", f"The folder {path.parent} does not exist.",
                                     "Choose an existing folder.")
    data = checkpoint(vault, passphrase)
    atomic_write_bytes(path, data, "checkpoint")
    return parse(data, str(path))


def parse(data: bytes, label: str = "") -> Checkpoint:
    """Read a checkpoint file; a damaged signature is reported, not raised."""
    bad = SiratError(f"{label or 'The file'} is not a SIRAT audit checkpoint.",
                     "Give a file written by `sirat audit checkpoint`.")
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("format_version") != FORMAT_VERSION:
            raise bad
        payload = doc["payload"]
        signer = payload["signer"]
        public = bytes.fromhex(str(signer["public_key"]))
        marks = tuple((int(i), str(h)) for i, h in payload["marks"]["hashes"])
        cp = Checkpoint(
            vault_id=str(payload["vault_id"]), last_id=int(payload["last_id"]),
            last_hash=str(payload["last_hash"]), count=int(payload["count"]),
            created_at=str(payload["created_at"]), signer_user_id=UserId(int(signer["user_id"])),
            public_key=public, stride=int(payload["marks"]["stride"]), marks=marks,
            signature_valid=_signature_ok(public, bytes.fromhex(str(doc["signature"])),
                                          payload),
            label=label,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise bad from exc
    return cp


def _signature_ok(public: bytes, signature: bytes, payload: dict[str, object]) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, signed_message(payload))
    except (InvalidSignature, ValueError):
        return False
    return True


def check(
    s: Session,
    vault_id: str,
    cp: Checkpoint,
    stored: dict[int, str],
    head_id: int,
    trusted: Sequence[str],
) -> CheckpointCheck:
    """Compare one checkpoint with the hashes stored in the log (``stored``: id -> hash)."""
    fpr = cp.fingerprint
    registered = s.execute(
        select(AuditSigningKey.id).where(AuditSigningKey.fingerprint == fpr,
                                         AuditSigningKey.user_id == cp.signer_user_id)
    ).first() is not None
    trusted_set = {normalize_fingerprint(t) for t in trusted}

    def result(ok: bool, message: str, brk: Break | None = None) -> CheckpointCheck:
        return CheckpointCheck(cp.label, ok, message, cp.last_id, cp.created_at, fpr,
                               cp.signer_user_id, registered, brk)

    if not cp.signature_valid:
        return result(False, "its signature does not verify: the file was altered.")
    if cp.vault_id != vault_id:
        return result(False, "it belongs to another vault.")
    if trusted_set and fpr not in trusted_set:
        return result(False, f"it is signed by key {format_fingerprint(fpr)}, which is not "
                      "among the keys you trust.")
    if not trusted_set and not registered:
        return result(False, f"it is signed by key {format_fingerprint(fpr)}, which this vault "
                      "does not know; check the fingerprint you recorded and pass it with "
                      "--trust.")
    when = f"the checkpoint of {cp.created_at}"
    previous = 0
    for rid, expected in cp.marks:
        if rid > head_id:
            break
        if stored.get(rid) != expected:
            since = "" if rid == previous + 1 else f" (somewhere after record {previous})"
            return result(False, "the log was rewritten.", Break(
                rid, "rewritten",
                f"Record {rid} is broken: it differs from what {when} saw; the log was "
                f"rewritten from this record{since} on."))
        previous = rid
    if cp.last_id > head_id:
        first = head_id + 1
        return result(False, "the log was truncated.", Break(
            first, "truncated",
            f"Record {first} is broken: the log ends at record {head_id} but {when} saw it "
            f"up to record {cp.last_id}; records {first} to {cp.last_id} were removed."))
    return result(True, f"the log matches it up to record {cp.last_id}.")


def signing_keys(vault: Vault) -> list[SigningKeyView]:
    """The checkpoint keys registered in this vault (administrators)."""
    audit.require_administrator(vault)
    with vault.session() as s:
        rows = s.scalars(select(AuditSigningKey).order_by(AuditSigningKey.id))
        return [SigningKeyView(r.id, UserId(r.user_id), r.fingerprint, r.created_at) for r in rows]
