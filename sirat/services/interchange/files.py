"""Attachments in the interchange format: FollowTheMoney ``Image``/``Document`` entities in
the document's ``documents`` list, the content as separate files named by their SHA-256.

Export (``sirat report export --out FILE --attachments DIR``): for every attachment of an
exported report or of one of its entities, one FtM entity::

    {"id": "<attachment uid>", "schema": "Image",
     "properties": {"fileName": ["lorry.jpg"], "mimeType": ["image/jpeg"],
                    "fileSize": ["20971520"], "contentHash": ["<SHA-1>"]},
     "extra": {"sha256": "<SHA-256>", "file": "<SHA-256>", "report": "<report uid>" | null,
               "entity": "<entity uid>" | null}}

``contentHash`` is SHA-1 because that is what FtM's ingest tools (Aleph) put there; SIRAT
names and checks files by the SHA-256 in ``extra``. Each file written is a decrypted copy:
it goes through ``attachments.export_copy`` (atomic, audited as ``attachment.export``).
A reader that does not know ``documents`` ignores it (format version 1 is unchanged).

Import (``sirat report import FILE --attachments DIR``), all or nothing for the files too
(``attachments.staged``): before the write lock, every listed file must be in DIR, hold the
SHA-256 it is listed with and fit the size cap; each is thumbnailed in the child (a bomb
refuses the import) and encrypted to a temporary file under a new random name. Then, in
*one* write transaction, the document is imported and each file attached to the report or
entity it names (the imported report is the importer's draft, so the usual rules hold). A
refused record or a failed commit removes every file again; nothing is left in the vault
folder. Exchange packages carry the same ``documents`` and the files as parts
(``exchange.packages``) and import them through the same functions.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.vocab import AttachmentId, ReportId
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes
from sirat.models import Attachment, Entity, Report, ReportEntity
from sirat.services.attachments import store as attachments
from sirat.services.attachments.staged import StagedFile, Staging
from sirat.services.interchange.document import ImportResult, InterchangeError, parse_document
from sirat.services.reports.records import get_row, require_editable
from sirat.services.roles import require_role
from sirat.vault import Vault

MAX_DOCUMENTS = 10_000


@dataclass(frozen=True)
class FilesResult:
    attached: int
    already: int


@dataclass(frozen=True, slots=True)
class Listed:
    """One ``documents`` entry of an interchange document: which file, for which owner."""

    sha256: str
    name: str
    report_uid: str | None
    entity_uid: str | None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An attachment as it leaves: its FtM entity, and its row id (for the audit record)."""

    attachment_id: int
    entity: dict[str, Any]
    media_type: str
    sha256: str


def outgoing(vault: Vault, report_ids: Sequence[ReportId]) -> list[Outgoing]:
    """The attachments of these reports and of their entities, as FtM entities (the
    ``contentHash`` is filled by whoever reads the content: :func:`fill_hash`)."""
    with vault.session() as s:
        entity_ids = set(s.scalars(select(ReportEntity.entity_id).where(
            ReportEntity.report_id.in_(report_ids))))
        rows = list(s.execute(
            select(Attachment.id, Attachment.report_id, Attachment.entity_id,
                   Attachment.media_type, Attachment.original_name, Attachment.size,
                   Attachment.sha256)
            .where(Attachment.report_id.in_(report_ids) | Attachment.entity_id.in_(entity_ids))
            .order_by(Attachment.id)))
        report_uids = dict(s.execute(select(Report.id, Report.uid).where(
            Report.id.in_(report_ids))).all())
        entity_uids = dict(s.execute(select(Entity.id, Entity.uid).where(
            Entity.id.in_(entity_ids))).all())
    return [Outgoing(aid, {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, f"sirat-attachment:{digest}:{aid}").hex,
        "schema": "Image" if media.startswith("image/") else "Document",
        "properties": {"fileName": [name], "mimeType": [media], "fileSize": [str(size)],
                       "contentHash": [""]},
        "extra": {"sha256": digest, "file": digest,
                  "report": report_uids.get(rid) if rid is not None else None,
                  "entity": entity_uids.get(eid) if eid is not None else None},
    }, media, digest) for aid, rid, eid, media, name, size, digest in rows]


def fill_hash(item: Outgoing, data: bytes) -> None:
    """FtM's ``contentHash`` (SHA-1, what Aleph puts there; SIRAT checks the SHA-256)."""
    item.entity["properties"]["contentHash"] = [
        hashlib.sha1(data).hexdigest()]  # noqa: S324 -- FtM's field, not a security check


def export_documents(vault: Vault, report_ids: Sequence[ReportId],
                     folder: Path) -> list[dict[str, Any]]:
    """Write each attachment of these reports (and of their entities) into ``folder`` as
    ``<sha256>``; return the FtM entities that describe them."""
    if not folder.is_dir():
        raise InterchangeError(f"The folder {folder} does not exist.",
                               "Create it first; the attachments are written into it.")
    items = outgoing(vault, report_ids)
    for item in items:

        def deliver(data: bytes, item: Outgoing = item) -> None:
            fill_hash(item, data)
            atomic_write_bytes(folder / item.sha256, data, "attachment file")

        attachments.export_copy(vault, AttachmentId(item.attachment_id), deliver)
    return [item.entity for item in items]


