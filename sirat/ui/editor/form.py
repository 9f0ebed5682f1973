"""Every field of a report, with the code tables in words and a place for each problem.

The form turns its widgets into a :class:`ReportDraft` and back; validation messages from a
:class:`ValidationError` are shown next to the fields they concern, all at once.
"""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import FieldProblem
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportDraft
from sirat.ui.forms import FieldProblems, named, plain_label
from sirat.ui.signals import emit

DEFAULT_SCHEME = "europol-4x4"
INFO_DATE_HINT = "As precise as known: 2026-03-14, 2026-03, 2026, about 2026-03"
COUNTRY_HINT = "Two-letter code, e.g. RS, GR, BG"


def _field_of(problem_field: str) -> str:
    """'places[2]' -> 'places': list items are shown at the list's field."""
    return problem_field.split("[", 1)[0]


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _text_box(name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(lines * 22)
    return box


class ReportForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = FieldProblems()
        self._scheme = DEFAULT_SCHEME
        self.title = named(QLineEdit(), "title")
        self.crime_area = named(QComboBox(), "crimeArea")
        self.report_date = named(QLineEdit(), "reportDate")
        self.report_date.setText(date.today().isoformat())
        self.information_date = named(QLineEdit(), "informationDate")
        self.information_date.setPlaceholderText("2026, 2026-03, about 2026-03")
        self.places = named(QLineEdit(), "places")
        self.places.setPlaceholderText("Separate places with ;")
        self.country = named(QComboBox(), "reportingCountry")
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency = named(QLineEdit(), "agency")
        self.operation = named(QLineEdit(), "operation")
        self.reliability = named(QComboBox(), "sourceReliability")
        self.accuracy = named(QComboBox(), "informationAccuracy")
        self.classification = named(QComboBox(), "classification")
        self.handling_box = named(QWidget(), "handlingCodes")
        self.handling_layout = QVBoxLayout(self.handling_box)
        self.handling_layout.setContentsMargins(0, 0, 0, 0)
        self.handling: dict[str, QCheckBox] = {}
        self.h3_text = named(QLineEdit(), "h3Text")
        self.h3_text.setPlaceholderText("Write out the other restriction")
        self.h3_text.setEnabled(False)
        self.summary = _text_box("summary", 4)
        self.narrative = _text_box("narrative", 10)
        self.comment = _text_box("analystComment", 4)
        self.keywords = named(QLineEdit(), "keywords")
        self.keywords.setPlaceholderText("Separate keywords with commas")
        for combo in (self.crime_area, self.reliability, self.accuracy, self.classification):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self._build()
        self._connect_changes()

    # ---- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        p = self.problems
        what = QGroupBox("The report")
        form = QFormLayout(what)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p.add_row(form, "title", "&Title:", self.title)
        p.add_row(form, "crime_area", "&Crime area:", self.crime_area)
        p.add_row(form, "report_date", "Date of &report:", self.report_date,
                  "The full date: 2026-03-14 or 14.03.2026")
        p.add_row(form, "information_date", "Date of in&formation:", self.information_date,
                  INFO_DATE_HINT)
        p.add_row(form, "places", "&Places:", self.places)
        p.add_row(form, "reporting_country", "Reporting c&ountry:", self.country, COUNTRY_HINT)
        p.add_row(form, "agency", "Reporting a&gency:", self.agency)
        p.add_row(form, "operation", "Operation / task &force:", self.operation)
        grading = QGroupBox("Grading and handling")
        gform = QFormLayout(grading)
        gform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p.add_row(gform, "source_reliability", "&Source reliability:", self.reliability)
        p.add_row(gform, "information_accuracy", "Information &accuracy:", self.accuracy)
        p.add_row(gform, "handling_codes", "&Handling codes:", self.handling_box)
        p.add_row(gform, "h3_text", "H3 restriction:", self.h3_text)
        p.add_row(gform, "classification", "Classificat&ion:", self.classification)
        p.attach("grading_scheme", self.reliability)
        text = QGroupBox("What was reported")
        tform = QFormLayout(text)
        tform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p.add_row(tform, "summary", "Su&mmary:", self.summary)
        p.add_row(tform, "narrative", "&Narrative:", self.narrative)
        p.add_row(tform, "keywords", "&Keywords:", self.keywords)
        comment = QGroupBox("Analyst comment (kept apart from the reported information)")
        cform = QFormLayout(comment)
        cform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p.add_row(cform, "analyst_comment", "Co&mment:", self.comment)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (what, grading, text, comment):
            column.addWidget(box)
        column.addStretch(1)

    def _connect_changes(self) -> None:
        for edit in (self.title, self.report_date, self.information_date, self.places,
                     self.agency, self.operation, self.h3_text, self.keywords):
            edit.textEdited.connect(self.changed)
        for box in (self.summary, self.narrative, self.comment):
            box.textChanged.connect(self.changed)
        for combo in (self.crime_area, self.reliability, self.accuracy, self.classification):
            combo.activated.connect(lambda _=0: emit(self.changed))
        self.country.editTextChanged.connect(lambda _="": emit(self.changed))

    # ---- reference data ----------------------------------------------------------------------
    def set_reference(self, ref: ReferenceData, countries: list[tuple[str, str]]) -> None:
        """Fill the code tables in words; keeps current selections."""
        draft = self.draft()
        self._scheme = ref.default_scheme
        self.crime_area.clear()
        self.crime_area.addItem("— choose the crime area —", "")
        for area in ref.crime_areas:
            self.crime_area.addItem(area.name, area.code)
            if area.description:
                self.crime_area.setItemData(self.crime_area.count() - 1, area.description,
                                            Qt.ItemDataRole.ToolTipRole)
        self.country.clear()
        for code, name in countries:
            self.country.addItem(f"{code} — {name}", code)
        scheme = ref.scheme(self._scheme)
        self.reliability.clear()
        self.accuracy.clear()
        self.reliability.addItem("— choose —", "")
        self.accuracy.addItem("— choose —", "")
        if scheme is not None:
            for level in scheme.source_reliability:
                self.reliability.addItem(f"{level.code} — {level.wording}", level.code)
                self.reliability.setItemData(self.reliability.count() - 1, level.wording,
                                             Qt.ItemDataRole.ToolTipRole)
            for level in scheme.information_accuracy:
                self.accuracy.addItem(f"{level.code} — {level.wording}", level.code)
                self.accuracy.setItemData(self.accuracy.count() - 1, level.wording,
                                          Qt.ItemDataRole.ToolTipRole)
        self.classification.clear()
        self.classification.addItem("— choose —", "")
        for c in ref.classifications:
            self.classification.addItem(c.name, c.code)
        while self.handling_layout.count():
            item = self.handling_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.handling.clear()
        for h in ref.handling_codes:
            # The code on the box, its wording wrapped beside it: long wordings must not
            # force the form wider than the editor.
            row = QWidget(self.handling_box)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            box = QCheckBox(h.code, row)
            box.setObjectName(f"handling{h.code}")
            box.setToolTip(h.wording)
            box.setAccessibleDescription(h.wording)
            box.toggled.connect(lambda _=False: self._handling_toggled())
            words = plain_label(f"— {h.wording}", row)
            words.setBuddy(box)
            line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(words, 1)
            self.handling_layout.addWidget(row)
            self.handling[h.code] = box
        self._set_tab_order()
        self.set_draft(draft)

    def tab_chain(self) -> list[QWidget]:
        """The fields in the order they are shown: Tab walks exactly this way."""
        return [self.title, self.crime_area, self.report_date, self.information_date,
                self.places, self.country, self.agency, self.operation, self.reliability,
                self.accuracy, *self.handling.values(), self.h3_text, self.classification,
                self.summary, self.narrative, self.keywords, self.comment]

    def _set_tab_order(self) -> None:
        # The handling boxes are created after the other fields (they come from reference
        # data), so Qt's creation-order chain skipped them; set the chain explicitly.
        chain = self.tab_chain()
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _handling_toggled(self) -> None:
        h3 = self.handling.get("H3")
        self.h3_text.setEnabled(h3 is not None and h3.isChecked())
        emit(self.changed)

    # ---- values ------------------------------------------------------------------------------
    @staticmethod
    def _select(combo: QComboBox, code: str) -> None:
        i = combo.findData(code)
        combo.setCurrentIndex(i if i >= 0 else 0)

    def _country_code(self) -> str:
        text = self.country.currentText().strip()
        i = self.country.findText(text)
        if i >= 0:
            return str(self.country.itemData(i))
        return text.split("—")[0].strip().upper()

    def draft(self) -> ReportDraft:
        return ReportDraft(
            title=self.title.text().strip(),
            crime_area=self.crime_area.currentData() or "",
            report_date=self.report_date.text().strip(),
            reporting_country=self._country_code(),
            source_reliability=self.reliability.currentData() or "",
            information_accuracy=self.accuracy.currentData() or "",
            classification=self.classification.currentData() or "",
            information_date=self.information_date.text().strip(),
            places=_split(self.places.text(), ";"),
            agency=self.agency.text().strip(),
            operation=self.operation.text().strip(),
            grading_scheme=self._scheme,
            handling_codes=frozenset(c for c, b in self.handling.items() if b.isChecked()),
            h3_text=self.h3_text.text().strip() if self.h3_text.isEnabled() else "",
            summary=self.summary.toPlainText(),
            narrative=self.narrative.toPlainText(),
            analyst_comment=self.comment.toPlainText(),
            keywords=_split(self.keywords.text(), ","),
        )

    def set_draft(self, d: ReportDraft) -> None:
        blockers = [w.blockSignals(True) for w in self._signalling()]
        try:
            self.title.setText(d.title)
            self._select(self.crime_area, d.crime_area)
            self.report_date.setText(d.report_date)
            self.information_date.setText(d.information_date)
            self.places.setText("; ".join(d.places))
            i = self.country.findData(d.reporting_country)
            if i >= 0:
                self.country.setCurrentIndex(i)
            else:
                self.country.setEditText(d.reporting_country)
            self.agency.setText(d.agency)
            self.operation.setText(d.operation)
            self._scheme = d.grading_scheme or self._scheme
            self._select(self.reliability, d.source_reliability)
            self._select(self.accuracy, d.information_accuracy)
            self._select(self.classification, d.classification)
            for code, box in self.handling.items():
                box.setChecked(code in d.handling_codes)
            self.h3_text.setText(d.h3_text)
            self.h3_text.setEnabled("H3" in d.handling_codes)
            self.summary.setPlainText(d.summary)
            self.narrative.setPlainText(d.narrative)
            self.comment.setPlainText(d.analyst_comment)
            self.keywords.setText(", ".join(d.keywords))
        finally:
            for widget, was in zip(self._signalling(), blockers, strict=True):
                widget.blockSignals(was)

    def _signalling(self) -> list[QWidget]:
        return [self.title, self.crime_area, self.report_date, self.information_date,
                self.places, self.country, self.agency, self.operation, self.reliability,
                self.accuracy, self.classification, self.h3_text, self.summary,
                self.narrative, self.comment, self.keywords, *self.handling.values()]

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        """Put each problem next to its field; return those that have no field here.

        A list not chosen yet gets "Please choose ..." rather than the store's list of codes.
        """
        choices = {"crime_area": (self.crime_area, "crime area"),
                   "source_reliability": (self.reliability, "source reliability"),
                   "information_accuracy": (self.accuracy, "information accuracy"),
                   "classification": (self.classification, "classification")}
        mapped = []
        for p in problems:
            field = _field_of(p.field)
            combo = choices.get(field)
            if combo is not None and not combo[0].currentData():
                mapped.append(FieldProblem(field, f"Please choose the {combo[1]}."))
            else:
                mapped.append(FieldProblem(field, p.message, p.hint))
        return self.problems.show(mapped)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.title, self.report_date, self.information_date, self.places,
                     self.agency, self.operation, self.h3_text, self.keywords):
            edit.setReadOnly(read_only)
        for box in (self.summary, self.narrative, self.comment):
            box.setReadOnly(read_only)
        for w in (self.crime_area, self.country, self.reliability, self.accuracy,
                  self.classification, *self.handling.values()):
            w.setEnabled(not read_only)

    def clear_all(self) -> None:
        """Forget every value (lock)."""
        for edit in (self.title, self.report_date, self.information_date, self.places,
                     self.agency, self.operation, self.h3_text, self.keywords):
            edit.clear()
        for box in (self.summary, self.narrative, self.comment):
            box.clear()
        self.country.clear()
