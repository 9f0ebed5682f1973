"""Tools ▸ Crime areas… (administrators): add, rename, retire or bring back a crime area.

Every change goes through ``reference.save_crime_area`` (administrators only, audited
``reference.crime_area``); a retired area is no longer offered in the editor and the
filters, but reports that use it keep it. Codes are never changed (reports store them).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.services.reports import reference
from sirat.services.reports.reference import CodeName
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import PickTable, named, plain_label
from sirat.ui.host import HostWindow

COLUMNS = ("Code", "Name", "Description", "Offered")


def _area_cells(row: tuple[CodeName, bool]) -> tuple[str, ...]:
    area, active = row
    return area.code, area.name, area.description, "yes" if active else "retired"


def ask_area(parent: QWidget, area: CodeName | None) -> tuple[str, str, str] | None:
    """(code, name, description) for a new area or a renamed one (tests replace this)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("SIRAT — crime area")
    code = named(QLineEdit(area.code if area else "", dialog), "areaCode")
    code.setReadOnly(area is not None)  # reports store the code: it never changes
    code.setPlaceholderText("short code: letters, digits, _ (e.g. cyber_fraud)")
    name = named(QLineEdit(area.name if area else "", dialog), "areaName")
    description = named(QLineEdit(area.description if area else "", dialog), "areaDescription")
    form = QFormLayout()
    form.addRow("&Code:", code)
    form.addRow("&Name:", name)
    form.addRow("&Description:", description)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return code.text().strip(), name.text().strip(), description.text().strip()


class CrimeAreasDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — crime areas")
        self.setObjectName("crimeAreasDialog")
        self._context = context
        self.banner = Banner(self)
        self.table: PickTable[tuple[CodeName, bool]] = PickTable(
            self, COLUMNS, _area_cells, "crimeAreasTable", stretch=2)
        self.add_button = named(QPushButton("&Add…", self), "addArea")
        self.rename_button = named(QPushButton("Re&name…", self), "renameArea")
        self.retire_button = named(QPushButton("&Retire / bring back", self), "retireArea")
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.toggle_retired)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.add_button, self.rename_button, self.retire_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(plain_label("A retired crime area is no longer offered for new "
                                     "reports; reports that use it keep it.", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(820, 460)
        self.reload()

    @classmethod
    def open_for(cls, host: HostWindow) -> CrimeAreasDialog:
        dialog = cls(host.context, host)
        host.open_window(dialog)
        return dialog

    def reload(self) -> None:
        self._context.run(reference.crime_areas, on_success=self._show,
                          on_failure=self.banner.show_error, owner=self, name="crime_areas")

    def _show(self, rows: list[tuple[CodeName, bool]]) -> None:
        self.table.set_rows(rows)

    def _selected(self) -> tuple[CodeName, bool] | None:
        chosen = self.table.current()
        if chosen is not None:
            return chosen
        self.banner.show_message("Select a crime area first.", kind="warning")
        return None

    def _save(self, code: str, name: str, description: str, active: bool,
              done: str) -> None:
        self._busy(True)
        self._context.run(
            lambda v: reference.save_crime_area(v, code, name, description=description,
                                                active=active),
            on_success=lambda _area: self._done(done), on_failure=self.banner.show_error,
            owner=self, name="save_crime_area", on_done=lambda: self._busy(False))

    def add(self) -> None:
        answer = ask_area(self, None)
        if answer is None:
            return
        code, name, description = answer
        if any(area.code == code for area, _ in self.table.rows()):
            self.banner.show_message("A crime area with this code exists already.",
                                     "Rename it, or choose another code.", "warning")
            return
        self._save(code, name, description, True, f"Crime area “{name}” added.")

    def rename(self) -> None:
        found = self._selected()
        if found is None:
            return
        area, active = found
        answer = ask_area(self, area)
        if answer is None:
            return
        _code, name, description = answer
        self._save(area.code, name, description, active, f"Renamed to “{name}”.")

    def toggle_retired(self) -> None:
        found = self._selected()
        if found is None:
            return
        area, active = found
        self._save(area.code, area.name, area.description, not active,
                   f"“{area.name}” {'retired' if active else 'offered again'}.")

    def _busy(self, busy: bool) -> None:
        for button in (self.add_button, self.rename_button, self.retire_button):
            button.setEnabled(not busy)

    def _done(self, message: str) -> None:
        self.banner.show_message(message, "Recorded in the audit log.", "success")
        self.reload()

    def clear_for_lock(self) -> None:
        self.table.set_rows([])
