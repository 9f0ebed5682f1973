"""Report ▸ New analytical product: template, period, crime areas, classification.

SIRAT drafts the product (its figures counted from approved reports); the analyst then
writes the assessment in the editor and sends it through the usual review.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.services.reports.reference import reference_data
from sirat.services.stats import product
from sirat.services.stats.templates import TEMPLATES
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label

if TYPE_CHECKING:
    from sirat.services.reports.reference import ReferenceData
    from sirat.services.reports.types import ReportView


def last_complete_period(length: str, today: date | None = None) -> str:
    """The last half-year, quarter or year that has ended (the usual one to report on)."""
    today = today or date.today()
    if length == "year":
        return str(today.year - 1)
    if length == "quarter":
        q = (today.month - 1) // 3
        return f"{today.year - 1}-Q4" if q == 0 else f"{today.year}-Q{q}"
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


class ProductDialog(QDialog):
    """Drafts the product on the vault worker; ``created`` carries the new report's id."""

    created = Signal(int)

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — new analytical product")
        self.setObjectName("productDialog")
        self._context = context
        self.banner = Banner(self)
        self.template = named(QComboBox(self), "productTemplate")
        for t in TEMPLATES.values():
            self.template.addItem(t.title, t.code)
        self.period = named(QLineEdit(self), "productPeriod")
        self.period.setPlaceholderText("2026-H1, 2026-Q3 or 2026")
        self.areas = named(QListWidget(self), "productAreas")
        self.classification = named(QComboBox(self), "productClassification")
        self.template.currentIndexChanged.connect(self._template_changed)
        form = QFormLayout()
        form.addRow("&Template", self.template)
        form.addRow("&Period", self.period)
        form.addRow("&Crime areas", self.areas)
        form.addRow("C&lassification", self.classification)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Draft it")
        self.buttons.accepted.connect(self.draft)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(plain_label(
            "SIRAT counts approved and disseminated reports of the period and drafts the key "
            "figures, trend charts, top places and routes and the tables; you write the "
            "assessment. Observers' copies hide small counts.", self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 480)
        context.run(reference_data, on_success=self._reference, on_failure=self.banner.show_error,
                    owner=self, name="product.reference")

    def _reference(self, data: ReferenceData) -> None:
        self.areas.clear()
        for area in data.crime_areas:
            item = QListWidgetItem(area.name, self.areas)
            item.setData(Qt.ItemDataRole.UserRole, area.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.classification.clear()
        for c in data.classifications:
            self.classification.addItem(c.name, c.code)
        self.classification.setCurrentIndex(max(0, self.classification.findData("RESTRICTED")))
        self._template_changed()

    def _template_changed(self, *_: object) -> None:
        chosen = TEMPLATES[self.template.currentData()]
        self.period.setText(last_complete_period(chosen.period))
        for i in range(self.areas.count()):
            item = self.areas.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in chosen.crime_areas
                               else Qt.CheckState.Unchecked)

    def chosen_areas(self) -> tuple[str, ...]:
        return tuple(str(self.areas.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.areas.count())
                     if self.areas.item(i).checkState() == Qt.CheckState.Checked)

    def draft(self) -> None:
        template, period = self.template.currentData(), self.period.text()
        areas, classification = self.chosen_areas(), self.classification.currentData()
        if not period.strip():
            self.banner.show_error(SiratError("Choose the period.", "Write it as 2026-H1."))
            return
        self.buttons.setEnabled(False)
        self._context.run(
            lambda v: product.create_product(v, template, period, areas,
                                             classification=classification or "RESTRICTED"),
            on_success=self._drafted, on_failure=self._failed, owner=self,
            name="product.create")

    def _failed(self, error: SiratError) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_error(error)

    def _drafted(self, view: ReportView) -> None:
        self.created.emit(int(view.id))
        self.accept()
