"""Tools ▸ Handling codes… / Relation types… / Recipients… (administrators).

The reference tables besides crime areas (``reference_dialog``), each edited through
``sirat.services.reports.reference_admin`` (administrators only, audited): handling codes are
reworded (H0-H3 stay what the export policy acts on), relation types added or renamed,
recipients added, changed, retired or offered again. The forms are ``ask_*`` functions
that tests replace; what the service refuses is shown in the dialog's banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, Self, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.services.reports import reference, reference_admin
from sirat.services.reports.reference import HandlingCodeView, RecipientView, RelationTypeView
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import PickTable, named, plain_label
from sirat.ui.screen_fit import fit_to_screen
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow

#: the frozen row a table dialog shows (a service's view of one reference entry)
R = TypeVar("R")

#: the classifications (code, name) and handling codes a recipient may be given
_Vocabularies = tuple[list[tuple[str, str]], list[str]]

KIND_WORDS = {"member-state": "Member State", "operational-partner": "Operational partner",
              "observer": "Observer (no personal data)"}


def _form_dialog(parent: QWidget, title: str, rows: Sequence[tuple[str, QWidget]]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout()
    for label, widget in rows:
        widget.setParent(dialog)
        form.addRow(label, widget)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    dialog.resize(560, dialog.sizeHint().height())
    return dialog


def ask_wording(parent: QWidget, code: HandlingCodeView) -> str | None:
    """The new wording of ``code`` (tests replace this)."""
    wording = named(QLineEdit(code.wording), "handlingWording")
    dialog = _form_dialog(parent, f"SIRAT — handling code {code.code}",
                          [("&Wording:", wording)])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return wording.text()


def ask_relation_type(parent: QWidget, current: RelationTypeView | None
                      ) -> tuple[str, str, str, str] | None:
    """(code, name, reverse name, FtM schema) of a new or renamed type (tests replace)."""
    code = named(QLineEdit(current.code if current else ""), "relationCode")
    code.setReadOnly(current is not None)  # relations store the code: it never changes
    code.setPlaceholderText("short code: letters, digits, _ (e.g. partner_of)")
    name = named(QLineEdit(current.name if current else ""), "relationName")
    reverse = named(QLineEdit(current.reverse_name if current else ""), "relationReverse")
    schema = named(QComboBox(), "relationSchema")
    schema.addItems(list(reference_admin.FTM_RELATION_SCHEMAS))
    schema.setCurrentText(current.ftm_schema if current else "UnknownLink")
    dialog = _form_dialog(parent, "SIRAT — relation type", [
        ("&Code:", code), ("&Name (A … B):", name), ("&Reverse (B … A):", reverse),
        ("&FollowTheMoney schema:", schema)])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return code.text(), name.text(), reverse.text(), schema.currentText()


def ask_recipient(parent: QWidget, current: RecipientView | None,
                  classifications: Sequence[tuple[str, str]], handling: Sequence[str]
                  ) -> tuple[str, str, str, str, tuple[str, ...]] | None:
    """(code, name, kind, highest classification, handling codes) (tests replace this)."""
    code = named(QLineEdit(current.code if current else ""), "recipientCode")
    code.setReadOnly(current is not None)  # the register stores the code
    code.setPlaceholderText("e.g. XK or EUROPOL")
    name = named(QLineEdit(current.name if current else ""), "recipientName")
    kind = named(QComboBox(), "recipientKind")
    for value in RECIPIENT_KINDS:
        kind.addItem(KIND_WORDS.get(value, value), value)
    kind.setCurrentIndex(max(0, kind.findData(current.kind if current else "observer")))
    level = named(QComboBox(), "recipientClassification")
    for value, words in classifications:
        level.addItem(words, value)
    if current is not None:
        level.setCurrentIndex(max(0, level.findData(current.highest_classification)))
    codes = QWidget()
    row = QHBoxLayout(codes)
    row.setContentsMargins(0, 0, 0, 0)
    boxes = {c: named(QCheckBox(c, codes), f"recipientCode_{c}") for c in handling}
    for c, box in boxes.items():
        box.setChecked(current is None or c in current.handling_codes)
        row.addWidget(box)
    row.addStretch(1)
    dialog = _form_dialog(parent, "SIRAT — recipient", [
        ("&Code:", code), ("&Name:", name), ("&Kind:", kind),
        ("&Highest classification:", level), ("Handling codes it may &receive:", codes)])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return (code.text(), name.text(), str(kind.currentData()), str(level.currentData()),
            tuple(c for c, box in boxes.items() if box.isChecked()))


class _TableDialog(QDialog, Generic[R]):
    """A read-only table of one reference table, with buttons that edit through a service."""

    TITLE = ""
    NAME = ""
    COLUMNS: tuple[str, ...] = ()
    NOTE = ""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"SIRAT — {self.TITLE}")
        self.setObjectName(f"{self.NAME}Dialog")
        self._context = context
        self.banner = Banner(self)
        self.table: PickTable[R] = PickTable(self, self.COLUMNS, self.cells,
                                             f"{self.NAME}Table", stretch=1)
        self.buttons: list[QPushButton] = []
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for text, name, slot in self.commands():
            button = named(QPushButton(text, self), name)
            button.clicked.connect(slot)
            box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.buttons.append(button)
        box.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(plain_label(self.NOTE, self))
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        close_keys(self)
        fit_to_screen(self, 900, 480)
        self.reload()

    @classmethod
    def open_for(cls, host: HostWindow) -> Self:
        dialog = cls(host.context, host)
        host.open_window(dialog)
        return dialog

    def commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        raise NotImplementedError

    def load(self, vault: Vault) -> list[R]:
        raise NotImplementedError

    def cells(self, row: R) -> tuple[str, ...]:
        raise NotImplementedError

    def reload(self) -> None:
        self._context.run(self.load, on_success=self._show, on_failure=self.banner.show_error,
                          owner=self, name=f"{self.NAME}_list")

    def _show(self, rows: list[R]) -> None:
        self.table.set_rows(rows)

    def selected(self, what: str) -> R | None:
        chosen = self.table.current()
        if chosen is not None:
            return chosen
        self.banner.show_message(f"Select {what} first.", kind="warning")
        return None

    def save(self, work: Callable[[Vault], object], done: str) -> None:
        self._busy(True)
        self._context.run(work, on_success=lambda _r: self._done(done),
                          on_failure=self.banner.show_error, owner=self,
                          name=f"{self.NAME}_save", on_done=lambda: self._busy(False))

    def _busy(self, busy: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not busy)

    def _done(self, message: str) -> None:
        self.banner.show_message(message, "Recorded in the audit log.", "success")
        self.reload()

    def clear_for_lock(self) -> None:
        self.table.set_rows([])


class HandlingCodesDialog(_TableDialog[HandlingCodeView]):
    TITLE, NAME = "handling codes", "handlingCodes"
    COLUMNS = ("Code", "Wording", "Needs a text")
    NOTE = ("H0 to H3 are the codes the export acts on; their wording can be changed "
            "(it is printed on every PDF).")

    def commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [("&Reword…", "rewordHandling", self.reword)]

    def load(self, vault: Vault) -> list[HandlingCodeView]:
        return reference_admin.list_handling_codes(vault)

    def cells(self, row: HandlingCodeView) -> tuple[str, ...]:
        return (row.code, row.wording, "yes" if row.needs_text else "")

    def reword(self) -> None:
        code = self.selected("a handling code")
        if code is None:
            return
        wording = ask_wording(self, code)
        if wording is None:
            return
        self.save(lambda v: reference_admin.set_handling_wording(v, code.code, wording),
                  f"{code.code} reworded.")


class RelationTypesDialog(_TableDialog[RelationTypeView]):
    TITLE, NAME = "relation types", "relationTypes"
    COLUMNS = ("Code", "Name", "Reverse", "FollowTheMoney")
    NOTE = ("A type added here is offered for every pair of entity kinds; codes never "
            "change (relations store them).")

    def commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [("&Add…", "addRelationType", self.add),
                ("Re&name…", "renameRelationType", self.rename)]

    def load(self, vault: Vault) -> list[RelationTypeView]:
        return list(reference.reference_data(vault).relation_types)

    def cells(self, row: RelationTypeView) -> tuple[str, ...]:
        return (row.code, row.name, row.reverse_name, row.ftm_schema)

    def _ask(self, current: RelationTypeView | None) -> None:
        answer = ask_relation_type(self, current)
        if answer is None:
            return
        code, name, reverse, schema = answer
        if current is None and any(r.code == code.strip() for r in self.table.rows()):
            self.banner.show_message("A relation type with this code exists already.",
                                     "Rename it, or choose another code.", "warning")
            return
        self.save(lambda v: reference_admin.save_relation_type(v, code, name, reverse, schema),
                  f"Relation type “{name.strip()}” saved.")

    def add(self) -> None:
        self._ask(None)

    def rename(self) -> None:
        current = self.selected("a relation type")
        if current is not None:
            self._ask(current)


class RecipientsDialog(_TableDialog[RecipientView]):
    TITLE, NAME = "recipients", "recipients"
    COLUMNS = ("Code", "Name", "Kind", "Up to", "Handling codes", "Offered")
    NOTE = ("The kind decides what a recipient may see: an observer never receives "
            "personal data. A retired recipient is no longer offered for export.")

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        self.classifications: list[tuple[str, str]] = []
        self.handling: list[str] = []
        super().__init__(context, parent)

    def commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [("&Add…", "addRecipient", self.add), ("&Change…", "changeRecipient", self.change),
                ("&Retire / bring back", "retireRecipient", self.toggle_retired)]

    def load(self, vault: Vault) -> list[RecipientView]:
        return reference.list_recipients(vault, include_inactive=True)

    def reload(self) -> None:
        # On the vault worker: the vocabularies the form offers come back with the rows.
        def work(vault: Vault) -> tuple[_Vocabularies, list[RecipientView]]:
            data = reference.reference_data(vault)
            return ([(c.code, c.name) for c in data.classifications],
                    [h.code for h in data.handling_codes]), self.load(vault)

        self._context.run(work, on_success=self._loaded, on_failure=self.banner.show_error,
                          owner=self, name=f"{self.NAME}_list")

    def _loaded(self, loaded: tuple[_Vocabularies, list[RecipientView]]) -> None:
        (self.classifications, self.handling), recipients = loaded
        self._show(recipients)

    def cells(self, row: RecipientView) -> tuple[str, ...]:
        return (row.code, row.name, KIND_WORDS.get(row.kind, row.kind),
                row.highest_classification, " ".join(row.handling_codes),
                "yes" if row.active else "retired")

    def _ask(self, current: RecipientView | None) -> None:
        answer = ask_recipient(self, current, self.classifications, self.handling)
        if answer is None:
            return
        code, name, kind, level, codes = answer
        if current is None and any(r.code == code.strip() for r in self.table.rows()):
            self.banner.show_message("A recipient with this code exists already.",
                                     "Change it, or choose another code.", "warning")
            return
        active = True if current is None else current.active
        self.save(lambda v: reference_admin.save_recipient(v, code, name, kind, level, codes,
                                                           active=active),
                  f"Recipient “{name.strip()}” saved.")

    def add(self) -> None:
        self._ask(None)

    def change(self) -> None:
        current = self.selected("a recipient")
        if current is not None:
            self._ask(current)

    def toggle_retired(self) -> None:
        r = self.selected("a recipient")
        if r is None:
            return
        self.save(lambda v: reference_admin.save_recipient(
            v, r.code, r.name, r.kind, r.highest_classification, r.handling_codes,
            active=not r.active), f"“{r.name}” {'retired' if r.active else 'offered again'}.")
