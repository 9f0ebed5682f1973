"""Filter panel: node kinds, relation types, crime areas and a date range.

Builds a ChartFilter from the user's choices; options come from the graph, so
relation types and crime areas appear as the chart grows (new ones checked).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.chart.graph import NODE_KINDS, ChartFilter, ChartGraph
from sirat.chart.style import KIND_NAMES

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FilterPanel(QWidget):
    """Emits ``filterChanged(ChartFilter)`` on every change."""

    filterChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        kinds_box = QGroupBox("Show kinds", self)
        kinds_layout = QVBoxLayout(kinds_box)
        self.kind_boxes: dict[str, QCheckBox] = {}
        for kind in NODE_KINDS:
            box = QCheckBox(KIND_NAMES[kind], kinds_box)
            box.setChecked(True)
            box.toggled.connect(self._emit)
            kinds_layout.addWidget(box)
            self.kind_boxes[kind] = box
        layout.addWidget(kinds_box)
        self.relations = self._checklist("Relations and roles", layout)
        self.areas = self._checklist("Crime areas", layout)
        dates = QGroupBox("Dates", self)
        form = QFormLayout(dates)
        self.date_from = QLineEdit(dates)
        self.date_to = QLineEdit(dates)
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText("YYYY or YYYY-MM or YYYY-MM-DD")
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(self._emit)
        form.addRow("From", self.date_from)
        form.addRow("To", self.date_to)
        layout.addWidget(dates)
        reset = QPushButton("Show everything", self)
        reset.clicked.connect(self.reset)
        layout.addWidget(reset)
        layout.addStretch(1)

    def _checklist(self, title: str, layout: QVBoxLayout) -> QListWidget:
        box = QGroupBox(title, self)
        inner = QVBoxLayout(box)
        widget = QListWidget(box)
        widget.setMaximumHeight(150)
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemChanged.connect(self._emit)
        inner.addWidget(widget)
        layout.addWidget(box)
        return widget

    def set_options(self, graph: ChartGraph) -> None:
        """Offer the relation types and crime areas present in ``graph``."""
        self._fill(self.relations, {e.label for e in graph.edges()})
        self._fill(self.areas, {n.crime_area for n in graph.nodes() if n.crime_area})

    def _fill(self, widget: QListWidget, values: set[str]) -> None:
        unchecked = {
            widget.item(i).text()
            for i in range(widget.count())
            if widget.item(i).checkState() != Qt.CheckState.Checked
        }
        widget.blockSignals(True)
        widget.clear()
        for value in sorted(values):
            item = QListWidgetItem(value, widget)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Unchecked if value in unchecked else Qt.CheckState.Checked
            item.setCheckState(state)
        widget.blockSignals(False)

    @staticmethod
    def _checked(widget: QListWidget) -> frozenset[str] | None:
        items = [widget.item(i) for i in range(widget.count())]
        if all(i.checkState() == Qt.CheckState.Checked for i in items):
            return None
        return frozenset(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)

    @staticmethod
    def _date(edit: QLineEdit) -> str | None:
        text = edit.text().strip()
        ok = not text or bool(_DATE.match(text))
        edit.setStyleSheet("" if ok else "QLineEdit { border: 1px solid #b8322e; }")
        edit.setToolTip("" if ok else "Use YYYY, YYYY-MM or YYYY-MM-DD")
        return text if text and ok else None

    def current_filter(self) -> ChartFilter:
        kinds = frozenset(k for k, box in self.kind_boxes.items() if box.isChecked())
        return ChartFilter(
            kinds=None if len(kinds) == len(self.kind_boxes) else kinds,
            relation_types=self._checked(self.relations),
            crime_areas=self._checked(self.areas),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
        )

    def set_filter(self, chart_filter: ChartFilter) -> None:
        """Show ``chart_filter`` (e.g. from a saved chart) without emitting."""
        self.blockSignals(True)
        for kind, box in self.kind_boxes.items():
            box.setChecked(chart_filter.kinds is None or kind in chart_filter.kinds)
        for widget, chosen in (
            (self.relations, chart_filter.relation_types),
            (self.areas, chart_filter.crime_areas),
        ):
            for i in range(widget.count()):
                item = widget.item(i)
                on = chosen is None or item.text() in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.date_from.setText(chart_filter.date_from or "")
        self.date_to.setText(chart_filter.date_to or "")
        self.blockSignals(False)

    def reset(self) -> None:
        self.set_filter(ChartFilter())
        self._emit()

    def _emit(self, *_args: object) -> None:
        self.filterChanged.emit(self.current_filter())
