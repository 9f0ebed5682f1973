"""Failed sign-in throttling and recording.

The vault database cannot be written without a key, so failed attempts are kept in
``failed-signins.jsonl`` beside it: a time stamp and the id of the slot tried, or "unknown"
(never the name typed, a hash of it, or the passphrase). Each recent failure doubles the
wait before the next attempt; the next successful sign-in moves the records into the audit
log.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FILE_NAME = "failed-signins.jsonl"
WINDOW = timedelta(minutes=15)
MAX_DELAY_S = 30.0


class SigninThrottle:
    def __init__(self, vault_path: Path) -> None:
        self.file = vault_path / FILE_NAME

    def _records(self) -> list[dict[str, str]]:
        try:
            lines = self.file.read_text("utf-8").splitlines()
        except OSError:
            return []
        out = []
        for line in lines:
            with contextlib.suppress(ValueError):
                rec = json.loads(line)
                if isinstance(rec, dict):
                    out.append({str(k): str(v) for k, v in rec.items()})
        return out

    def recent_failures(self) -> int:
        cutoff = datetime.now(UTC) - WINDOW
        count = 0
        for rec in self._records():
            with contextlib.suppress(ValueError, KeyError):
                if datetime.fromisoformat(rec["at"]) >= cutoff:
                    count += 1
        return count

    def delay(self) -> float:
        n = self.recent_failures()
        if n <= 1:
            return 0.0
        return float(min(MAX_DELAY_S, 0.5 * 2.0 ** (n - 2)))

    def wait(self) -> None:
        pause = self.delay()
        if pause:
            time.sleep(pause)

    def record_failure(self, lookup: str | None) -> None:
        """Record a failed attempt on an existing slot (``lookup``) or on an unknown name.

        Only an existing slot's id is written (it is in keyslots.json anyway). The id of an
        unknown name would be HMAC(vault id, what was typed) -- and the vault id is public,
        so whatever was typed (a passphrase typed into the name field, say) could then be
        guessed offline at hash speed.
        """
        slot = lookup[:16] if lookup else "unknown"
        rec = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "slot": slot}
        with contextlib.suppress(OSError):
            fd = os.open(self.file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, (json.dumps(rec) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)

    def take_failures(self) -> list[dict[str, str]]:
        """Return the recorded failures and clear them (called after a successful unlock)."""
        records = self._records()
        if records:
            with contextlib.suppress(OSError):
                self.file.unlink()
        return records
