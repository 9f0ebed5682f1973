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

Import (``sirat report import FILE --attachments DIR``): before anything is imported, every
listed file must be in DIR, hold the SHA-256 it is listed with, and fit the size cap; then
the document is imported as before, and each file is attached to the imported report or
entity it names (the imported report is the importer's draft, so the usual rules hold;
an image is thumbnailed in the child process like any attach).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sirat.domain.vocab import AttachmentId, EntityId, ReportId
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes
from sirat.models import Attachment, Entity, Report, ReportEntity
from sirat.services.attachments import store as attachments
from sirat.services.interchange.document import InterchangeError
from sirat.vault import Vault

MAX_DOCUMENTS = 10_000


@dataclass(frozen=True)
class FilesResult:
    attached: int
    already: int


def export_documents(vault: Vault, report_ids: Sequence[ReportId],
                     folder: Path) -> list[dict[str, Any]]:
    """Write each attachment of these reports (and of their entities) into ``folder`` as
    ``<sha256>``; return the FtM entities that describe them."""
    if not folder.is_dir():
        raise InterchangeError(f"The folder {folder} does not exist.",
                               "Create it first; the attachments are written into it.")
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
    out: list[dict[str, Any]] = []
    for aid, rid, eid, media, name, size, digest in rows:
        sha1 = hashlib.sha1()  # noqa: S324 -- FtM's contentHash, not a security check

        def deliver(data: bytes, sha1: Any = sha1, digest: str = digest) -> None:
            sha1.update(data)
            atomic_write_bytes(folder / digest, data, "attachment file")

        attachments.export_copy(vault, AttachmentId(aid), deliver)
        out.append({
            "id": uuid.uuid5(uuid.NAMESPACE_URL, f"sirat-attachment:{digest}:{aid}").hex,
            "schema": "Image" if media.startswith("image/") else "Document",
            "properties": {"fileName": [name], "mimeType": [media], "fileSize": [str(size)],
                           "contentHash": [sha1.hexdigest()]},
            "extra": {"sha256": digest, "file": digest,
                      "report": report_uids.get(rid) if rid is not None else None,
                      "entity": entity_uids.get(eid) if eid is not None else None},
        })
    return out


def _listed(doc: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
    """(sha256, name, report uid, entity uid) of every document entity, checked."""
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
        found.append((digest, name, report, entity))
    return found


def check_files(vault: Vault, doc: dict[str, Any], folder: Path | None) -> None:
    """Before the import: every listed file is in ``folder`` with its digest and fits."""
    listed = _listed(doc)
    if not listed:
        return
    if folder is None:
        raise InterchangeError(
            f"The file lists {len(listed)} attachment(s); give the folder that holds them "
            "with --attachments DIR. Nothing was imported.")
    limit = attachments.max_bytes(vault)
    for digest, _name, _r, _e in listed:
        path = folder / digest
        try:
            data = attachments.read_source(path, limit)
        except SiratError as exc:
            raise InterchangeError(f"Attachment file {digest[:16]}…: {exc.message} "
                                   "Nothing was imported.", exc.hint) from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise InterchangeError(f"Attachment file {digest[:16]}… does not hold the content "
                                   "its name says (altered or damaged). Nothing was imported.",
                                   "Copy the export folder again.")


def attach_files(vault: Vault, doc: dict[str, Any], folder: Path | None) -> FilesResult:
    """After the import: attach each listed file to the imported report or entity (a file
    already attached there with the same digest is not attached twice)."""
    attached = already = 0
    for digest, name, report_uid, entity_uid in _listed(doc):
        assert folder is not None  # noqa: S101 -- check_files refused a listing without one
        with vault.session() as s:
            owner: dict[str, int | None]
            if report_uid is not None:
                owner = {"report_id": s.scalar(select(Report.id).where(
                    Report.uid == report_uid))}
            else:
                owner = {"entity_id": s.scalar(select(Entity.id).where(
                    Entity.uid == entity_uid))}
            key, value = next(iter(owner.items()))
            if value is None:
                raise InterchangeError("An attachment names a report or entity that is not "
                                       "in the file.", "Export the file again.")
            column = Attachment.report_id if key == "report_id" else Attachment.entity_id
            if s.scalar(select(Attachment.id).where(column == value,
                                                    Attachment.sha256 == digest)):
                already += 1
                continue
        data = attachments.read_source(folder / digest, attachments.max_bytes(vault))
        rid, eid = owner.get("report_id"), owner.get("entity_id")
        attachments.add_attachment(vault, data, name,
                                   report_id=None if rid is None else ReportId(rid),
                                   entity_id=None if eid is None else EntityId(eid))
        attached += 1
    return FilesResult(attached, already)