def listed(doc: dict[str, Any]) -> list[Listed]:
    """Every document entity of ``doc``, checked (one owner each, a SHA-256 in hex)."""
    items = doc.get("documents", [])
    if not isinstance(items, list) or len(items) > MAX_DOCUMENTS:
        raise InterchangeError("\"documents\" must be a list of at most 10,000 entities. "
                               "Nothing was imported.")
    found = []
    for i, item in enumerate(items):
        extra = item.get("extra") if isinstance(item, dict) else None
        props = item.get("properties") if isinstance(item, dict) else None
        digest = extra.get("sha256") if isinstance(extra, dict) else None
        if not isinstance(digest, str) or len(digest) != 64 or \
                any(c not in "0123456789abcdef" for c in digest):
            raise InterchangeError(f"Record documents[{i}]: extra.sha256 must be a SHA-256 in "
                                   "hex. Nothing was imported.", "Export the file again.")
        names = props.get("fileName") if isinstance(props, dict) else None
        name = names[0] if isinstance(names, list) and names and isinstance(names[0], str) \
            else "attachment"
        report = extra.get("report") if isinstance(extra, dict) else None
        entity = extra.get("entity") if isinstance(extra, dict) else None
        if (report is None) == (entity is None) or not isinstance(report or entity, str):
            raise InterchangeError(f"Record documents[{i}]: it must name one report or one "
                                   "entity. Nothing was imported.", "Export the file again.")
        found.append(Listed(digest, name, report, entity))
    return found


def _file_problem(digest: str, exc: SiratError) -> InterchangeError:
    return InterchangeError(f"Attachment file {digest[:16]}…: {exc.message.rstrip('.')}. "
                            "Nothing was imported.", exc.hint)


def stage(staging: Staging, items: Sequence[Listed],
          read: Callable[[str, int], bytes]) -> list[tuple[Listed, StagedFile]]:
    """Before the write lock: read each listed file (``read(sha256, limit)``), check its
    digest, thumbnail and encrypt it (a refusal of any one refuses them all)."""
    out = []
    for item in items:
        try:
            data = read(item.sha256, staging.limit)
        except SiratError as exc:
            raise _file_problem(item.sha256, exc) from None
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise InterchangeError(f"Attachment file {item.sha256[:16]}… does not hold the "
                                   "content its name says (altered or damaged). Nothing was "
                                   "imported.", "Copy the export folder again.")
        try:
            out.append((item, staging.stage(data, item.name)))
        except SiratError as exc:
            raise _file_problem(item.sha256, exc) from None
    return out


def attach_in_session(s: Session, vault: Vault, staging: Staging,
                      staged: Sequence[tuple[Listed, StagedFile]],
                      details: dict[str, object] | None = None) -> FilesResult:
    """In the import's write transaction: attach each staged file to the report or entity
    it names (imported just before, or already in the vault); a file already attached there
    with the same digest is not attached twice."""
    attached = already = 0
    for item, file in staged:
        owner: int | None
        if item.report_uid is not None:
            report_id = s.scalar(select(Report.id).where(Report.uid == item.report_uid))
            entity_id = None
            owner = report_id
        else:
            report_id = None
            entity_id = s.scalar(select(Entity.id).where(Entity.uid == item.entity_uid))
            owner = entity_id
        if owner is None:
            raise InterchangeError("An attachment names a report or entity that is neither "
                                   "in the file nor in the vault. Nothing was imported.",
                                   "Export the file again.")
        column = Attachment.report_id if report_id is not None else Attachment.entity_id
        if s.scalar(select(Attachment.id).where(column == owner,
                                                Attachment.sha256 == item.sha256)):
            already += 1
            continue
        if report_id is not None:
            require_editable(vault, get_row(s, report_id))
        else:
            require_role(vault, "analyst", "supervisor")
        staging.attach(s, file, report_id=report_id, entity_id=entity_id, details=details)
        attached += 1
    return FilesResult(attached, already)


def _read_from(folder: Path) -> Callable[[str, int], bytes]:
    return lambda digest, limit: attachments.read_source(folder / digest, limit)


def import_with_files(vault: Vault, data: bytes,
                      folder: Path | None) -> tuple[ImportResult, FilesResult]:
    """Import an interchange file and its attachments in one transaction: all or nothing,
    rows and files (module docstring)."""
    from sirat.services.interchange.importing import import_in_session

    doc = parse_document(data)
    items = listed(doc)
    if items and folder is None:
        raise InterchangeError(
            f"The file lists {len(items)} attachment(s); choose the folder that holds them "
            "(--attachments DIR on the command line). Nothing was imported.",
            "It was written beside the file by `sirat report export --attachments DIR`.")
    try:
        with Staging(vault) as staging:
            staged = stage(staging, items, _read_from(folder)) if folder is not None else []
            with vault.session(write=True) as s:
                result, _ = import_in_session(s, vault, doc)
                files = attach_in_session(s, vault, staging, staged)
    except InterchangeError:
        raise
    except SiratError as exc:
        raise InterchangeError(f"{exc.message} Nothing was imported.", exc.hint) from exc
    return result, files
