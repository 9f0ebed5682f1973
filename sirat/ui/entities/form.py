"""A form per entity kind: names, fields and identifiers, built from the kind's spec.

Identifier checks (IMO, IBAN, VIN, MMSI, phone...) run as the analyst types and show their
warnings under the field, each with an "override" checkbox: real documents carry odd
numbers, so a failed check is a warning the analyst can confirm, not a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import FieldProblem
from sirat.services.entities.checks import identifier_warnings
from sirat.services.entities.types import (
    CHOICE_FIELDS,
    KINDS,
    EntityDraft,
    IdentifierValue,
    NameForm,
)
from sirat.services.formats.identifiers import IdentifierWarning
from sirat.ui.entity_words import (
    COUNTRY_IDENTIFIERS,
    FIELD_HINTS,
    IDENTIFIER_HINTS,
    field_label,
    identifier_label,
)
from sirat.ui.forms import FieldProblems, named, plain_label, tooltip
from sirat.ui.signals import emit

CHECK_DELAY_MS = 250
OVERRIDE_TEXT = "Keep as typed: this is what the source says"


class WarningList(QWidget):
    """The failed checks of one identifier and one "keep as typed" box for them.

    The space is reserved even when there is nothing to say: a warning appearing while the
    analyst types must not push the fields below it away from the pointer.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identifierWarnings")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.text = named(plain_label("", self), "warningText")
        # Fixed, not minimum: a long warning must not grow and push the form either; the
        # label says what failed, the tooltip adds how to check it.
        self.text.setFixedHeight(2 * self.text.fontMetrics().lineSpacing() + 2)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.box = named(QCheckBox(OVERRIDE_TEXT, self), "overrideWarning")
        for widget in (self.text, self.box):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
            widget.hide()
            column.addWidget(widget)
        #: warning key -> the box that keeps it (one box for all warnings of the value)
        self.boxes: dict[str, QCheckBox] = {}
        self.warnings: list[IdentifierWarning] = []

    def set_warnings(self, warnings: list[IdentifierWarning]) -> None:
        kept = set(self.acknowledged())
        self.warnings = list(warnings)
        keys = {w.key for w in warnings}
        # A confirmation covers what was confirmed: a new kind of warning asks again.
        self.box.setChecked(bool(keys) and keys <= kept)
        self.boxes = dict.fromkeys(keys, self.box)
        self.text.setText("\n".join(f"⚠ {w.message}" for w in warnings))
        self.text.setToolTip(tooltip("\n".join(f"{w.message} {w.hint}".strip()
                                                for w in warnings)))
        self.text.setVisible(bool(warnings))
        self.box.setVisible(bool(warnings))

    def acknowledged(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]


class IdentifierRow(QWidget):
    def __init__(self, itype: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itype = itype
        self.value = QLineEdit(self)
        self.value.setObjectName(f"ident_{itype}")
        self.value.setPlaceholderText(IDENTIFIER_HINTS.get(itype, ""))
        self.country = QLineEdit(self)
        self.country.setObjectName(f"ident_{itype}_country")
        self.country.setPlaceholderText("Country")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(80)
        self.country.setVisible(itype in COUNTRY_IDENTIFIERS)
        self.warnings = WarningList(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value, 1)
        row.addWidget(self.country)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.warnings)

    def identifier(self) -> IdentifierValue | None:
        value = self.value.text().strip()
        if not value:
            return None
        return IdentifierValue(self.itype, value, self.country.text().strip().upper())


