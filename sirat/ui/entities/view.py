"""The entity detail view: names in every script, identifiers (copyable, cleared after 30 s),
every report that mentions the entity, and its relations."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QObject,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityReport, EntityView, OverrideView
from sirat.services.reports.types import RelationView
from sirat.ui.attachments.panel import AttachmentsPanel
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.entity_words import field_label, identifier_label, kind_label
from sirat.ui.forms import named, plain_label, tooltip
from sirat.ui.icons import kind_icon
from sirat.ui.overrides import KEPT_MARK, KEPT_WORDS
from sirat.ui.roles import IdRole, StatusRole
from sirat.ui.screen_fit import fit_to_screen, remember
from sirat.ui.signals import emit
from sirat.ui.status_badges import StatusDelegate
from sirat.ui.table_model import RowsModel


class EntityReportsModel(RowsModel[EntityReport]):
    headers = ("Reference", "Title", "Status", "Role")

    def text(self, row: EntityReport, column: int) -> object:
        return (row.reference, row.title, row.status, row.role.replace("_", " "))[column]

    def row_id(self, row: EntityReport) -> int:
        return int(row.report_id)

    def other(self, row: EntityReport, column: int, role: int) -> object:
        del column
        return row.status if role == StatusRole else None


class EntityRelationsModel(RowsModel[RelationView]):
    """Relations seen from one entity: "<relation> <other entity> (report)"."""

    headers = ("Relation", "Other entity", "Asserted by")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entity_id = 0

    def _other(self, r: RelationView) -> tuple[str, int, str]:
        if int(r.source_id) == self.entity_id:
            return r.relation_name or r.relation_type, int(r.target_id), r.target_label
        return f"{r.relation_name or r.relation_type} (of this)", int(r.source_id), r.source_label

    def text(self, row: RelationView, column: int) -> object:
        name, _other_id, other_label = self._other(row)
        return (name, other_label, row.report_reference)[column]

    def row_id(self, row: RelationView) -> int:
        return self._other(row)[1]

    def set_relations(self, entity_id: EntityId, rows: list[RelationView]) -> None:
        self.entity_id = entity_id
        self.set_rows(rows)


SCRIPTS = {"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek"}


def _table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class EntityWindow(QWidget):
    report_requested = Signal(int)
    entity_requested = Signal(int)

    def __init__(self, context: Context, entity_id: EntityId) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT — entity")  # never the entity's name
        self.setObjectName("entityWindow")
        self._context = context
        self.entity_id = entity_id
        self.view: EntityView | None = None
        self.banner = Banner(self)
        self.heading = plain_label("", self)
        self.heading.setObjectName("entityHeading")
        self.kind_icon = QLabel(self)  # the kind's icon, beside the heading
        self.kind_icon.setObjectName("entityKindIcon")
        self.kind_icon.setFixedSize(24, 24)
        self.details = QWidget(self)
        self.details_form = QFormLayout(self.details)
        self.reports = EntityReportsModel(self)
        self.relations = EntityRelationsModel(self)
        self.reports_view = _table(self.reports, "entityReports", self)
        self.reports_view.setItemDelegateForColumn(2, StatusDelegate(self.reports_view))
        self.reports_view.horizontalHeader().setStretchLastSection(False)
        self.reports_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.reports_view.activated.connect(
            lambda i: emit(self.report_requested, int(i.data(IdRole))))
        self.relations_view = _table(self.relations, "entityRelations", self)
        self.relations_view.activated.connect(
            lambda i: emit(self.entity_requested, int(i.data(IdRole))))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.kind_icon)
        heading_row.addWidget(self.heading, 1)
        layout.addLayout(heading_row)
        layout.addWidget(self.details)
        layout.addWidget(plain_label("Reports that mention it (Enter opens one):", self))
        layout.addWidget(self.reports_view, 2)
        layout.addWidget(plain_label("Relations:", self))
        layout.addWidget(self.relations_view, 1)
        self.attachments = AttachmentsPanel(context, self)
        layout.addWidget(self.attachments, 1)
        fit_to_screen(self, 900, 680)
        remember(self, context, "entity")
        close_keys(self)
        context.run(lambda v: entities.get_entity(v, EntityId(entity_id)), on_success=self._show,
                    on_failure=self.banner.show_error, owner=self, name="get_entity")

    def _show(self, view: EntityView) -> None:
        self.view = view
        self.heading.setText(f"{kind_label(view.kind)}: {view.label}")
        self.kind_icon.setPixmap(kind_icon(view.kind).pixmap(24, 24))
        self.kind_icon.setToolTip(kind_label(view.kind))
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        for name in view.names:
            what = "Alias" if name.is_alias else "Name"
            script = SCRIPTS.get(name.script, "mixed script")
            self.details_form.addRow(f"{what} ({script}):", plain_label(name.text))
        for key, value in view.fields.items():
            self.details_form.addRow(f"{field_label(key)}:", plain_label(value))
        for ident in view.identifiers:
            kept = [o for o in view.overrides if o.identifier_type == ident.type
                    and o.normalized == ident.normalized]
            self.details_form.addRow(f"{identifier_label(ident.type)}:",
                                     self._identifier_row(ident.value, ident.country, kept))
        if view.personal:
            self.details_form.addRow("", plain_label("Personal data: withheld from observers."))
        self.reports.set_rows(list(view.reports))
        self.relations.set_relations(EntityId(int(view.id)), list(view.relations))
        self.attachments.set_owner(entity_id=EntityId(int(view.id)),
                                   editable=self._context.info.role != "administrator")

    def _identifier_row(self, value: str, country: str, kept: list[OverrideView]) -> QWidget:
        row = QWidget(self.details)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(plain_label(value + (f"  ({country})" if country else ""), row, wrap=False))
        if kept:
            first = kept[0]
            mark = named(plain_label(f"{KEPT_MARK} {KEPT_WORDS}", row, wrap=False), "keptMark")
            mark.setStyleSheet("color:#8a5a00; font-weight:600;")
            mark.setToolTip(tooltip(
                f"Kept as typed although {len(kept)} check(s) failed — by "
                f"{first.acknowledged_by_name or 'an unknown user'}, "
                f"{show_time(first.acknowledged_at)}"))
            line.addWidget(mark)
        copy = QPushButton("Copy", row)
        copy.setObjectName("copyIdentifier")
        copy.setToolTip("Copy to the clipboard; it is cleared again after 30 seconds")
        copy.clicked.connect(lambda: self._copy(value))
        line.addWidget(copy)
        line.addStretch(1)
        return row

    def _copy(self, value: str) -> None:
        self._context.clipboard.copy(value)
        self.banner.show_info("Copied; the clipboard is cleared in 30 seconds.")

    def clear_for_lock(self) -> None:
        self.view = None
        self.heading.clear()
        self.kind_icon.clear()
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        self.reports.set_rows([])
        self.relations.set_relations(EntityId(0), [])
        self.attachments.clear_all()
