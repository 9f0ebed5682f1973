"""Evidence files of reports and entities: attach, list, view, export a copy, delete.

The row (metadata, digest, thumbnail, wrapped file key) is in the database; the content is
an age-encrypted file in the vault folder (``sirat.vault.blobs``). Every use case here keeps
the two whole:

* **attach**: the size cap and the type (by content) first; an image gets its thumbnail
  from a child process with limits (``sirat.attachments.imaging``) -- a refused image is
  refused whole; the ciphertext is written to a temporary file and fsynced *before* the
  write lock is taken; then, under the lock, the row is inserted, the file renamed into
  place and the folder fsynced, and the transaction commits. A crash leaves the attachment
  whole or a nameless orphan that :func:`sweep` removes -- never a row without its file;
* **delete** (an attachment, or a draft report with its files): the rows go in one audited
  transaction, the files right after the commit; a crash in between leaves orphans that the
  next sweep removes;
* **read**: decrypted into memory only, checked against the row's digest. Images are shown
  through a copy re-encoded in the child (pixels only); anything else leaves the vault only
  through :func:`export_copy`, which is audited.

Who may: a report's attachments change with the report (its author, while a draft:
``reports.require_editable``); an entity's, any analyst or supervisor. Administrators
manage the size cap (``vault_meta['attachments.max_bytes']``, default 100 MiB).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.attachments import imaging, sniff
from sirat.clock import utcnow
from sirat.domain.vocab import AttachmentId, EntityId, ReportId
from sirat.errors import NotFound, PermissionDenied, SiratError, ValidationError
from sirat.export.types import AnnexImage
from sirat.models import Attachment, Entity, VaultMeta
from sirat.services.audit import log as audit
from sirat.services.reports.attachment_rows import forget
from sirat.services.reports.records import get_row, require_editable
from sirat.services.roles import require_role
from sirat.vault import Vault, blobs

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
MAX_KEY = "attachments.max_bytes"
NAME_LIMIT = 200


class TooLarge(SiratError):
    pass


@dataclass(frozen=True)
class AttachmentView:
    """One attachment as the app and the CLI see it (no key, no content)."""

    id: AttachmentId
    report_id: ReportId | None
    entity_id: EntityId | None
    media_type: str
    type_label: str
    is_image: bool
    name: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    has_thumbnail: bool
    created_at: str
    created_by: int


@dataclass(frozen=True)
class Problem:
    """What ``vault check`` says about the attachments (counts and blob names only)."""

    message: str


def _view(row: Attachment) -> AttachmentView:
    kind = sniff.FileType(row.media_type, sniff.detect_label(row.media_type),
                          sniff.is_image_type(row.media_type))
    return AttachmentView(AttachmentId(row.id),
                          None if row.report_id is None else ReportId(row.report_id),
                          None if row.entity_id is None else EntityId(row.entity_id),
                          row.media_type, kind.label,
                          kind.is_image, row.original_name, row.size, row.sha256, row.width,
                          row.height, row.thumbnail is not None, row.created_at, row.created_by)


# ---- the size cap ------------------------------------------------------------------------
def max_bytes(vault: Vault) -> int:
    with vault.session() as s:
        value = s.get(VaultMeta, MAX_KEY)
    try:
        return int(value.value) if value is not None else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def set_max_bytes(vault: Vault, limit: int) -> None:
    """Administrators: the largest file anyone may attach."""
    require_role(vault, "administrator")
    if not 1024 <= limit <= 4 * 1024 ** 3:
        raise ValidationError.single("max_bytes", "The limit must be between 1 KiB and 4 GiB.",
                                     "Give it in MiB, for example 100.")
    with vault.session(write=True) as s:
        row = s.get(VaultMeta, MAX_KEY)
        if row is None:
            s.add(VaultMeta(key=MAX_KEY, value=str(limit)))
        else:
            row.value = str(limit)
        audit.record(s, actor_id=vault.info.user_id, action="attachment.limit",
                     object_type="vault", details={"max_bytes": limit})


def _too_large(size: int, limit: int) -> TooLarge:
    return TooLarge(
        f"The file is {size / 1048576:.1f} MiB; attachments are limited to "
        f"{limit / 1048576:.1f} MiB in this vault.",
        "Reduce it (scan at a lower resolution) or ask an administrator to raise the limit "
        "(`sirat attach limit`).")


def read_source(path: Path, limit: int) -> bytes:
    """Read a file to attach, refusing it before reading if it is larger than ``limit``."""
    try:
        # A regular file only: opening a pipe or a device would block or never end.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ValidationError.single("file", f"{path} is not a regular file.",
                                         "Choose a file.")
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise _too_large(size, limit)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise NotFound(f"There is no file at {path}.", "Check the path.") from None
    except IsADirectoryError:
        raise ValidationError.single("file", f"{path} is a folder.", "Choose a file.") from None
    except PermissionError:
        raise PermissionDenied(f"{path} cannot be read.", "Check its permissions.") from None
    if len(data) > limit:  # grew while we read it
        raise _too_large(len(data), limit)
    return data


# ---- attach --------------------------------------------------------------------------------
def _check_owner(vault: Vault, s: Session, report_id: int | None,
                 entity_id: int | None) -> None:
    if (report_id is None) == (entity_id is None):
        raise ValidationError.single("owner", "Attach a file to one report or one entity.",
                                     "Name the report or the entity.")
    if report_id is not None:
        require_editable(vault, get_row(s, ReportId(report_id)))
    else:
        require_role(vault, "analyst", "supervisor")
        if s.get(Entity, entity_id) is None:
            raise NotFound(f"There is no entity {entity_id}.", "Check the entity id.")


def _clean_name(name: str) -> str:
    base = Path(name).name.strip() or "attachment"
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "\u202e\u202d\u2066\u2067")
    return base[:NAME_LIMIT] or "attachment"


def add_attachment(vault: Vault, data: bytes, name: str, *, report_id: ReportId | None = None,
                   entity_id: EntityId | None = None,
                   render: Callable[[bytes, str, int], imaging.Rendered] = imaging.render,
                   ) -> AttachmentView:
    """Attach ``data`` (already read, size-capped by the caller or here) to one owner."""
    limit = max_bytes(vault)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise ValidationError.single("file", "The file is empty.", "Choose another file.")
    with vault.session() as s:  # fail early, before the work; checked again under the lock
        _check_owner(vault, s, report_id, entity_id)
    kind = sniff.detect(data[:4096])
    file_key = blobs.new_file_key()
    blob = blobs.new_blob_name()
    # The thumbnail's child process decodes while this process hashes and encrypts (two
    # cores; the waiting thread holds no lock). A refused image discards the ciphertext.
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(render, data, "thumb", imaging.THUMB_SIZE) \
            if kind.is_image else None
        digest = hashlib.sha256(data).hexdigest()
        tmp = blobs.encrypt_to_temp(vault.path, data, file_key)
        try:
            thumb = pending.result() if pending is not None else None
        except BaseException:
            blobs.discard(tmp)
            raise
    try:
        with vault.session(write=True) as s:
            _check_owner(vault, s, report_id, entity_id)
            row = Attachment(
                blob=blob, report_id=report_id, entity_id=entity_id,
                media_type=kind.media_type, original_name=_clean_name(name), size=len(data),
                sha256=digest, wrapped_key=vault.wrap_file_key(blob, file_key),
                thumbnail=thumb.jpeg if thumb else None,
                width=thumb.width if thumb else None, height=thumb.height if thumb else None,
                created_at=utcnow(), created_by=vault.info.user_id)
            s.add(row)
            s.flush()
            audit.record(s, actor_id=vault.info.user_id, action="attachment.add",
                         object_type="attachment", object_id=row.id,
                         details={"report": report_id, "entity": entity_id,
                                  "sha256": digest, "size": len(data),
                                  "media_type": kind.media_type})
            # The file gets its name under the lock, before the commit: a row never exists
            # without its file (and a sweep, which also takes the lock, never sees this file
            # without its row unless the commit then fails -- an orphan it may remove).
            blobs.install(vault.path, tmp, blob)
            view = _view(row)
    except BaseException:
        blobs.discard(tmp)
        raise
    return view


def add_file(vault: Vault, path: Path, *, report_id: ReportId | None = None,
             entity_id: EntityId | None = None) -> AttachmentView:
    data = read_source(Path(path), max_bytes(vault))
    return add_attachment(vault, data, Path(path).name, report_id=report_id,
                          entity_id=entity_id)


# ---- read ------------------------------------------------------------------------------------
def list_attachments(vault: Vault, *, report_id: ReportId | None = None,
                     entity_id: EntityId | None = None) -> list[AttachmentView]:
    with vault.session() as s:
        q = select(Attachment).order_by(Attachment.id)
        if report_id is not None:
            q = q.where(Attachment.report_id == report_id)
        if entity_id is not None:
            q = q.where(Attachment.entity_id == entity_id)
        return [_view(r) for r in s.scalars(q)]


def _row(s: Session, attachment_id: AttachmentId) -> Attachment:
    row = s.get(Attachment, attachment_id)
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id}.",
                       "List them with `sirat attach list`.")
    return row


def get_attachment(vault: Vault, attachment_id: AttachmentId) -> AttachmentView:
    with vault.session() as s:
        return _view(_row(s, attachment_id))


def thumbnail(vault: Vault, attachment_id: AttachmentId) -> bytes | None:
    """The stored JPEG thumbnail (made in the child when attached), or None."""
    with vault.session() as s:
        return s.execute(select(Attachment.thumbnail).where(
            Attachment.id == attachment_id)).scalar_one_or_none()


def _content(vault: Vault, row: Attachment) -> bytes:
    file_key = vault.unwrap_file_key(row.blob, row.wrapped_key)
    return blobs.read(vault.path, row.blob, file_key, row.sha256)


def content_of(vault: Vault, attachment_id: AttachmentId) -> tuple[AttachmentView, bytes]:
    """The decrypted content in memory (for the annex and the exchange; not audited here:
    the caller's own record names what left)."""
    with vault.session() as s:
        row = _row(s, attachment_id)
        s.expunge(row)
    return _view(row), _content(vault, row)


def view_image(vault: Vault, attachment_id: AttachmentId, size: int = imaging.VIEW_SIZE) -> bytes:
    """A JPEG of an image attachment for the viewer: decoded and re-encoded in the child
    (pixels only), recorded as a consultation."""
    with vault.session() as s:
        row = _row(s, attachment_id)
        s.expunge(row)
    if not sniff.is_image_type(row.media_type):
        raise ValidationError.single(
            "attachment", "Only images can be viewed in SIRAT.",
            "Use \"Export a decrypted copy…\" to open it with another program.")
    data = _content(vault, row)
    jpeg = imaging.render(data, "clean", size).jpeg
    audit.consult(vault, lambda _s: row.id,
                  lambda rid: {"action": "attachment.view", "object_type": "attachment",
                               "object_id": rid})
    return jpeg


def export_copy(vault: Vault, attachment_id: AttachmentId, deliver: Callable[[bytes], None]) -> str:
    """Hand a decrypted copy to ``deliver`` (the caller's atomic file write) inside an
    audited transaction: no copy leaves without its record. Returns the SHA-256."""
    with vault.session() as s:
        row = _row(s, attachment_id)
        s.expunge(row)
    data = _content(vault, row)
    with vault.session(write=True) as s:
        _row(s, attachment_id)
        audit.record(s, actor_id=vault.info.user_id, action="attachment.export",
                     object_type="attachment", object_id=attachment_id,
                     details={"sha256": row.sha256, "size": row.size})
        deliver(data)
    return row.sha256


# ---- delete ----------------------------------------------------------------------------------


def delete_attachment(vault: Vault, attachment_id: AttachmentId) -> None:
    with vault.session(write=True) as s:
        row = _row(s, attachment_id)
        _check_owner(vault, s, row.report_id, row.entity_id)
        gone = forget(s, vault.info.user_id, attachment_id=attachment_id)
    blobs.remove(vault.path, gone)


# ---- keeping the folder and the rows together ------------------------------------------------
def sweep(vault: Vault) -> tuple[int, int]:
    """Under the write lock: remove orphan files (no row) and stale temporary files."""
    with vault.session(write=True) as s:
        known = set(s.scalars(select(Attachment.blob)))
        return blobs.sweep(vault.path, known)


def check(vault: Vault) -> list[str]:
    """Every attachment's file authenticates and holds the recorded content; no file is
    missing and none is extra (``blobs.check_attachments``; ``vault check`` runs it)."""
    return blobs.check_attachments(vault)


# ---- dissemination ---------------------------------------------------------------------------
def annex_images(vault: Vault, s: Session, report_id: ReportId, entity_ids: set[EntityId],
                 chosen: tuple[int, ...]) -> tuple[AnnexImage, ...]:
    """The chosen attachments as images for a PDF annex: each must be an image attached to
    the report or to one of its entities; decrypted in memory and re-encoded by the child
    process from pixels only (no EXIF, GPS, XMP, comment or ICC profile survives)."""
    out: list[AnnexImage] = []
    for number, attachment_id in enumerate(dict.fromkeys(chosen), start=1):
        row = s.get(Attachment, attachment_id)
        if row is None or not (row.report_id == report_id or row.entity_id in entity_ids):
            raise NotFound(f"Attachment {attachment_id} is not attached to this report or "
                           "to an entity linked to it.",
                           "See `sirat attach list --report REF`.")
        if not sniff.is_image_type(row.media_type):
            raise ValidationError.single(
                "attachments", f"Attachment {attachment_id} is not an image; only images go "
                "into the PDF annex.", "Send other files through the exchange instead.")
        data = _content(vault, row)
        clean = imaging.render(data, "clean", imaging.ANNEX_SIZE)
        out.append(AnnexImage(number, row.id, row.original_name, clean.jpeg, clean.out_width,
                              clean.out_height, row.sha256,
                              hashlib.sha256(clean.jpeg).hexdigest()))
    return tuple(out)


def images_for_release(vault: Vault, report_id: ReportId) -> list[AttachmentView]:
    """The images a dissemination of this report may print: attached to the report or to
    an entity linked to it (what ``annex_images`` accepts)."""
    from sirat.models import ReportEntity

    with vault.session() as s:
        entity_ids = select(ReportEntity.entity_id).where(ReportEntity.report_id == report_id)
        rows = s.scalars(select(Attachment).where(
            (Attachment.report_id == report_id) | Attachment.entity_id.in_(entity_ids))
            .order_by(Attachment.id))
        return [v for v in map(_view, rows) if v.is_image]
