"""Undo / redo of chart edits (hide or remove, collapse, expand, pin, move).

Every edit the view reports through ``ChartView.edited`` becomes one command on a
``QUndoStack`` holding the chart *before* and *after* (a copy of the graph with its pins,
and where each node was). Undo and redo put a whole state back, so an edit can never be
half undone whatever it touched. An expansion is followed by a layout: the layout's
result is folded into the expansion's "after", so redo brings the nodes back where they
were laid out.

The states hold names (node labels): the history is cleared when the vault locks
(``ChartWindow.clear_for_lock``) and lives only in memory.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sirat.chart.boxes import Position
from sirat.chart.graph import ChartGraph
from sirat.ui.chart.view import ChartView
from sirat.ui.signals import emit

State = tuple[ChartGraph, dict[str, Position]]

#: how many edits can be undone (each keeps a copy of the chart)
LIMIT = 100


class _Restore(QUndoCommand):
    """One edit: undo puts ``before`` back, redo ``after`` (the first redo is the edit itself)."""

    def __init__(self, history: ChartHistory, text: str, before: State, after: State) -> None:
        super().__init__(text)
        self.history = history
        self.before = before
        self.after = after
        self.settling = text.startswith("Expand")  # its layout is still to come
        self._done = True  # pushed after the edit happened: the first redo does nothing

    def undo(self) -> None:
        self.history.put_back(self.before)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.history.put_back(self.after)


class ChartHistory(QObject):
    """The undo stack of one chart view."""

    #: what can be undone or redone changed (the window updates its actions)
    changed = Signal()

    def __init__(self, view: ChartView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(LIMIT)
        self._last = self._state()
        # Bound slots: disconnected before the stack (a child) is destroyed.
        self.stack.indexChanged.connect(self._stack_changed)
        self.stack.canUndoChanged.connect(self._stack_changed)
        self.stack.canRedoChanged.connect(self._stack_changed)
        view.edited.connect(self._record)
        view.layoutFinished.connect(self._settled)

    def _stack_changed(self, *_args: object) -> None:
        emit(self.changed)

    def _state(self) -> State:
        return self.view.graph.copy(), self.view.positions()

    def _record(self, text: str) -> None:
        after = self._state()
        self.stack.push(_Restore(self, text, self._last, after))
        self._last = after

    def _settled(self) -> None:
        """A layout finished: the places it gave are the chart's current state."""
        self._last = self._state()
        index = self.stack.index()
        if index == self.stack.count() and index > 0:
            top = self.stack.command(index - 1)
            if isinstance(top, _Restore) and top.settling:
                top.after = self._last
                top.settling = False

    def put_back(self, state: State) -> None:
        graph, positions = state
        self.view.restore(graph, positions)
        self._last = self._state()

    def _refuse_while_busy(self) -> bool:
        if self.view.busy:
            self.view.message.emit("Wait for the chart to finish, then undo")
            return True
        return False

    def undo(self) -> None:
        if not self._refuse_while_busy() and self.stack.canUndo():
            text = self.stack.undoText()
            self.stack.undo()
            self.view.message.emit(f"Undone: {text}")

    def redo(self) -> None:
        if not self._refuse_while_busy() and self.stack.canRedo():
            text = self.stack.redoText()
            self.stack.redo()
            self.view.message.emit(f"Redone: {text}")

    def forget(self) -> None:
        """The vault is locking: drop every kept state (they hold names)."""
        self.stack.clear()
        self._last = self._state()
