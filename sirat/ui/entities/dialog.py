"""Add or link an entity: a form per kind, matches offered while typing, warnings inline.

The dialog either links an existing entity (a match the analyst picks) or creates a new one
and links that. Its answer is an :class:`EntityChoice`; the editor opens it window-modal and
reads :attr:`EntityDialog.choice` when it is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId, kind_spec
from sirat.errors import SiratError, ValidationError
from sirat.services.entities import records as entities
from sirat.services.entities.types import KINDS, EntityView, IdentifierWarnings
from sirat.services.reports import reference
from sirat.ui.banner import WARNING, Banner
from sirat.ui.context import Context
from sirat.ui.entities.candidates import CandidateFinder
from sirat.ui.entities.form import EntityForm
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import named, plain_label
from sirat.ui.screen_fit import fit_to_screen


@dataclass(frozen=True)
class EntityChoice:
    entity_id: EntityId
    kind: str
    label: str
    role: str
    created: bool


class EntityDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None, *,
                 with_role: bool = True, kind: str = "person") -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — add or link an entity")
        self.setObjectName("entityDialog")
        self._context = context
        self._with_role = with_role
        self.choice: EntityChoice | None = None
        self._busy = False
        self.banner = Banner(self)
        self.kind = named(QComboBox(self), "entityKind")
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.role = named(QComboBox(self), "linkRole")
        self.role.setVisible(with_role)
        self.forms: dict[str, EntityForm] = {}
        self.stack = QStackedWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        self.finder = CandidateFinder(context, self)
        self.matches = named(QListView(self), "candidates")
        self.matches.setModel(self.finder.model)
        self.matches.setWordWrap(True)
        self.matches.activated.connect(self._link_match)
        self.matches_label = plain_label("Already in the vault (pick one to avoid a duplicate):",
                                         self)
        self.link_button = named(QPushButton("&Link the selected match", self), "linkMatch")
        self.link_button.clicked.connect(lambda: self._link_match(self.matches.currentIndex()))
        self.create_button = named(QPushButton("&Create and link" if with_role else "&Create",
                                         self), "createEntity")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._create)
        top = QFormLayout()
        top.addRow("&Kind:", self.kind)
        if with_role:
            top.addRow("&Role in the report:", self.role)
        side = QVBoxLayout()
        side.addWidget(self.matches_label)
        side.addWidget(self.matches, 1)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _: self._show_kind())
        self.finder.model.modelReset.connect(self._matches_changed)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._show_kind()
        self._matches_changed()
        fit_to_screen(self, 960, 600)
        if with_role:
            context.run(reference.reference_data, on_success=self._fill_roles, owner=self,
                        name="link_roles")

    # ---- kinds and roles -----------------------------------------------------------------
    def _fill_roles(self, data: reference.ReferenceData) -> None:
        current = self.role.currentData()
        self.role.clear()
        for r in data.link_roles:
            self.role.addItem(r.name, r.code)
        self._default_role(current)

    def _default_role(self, keep: str | None = None) -> None:
        spec = kind_spec(self.current_kind)
        wanted = keep or (spec.default_role if spec is not None else "mentioned")
        index = self.role.findData(wanted)
        if index >= 0:
            self.role.setCurrentIndex(index)

    @property
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    @property
    def form(self) -> EntityForm:
        return self.forms[self.current_kind]

    def _show_kind(self) -> None:
        kind = self.current_kind
        if kind not in self.forms:
            form = EntityForm(kind, self.stack)
            form.search_text.connect(self.finder.typed)
            self.forms[kind] = form
            self.stack.addWidget(form)
        self.stack.setCurrentWidget(self.forms[kind])
        self.finder.set_kind(kind)
        self._default_role()
        first = self.forms[kind].first_input()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _matches_changed(self) -> None:
        has = self.finder.model.rowCount() > 0
        self.matches.setEnabled(has)
        self.link_button.setEnabled(has)
        if has and not self.matches.currentIndex().isValid():
            self.matches.setCurrentIndex(self.finder.model.index(0, 0))

    # ---- answers ---------------------------------------------------------------------------
    def _role(self) -> str:
        return str(self.role.currentData() or "mentioned") if self._with_role else ""

    def _link_match(self, index: QModelIndex) -> None:
        candidate = self.finder.model.candidate(index.row()) if index.isValid() else None
        if candidate is None:
            return
        self.choice = EntityChoice(
            candidate.entity_id,
            candidate.kind,
            candidate.label,
            self._role(),
            created=False,
        )
        self.accept()

    def _create(self) -> None:
        if self._busy:
            return
        form = self.form
        form.check_identifiers()
        draft = form.draft()
        acknowledged = form.acknowledged()
        self._busy = True
        self.create_button.setEnabled(False)
        self._context.run(
            lambda v: entities.create_entity(v, draft, acknowledged=acknowledged),
            on_success=self._created, on_failure=self._failed, owner=self,
            name="create_entity",
        )

    def _created(self, view: EntityView) -> None:
        self._busy = False
        self.choice = EntityChoice(EntityId(int(view.id)), view.kind, view.label, self._role(),
                                   created=True)
        self.accept()

    def _failed(self, error: SiratError) -> None:
        self._busy = False
        self.create_button.setEnabled(True)
        form = self.form
        if isinstance(error, IdentifierWarnings):
            form.check_identifiers()
            self.banner.show_message(
                "Some identifiers failed their checks; nothing was saved.",
                "Correct them, or tick “Keep as typed” under each one the source confirms.",
                WARNING,
            )
            return
        if isinstance(error, ValidationError):
            form.show_problems(list(error.problems))
            self.banner.show_error(error)
            return
        self.banner.show_error(error)

    def done(self, result: int) -> None:
        self.finder.clear()
        super().done(result)

    def clear_for_lock(self) -> None:
        self.finder.clear()
        for form in self.forms.values():
            form.setParent(None)
            form.deleteLater()
        self.forms.clear()

    def close_without_asking(self) -> None:
        self.reject()

    @classmethod
    def ask(cls, context: Context, parent: QWidget | None = None, *,
            with_role: bool = False) -> int | None:
        """Modal: the created or chosen entity's id, or None. Tests replace this."""
        dialog = cls(context, parent, with_role=with_role)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.choice is not None:
            return dialog.choice.entity_id
        return None
