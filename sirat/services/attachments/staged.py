"""Attaching many files inside someone else's write transaction (an interchange import, an
exchange package): all the files or none, together with the rows.

The single attach (``store.add_attachment``) owns its transaction. An import does not: its
reports, entities and files are one use case. So the work is split like the single attach,
but for a whole batch:

1. **before the write lock** -- :meth:`Staging.stage` checks each file (size cap, not empty,
   type by content), thumbnails an image in the child process (a bomb or a broken image
   refuses the whole import) and encrypts it to a temporary file in the vault folder,
   fsynced, under a *new random* blob name;
2. **in the caller's write transaction** -- :meth:`Staging.attach` inserts the row and its
   audit record and renames the temporary file to its blob name (under the lock, so a sweep
   never sees it without its row unless the commit then fails);
3. **after** -- leaving the ``with Staging(...)`` block by an exception (a refused record,
   a failed commit) removes every file renamed in step 2 and every temporary file; leaving it
   normally removes the temporary files nobody used. A ``kill -9`` between 2 and the commit
   leaves blob files without rows, which the next sign-in's sweep removes (and ``vault check``
   reports until then); a kill during 1 leaves temporary files swept once stale.

The files never exist in the clear: the data is in memory, the file is ciphertext.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from sqlalchemy.orm import Session

from sirat.attachments import imaging, sniff
from sirat.clock import utcnow
from sirat.errors import ValidationError
from sirat.models import Attachment
from sirat.services.attachments.store import _clean_name, _too_large, max_bytes
from sirat.services.audit import log as audit
from sirat.vault import Vault, blobs


@dataclass(frozen=True, slots=True)
class StagedFile:
    """One file checked, thumbnailed and encrypted to a temporary file; no row yet."""

    name: str
    size: int
    sha256: str
    media_type: str
    blob: str
    file_key: str
    tmp: Path
    thumb: imaging.Rendered | None


@dataclass
class Staging:
    """A batch of files attached in one transaction, or not at all (module docstring)."""

    vault: Vault
    limit: int = 0
    _temps: list[Path] = field(default_factory=list)
    _installed: list[str] = field(default_factory=list)

    def __enter__(self) -> Staging:
        self.limit = max_bytes(self.vault)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None and self._installed:
            blobs.remove(self.vault.path, self._installed)
        for tmp in self._temps:
            blobs.discard(tmp)  # renamed ones are gone already; the rest were not used

    def stage(self, data: bytes, name: str) -> StagedFile:
        """Step 1 (no lock held): refuse what the single attach refuses; encrypt the rest."""
        if len(data) > self.limit:
            raise _too_large(len(data), self.limit)
        if not data:
            raise ValidationError.single("file", "An attached file is empty.",
                                         "Ask for the file again.")
        kind = sniff.detect(data[:4096])
        thumb = imaging.render(data, "thumb", imaging.THUMB_SIZE) if kind.is_image else None
        file_key = blobs.new_file_key()
        tmp = blobs.encrypt_to_temp(self.vault.path, data, file_key)
        self._temps.append(tmp)
        return StagedFile(_clean_name(name), len(data), hashlib.sha256(data).hexdigest(),
                          kind.media_type, blobs.new_blob_name(), file_key, tmp, thumb)

    def attach(self, s: Session, staged: StagedFile, *, report_id: int | None = None,
               entity_id: int | None = None, details: dict[str, object] | None = None) -> int:
        """Step 2, in the caller's write transaction: the row, its audit record, the file's
        final name. The caller has checked who may attach to this owner."""
        if (report_id is None) == (entity_id is None):
            raise ValueError("an attachment has exactly one owner")
        vault = self.vault
        thumb = staged.thumb
        row = Attachment(
            blob=staged.blob, report_id=report_id, entity_id=entity_id,
            media_type=staged.media_type, original_name=staged.name, size=staged.size,
            sha256=staged.sha256, wrapped_key=vault.wrap_file_key(staged.blob, staged.file_key),
            thumbnail=thumb.jpeg if thumb else None,
            width=thumb.width if thumb else None, height=thumb.height if thumb else None,
            created_at=utcnow(), created_by=vault.info.user_id)
        s.add(row)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="attachment.add",
                     object_type="attachment", object_id=row.id,
                     details={"report": report_id, "entity": entity_id,
                              "sha256": staged.sha256, "size": staged.size,
                              "media_type": staged.media_type, **(details or {})})
        # Recorded before the rename: if the rename itself fails half-way, the exit still
        # tries to remove the name.
        self._installed.append(staged.blob)
        blobs.install(vault.path, staged.tmp, staged.blob)
        return row.id
