"""One date format for the whole app, chosen in the settings (ISO 8601 by default).

The store keeps ISO 8601 (UTC, seconds) everywhere; what the user reads goes through
:func:`show_date` and :func:`show_time`, so every window shows the same format. The format is
a preference of the workstation (QSettings ``ui/date_format``: ``iso`` or ``dmy``), not
personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime

FORMATS = {"iso": ("%Y-%m-%d", "ISO 8601: 2026-03-14"),
           "dmy": ("%d.%m.%Y", "Day first: 14.03.2026")}
DEFAULT = "iso"
_chosen = {"format": DEFAULT}


def set_format(code: str) -> None:
    _chosen["format"] = code if code in FORMATS else DEFAULT


def current_format() -> str:
    return _chosen["format"]


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def show_date(text: str | None) -> str:
    """A stored date or timestamp as a date in the chosen format ('' for none; partial
    dates such as ``2026-03`` or ``about 2026`` are shown as written)."""
    if not text:
        return ""
    if len(text) < 10:
        return text
    found = _parse(text[:10])
    return found.strftime(FORMATS[current_format()][0]) if found else text


def show_time(text: str | None) -> str:
    """A stored timestamp as local date and time to the minute, in the chosen format."""
    if not text:
        return ""
    found = _parse(text)
    if found is None:
        return text
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    local = found.astimezone()
    return f"{local.strftime(FORMATS[current_format()][0])} {local:%H:%M}"
