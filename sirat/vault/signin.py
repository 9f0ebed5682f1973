"""Failed sign-in throttling and recording.

The vault database cannot be written without a key, so failed attempts are kept in
``failed-signins.jsonl`` beside it: a time stamp and the id of the slot tried, or "unknown"
(never the name typed, a hash of it, or the passphrase). Each recent failure doubles the
wait before the next attempt; the next successful sign-in moves the records into the audit
log -- and only *then* removes them from the file, so a sign-in that fails half-way (the vault
in use, the disk full) neither loses them nor lifts the delay.

The file is not authenticated. Times in the future (a clock set back, or an edited file) are
not counted as recent -- otherwise one line dated 2099 would make everyone wait 30 s forever --
and are clamped to the present when moved into the audit log.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sirat import clock
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes

FILE_NAME = "failed-signins.jsonl"
WINDOW = timedelta(minutes=15)
MAX_DELAY_S = 30.0
# Clocks of one workstation's processes agree; a little slack for a clock adjusted meanwhile.
FUTURE_SLACK = timedelta(minutes=1)


def clamp_time(text: str, now: datetime | None = None) -> datetime | None:
    """When a recorded failure happened, never later than now (None if unreadable)."""
    now = now or clock.now()
    try:
        at = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at, now)


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
        now = clock.now()
        cutoff, latest = now - WINDOW, now + FUTURE_SLACK
        count = 0
        for rec in self._records():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                at = datetime.fromisoformat(rec["at"])
                if at.tzinfo is None:
                    at = at.replace(tzinfo=UTC)
                if cutoff <= at <= latest:
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
        rec = {"at": clock.now().isoformat(timespec="seconds"), "slot": slot}
        with contextlib.suppress(OSError):
            fd = os.open(self.file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, (json.dumps(rec) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)

    def failures(self) -> list[dict[str, str]]:
        """The recorded failures; they stay in the file until :meth:`clear` is called."""
        return self._records()

    def clear(self, taken: list[dict[str, str]]) -> None:
        """Remove ``taken`` (now in the audit log) from the file; keep any failure recorded
        by another process since they were read."""
        if not taken:
            return
        records = self._records()
        rest = list(records)
        for rec in taken:
            with contextlib.suppress(ValueError):
                rest.remove(rec)
        with contextlib.suppress(OSError, SiratError):
            if not rest:
                self.file.unlink()
            elif len(rest) != len(records):
                atomic_write_bytes(
                    self.file, "".join(json.dumps(r) + "\n" for r in rest).encode(),
                    what="failed sign-in file",
                )
