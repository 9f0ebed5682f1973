"""The package manifest: what it holds, who sent it to whom, signed by the sender. Pure.

The manifest is one JSON object (``manifest.json`` in the container); its signature
(``manifest.sig``) is Ed25519 by the sending workstation's key over :data:`SIGN_CONTEXT`
followed by the exact bytes of ``manifest.json`` -- no canonicalisation to get wrong, and
the context keeps the signature from meaning anything else. Each part is named with its
size and SHA-256, so the signature covers every byte of every part.

Parts are generic (``path``, ``role``, ``media_type``, ``size``, ``sha256``): the interchange
document is one, each attachment another (role ``attachment``), anything later others; a
reader refuses a role it does not know instead of skipping it.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.services.exchange.container import ContainerError, safe_name

FORMAT: Final = "sirat-package"
FORMAT_VERSION: Final = 1
MANIFEST: Final = "manifest.json"
SIGNATURE: Final = "manifest.sig"
SIGN_CONTEXT: Final = b"SIRAT exchange package manifest v1\n"
INTERCHANGE_ROLE: Final = "interchange"
#: An evidence file, ``attachments/<sha256 of the content>``; the interchange document's
#: ``documents`` entry with that SHA-256 says which report or entity it belongs to.
ATTACHMENT_ROLE: Final = "attachment"
ATTACHMENT_DIR: Final = "attachments"
KNOWN_ROLES: Final = frozenset({INTERCHANGE_ROLE, ATTACHMENT_ROLE})
_HEX32: Final = re.compile(r"[0-9a-f]{32}")
_HEX64: Final = re.compile(r"[0-9a-f]{64}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Part:
    path: str
    role: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Addressee:
    name: str  # as the sender calls the recipient
    fingerprint: str
    sequence: int  # this recipient's count of packages from this sender, from 1


@dataclass(frozen=True, slots=True)
class Manifest:
    package_id: str
    created_at: str
    sender_fingerprint: str
    sender_vault: str
    recipients: tuple[Addressee, ...]
    release_kind: str
    parts: tuple[Part, ...]
    reports: int

    def addressee(self, fingerprint: str) -> Addressee | None:
        return next((r for r in self.recipients if r.fingerprint == fingerprint), None)

    def to_json(self) -> bytes:
        doc = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "package_id": self.package_id, "created_at": self.created_at,
            "sender": {"fingerprint": self.sender_fingerprint, "vault": self.sender_vault},
            "recipients": [{"name": r.name, "fingerprint": r.fingerprint,
                            "sequence": r.sequence} for r in self.recipients],
            "release_kind": self.release_kind,
            "parts": [{"path": p.path, "role": p.role, "media_type": p.media_type,
                       "size": p.size, "sha256": p.sha256} for p in self.parts],
            "contents": {"reports": self.reports},
        }
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def new_package_id() -> str:
    return uuid.uuid4().hex


def part_for(path: str, role: str, media_type: str, data: bytes) -> Part:
    return Part(path, role, media_type, len(data), sha256(data))


def signed_bytes(manifest_json: bytes) -> bytes:
    return SIGN_CONTEXT + manifest_json


def verify_signature(public_key: bytes, manifest_json: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature,
                                                              signed_bytes(manifest_json))
    except (InvalidSignature, ValueError):
        return False
    return True


def _bad(what: str) -> ContainerError:
    return ContainerError(f"The package is refused: its manifest {what}. Nothing was imported.",
                          "Ask the sender for a new package.")


def _text(obj: dict[str, Any], key: str, limit: int = 200) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value or len(value) > limit or any(
            ord(c) < 32 for c in value):
        raise _bad(f"has no valid \"{key}\"")
    return value


def _count(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad(f"has no valid \"{key}\"")
    return value


def parse_manifest(data: bytes) -> Manifest:
    """Read ``manifest.json`` strictly; any missing or odd field refuses the package."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad("is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _bad("is not a SIRAT package manifest")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ContainerError("The package was written by a newer SIRAT (package format "
                             f"{doc.get('format_version')!r}). Nothing was imported.",
                             "Update SIRAT on this workstation.")
    package_id = _text(doc, "package_id")
    if not _HEX32.fullmatch(package_id):
        raise _bad("has no valid \"package_id\"")
    sender, recipients, parts = doc.get("sender"), doc.get("recipients"), doc.get("parts")
    contents = doc.get("contents")
    if not isinstance(sender, dict) or not isinstance(contents, dict):
        raise _bad("has no sender or contents")
    if not isinstance(recipients, list) or not recipients or not all(
            isinstance(r, dict) for r in recipients):
        raise _bad("names no recipients")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise _bad("lists no parts")
    kind = _text(doc, "release_kind")
    if kind not in RECIPIENT_KINDS:
        raise _bad("has an unknown release kind")
    parsed_parts = []
    for p in parts:
        path, role = _text(p, "path"), _text(p, "role")
        if not safe_name(path) or path in (MANIFEST, SIGNATURE):
            raise _bad("names a part with an unsafe path")
        if role not in KNOWN_ROLES:
            raise _bad(f"names a part of a kind this SIRAT does not know ({role[:30]!r})")
        digest = _text(p, "sha256")
        if not _HEX64.fullmatch(digest):
            raise _bad("has a part without a valid SHA-256")
        parsed_parts.append(Part(path, role, _text(p, "media_type"), _count(p, "size"), digest))
    if len({p.path for p in parsed_parts}) != len(parsed_parts):
        raise _bad("names a part twice")
    addressees = []
    for r in recipients:
        fp = _text(r, "fingerprint")
        seq = _count(r, "sequence")
        if not _HEX32.fullmatch(fp) or seq < 1:
            raise _bad("has a recipient without a valid fingerprint and sequence")
        addressees.append(Addressee(_text(r, "name"), fp, seq))
    sender_fp = _text(sender, "fingerprint")
    if not _HEX32.fullmatch(sender_fp):
        raise _bad("has no valid sender fingerprint")
    return Manifest(package_id, _text(doc, "created_at", 40), sender_fp,
                    _text(sender, "vault", 100), tuple(addressees), kind, tuple(parsed_parts),
                    _count(contents, "reports"))
