"""One signal the dissemination windows share: "a report was exported" (register rows)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DisseminationEvents(QObject):
    exported = Signal(int)  # report id
    certificates_changed = Signal()


_events: DisseminationEvents | None = None


def events() -> DisseminationEvents:
    """The process-wide hub (created on first use, on the GUI thread)."""
    global _events  # noqa: PLW0603 - one hub per application
    if _events is None:
        _events = DisseminationEvents()
    return _events
