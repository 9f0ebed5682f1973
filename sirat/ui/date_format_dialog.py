"""Tools ▸ Date format…: one format for every date the app shows (ISO 8601 by default).

Stored in this workstation's settings (``ui/date_format``), which hold no personal data.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

from sirat.domain.vocab import ReportId
from sirat.ui import dates
from sirat.ui.host import HostWindow

KEY = "ui/date_format"


def load(settings: QSettings) -> None:
    dates.set_format(str(settings.value(KEY, dates.DEFAULT)))


class DateFormatDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, current: str) -> str | None:
        """The chosen format code, or None. Tests replace this."""
        codes = list(dates.FORMATS)
        words = [dates.FORMATS[c][1] for c in codes]
        chosen, ok = QInputDialog.getItem(parent, "SIRAT — date format",
                                          "Show dates as:", words,
                                          codes.index(current) if current in codes else 0,
                                          False)
        return codes[words.index(chosen)] if ok and chosen in words else None

    @classmethod
    def edit(cls, host: HostWindow) -> None:
        chosen = cls.ask(host, dates.current_format())
        if chosen is None:
            return
        host.context.settings.setValue(KEY, chosen)
        dates.set_format(chosen)
        host.refresh()
        if host.detail.report_id is not None:
            host.detail.show_report(ReportId(host.detail.report_id))
        host.banner.show_info(f"Dates now read {dates.FORMATS[chosen][1].split(': ')[1]}.")
