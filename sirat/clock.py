"""The one clock: every time SIRAT stores is UTC ISO-8601 with microseconds.

Such strings sort chronologically as text (indexes and ``ORDER BY`` on them work), and one
precision everywhere keeps "before/after" comparisons between tables honest. Code that
needs the moment as a ``datetime`` (a certificate's validity, a PDF's date, a file's stamp)
asks :func:`now`; nothing else reads the system clock (``tools/refactor/one_clock.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Now, as an aware UTC datetime: the one reading of the clock SIRAT makes."""
    return datetime.now(UTC)


def timestamp(at: datetime | None = None) -> str:
    """The stored form of ``at`` (default: now)."""
    return (at or now()).astimezone(UTC).isoformat(timespec="microseconds")


def utcnow() -> str:
    """Now, in the stored form."""
    return timestamp()
