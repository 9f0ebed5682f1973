"""The report editor window: the form, the linked entities, save, submit and close.

Unsaved changes are never lost: closing asks Save / Discard / Cancel, and the idle lock saves
the draft into the vault first (``save_draft_for_lock``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import FieldProblem, SiratError, ValidationError
from sirat.services.reports import drafts, reference
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft, ReportView
from sirat.services.reports.validation import check_report
from sirat.services.workflow import review as workflow
from sirat.ui import icons, wheel_guard
from sirat.ui.attachments.panel import AttachmentsPanel
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.editor import saving
from sirat.ui.editor.form import ReportForm
from sirat.ui.editor.links import LinkRow
from sirat.ui.editor.panel import LinksPanel
from sirat.ui.editor.unsaved import CANCEL, SAVE, SaveFirstDialog, UnsavedDialog
from sirat.ui.screen_fit import fit_to_screen, remember
from sirat.ui.signals import emit
from sirat.vault import Vault

log = logging.getLogger(__name__)


#: Below this width the form and the links stack instead of sitting side by side.
NARROW = 880


class ReportEditor(QMainWindow):
    """What it saves or submits is announced as :class:`Changes` (``context.changed``)."""

    entity_requested = Signal(int)
    chart_requested = Signal(int)

    def __init__(self, context: Context, report_id: ReportId | None = None,
                 recovered: drafts.Recovered | None = None) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT — report")  # never the title the analyst typed
        self.setObjectName("reportEditor")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            wheel_guard.install(app)  # the controller does too; editors are also opened alone
        self.context = context
        self.report_id = None if report_id is None else ReportId(report_id)
        self.version: int | None = None
        self.status = "draft"
        self.editable = True
        self.dirty = False
        self._saving = False
        self._close_after_save = False
        self._submit_after_save = False
        self.closed_for_good = False
        self.banner = Banner(self)
        self.form = ReportForm(self)
        self.form.changed.connect(self._changed)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.links = LinksPanel(context, self, self)
        self.links.changed.connect(self._links_changed)
        self.links.entity_requested.connect(self.entity_requested)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(scroll)
        self.attachments = AttachmentsPanel(context, self)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.links)
        side.addWidget(self.attachments)
        side.setSizes([480, 260])
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_actions()
        fit_to_screen(self, 1240, 800)
        remember(self, context, "editor")
        self.splitter.setSizes([780, 460])
        self._recovered = recovered
        context.run(_reference_and_countries, on_success=self._got_reference, owner=self,
                    name="editor_reference")
        if report_id is not None:
            context.run(
                lambda v: reports.get_report(v, ReportId(report_id)),
                on_success=self._loaded,
                on_failure=self.banner.show_error,
                owner=self,
                name="editor_load",
            )
        self._update_state()

    # ---- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&Report")
        toolbar = self.addToolBar("Report")
        toolbar.setObjectName("editorToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(icons.TOOLBAR_SIZE, icons.TOOLBAR_SIZE))

        def act(text: str, keys: str, slot: Callable[[], object], name: str,
                bar: bool = True) -> QAction:
            action = QAction(icons.action_icon(name), text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text.replace('&', '')} ({keys})")
            action.triggered.connect(lambda _=False: slot())
            menu.addAction(action)
            if bar:
                toolbar.addAction(action)
            return action

        self.save_action = act("&Save draft", "Ctrl+S", self.save, "editor.save")
        self.submit_action = act("S&ubmit for approval", "Ctrl+Shift+S", self.submit,
                                 "editor.submit")
        menu.addSeparator()
        self.link_action = act("&Add or link entity…", "Ctrl+K", self.links.add_entity,
                               "editor.link")
        self.relate_action = act("&Relate two entities…", "Ctrl+Shift+R",
                                 self.links.relate, "editor.relate", bar=False)
        self.chart_action = act("Link &chart of the report", "Ctrl+G", self._chart,
                                "editor.chart", bar=False)
        menu.addSeparator()
        self.close_action = act("&Close", "Ctrl+W", self.close, "editor.close", bar=False)

    def _chart(self) -> None:
        if self.report_id is None:
            self.banner.show_info("Save the report first (Ctrl+S): its chart shows the saved "
                                  "links.")
            return
        emit(self.chart_requested, self.report_id)

    def _update_state(self) -> None:
        editable = self.editable and not self._saving
        self.save_action.setEnabled(editable)
        self.submit_action.setEnabled(editable)
        self.link_action.setEnabled(editable)
        self.links.set_editable(self.editable, saved=self.report_id is not None)
        self.relate_action.setEnabled(self.editable and self.report_id is not None)

    # ---- loading -------------------------------------------------------------------------
    def _got_reference(self, loaded: tuple[reference.ReferenceData, list[tuple[str, str]]]) -> None:
        data, countries = loaded
        self.form.set_reference(data, countries)
        self.links.set_reference(data)
        if self._recovered is not None and self.report_id is None:
            self._apply_recovered()

    def _loaded(self, view: ReportView) -> None:
        self._show_view(view)
        if self._recovered is not None:
            self._apply_recovered()

    def _apply_recovered(self) -> None:
        rec, self._recovered = self._recovered, None
        if rec is None or rec.draft is None:
            return
        self.form.set_draft(rec.draft)
        for entity_id, kind, label, role in rec.links:
            self.links.model.add(LinkRow(EntityId(entity_id), kind, label, role))
        self.dirty = True
        self.banner.show_message(
            "These changes were kept when SIRAT locked itself; they are not saved yet.",
            "Complete the fields marked below, then save (Ctrl+S).", "warning")
        self._show_problems_quietly()

    def _show_problems_quietly(self) -> None:
        """Mark what still needs filling in, without trying to save."""
        draft = self.form.draft()

        def work(v: Vault) -> list[FieldProblem]:
            return check_report(draft, reference.reference_data(v)).items

        def show(problems: list[FieldProblem]) -> None:
            self.form.show_problems(problems)

        self.context.run(work, on_success=show, owner=self, name="editor_check")

    def _show_view(self, view: ReportView) -> None:
        self.report_id = view.id
        self.version = view.version
        # The reference tells two editors (or two tabs) apart; never the typed title.
        self.setWindowTitle(f"SIRAT — report {view.reference}")
        self.status = view.status
        self.editable = view.status == "draft" and view.author_id == self.context.info.user_id
        self.form.set_draft(view.draft)
        self.form.set_read_only(not self.editable)
        self.links.show_view(view)
        self.attachments.set_owner(report_id=ReportId(int(view.id)), editable=self.editable)
        self.dirty = False
        if not self.editable:
            why = (f"This report is {view.status}; only drafts can be edited."
                   if view.status != "draft" else "Only the author can edit this draft.")
            self.banner.show_message(why, "", "info")
        self._update_state()

    # ---- changes and saving -----------------------------------------------------------------
    def _changed(self) -> None:
        if self.editable:
            self.dirty = True

    def _links_changed(self) -> None:
        # A link saved in the vault is announced by its op (Changes); this is the unsaved kind.
        if self.report_id is None and self.links.model.pending():
            self.dirty = True

    def draft(self) -> ReportDraft:
        return self.form.draft()

    def save(self) -> None:
        if self._saving or not self.editable:
            return
        draft = self.form.draft()
        report_id, version = self.report_id, self.version
        pending = self.links.model.pending()
        self._saving = True
        self._update_state()
        self.context.run(lambda v: saving.save_draft(v, report_id, version, draft, pending),
                         on_success=self._saved, on_failure=self._save_failed, owner=self,
                         name="save_report")

    def _saved(self, view: ReportView) -> None:
        self._saving = False
        self.form.problems.clear()
        self._show_view(view)
        self.banner.show_info(f"Saved as draft {view.reference} (version {view.version}).")
        if self._close_after_save:
            self._close_after_save = False
            self.close()
        elif self._submit_after_save:
            self._submit_after_save = False
            self.submit()

    def _save_failed(self, error: SiratError) -> None:
        self._saving = False
        self._close_after_save = False
        self._submit_after_save = False
        self._update_state()
        if isinstance(error, ValidationError):
            rest = self.form.show_problems(list(error.problems))
            if rest:
                self.banner.show_message(
                    f"{len(error.problems)} problem(s); nothing was saved.",
                    " ".join(f"{p.message} {p.hint}".strip() for p in rest), "warning")
            else:
                self.banner.show_error(error)
            return
        self.banner.show_error(error)

    def submit(self) -> None:
        if not self.editable:
            return
        if self.dirty or self.report_id is None:
            if not SaveFirstDialog.ask(self):
                return
            self._submit_after_save = True
            self.save()
            return
        report_id = self.report_id
        self.context.run(
            lambda v: workflow.submit(v, ReportId(report_id)),
            on_success=self._submitted,
            on_failure=self.banner.show_error,
            owner=self,
            name="submit",
        )

    def _submitted(self, _result: object) -> None:
        report_id = self.report_id
        if report_id is not None:
            self.context.run(
                lambda v: reports.get_report(v, ReportId(report_id), record_view=False),
                on_success=self._show_view,
                owner=self,
                name="editor_reload",
            )
        self.banner.show_info("Submitted for approval.")

    # ---- lock and close -----------------------------------------------------------------------
    def save_draft_for_lock(self) -> None:
        """Queue the save; it runs on the vault worker before the lock that follows it.

        Whatever happens, the vault remembers this editor for the next sign-in: the saved
        report to reopen, or (if the service refused the draft) the unsaved fields.
        """
        vault = self.context.vault
        report_id, version = self.report_id, self.version
        if self.dirty and self.editable:
            draft = self.form.draft()
            pending = self.links.model.pending()
            self.context.tasks.run(
                lambda: saving.save_for_lock(vault, report_id, version, draft, pending),
                name="save_for_lock")
        elif report_id is not None:
            self.context.tasks.run(lambda: drafts.keep(vault, ReportId(report_id), None, []),
                                   name="reopen_at_sign_in")
        self.dirty = False

    def clear_for_lock(self) -> None:
        self.dirty = False
        self.form.clear_all()
        self.links.clear_all()
        self.attachments.clear_all()
        self.banner.dismiss()

    def close_without_asking(self) -> None:
        self.dirty = False
        self.close()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow (docked beside the list on a 1280-px screen): the links go under the
        form instead of beside it, so neither is cut and Relate stays in view."""
        super().resizeEvent(event)
        narrow = self.width() < NARROW
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            QTimer.singleShot(0, self._share_form_and_links)

    def _share_form_and_links(self) -> None:
        """Once the new orientation is laid out: most of the room for the form."""
        vertical = self.splitter.orientation() == Qt.Orientation.Vertical
        total = self.splitter.height() if vertical else self.splitter.width()
        self.splitter.setSizes([total * 3 // 5, total * 2 // 5])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.editable:
            answer = UnsavedDialog.ask(self)
            if answer == CANCEL:
                event.ignore()
                return
            if answer == SAVE:
                event.ignore()
                self._close_after_save = True
                self.save()
                return
        self.closed_for_good = True
        event.accept()
        self.deleteLater()


def _reference_and_countries(vault: Vault) -> tuple[reference.ReferenceData, list[tuple[str, str]]]:
    data = reference.reference_data(vault)
    states = reference.list_recipients(vault, "member-state")
    return data, [(r.code, r.name) for r in states]
