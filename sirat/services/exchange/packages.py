"""Export, inspect and import exchange packages (docs/exchange.md has the format and threat
model).

A package is one age file (X25519, one stanza per recipient workstation) holding a zip:
``manifest.json``, ``manifest.sig`` and the parts the manifest lists. Import checks, in this
order, and refuses at the first failure with one sentence: size, decryption (so: addressed
to this workstation's key), the container (names, counts, sizes, bombs), the manifest, a
*pinned* sender whose keys are the pinned ones, the signature by the pinned key, this
workstation among the named recipients, every part's size and SHA-256, no part that is not
listed, the release kind (an observer package carries no personal data, checked again
here with the disclosure policy), every attachment part named by its SHA-256 and listed
by the interchange document (and none for an observer), then each attachment is checked
like any attach (size cap of this vault, type, thumbnail in the child: a bomb refuses the
package) and encrypted to a temporary file -- and only then, in the write transaction, the
package id (a second import is a no-op) and the sender's sequence; the interchange document
is imported as received drafts and the files attached, in that same transaction. A refusal
at any point leaves no row and no file (``attachments.staged``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sirat import clock
from sirat.domain.disclosure import STAFF_FALLBACK, may_receive_attachments, withheld_whole
from sirat.domain.vocab import AttachmentId, RecipientKind, ReportId
from sirat.errors import SiratError
from sirat.models import ReportEntity
from sirat.models.exchange import (
    ExchangePartner,
    ExchangeReceived,
    ExchangeReceivedReport,
    ExchangeSent,
    WorkstationKeys,
)
from sirat.services.attachments import store as attachments
from sirat.services.attachments.staged import Staging
from sirat.services.audit import log as audit
from sirat.services.dissemination.closure import personal_closure
from sirat.services.exchange.container import (
    MAX_MANIFEST,
    MAX_TOTAL,
    ContainerError,
    read_container,
    write_container,
)
from sirat.services.exchange.identity import ExchangeError, ensure_keys, find_partner, words
from sirat.services.exchange.manifest import (
    ATTACHMENT_DIR,
    ATTACHMENT_ROLE,
    INTERCHANGE_ROLE,
    MANIFEST,
    SIGNATURE,
    Addressee,
    Manifest,
    Part,
    new_package_id,
    parse_manifest,
    part_for,
    sha256,
    signed_bytes,
    verify_signature,
)
from sirat.services.interchange import files as interchange_files
from sirat.services.interchange.document import ImportResult, InterchangeError, parse_document
from sirat.services.roles import require_role
from sirat.vault import Vault

log = logging.getLogger(__name__)

#: The largest package file read (age adds 16 bytes per 64 KiB chunk and a header).
MAX_PACKAGE: Final = MAX_TOTAL + MAX_TOTAL // 1024 + 64 * 1024
INTERCHANGE_PART: Final = "interchange.json"
_ORDER: Final = (RecipientKind.OBSERVER, RecipientKind.OPERATIONAL_PARTNER,
                 RecipientKind.MEMBER_STATE)


class PackageRefused(ExchangeError):
    """A package that must not be imported; the message says why, the hint what to do."""


def _refuse(what: str, hint: str = "Ask the sender for a new package.") -> PackageRefused:
    return PackageRefused(f"The package is refused: {what}. Nothing was imported.", hint)


@dataclass(frozen=True, slots=True)
class PackageOut:
    package_id: str
    digest: str  # SHA-256 of the package file
    release_kind: str
    recipients: tuple[Addressee, ...]
    reports: int
    size: int
    attachments: int = 0  # files carried
    attachments_withheld: int = 0  # files of these reports an observer does not receive


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """What ``inspect`` shows: the manifest as read, who sent it, and the verdict."""

    package_id: str
    created_at: str
    sender_fingerprint: str
    sender_words: str
    sender_name: str  # as pinned here; "" when the sender is not pinned
    recipients: tuple[Addressee, ...]
    release_kind: str
    parts: tuple[tuple[str, str, int, str], ...]  # path, role, size, sha256
    reports: int
    digest: str
    problem: str  # "" when the package would import; else the refusal


@dataclass(frozen=True, slots=True)
class PackageIn:
    package_id: str
    sender_name: str
    sequence: int
    digest: str
    already_imported: bool
    result: ImportResult | None
    report_ids: tuple[int, ...]
    attachments: int = 0  # files attached by this import


def release_kind(kinds: Iterable[str]) -> str:
    """The most restrictive kind among the recipients: one observer makes it an observer
    package (no personal data for anyone in it)."""
    present = set(kinds)
    return next(k.value for k in _ORDER if k in present)


# --- export -------------------------------------------------------------------------------

def _observer_refusal(s: Session, report_ids: Sequence[ReportId]) -> str | None:
    """Why these reports cannot go to an observer (personal data, or tied to it), or None."""
    from sirat.models import Report

    for rid in report_ids:
        ids = list(s.scalars(select(ReportEntity.entity_id).where(ReportEntity.report_id == rid)))
        closure = personal_closure(s, rid, ids)
        if closure.withholdings or closure.connected:
            ref = s.get(Report, rid)
            return (f"{ref.reference if ref else rid} names personal data or entities tied to "
                    "it; an observer package carries none")
    return None


def personal_entities(doc: dict[str, Any]) -> int:
    """How many entities of an interchange document an observer may not have (the disclosure
    policy; an entity SIRAT cannot read counts as personal: deny by default)."""
    from sirat.services.interchange.ftm import RecordProblem, ftm_to_entity

    count = 0
    for record in doc.get("entities", []):
        try:
            draft = ftm_to_entity(record) if isinstance(record, dict) else None
        except (RecordProblem, KeyError, ValueError, TypeError):
            draft = None
        if draft is None or withheld_whole(draft.kind, bool(draft.is_private)):
            count += 1
    return count


def export_package(vault: Vault, report_ids: Sequence[ReportId], recipients: Sequence[str],
                   sink: Callable[[bytes], None]) -> PackageOut:
    """Build, sign and encrypt a package of ``report_ids`` for the pinned ``recipients``
    (names or fingerprints) and hand the file to ``sink`` inside the transaction that records
    it: a sink that fails (disk full) leaves no sequence number used."""
    from sirat.services.interchange.document import export_document

    if not recipients:
        raise ExchangeError("A package needs at least one recipient.",
                            "Name a pinned partner with --to (see `sirat workstation "
                            "partners`).")
    if not report_ids:
        raise ExchangeError("A package needs at least one report.", "Name reports to send.")
    with vault.session() as s:
        partners = list({p.id: p for p in (find_partner(s, key) for key in recipients)}.values())
        kind = release_kind(p.kind for p in partners)
        if kind == RecipientKind.OBSERVER:
            why = _observer_refusal(s, report_ids)
            if why:
                raise ExchangeError(f"The package cannot be made: {why}.",
                                    "Leave that report out, or send to member states and "
                                    "operational partners only.")
    doc = export_document(vault, report_ids)
    files, withheld = _outgoing_files(vault, report_ids, kind)
    if files:
        doc["documents"] = [item.entity for item, _ in files]
    if kind == RecipientKind.OBSERVER:
        if personal_entities(doc):  # the same check the receiver makes
            raise ExchangeError("The package cannot be made: it would carry personal data to "
                                "an observer.", "Leave the report with personal data out.")
        for record in doc["reports"]:  # staff by function only (PRODUCT.md)
            record["author"] = STAFF_FALLBACK
            record["approver"] = STAFF_FALLBACK if record.get("approver") else ""
    interchange = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    # One part per distinct content (a photo attached to a report and to its vehicle
    # travels once; the document lists both owners).
    file_parts: dict[str, tuple[Part, bytes]] = {}
    for item, data in files:
        file_parts.setdefault(item.sha256, (part_for(f"{ATTACHMENT_DIR}/{item.sha256}",
                                                     ATTACHMENT_ROLE, item.media_type,
                                                     data), data))
    if len(interchange) + sum(len(d) for _, d in file_parts.values()) > MAX_TOTAL - MAX_MANIFEST:
        raise ExchangeError(f"The package cannot be made: with its attachments it would be "
                            f"larger than {MAX_TOTAL // 1048576} MiB.",
                            "Send the reports in several packages.")
    with vault.session(write=True) as s:
        keys = ensure_keys(s, vault)
        addressees = []
        for p in partners:
            last = s.scalar(select(func.max(ExchangeSent.sequence))
                            .where(ExchangeSent.partner_id == p.id)) or 0
            addressees.append(Addressee(p.name, p.fingerprint, last + 1))
        manifest = Manifest(
            package_id=new_package_id(), created_at=clock.timestamp(),
            sender_fingerprint=keys.fingerprint, sender_vault=vault.info.vault_id,
            recipients=tuple(addressees), release_kind=kind,
            parts=(part_for(INTERCHANGE_PART, INTERCHANGE_ROLE, "application/json",
                            interchange), *(p for p, _ in file_parts.values())),
            reports=len(doc["reports"]))
        manifest_json = manifest.to_json()
        signature = Ed25519PrivateKey.from_private_bytes(keys.signing_private).sign(
            signed_bytes(manifest_json))
        inner = write_container({MANIFEST: manifest_json, SIGNATURE: signature,
                                 INTERCHANGE_PART: interchange,
                                 **{p.path: d for p, d in file_parts.values()}})
        data = pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(p.age_recipient)
                                      for p in partners])
        digest = sha256(data)
        now = clock.timestamp()
        for p, a in zip(partners, addressees, strict=True):
            s.add(ExchangeSent(package_id=manifest.package_id, partner_id=p.id,
                               sequence=a.sequence, digest=digest, created_at=now,
                               created_by=vault.info.user_id))
        audit.record(s, actor_id=vault.info.user_id, action="package.export",
                     object_type="package", object_id=manifest.package_id,
                     details={"digest": digest, "release_kind": kind,
                              "reports": list(report_ids),
                              "recipients": [p.id for p in partners],
                              "sequences": [a.sequence for a in addressees],
                              "attachments": [item.attachment_id for item, _ in files],
                              "attachments_withheld": withheld})
        sink(data)
    log.info("package exported: %s reports, %s attachments, %s recipients", len(report_ids),
             len(files), len(partners))
    return PackageOut(manifest.package_id, digest, kind, tuple(addressees),
                      manifest.reports, len(data), len(files), withheld)


def _outgoing_files(vault: Vault, report_ids: Sequence[ReportId], kind: str,
                    ) -> tuple[list[tuple[interchange_files.Outgoing, bytes]], int]:
    """The attachments of these reports and their entities that this release kind may
    carry, decrypted in memory (the package's audit record names them), and how many the
    disclosure policy withholds: an observer receives none (no redactor reaches into
    pixels, whoever the image shows)."""
    items = interchange_files.outgoing(vault, report_ids)
    if not may_receive_attachments(kind):
        return [], len(items)
    out = []
    total = 0
    for item in items:
        _view, data = attachments.content_of(vault, AttachmentId(item.attachment_id))
        total += len(data)
        if total > MAX_TOTAL:
            raise ExchangeError(f"The package cannot be made: its attachments are larger "
                                f"than {MAX_TOTAL // 1048576} MiB.",
                                "Send the reports in several packages.")
        interchange_files.fill_hash(item, data)
        out.append((item, data))
    return out, 0


def attachments_for(vault: Vault, report_ids: Sequence[ReportId],
                    recipients: Sequence[str]) -> tuple[list[attachments.AttachmentView], bool]:
    """What a package to ``recipients`` would carry (for the export preview): the
    attachments of these reports and their entities, and whether the release kind lets
    them go (False: an observer is among the recipients, so none goes)."""
    with vault.session() as s:
        kinds = [find_partner(s, key).kind for key in recipients]
    ids = [item.attachment_id for item in interchange_files.outgoing(vault, report_ids)]
    views = [attachments.get_attachment(vault, AttachmentId(aid)) for aid in ids]
    return views, not kinds or may_receive_attachments(release_kind(kinds))


# --- opening and checking -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Opened:
    manifest: Manifest
    manifest_digest: str
    parts: dict[str, bytes]
    digest: str


def _decrypt(age_identity: str, data: bytes) -> bytes:
    if len(data) > MAX_PACKAGE:
        raise _refuse("it is larger than the package size limit")
    try:
        return bytes(pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(age_identity)]))
    except pyrage.DecryptError:
        raise _refuse("it is not addressed to this workstation (it cannot be decrypted with "
                      "this workstation's key), or it is damaged or not a SIRAT package",
                      "Check with the sender that they used this workstation's identity card "
                      "(`sirat workstation id`).") from None


def _open(age_identity: str, data: bytes) -> tuple[_Opened, bytes]:
    """Decrypt and read the container and manifest; nothing checked against trust yet."""
    inner = _decrypt(age_identity, data)
    entries = read_container(inner, {MANIFEST: MAX_MANIFEST, SIGNATURE: 64})
    if MANIFEST not in entries or SIGNATURE not in entries:
        raise _refuse("it has no signed manifest")
    manifest = parse_manifest(entries[MANIFEST])
    return _Opened(manifest, sha256(entries[MANIFEST]), entries, sha256(data)), entries[SIGNATURE]


def _pinned_sender(s: Session, manifest: Manifest) -> ExchangePartner:
    row = s.scalars(select(ExchangePartner).where(
        ExchangePartner.fingerprint == manifest.sender_fingerprint,
        ExchangePartner.removed_at.is_(None))).first()
    if row is None:
        raise _refuse(f"it was sent by a workstation that is not pinned here (fingerprint "
                      f"{words(manifest.sender_fingerprint)})",
                      "An administrator pins a partner only after comparing these words with "
                      "the partner by telephone: `sirat workstation pin`.")
    return row


def _check(s: Session, own_fingerprint: str, opened: _Opened,
           signature: bytes) -> tuple[ExchangePartner, dict[str, Any]]:
    """Every check that needs no write; returns the sender and the interchange document."""
    m = opened.manifest
    sender = _pinned_sender(s, m)
    if not verify_signature(sender.signing_public, opened.parts[MANIFEST], signature):
        raise _refuse(f"its signature does not verify with the key pinned for "
                      f"{sender.name!r} (altered on its way, or not from that partner)")
    if m.addressee(own_fingerprint) is None:
        raise _refuse("this workstation is not one of its named recipients",
                      "Ask the sender to address the package to this workstation.")
    listed = {p.path for p in m.parts}
    extra = set(opened.parts) - listed - {MANIFEST, SIGNATURE}
    if extra:
        raise _refuse("it holds a part its manifest does not list")
    for part in m.parts:
        data = opened.parts.get(part.path)
        if data is None:
            raise _refuse(f"the part {part.path!r} listed in its manifest is missing")
        if len(data) != part.size or sha256(data) != part.sha256:
            raise _refuse(f"the part {part.path!r} does not match its SHA-256 in the signed "
                          "manifest (altered after signing)")
    docs = [p for p in m.parts if p.role == INTERCHANGE_ROLE]
    if len(docs) != 1:
        raise _refuse("it must hold exactly one interchange document")
    try:
        doc = parse_document(opened.parts[docs[0].path])
    except InterchangeError as exc:
        raise _refuse(f"its interchange document is unreadable ({exc.message})") from None
    if len(doc.get("reports", [])) != m.reports:
        raise _refuse("its report count differs from the signed manifest")
    if m.release_kind == RecipientKind.OBSERVER and personal_entities(doc):
        raise _refuse("it was released for observers but carries personal data",
                      "Tell the sender: their release check failed; do not use this package.")
    _check_attachments(m, doc)
    return sender, doc


def _check_attachments(m: Manifest, doc: dict[str, Any]) -> None:
    """Every attachment part is named by its SHA-256 and listed by the document, every
    listed file is a part, and an observer package carries none (the disclosure policy)."""
    files = [p for p in m.parts if p.role == ATTACHMENT_ROLE]
    try:
        listed = interchange_files.listed(doc)
    except InterchangeError as exc:
        raise _refuse(f"its list of attachments is unreadable ({exc.message})") from None
    if (files or listed) and not may_receive_attachments(m.release_kind):
        raise _refuse("it was released for observers but carries attachments (observers "
                      "receive none)",
                      "Tell the sender: their release check failed; do not use this package.")
    for p in files:
        if p.path != f"{ATTACHMENT_DIR}/{p.sha256}":
            raise _refuse(f"the attachment part {p.path!r} is not named by its SHA-256")
    if {p.sha256 for p in files} != {item.sha256 for item in listed}:
        raise _refuse("its attachment parts differ from the files its interchange document "
                      "lists")


def _sequence_problem(s: Session, sender: ExchangePartner, sequence: int) -> str:
    last = s.scalar(select(func.max(ExchangeReceived.sequence))
                    .where(ExchangeReceived.partner_id == sender.id)) or 0
    if sequence == last + 1:
        return ""
    if sequence <= last:
        return (f"it is number {sequence} from {sender.name!r}, but number {last} was already "
                "imported (an old package sent again, or a replay)")
    return (f"it is number {sequence} from {sender.name!r} but the last one imported is "
            f"number {last}: number(s) {last + 1}" + (f" to {sequence - 1}"
                                                      if sequence - 1 > last + 1 else "")
            + " are missing")


def _own_keys(s: Session) -> tuple[str, str]:
    """This workstation's (fingerprint, age identity)."""
    keys = s.get(WorkstationKeys, 1)
    if keys is None:
        raise _refuse("this workstation has no exchange key yet, so no package can be "
                      "addressed to it", "Give partners this workstation's card first: "
                      "`sirat workstation id --card FILE`.")
    return keys.fingerprint, keys.age_identity


def inspect_package(vault: Vault, data: bytes) -> PackageInfo:
    """Decrypt and check a package without importing it: its manifest and the verdict."""
    with vault.session() as s:
        own, age_identity = _own_keys(s)
        opened, signature = _open(age_identity, data)
        m = opened.manifest
        problem = ""
        partner = s.scalars(select(ExchangePartner).where(
            ExchangePartner.fingerprint == m.sender_fingerprint,
            ExchangePartner.removed_at.is_(None))).first()
        try:
            sender, _ = _check(s, own, opened, signature)
            known = s.get(ExchangeReceived, m.package_id)
            if known is not None:
                problem = f"already imported on {known.received_at[:10]}"
            else:
                seq = m.addressee(own)
                problem = _sequence_problem(s, sender, seq.sequence if seq else 0)
        except SiratError as exc:
            problem = exc.message
    return PackageInfo(m.package_id, m.created_at, m.sender_fingerprint,
                       words(m.sender_fingerprint), partner.name if partner else "",
                       m.recipients, m.release_kind,
                       tuple((p.path, p.role, p.size, p.sha256) for p in m.parts),
                       m.reports, opened.digest, problem)


# --- import -------------------------------------------------------------------------------

def import_package(vault: Vault, data: bytes) -> PackageIn:
    """Import a package as received drafts with their attachments, all or nothing; a second
    import changes nothing."""
    # The importer owns the received drafts: an administrator (who writes no reports) would
    # leave them stranded.
    require_role(vault, "analyst", "supervisor")
    with vault.session() as s:
        own, age_identity = _own_keys(s)
    # Decrypting and reading the container (the costly part) before the write lock is taken.
    opened, signature = _open(age_identity, data)
    m = opened.manifest
    with vault.session() as s:
        # Trust first: no attachment of an unchecked package reaches the image decoder.
        sender, doc = _check(s, own, opened, signature)
        known = s.get(ExchangeReceived, m.package_id)
        if known is not None and known.manifest_digest == opened.manifest_digest:
            return PackageIn(m.package_id, sender.name, known.sequence, opened.digest,
                             True, None, ())
        me = m.addressee(own)
        problem = "" if known is not None or me is None else \
            _sequence_problem(s, sender, me.sequence)
        if problem:  # said before any attachment is decoded (checked again under the lock)
            raise _refuse(problem, "Import the packages from this partner in the order "
                          "they were sent; ask the sender for any missing one.")
    try:
        with Staging(vault) as staging:
            staged = _stage(staging, opened, doc)
            return _import_checked(vault, own, opened, signature, staging, staged)
    except (PackageRefused, ContainerError):
        raise
    except InterchangeError as exc:
        raise PackageRefused(exc.message, exc.hint) from exc


def _stage(staging: Staging, opened: _Opened, doc: dict[str, Any],
           ) -> list[tuple[interchange_files.Listed, Any]]:
    """Every attachment checked like any attach (this vault's size cap, type, thumbnail in
    the child) and encrypted to a temporary file, before the write lock."""
    try:
        return interchange_files.stage(staging, interchange_files.listed(doc),
                                       lambda digest, _limit: opened.parts[
                                           f"{ATTACHMENT_DIR}/{digest}"])
    except InterchangeError as exc:
        why = exc.message.removesuffix(" Nothing was imported.").rstrip(".")
        raise _refuse(f"an attachment cannot be stored here ({why})", exc.hint) from None


def _import_checked(vault: Vault, own: str, opened: _Opened, signature: bytes,
                    staging: Staging, staged: list[tuple[interchange_files.Listed, Any]],
                    ) -> PackageIn:
    from sirat.services.interchange.importing import import_in_session

    try:
        with vault.session(write=True) as s:
            sender, doc = _check(s, own, opened, signature)
            m = opened.manifest
            me = m.addressee(own)
            if me is None:  # _check refused this already
                raise _refuse("this workstation is not one of its named recipients")
            known = s.get(ExchangeReceived, m.package_id)
            if known is not None:
                if known.manifest_digest != opened.manifest_digest:
                    raise _refuse("another package with the same id was already imported "
                                  "(a forged or re-signed copy)")
                return PackageIn(m.package_id, sender.name, known.sequence, opened.digest,
                                 True, None, ())
            problem = _sequence_problem(s, sender, me.sequence)
            if problem:
                raise _refuse(problem, "Import the packages from this partner in the order "
                              "they were sent; ask the sender for any missing one.")
            now = clock.timestamp()
            s.add(ExchangeReceived(package_id=m.package_id, partner_id=sender.id,
                                   sequence=me.sequence, manifest_digest=opened.manifest_digest,
                                   digest=opened.digest, release_kind=m.release_kind,
                                   received_at=now, received_by=vault.info.user_id))
            s.flush()
            result, added = import_in_session(s, vault, doc)
            for rid in added:
                s.add(ExchangeReceivedReport(report_id=rid, package_id=m.package_id))
            files = interchange_files.attach_in_session(
                s, vault, staging, staged, details={"package": m.package_id})
            audit.record(s, actor_id=vault.info.user_id, action="package.import",
                         object_type="package", object_id=m.package_id,
                         details={"digest": opened.digest, "partner": sender.id,
                                  "sequence": me.sequence, "release_kind": m.release_kind,
                                  "reports": added, "attachments": files.attached})
    except (PackageRefused, ContainerError):
        raise
    except InterchangeError as exc:
        raise PackageRefused(exc.message, exc.hint) from exc
    log.info("package imported: %s reports, %s attachments", len(added), files.attached)
    return PackageIn(m.package_id, sender.name, me.sequence, opened.digest, False, result,
                     tuple(added), files.attached)

