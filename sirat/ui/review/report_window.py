"""The review window of one report: the whole report (as the detail pane renders it) beside
the life-cycle actions, the comment thread and the history.

Approve asks once more, showing grading, handling and classification (``ApproveDialog``);
comparisons read codes in words.

Buttons follow ``workflow.allowed_actions`` (the service checks again on every call). Return
and Approve take the text of the comment box (required to return: it tells the author why)
and the version shown, so nothing is approved that changed since it was read.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import ReportId
from sirat.errors import SiratError
from sirat.services.reports import history, reference
from sirat.services.reports import records as reports
from sirat.services.reports.history import Comparison, VersionInfo
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportView
from sirat.services.workflow import review as workflow
from sirat.services.workflow.review import CommentView, StatusChange
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.dates import show_time
from sirat.ui.report_html import report_html
from sirat.ui.review.approve_dialog import ApproveDialog
from sirat.ui.review.compare import CompareView, comparison_in_words
from sirat.ui.review.models import VersionsModel
from sirat.ui.screen_fit import fit_to_screen, keep_on_screen, remember
from sirat.ui.signals import emit
from sirat.ui.status_badges import badge_html
from sirat.vault import Vault

KIND = {"comment": "commented", "return": "returned it", "approval": "approved it"}


@dataclass(frozen=True)
class Loaded:
    view: ReportView
    comments: list[CommentView]
    versions: list[VersionInfo]
    ref: ReferenceData | None = None


def load(vault: Vault, report_id: ReportId, *, first: bool = False) -> Loaded:
    """Everything the window shows (on the vault worker). The whole report is shown, so
    opening the window is recorded as a consultation (once, not at every refresh)."""
    return Loaded(
        reports.get_report(vault, ReportId(report_id), record_view=first),
        workflow.comments(vault, ReportId(report_id)),
        history.versions(vault, ReportId(report_id)),
        reference.reference_data(vault),
    )


def thread_html(comments: list[CommentView]) -> str:
    if not comments:
        return "<p style='color:#666;'>No comments yet.</p>"
    parts = []
    for c in comments:
        head = (f"<b>{html.escape(c.author_name)}</b> {KIND.get(c.kind, c.kind)} "
                f"<span style='color:#666;'>· version {c.report_version} · "
                f"{html.escape(show_time(c.created_at))}</span>")
        body = html.escape(c.body).replace("\n", "<br>") if c.body else ""
        parts.append(f"<p>{head}<br>{body}</p>")
    return "".join(parts)


class ReviewWindow(QWidget):
    entity_requested = Signal(int)

    def __init__(self, context: Context, report_id: ReportId) -> None:
        super().__init__()
        self.setWindowTitle("SIRAT — review")  # never the report's title
        self.setObjectName("reviewWindow")
        self.context = context
        self.reviewed_id = report_id
        self.loaded: Loaded | None = None
        self.closed_for_good = False
        self.banner = Banner(self)
        self.header = QLabel(self)
        self.header.setObjectName("reviewHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        # Two by two: one row of four made the review too wide to dock beside the list on a
        # 1280-px screen with its comments beside the report.
        actions = QGridLayout()
        for n, (action, text, keys) in enumerate((
                ("submit", "S&ubmit", "Ctrl+Shift+U"),
                ("reopen", "Re&open to edit", "Ctrl+Shift+O"),
                ("approve", "&Approve", "Ctrl+Shift+A"),
                ("return", "Re&turn to author", "Ctrl+Shift+T"))):
            button = QPushButton(text, self)
            button.setObjectName(f"review.{action}")
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(f"{text.replace('&', '')} ({keys})")
            button.clicked.connect(lambda _=False, a=action: self.act(a))
            actions.addWidget(button, n // 2, n % 2)
            self.buttons[action] = button
        actions.setColumnStretch(2, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._thread_tab(), "&Comments")
        self.tabs.addTab(self._history_tab(), "&History")
        self.report_view = QTextBrowser(self)
        self.report_view.setObjectName("reviewReport")
        self.report_view.setMinimumWidth(200)  # docked beside the list: never a sliver
        self.report_view.setOpenLinks(False)
        self.report_view.setOpenExternalLinks(False)
        self.report_view.anchorClicked.connect(self._link)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addLayout(actions)
        right_column.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(self.report_view)
        self.splitter.addWidget(right)
        # The report is what is reviewed: it gets the larger share.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 480])
        column = QVBoxLayout(self)
        column.addWidget(self.banner)
        column.addWidget(self.header)
        column.addWidget(self.splitter, 1)
        close_keys(self)
        fit_to_screen(self, 1240, 760)
        remember(self, context, "review")
        self._set_enabled(frozenset())
        self._first = True
        self.reload()

    # ---- building ------------------------------------------------------------------------
    def _thread_tab(self) -> QWidget:
        tab = QWidget(self)
        self.thread_view = QTextBrowser(tab)
        self.thread_view.setObjectName("reviewThread")
        self.thread_view.setOpenLinks(False)
        self.comment_box = QPlainTextEdit(tab)
        self.comment_box.setObjectName("reviewComment")
        self.comment_box.setPlaceholderText(
            "Write a comment. Return to author sends it as the reason; Approve keeps it as "
            "a remark.")
        self.comment_box.setTabChangesFocus(True)
        self.comment_box.setMaximumHeight(110)
        self.comment_button = QPushButton("Add co&mment", tab)
        self.comment_button.setObjectName("review.comment")
        self.comment_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.comment_button.clicked.connect(lambda _=False: self.act("comment"))
        column = QVBoxLayout(tab)
        column.addWidget(self.thread_view, 1)
        column.addWidget(self.comment_box)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.comment_button)
        column.addLayout(row)
        return tab

    def _history_tab(self) -> QWidget:
        tab = QWidget(self)
        self.versions = VersionsModel(tab)
        self.versions_view = QTableView(tab)
        self.versions_view.setObjectName("reviewVersions")
        self.versions_view.setModel(self.versions)
        self.versions_view.verticalHeader().hide()
        self.versions_view.setMaximumHeight(150)
        versions_header = self.versions_view.horizontalHeader()
        versions_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        versions_header.setStretchLastSection(True)  # times and names whole, never cut off
        self.old_box, self.new_box = QComboBox(tab), QComboBox(tab)
        self.old_box.setObjectName("reviewOld")
        self.new_box.setObjectName("reviewNew")
        self.compare_button = QPushButton("Com&pare", tab)
        self.compare_button.setObjectName("review.compare")
        self.compare_button.clicked.connect(self.compare)
        self.changed_only = QCheckBox("Changed fields &only", tab)
        self.compare_view = CompareView(tab)
        self.changed_only.toggled.connect(self.compare_view.set_changed_only)
        row = QHBoxLayout()
        for widget in (QLabel("Compare version", tab), self.old_box, QLabel("with", tab),
                       self.new_box):
            row.addWidget(widget)
        row.addStretch(1)
        # Compare and "Changed fields only" on a line of their own: one row of all six made
        # the review ~680 px at least even with its comments beside the report -- more than
        # a 1280-px screen leaves beside the list, so Qt kept the window wider than the
        # screen when the user narrowed it.
        second = QHBoxLayout()
        second.addWidget(self.compare_button)
        second.addWidget(self.changed_only)
        second.addStretch(1)
        column = QVBoxLayout(tab)
        column.addWidget(self.versions_view)
        column.addLayout(row)
        column.addLayout(second)
        column.addWidget(self.compare_view, 1)
        return tab

    # ---- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        rid, first = self.reviewed_id, self._first
        self._first = False
        self.context.run(lambda v: load(v, rid, first=first), on_success=self._show,
                         on_failure=self.banner.show_error, owner=self, name="review_load")

    def _show(self, loaded: Loaded) -> None:
        self.loaded = loaded
        v = loaded.view
        self.header.setText(
            f"<b>{html.escape(v.reference)}</b> &nbsp;{badge_html(v.status)}&nbsp; "
            f"version {v.version} · by {html.escape(v.author_name)}<br>"
            f"{html.escape(v.title)}")
        self.thread_view.setHtml(thread_html(loaded.comments))
        self.report_view.setHtml(report_html(v, loaded.ref))
        self.versions.set_rows(loaded.versions)
        numbers = [str(x.version) for x in loaded.versions]
        for box, pick in ((self.old_box, _default_old(loaded.versions)),
                          (self.new_box, len(numbers) - 1)):
            box.clear()
            box.addItems(numbers)
            box.setCurrentIndex(max(pick, 0))
        self._set_enabled(workflow.allowed_actions(self.context.info, v.author_id, v.status))

    def _busy(self) -> None:
        """While an action runs, no second one starts (typing goes on undisturbed)."""
        for button in (*self.buttons.values(), self.comment_button):
            button.setEnabled(False)

    def _set_enabled(self, allowed: frozenset[str]) -> None:
        for action, button in self.buttons.items():
            button.setEnabled(action in allowed)
        self.comment_button.setEnabled("comment" in allowed)
        self.comment_box.setEnabled("comment" in allowed or bool(
            allowed & {"approve", "return"}))

    # ---- acting --------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if self.loaded is None:
            return
        rid, version = self.reviewed_id, self.loaded.view.version
        text = self.comment_box.toPlainText()
        if action == "approve" and not ApproveDialog.ask(self, self.loaded.view,
                                                         self.loaded.ref):
            return
        calls: dict[str, Callable[[Vault], StatusChange | CommentView]] = {
            "submit": lambda v: workflow.submit(v, ReportId(rid)),
            "reopen": lambda v: workflow.reopen(v, ReportId(rid)),
            "approve": lambda v: workflow.approve(
                v, ReportId(rid), comment=text, expected_version=version
            ),
            "return": lambda v: workflow.return_report(
                v, ReportId(rid), text, expected_version=version
            ),
            "comment": lambda v: workflow.add_comment(v, ReportId(rid), text),
        }
        self._busy()
        self.context.run(calls[action], on_success=self._done, on_failure=self._failed,
                         owner=self, name=f"review_{action}")

    def _done(self, result: StatusChange | CommentView) -> None:
        self.comment_box.clear()
        if isinstance(result, StatusChange):
            self.banner.show_info(f"{result.reference}: {result.old_status} → "
                                  f"{result.new_status}.")
        self.reload()

    def _failed(self, error: SiratError) -> None:
        self.banner.show_error(error)
        self.reload()

    def compare(self) -> None:
        old, new = self.old_box.currentText(), self.new_box.currentText()
        if not old or not new:
            return
        rid = self.reviewed_id
        self.context.run(lambda v: history.compare(v, ReportId(rid), int(old), int(new)),
                         on_success=self._compared, on_failure=self.banner.show_error,
                         owner=self, name="review_compare")

    def _compared(self, cmp: Comparison) -> None:
        ref = self.loaded.ref if self.loaded is not None else None
        self.compare_view.show_comparison(comparison_in_words(cmp, ref))

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "entity" and url.path().isdigit():
            emit(self.entity_requested, int(url.path()))

    # ---- lock and close ------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self.loaded = None
        self.header.clear()
        self.report_view.clear()
        self.thread_view.clear()
        self.comment_box.clear()
        self.versions.clear()
        self.compare_view.clear_all()

    def close_without_asking(self) -> None:
        self.closed_for_good = True
        self.close()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Docked beside the list on a 1280-px screen: the comments go under the report
        instead of beside it, so the main window still fits the screen."""
        super().resizeEvent(event)
        wanted = Qt.Orientation.Vertical if not self.isWindow() and self.width() < 900 \
            else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            QTimer.singleShot(0, self._after_orientation)

    def _after_orientation(self) -> None:
        vertical = self.splitter.orientation() == Qt.Orientation.Vertical
        total = self.splitter.height() if vertical else self.splitter.width()
        self.splitter.setSizes([total * 3 // 5, total * 2 // 5])
        keep_on_screen(self.window())  # it grew past the screen while side by side

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed_for_good = True
        event.accept()


def _default_old(versions: list[VersionInfo]) -> int:
    """Compare the current version with the last approved one, else with the one before."""
    if len(versions) < 2:
        return 0
    approved = [i for i, v in enumerate(versions[:-1]) if v.approved]
    return approved[-1] if approved else len(versions) - 2