class EntityForm(QWidget):
    """The form for one kind. ``search_text`` carries what to look up as the user types."""

    search_text = Signal(str)
    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        spec = KINDS[kind]
        self.problems = FieldProblems()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name: QLineEdit | None = None
        self.spellings: QLineEdit | None = None
        self.aliases: QLineEdit | None = None
        if spec.named:
            self.name = named(QLineEdit(self), "entityName")
            self.name.setPlaceholderText("As written, in its original script")
            self.spellings = named(QLineEdit(self), "entitySpellings")
            self.spellings.setPlaceholderText("The same name in other scripts, separated by ;")
            self.aliases = named(QLineEdit(self), "entityAliases")
            self.aliases.setPlaceholderText("Other names used, separated by ;")
            self.problems.add_row(form, "names", "&Name:", self.name)
            self.problems.add_row(form, "spellings", "Other &spellings:", self.spellings)
            self.problems.add_row(form, "aliases", "&Aliases:", self.aliases)
            for edit in (self.name, self.spellings, self.aliases):
                edit.textEdited.connect(self._typed)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        for key in spec.fields:
            widget: QLineEdit | QComboBox
            if key in CHOICE_FIELDS:
                widget = QComboBox(self)
                for choice in CHOICE_FIELDS[key]:
                    widget.addItem(choice.capitalize() if choice else "—", choice)
                widget.currentIndexChanged.connect(lambda _=0: emit(self.changed))
            else:
                widget = QLineEdit(self)
                widget.setPlaceholderText(FIELD_HINTS.get(key, ""))
                widget.textEdited.connect(lambda _="": emit(self.changed))
            widget.setObjectName(f"field_{key}")
            self.fields[key] = widget
            self.problems.add_row(form, f"fields.{key}", f"{field_label(key)}:", widget)
        self.identifiers: dict[str, IdentifierRow] = {}
        for itype in spec.identifiers:
            row = IdentifierRow(itype, self)
            row.value.textEdited.connect(self._typed)
            row.country.textEdited.connect(lambda _="": self._check_soon())
            self.identifiers[itype] = row
            self.problems.add_row(form, f"identifiers.{itype}", f"{identifier_label(itype)}:",
                                  row)
        self.private = QCheckBox("A private home (personal data)", self)
        self.private.setObjectName("isPrivate")
        if kind == "address":
            form.addRow("", self.private)
        else:
            self.private.hide()
        self.general = QLabel(self)
        self.general.setObjectName("fieldProblem")
        self.general.setTextFormat(Qt.TextFormat.PlainText)
        self.general.setWordWrap(True)
        self.general.hide()
        form.addRow(self.general)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_identifiers)

    def _typed(self, text: str) -> None:
        emit(self.changed)
        emit(self.search_text, text)
        self._check_soon()

    def _check_soon(self) -> None:
        self._check_timer.start()

    def check_identifiers(self) -> None:
        """Run the identifier checks now (pure functions; no vault access)."""
        self._check_timer.stop()
        for row in self.identifiers.values():
            ident = row.identifier()
            row.warnings.set_warnings(identifier_warnings([ident]) if ident else [])

    # ---- values ----------------------------------------------------------------------------
    def draft(self) -> EntityDraft:
        names: list[NameForm] = []
        if self.name is not None and self.name.text().strip():
            names.append(NameForm(self.name.text().strip()))
        for edit, alias in ((self.spellings, False), (self.aliases, True)):
            if edit is not None:
                names += [NameForm(t.strip(), alias) for t in edit.text().split(";")
                          if t.strip()]
        fields: dict[str, str] = {}
        for key, widget in self.fields.items():
            value = (str(widget.currentData() or "") if isinstance(widget, QComboBox)
                     else widget.text().strip())
            if value:
                fields[key] = value.upper() if key in ("nationality", "country", "flag",
                                                        "issuing_country") else value
        idents = tuple(i for i in (r.identifier() for r in self.identifiers.values()) if i)
        return EntityDraft(kind=self.kind, names=tuple(names), identifiers=idents,
                           fields=fields, is_private=self.private.isChecked())

    def set_draft(self, draft: EntityDraft) -> None:
        primary = [n.text for n in draft.names if not n.is_alias]
        if self.name is not None and primary:
            self.name.setText(primary[0])
        if self.spellings is not None:
            self.spellings.setText("; ".join(primary[1:]))
        if self.aliases is not None:
            self.aliases.setText("; ".join(n.text for n in draft.names if n.is_alias))
        for key, value in draft.fields.items():
            widget = self.fields.get(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif widget is not None:
                widget.setText(value)
        for ident in draft.identifiers:
            row = self.identifiers.get(ident.type)
            if row is not None:
                row.value.setText(ident.value)
                row.country.setText(ident.country)
        self.private.setChecked(draft.is_private)
        self.check_identifiers()

    def acknowledged(self) -> list[str]:
        return [k for r in self.identifiers.values() for k in r.warnings.acknowledged()]

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Problems of ``check_entity`` next to their fields (identifiers by position)."""
        order = [i.type for i in self.draft().identifiers]
        placed: list[FieldProblem] = []
        for p in problems:
            field = p.field
            if field.startswith("names"):
                field = "names"
            elif field.startswith("identifiers[") and field[12:].split("]")[0].isdigit():
                index = int(field[12:].split("]")[0])
                if index < len(order):
                    field = f"identifiers.{order[index]}"
            placed.append(FieldProblem(field, p.message, p.hint))
        rest = self.problems.show(placed)
        self.general.setText("\n".join(f"{p.message} {p.hint}".strip() for p in rest))
        self.general.setVisible(bool(rest))

    def first_input(self) -> QWidget | None:
        if self.name is not None:
            return self.name
        if self.identifiers:
            return next(iter(self.identifiers.values())).value
        return next(iter(self.fields.values()), None)
