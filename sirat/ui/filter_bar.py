"""The filters above the report list: words, crime area, status, dates, country, grading.

Every change emits :attr:`FilterBar.changed` with a :class:`ListFilters`; the list model
hands them to the reports service, which filters in the store (never a proxy model).
Typing in the words field is debounced so the store is asked once per pause, not per key.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from sirat.domain.vocab import STATUSES
from sirat.services.formats.dates import DateProblem, parse_partial_date
from sirat.services.reports import reference
from sirat.services.reports.reference import RecipientView
from sirat.ui.context import Context
from sirat.ui.signals import emit
from sirat.vault import Vault

DEBOUNCE_MS = 300
ANY = ""


@dataclass(frozen=True)
class ListFilters:
    text: str = ""
    crime_area: str = ""
    status: str = ""
    date_from: str = ""  # ISO bounds from partial dates as typed
    date_to: str = ""
    country: str = ""
    source_reliability: str = ""
    information_accuracy: str = ""
    show: str = ""  # "" (all), MY_DRAFTS, RETURNED, TO_REVIEW


MY_DRAFTS, RETURNED, TO_REVIEW = "my_drafts", "returned", "to_review"
#: which quick views each role gets (an administrator writes and reviews nothing)
SHOW_CHOICES = {
    "analyst": ((MY_DRAFTS, "My drafts"), (RETURNED, "Returned to me")),
    "supervisor": ((TO_REVIEW, "Waiting for my review"), (MY_DRAFTS, "My drafts"),
                   (RETURNED, "Returned to me")),
}


def _combo(parent: QWidget, name: str, any_text: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItem(any_text, ANY)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(7)  # the list keeps room beside docked views at 1280
    return combo


class FilterBar(QWidget):
    changed = Signal(object)
    reference_loaded = Signal(object)

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._context = context
        self.text = QLineEdit(self)
        self.text.setObjectName("filterText")
        self.text.setPlaceholderText("Find reports: words in the reference, title or summary")
        self.text.setClearButtonEnabled(True)
        self.show_combo = _combo(self, "filterShow", "All reports")
        for code, words in SHOW_CHOICES.get(context.info.role, ()):
            self.show_combo.addItem(words, code)
        self.show_combo.setVisible(self.show_combo.count() > 1)
        self.crime_area = _combo(self, "filterCrimeArea", "Any crime area")
        self.status = _combo(self, "filterStatus", "Any status")
        for status in STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.date_from = QLineEdit(self)
        self.date_from.setObjectName("filterDateFrom")
        self.date_from.setPlaceholderText("from")
        self.date_from.setToolTip("Reports dated from: 2026-03-14, 2026-03 or 2026")
        self.date_to = QLineEdit(self)
        self.date_to.setObjectName("filterDateTo")
        self.date_to.setPlaceholderText("to")
        self.date_to.setToolTip("Reports dated up to: 2026-03-14, 2026-03 or 2026")
        self.country = _combo(self, "filterCountry", "Any country")
        self.reliability = _combo(self, "filterReliability", "Any source")
        self.accuracy = _combo(self, "filterAccuracy", "Any information")
        self.reset_button = QToolButton(self)
        self.reset_button.setText("Clear")
        self.reset_button.setToolTip("Clear every filter (Ctrl+Shift+L)")
        self.reset_button.clicked.connect(self.reset)
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 4)
        grid.setHorizontalSpacing(6)
        if self.show_combo.count() > 1:
            grid.addWidget(self.show_combo, 0, 0)
            grid.addWidget(self.text, 0, 1, 1, 3)
        else:  # an administrator: no quick views, the words field takes the room
            grid.addWidget(self.text, 0, 0, 1, 4)
        grid.addWidget(self.date_from, 0, 4)
        grid.addWidget(self.date_to, 0, 5)
        grid.addWidget(self.reset_button, 0, 6)
        grid.addWidget(self.crime_area, 1, 0)
        grid.addWidget(self.status, 1, 1)
        grid.addWidget(self.country, 1, 2)
        grid.addWidget(self.reliability, 1, 3)
        grid.addWidget(self.accuracy, 1, 4, 1, 3)
        grid.addWidget(self.problem, 2, 0, 1, 7)
        for column in range(4):
            grid.setColumnStretch(column, 2)
        grid.setColumnStretch(4, 1)
        grid.setColumnStretch(5, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.text.textChanged.connect(lambda _: self._debounce.start())
        self.text.returnPressed.connect(self._emit)
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self._emit)
        for combo in (self.show_combo, self.crime_area, self.status, self.country,
                      self.reliability, self.accuracy):
            combo.currentIndexChanged.connect(lambda _: self._emit())
        self._last: ListFilters | None = None
        self._muted = False

    # ---- reference data (vault worker) -------------------------------------------------
    def load_reference(self) -> None:
        def work(vault: Vault) -> tuple[reference.ReferenceData, list[RecipientView]]:
            return (reference.reference_data(vault),
                    reference.list_recipients(vault, "member-state"))

        self._context.run(work, on_success=self._fill, owner=self, name="filter_reference")

    def _fill(self, loaded: tuple[reference.ReferenceData, list[RecipientView]]) -> None:
        data, states = loaded
        self._muted = True
        try:
            for area in data.crime_areas:
                self.crime_area.addItem(area.name, area.code)
            for state in states:
                self.country.addItem(f"{state.code} — {state.name}", state.code)
            scheme = data.scheme(data.default_scheme)
            if scheme is not None:
                for level in scheme.source_reliability:
                    self.reliability.addItem(f"{level.code} — {level.wording}", level.code)
                    self.reliability.setItemData(self.reliability.count() - 1, level.wording,
                                                 Qt.ItemDataRole.ToolTipRole)
                for level in scheme.information_accuracy:
                    self.accuracy.addItem(f"{level.code} — {level.wording}", level.code)
                    self.accuracy.setItemData(self.accuracy.count() - 1, level.wording,
                                              Qt.ItemDataRole.ToolTipRole)
        finally:
            self._muted = False
        emit(self.reference_loaded, data)

    # ---- values --------------------------------------------------------------------------
    def current(self) -> ListFilters:
        low = self._bound(self.date_from, earliest=True)
        high = self._bound(self.date_to, earliest=False)
        return ListFilters(
            text=self.text.text().strip(),
            crime_area=self.crime_area.currentData() or ANY,
            status=self.status.currentData() or ANY,
            date_from=low,
            date_to=high,
            country=self.country.currentData() or ANY,
            source_reliability=self.reliability.currentData() or ANY,
            information_accuracy=self.accuracy.currentData() or ANY,
            show=self.show_combo.currentData() or ANY,
        )

    def _bound(self, edit: QLineEdit, *, earliest: bool) -> str:
        typed = edit.text().strip()
        if not typed:
            return ""
        try:
            parsed = parse_partial_date(typed)
        except DateProblem as exc:
            self.problem.setText(str(exc.args[0]))
            self.problem.show()
            return ""
        return parsed.earliest if earliest else parsed.latest

    def _emit(self) -> None:
        if self._muted:
            return
        self._debounce.stop()
        self.problem.hide()
        filters = self.current()
        if filters != self._last:
            self._last = filters
            emit(self.changed, filters)

    def reset(self) -> None:
        self._muted = True
        try:
            self.text.clear()
            self.date_from.clear()
            self.date_to.clear()
            for combo in (self.show_combo, self.crime_area, self.status, self.country,
                          self.reliability, self.accuracy):
                combo.setCurrentIndex(0)
        finally:
            self._muted = False
        self._emit()

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def clear_for_lock(self) -> None:
        self._debounce.stop()
        self._muted = True
        self.text.clear()
