"""The one clock: every time SIRAT stores is UTC ISO-8601 with microseconds.

Such strings sort chronologically as text (indexes and ``ORDER BY`` on them work), and one
precision everywhere keeps "before/after" comparisons between tables honest.
"""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(at: datetime | None = None) -> str:
    """The stored form of ``at`` (default: now)."""
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def utcnow() -> str:
    """Now, in the stored form."""
    return timestamp()
