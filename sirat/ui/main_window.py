"""The main window: the report list with its filters, the detail pane, menus and status bar.

Menus and the toolbar are built from the action registry (``sirat.ui.actions``), so other
parts of the app add commands without editing this module. Windows opened from here
(editors, entity views, extension windows) are tracked so the idle lock can save and close
them all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.changes import Changes
from sirat.domain.vocab import EntityId, ReportId
from sirat.services.reports.drafts import Recovered
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportRow
from sirat.ui import date_format_dialog, icons, workspace_docks
from sirat.ui.actions import ActionSpec
from sirat.ui.banner import Banner
from sirat.ui.closing import ensure_close_keys
from sirat.ui.context import Context
from sirat.ui.filter_bar import FilterBar
from sirat.ui.host import HostWindow
from sirat.ui.report_detail import ReportDetail
from sirat.ui.report_model import (
    COL_CLASSIFICATION,
    COL_COUNTRY,
    COL_CRIME_AREA,
    COL_DATE,
    COL_GRADING,
    COL_HANDLING,
    COL_REFERENCE,
    COL_STATUS,
    COL_TITLE,
    COL_UPDATED,
    HEADERS,
    ReportIdRole,
    ReportListModel,
)
from sirat.ui.roles import RowRole
from sirat.ui.screen_fit import fit_to_screen, keep_on_screen
from sirat.ui.settings import load_state
from sirat.ui.signals import emit
from sirat.ui.status_badges import StatusDelegate
from sirat.ui.status_badges import column_width as status_column_width
from sirat.ui.windows import WindowTracker

log = logging.getLogger(__name__)

GEOMETRY = "main/geometry"
STATE = "main/state"
SPLITTER = "main/splitter"
HEADER = "main/header"

COLUMN_WIDTHS = {
    COL_REFERENCE: 142, COL_CRIME_AREA: 112, COL_STATUS: 100, COL_DATE: 92, COL_COUNTRY: 58,
    COL_GRADING: 58, COL_CLASSIFICATION: 110, COL_UPDATED: 130, COL_HANDLING: 66,
}
# Shown in the detail pane anyway; the header's context menu brings them back.
HIDDEN_BY_DEFAULT = (COL_CLASSIFICATION, COL_UPDATED)


class MainWindow(HostWindow):
    closed = Signal()

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle("SIRAT")  # never personal data in a title
        self.setObjectName("mainWindow")
        self.windows = WindowTracker(self)
        date_format_dialog.load(context.settings)
        self.banner = Banner(self)
        self.filters = FilterBar(context, self)
        self.model = ReportListModel(context, self)
        self.table = QTableView(self)
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # "Disseminated" in the table's font decides, not a guess in pixels.
        header.resizeSection(COL_STATUS, max(COLUMN_WIDTHS[COL_STATUS],
                                             status_column_width(self.table.font())))
        for column in HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        # The indicator first, then sorting: enabling sorting sorts by the indicator.
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        self._status_delegate = StatusDelegate(self.table)
        self.model.install_delegates(self.table, self._status_delegate)
        self.table.activated.connect(self._open_index)
        self.detail = ReportDetail(context, self)
        self.detail.entity_requested.connect(self.open_entity)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        left = QWidget(self.splitter)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(6, 6, 0, 6)
        left_col.addWidget(self.filters)
        left_col.addWidget(self.table, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        central = QWidget(self)
        rows = QVBoxLayout(central)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        rows.addWidget(self.banner)
        rows.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.actions_by_id: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        self._tips: dict[str, str] = {}
        self._build_actions()
        self._build_status_bar()
        self.filters.changed.connect(self.model.set_filters)
        self.filters.reference_loaded.connect(self._reference_loaded)
        self.model.loaded.connect(self._after_load)
        self.model.failed.connect(self.banner.show_error)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        context.tasks.default_failure = self.banner.show_error
        context.changed.connect(self._changes)
        self._closing_for_lock = False
        fit_to_screen(self, 1280, 800)
        self._restore_layout()
        self.model.set_filters(self.filters.current())
        self.filters.load_reference()

    # ---- Host API for actions and extensions ------------------------------------------------
    def current_report_id(self) -> ReportId | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        value = index.siblingAtColumn(0).data(ReportIdRole)
        return ReportId(int(value)) if value is not None else None

    def current_report_row(self) -> ReportRow | None:
        """The list row of the current report (status, version...), or None."""
        if self.current_report_id() is None:
            return None
        row = self.table.currentIndex().siblingAtColumn(0).data(RowRole)
        return row if isinstance(row, ReportRow) else None

    def selected_report_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(i.data(ReportIdRole)) for i in rows if i.data(ReportIdRole) is not None]

    def open_window(self, window: QWidget) -> None:
        """Show a window that belongs to this session; the lock closes it. Views the user
        keeps inside the main window open as its docks (``workspace_docks``)."""
        self.windows.add(window)
        if window.objectName() != "reportEditor":  # an editor: Ctrl+W only (it asks first)
            ensure_close_keys(window)  # Esc / Ctrl+W close every secondary view
        if workspace_docks.wants_dock(self.context, window):
            workspace_docks.dock(self, self.context, window)
            return
        window.show()
        window.raise_()
        window.activateWindow()

    def refresh(self) -> None:
        """Re-run the list query (keeping filters and sort) and redraw the detail pane."""
        self.model.reload()

    def _changes(self, changes: Changes) -> None:
        """Reports changed (saved, submitted, reviewed, exported, handed over): refresh the
        list, keeping the one changed report selected, and the detail if it shows one."""
        if not changes.reports:
            return
        self.model.reload(keep_id=changes.only_report())
        if changes.touches_report(self.detail.report_id) and self.detail.report_id is not None:
            self.detail.show_report(ReportId(self.detail.report_id))

    # ---- building ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        role = self.context.info.role
        menubar = self.menuBar()
        menus = {name: menubar.addMenu(name) for name in self.context.registry.menus()}
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(icons.TOOLBAR_SIZE, icons.TOOLBAR_SIZE))
        toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar
        for spec in self.context.registry.specs():
            if spec.roles and role not in spec.roles:
                continue
            action = QAction(spec.text, self)
            action.setObjectName(spec.id)
            action.setIcon(icons.icon(spec.icon) if spec.icon else icons.action_icon(spec.id))
            if spec.shortcuts:
                action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            tip = spec.tip or spec.text.replace("&", "")
            if spec.shortcut:
                native = QKeySequence(spec.shortcut).toString(
                    QKeySequence.SequenceFormat.NativeText)
                tip = f"{tip} ({native})"
            action.setToolTip(tip)
            action.setStatusTip(tip)
            self._tips[spec.id] = tip
            action.triggered.connect(lambda _=False, s=spec: self._trigger(s))
            menu = menus[spec.menu]
            if spec.separator_before and menu.actions():
                menu.addSeparator()
            menu.addAction(action)
            if spec.toolbar:
                if spec.separator_before and toolbar.actions():
                    toolbar.addSeparator()
                toolbar.addAction(action)
            self.addAction(action)
            self.actions_by_id[spec.id] = action
            self._specs[spec.id] = spec
        # Ctrl+L locks from every window of the session, not only this one.
        if "file.lock" in self.actions_by_id:
            self.actions_by_id["file.lock"].setShortcutContext(
                Qt.ShortcutContext.ApplicationShortcut)
        self.update_actions()

    def _trigger(self, spec: ActionSpec) -> None:
        if spec.enabled is not None and not spec.enabled(self):
            return
        spec.triggered(self)

    def update_actions(self) -> None:
        for action_id, spec in self._specs.items():
            if spec.enabled is None:
                continue
            action = self.actions_by_id[action_id]
            enabled = bool(spec.enabled(self))
            action.setEnabled(enabled)
            if spec.disabled_reason is not None:
                tip = self._tips[action_id] if enabled else spec.disabled_reason(self)
                action.setToolTip(tip)
                action.setStatusTip(tip)

    def _build_status_bar(self) -> None:
        info = self.context.info
        bar = self.statusBar()
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("countLabel")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setText(f"{info.display_name} · {info.role}")
        self.vault_label = QLabel(self)
        self.vault_label.setObjectName("vaultLabel")
        self.vault_label.setTextFormat(Qt.TextFormat.PlainText)
        self.vault_label.setText(f"Vault: {info.path}")
        bar.addWidget(self.count_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.vault_label)

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, name in enumerate(HEADERS):
            if column in (COL_REFERENCE, COL_TITLE):
                continue
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(pos))

    # ---- list and detail -----------------------------------------------------------------
    def _reference_loaded(self, data: ReferenceData) -> None:
        self.model.set_crime_area_names({a.code: a.name for a in data.crime_areas})
        self.model.handling_names = {h.code: h.wording for h in data.handling_codes}

    def _after_load(self) -> None:
        total = self.model.total
        shown = "" if total is None else f"{total:,} report{'s' if total != 1 else ''}"
        self.count_label.setText(shown)
        keep = self.model.take_keep_id()
        if keep is not None:
            row = self.model.row_of(ReportId(keep))
            if row is not None:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        elif self.model.rowCount() and not self.table.currentIndex().isValid():
            self.detail.show_empty()
        self.update_actions()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        report_id = current.siblingAtColumn(0).data(ReportIdRole) if current.isValid() else None
        if report_id is None:
            self.detail.show_empty()
        else:
            self.detail.show_report(ReportId(int(report_id)))
        self.update_actions()

    def _open_index(self, index: QModelIndex) -> None:
        report_id = index.siblingAtColumn(0).data(ReportIdRole)
        if report_id is not None:
            self.open_editor(ReportId(int(report_id)))

    def open_editor(self, report_id: ReportId | None = None,
                    recovered: Recovered | None = None) -> QWidget:
        """Open (or raise) the editor of ``report_id``; None writes a new report."""
        from sirat.ui.editor.window import ReportEditor

        existing = self.windows.editor_for(report_id) if report_id is not None else None
        if existing is not None and recovered is None:
            workspace_docks.bring_forward(existing)  # its tab, if it is docked
            return existing
        editor = ReportEditor(self.context, report_id, recovered)
        editor.entity_requested.connect(self.open_entity)
        editor.chart_requested.connect(self.open_report_chart)
        self.open_window(editor)
        return editor

    def open_report_chart(self, report_id: ReportId) -> None:
        from sirat.ui.chart.opening import open_report_chart

        open_report_chart(self, report_id)

    def open_entity(self, entity_id: EntityId) -> None:
        from sirat.ui.entities.view import EntityWindow

        view = EntityWindow(self.context, entity_id)
        view.report_requested.connect(self.open_editor)
        view.entity_requested.connect(self.open_entity)
        self.open_window(view)

    # ---- lock and close ------------------------------------------------------------------
    def save_drafts_for_lock(self) -> None:
        """Queue a draft save for every editor with changes (before the lock is queued)."""
        self.windows.save_drafts_for_lock()

    def clear_for_lock(self) -> None:
        """Forget every row and every rendered text before the window goes away."""
        workspace_docks.save_layout(self, self.context)  # before the views leave their docks
        self.windows.close_all_for_lock()
        self.model.clear()
        self.detail.clear()
        self.filters.clear_for_lock()
        self.banner.dismiss()

    def close_for_lock(self) -> None:
        self._save_layout()
        self._closing_for_lock = True
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_for_lock:
            event.accept()
            return
        if not self.windows.close_all_asking():
            event.ignore()
            return
        self._save_layout()
        event.accept()
        emit(self.closed)

    def _save_layout(self) -> None:
        s = self.context.settings
        s.setValue(GEOMETRY, self.saveGeometry())
        s.setValue(STATE, self.saveState())
        s.setValue(SPLITTER, self.splitter.saveState())
        s.setValue(HEADER, self.table.horizontalHeader().saveState())
        workspace_docks.save_layout(self, self.context)

    def _restore_layout(self) -> None:
        s = self.context.settings
        if (geometry := load_state(s, GEOMETRY)) is not None:
            self.restoreGeometry(geometry)
        if (state := load_state(s, STATE)) is not None:
            self.restoreState(state)
        workspace_docks.restore_layout(self, self.context)  # this user's docks
        if (splitter := load_state(s, SPLITTER)) is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([880, 400])
        if (header := load_state(s, HEADER)) is not None:
            self.table.horizontalHeader().restoreState(header)
        keep_on_screen(self)  # saved on a larger monitor: bring it back inside this one
