"""The editor's side panel: entities the report links, and the relations it asserts."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId, LinkId, RelationId, ReportId
from sirat.errors import SiratError
from sirat.services.entities.relation_fit import fitting
from sirat.services.reports import links as entity_links
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import LinkView, RelationView, ReportView
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.editor.links import COL_NAME, LinkRow, LinksModel, RelationsModel
from sirat.ui.entities.dialog import EntityChoice, EntityDialog
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import named, plain_label
from sirat.ui.roles import IdRole, RowRole
from sirat.ui.signals import emit
from sirat.vault import Vault


def _table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class RelateDialog(QDialog):
    """Choose "<entity> <relation> <entity>" among the report's linked entities."""

    def __init__(self, links: list[LinkRow], data: ReferenceData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — relate two entities")
        self.source = named(QComboBox(self), "relationSource")
        self.target = named(QComboBox(self), "relationTarget")
        for link in links:
            self.source.addItem(link.label, link.entity_id)
            self.target.addItem(link.label, link.entity_id)
        if len(links) > 1:
            self.target.setCurrentIndex(1)
        self.type = named(QComboBox(self), "relationType")
        self._types = tuple(data.relation_types) if data else ()
        self._kinds = {link.entity_id: link.kind for link in links}
        self.none_fit = named(plain_label("", self), "noRelationFits")
        self.none_fit.hide()
        self.source.currentIndexChanged.connect(lambda _: self._fill_types())
        self.target.currentIndexChanged.connect(lambda _: self._fill_types())
        self._fill_types()
        form = QFormLayout()
        form.addRow("&Entity:", self.source)
        form.addRow("&is:", self.type)
        form.addRow("&of:", self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._fill_types()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.none_fit)
        layout.addWidget(buttons)

    def _fill_types(self) -> None:
        """Only the relation types that fit the two kinds chosen."""
        source = self._kinds.get(self.source.currentData(), "")
        target = self._kinds.get(self.target.currentData(), "")
        current = self.type.currentData()
        self.type.clear()
        for r in fitting(self._types, source, target):
            self.type.addItem(r.name, r.code)
        found = self.type.findData(current)
        self.type.setCurrentIndex(max(found, 0))
        empty = self.type.count() == 0
        self.none_fit.setText(f"No relation fits a {kind_label(source).lower()} and a "
                              f"{kind_label(target).lower()}." if empty else "")
        self.none_fit.setVisible(empty)
        ok = getattr(self, "ok", None)
        if ok is not None:
            ok.setEnabled(not empty)

    @classmethod
    def ask(cls, links: list[LinkRow], data: ReferenceData | None,
            parent: QWidget | None = None) -> tuple[int, str, int] | None:
        """(source id, relation type, target id) or None. Tests replace this."""
        dialog = cls(links, data, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (int(dialog.source.currentData()), str(dialog.type.currentData()),
                int(dialog.target.currentData()))


class EditorHost(Protocol):
    """What the panel needs of its editor window (a QWidget: the panel's parent)."""

    report_id: ReportId | None
    banner: Banner


class LinksPanel(QWidget):
    changed = Signal()  # a link or relation was added or removed
    entity_requested = Signal(int)

    def __init__(self, context: Context, editor: EditorHost, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._editor = editor
        self._reference: ReferenceData | None = None
        self.dialog: EntityDialog | None = None
        self.model = LinksModel(self)
        self.relations = RelationsModel(self)
        self.table = _table(self.model, "linkedEntities", self)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)
        self.relations_view = _table(self.relations, "relations", self)
        self.add_button = named(QPushButton("Add or link entity… (Ctrl+K)", self), "addEntity")
        self.add_button.clicked.connect(self.add_entity)
        self.remove_button = named(QPushButton("Remove link", self), "removeLink")
        self.remove_button.clicked.connect(self.remove_selected)
        self.unrelate_button = named(QPushButton("Remove relation", self), "removeRelation")
        self.unrelate_button.clicked.connect(self.remove_relation)
        self.relate_button = named(QPushButton("Relate…", self), "relateEntities")
        self.relate_button.clicked.connect(self.relate)
        remove = QAction("Remove link", self.table)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)
        self.hint = plain_label("", self)
        self.hint.setObjectName("fieldHint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        rel_buttons = QHBoxLayout()
        rel_buttons.addWidget(self.relate_button)
        rel_buttons.addWidget(self.unrelate_button)
        rel_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(plain_label("Linked entities", self))
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(plain_label("Relations this report asserts", self))
        layout.addWidget(self.relations_view, 2)
        layout.addLayout(rel_buttons)
        self._editable = True
        self._saved = False

    def set_reference(self, data: ReferenceData) -> None:
        self._reference = data
        self.model.role_names = {r.code: r.name for r in data.link_roles}

    def set_editable(self, editable: bool, *, saved: bool) -> None:
        self._editable, self._saved = editable, saved
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.relate_button.setEnabled(editable and saved)
        self.unrelate_button.setEnabled(editable and saved)
        self.hint.setText("" if saved or not editable else
                          "Entities are linked when the draft is first saved.")

    def show_view(self, view: ReportView) -> None:
        self.model.set_links([LinkRow.of(link) for link in view.links])
        self.relations.set_relations(list(view.relations))

    # ---- adding --------------------------------------------------------------------------
    def add_entity(self) -> None:
        if not self._editable:
            return
        dialog = EntityDialog(self._context, self.window(), with_role=True)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._chosen(dialog.choice))
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _chosen(self, choice: EntityChoice | None) -> None:
        if choice is None:
            return
        row = LinkRow(choice.entity_id, choice.kind, choice.label, choice.role)
        report_id = self._editor.report_id
        if report_id is None:
            if self.model.add(row):
                emit(self.changed)
            return

        def done(link: LinkView) -> None:
            self.model.add(row)
            self.model.mark_saved(choice.entity_id, choice.role, link.link_id)
            emit(self.changed)

        self._context.run(
            lambda v: entity_links.link_entity(
                v, ReportId(report_id), EntityId(choice.entity_id), choice.role
            ),
            on_success=done,
            on_failure=self._failed,
            owner=self,
            name="link_entity",
        )

    def _failed(self, error: SiratError) -> None:
        self._editor.banner.show_error(error)

    def remove_selected(self) -> None:
        if not self._editable:
            return
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row: LinkRow = index.data(RowRole)
        if row.link_id is None:
            self.model.remove(index.row())
            emit(self.changed)
            return
        link_id = row.link_id

        def done(_: object) -> None:
            for i, r in enumerate(self.model.rows()):
                if r.link_id == link_id:
                    self.model.remove(i)
                    break
            emit(self.changed)

        self._context.run(lambda v: entity_links.unlink_entity(v, LinkId(link_id)), on_success=done,
                          on_failure=self._failed, owner=self, name="unlink_entity")

    def relate(self) -> None:
        report_id = self._editor.report_id
        links = [r for r in self.model.rows() if r.link_id is not None]
        if report_id is None or len(links) < 2:
            self._editor.banner.show_message(
                "Link at least two entities and save the draft first.", "", "info", 6000)
            return
        answer = RelateDialog.ask(links, self._reference, self.window())
        if answer is None:
            return
        source, rtype, target = answer

        def done(_: object) -> None:
            self._context.run(lambda v: _relations_of(v, report_id),
                              on_success=self.relations.set_relations, owner=self,
                              name="relations")
            emit(self.changed)

        self._context.run(
            lambda v: entity_links.relate_entities(
                v, EntityId(source), EntityId(target), rtype, ReportId(report_id)
            ),
            on_success=done,
            on_failure=self._failed,
            owner=self,
            name="relate",
        )

    def remove_relation(self) -> None:
        index = self.relations_view.currentIndex()
        report_id = self._editor.report_id
        if not self._editable or report_id is None or not index.isValid():
            return
        relation_id = int(index.data(IdRole))

        def done(_: object) -> None:
            self._context.run(lambda v: _relations_of(v, report_id),
                              on_success=self.relations.set_relations, owner=self,
                              name="relations")
            emit(self.changed)

        self._context.run(lambda v: entity_links.remove_relation(v, RelationId(relation_id)),
                          on_success=done, on_failure=self._failed, owner=self,
                          name="remove_relation")

    def _open(self, index: QModelIndex) -> None:
        row: LinkRow | None = index.data(RowRole) if index.isValid() else None
        if row is not None:
            emit(self.entity_requested, row.entity_id)

    def clear_all(self) -> None:
        if self.dialog is not None:
            self.dialog.clear_for_lock()
            self.dialog.reject()
        self.model.set_links([])
        self.relations.set_relations([])


def _relations_of(vault: Vault, report_id: ReportId) -> list[RelationView]:
    from sirat.services.reports import records as reports

    return list(reports.get_report(vault, ReportId(report_id), record_view=False).relations)
