"""Help: the keyboard shortcuts (built from the action registry) and About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import sirat
from sirat.ui.host import HostWindow
from sirat.ui.table_model import RowsModel


def shortcuts_model(host: HostWindow) -> RowsModel[tuple[str, str, str]]:
    """(menu, command, shortcut) of every action, in the order of the menus."""
    rows = []
    for action_id, action in host.actions_by_id.items():
        spec = host.context.registry.get(action_id)
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                         for s in action.shortcuts())
        rows.append((spec.menu.replace("&", ""), spec.text.replace("&", "").rstrip("…"), keys))
    model: RowsModel[tuple[str, str, str]] = RowsModel.of(("Menu", "Command", "Shortcut"),
                                                          lambda row: row)
    model.set_rows(rows)
    return model


class ShortcutsDialog(QDialog):
    def __init__(self, host: HostWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — keyboard shortcuts")
        self.model = shortcuts_model(host)
        view = QTableView(self)
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(560, 520)

    @classmethod
    def show_for(cls, host: HostWindow) -> None:
        dialog = cls(host, host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        host.open_window(dialog)


def show_about(parent: QWidget) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About SIRAT")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"SIRAT {getattr(sirat, '__version__', '')}".strip())
    box.setInformativeText(
        "Structured intelligence reporting for the operational center. Everything you "
        "enter stays in the encrypted vault."
    )
    box.exec()
