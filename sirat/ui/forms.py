"""Form rows with a place for their validation message, shown next to the field.

A :class:`ValidationError` carries every problem at once; :meth:`FieldProblems.show` puts
each message under the field it concerns and returns those that have no field here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import FieldProblem
from sirat.ui.table_model import RowsModel

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as HTML (user text is shown as typed)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip showing ``text`` as typed. Qt guesses whether a tooltip is rich text, so
    user text is escaped and marked as rich text explicitly (``<b>`` stays ``<b>``)."""
    return f"<p>{html.escape(text)}</p>"


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldProblems:
    """Maps field names to their input widget and problem label."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget,
                hint: str = "") -> QLabel:
        """Add ``label: widget`` to ``form`` with a hint and a hidden problem label below."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = plain_label(hint, box)
            hint_label.setObjectName("fieldHint")
            column.addWidget(hint_label)
        problem = self.attach(field, widget, box)
        column.addWidget(problem)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, box)
        return problem

    def attach(self, field: str, widget: QWidget, parent: QWidget | None = None) -> QLabel:
        """Register an input that lays out its own problem label."""
        problem = plain_label("", parent)
        problem.setObjectName("fieldProblem")
        problem.setAccessibleName(f"Problem with {field}")
        problem.hide()
        self._labels[field] = problem
        self._inputs[field] = widget
        return problem

    def clear(self) -> None:
        for field, label in self._labels.items():
            label.clear()
            label.hide()
            widget = self._inputs[field]
            widget.setProperty("invalid", False)
            _restyle(widget)

    def show(self, problems: Iterable[FieldProblem]) -> list[FieldProblem]:
        """Show each problem next to its field; return those without a field here."""
        self.clear()
        unplaced: list[FieldProblem] = []
        texts: dict[str, list[str]] = {}
        for problem in problems:
            if problem.field in self._labels:
                line = problem.message + (f" {problem.hint}" if problem.hint else "")
                texts.setdefault(problem.field, []).append(line)
            else:
                unplaced.append(problem)
        first: QWidget | None = None
        for field, lines in texts.items():
            label = self._labels[field]
            label.setText("\n".join(lines))
            label.show()
            widget = self._inputs[field]
            widget.setProperty("invalid", True)
            _restyle(widget)
            first = first or widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def text(self, field: str) -> str:
        """The problem shown for ``field`` ('' when none): what the user reads."""
        label = self._labels.get(field)
        return "" if label is None or label.isHidden() else label.text()

    def shown(self) -> dict[str, str]:
        return {f: lab.text() for f, lab in self._labels.items() if not lab.isHidden()}

    def fields(self) -> list[str]:
        return list(self._labels)


def named(widget: W, name: str) -> W:
    """Give ``widget`` an object name (tests and style sheets find it by this name)."""
    widget.setObjectName(name)
    return widget


class PickTable(QTableView, Generic[T]):
    """A read-only table of whole rows to pick one from (the admin dialogs' lists), over a
    :class:`~sirat.ui.table_model.RowsModel` of the rows a service returned: columns fitted
    to their contents, ``stretch`` (else the last) taking the rest of the width."""

    def __init__(self, parent: QWidget, columns: Sequence[str],
                 cells: Callable[[T], Sequence[object]], name: str,
                 stretch: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.rows_model: RowsModel[T] = RowsModel.of(columns, cells, self)
        self.setModel(self.rows_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def set_rows(self, rows: Sequence[T]) -> None:
        """Show ``rows``; the picked row stays picked where it was (a reload after an edit
        keeps the row the user works on)."""
        row = self.currentIndex().row()
        self.rows_model.set_rows(rows)
        if 0 <= row < len(rows):
            self.selectRow(row)

    def rows(self) -> list[T]:
        return self.rows_model.rows()

    def current(self) -> T | None:
        """The row the user picked (None: none)."""
        index = self.currentIndex()
        return self.rows_model.row_at(index.row()) if index.isValid() else None

    def rowCount(self) -> int:
        return self.rows_model.rowCount()

    def cell(self, row: int, column: int) -> str:
        """The text shown in a cell (tests and screenshots read the table like a user)."""
        return str(self.rows_model.index(row, column).data() or "")
