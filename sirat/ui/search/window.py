"""The global search window: one box, any script, reports and entities side by side.

The query runs on the vault worker (``sirat.services.search.fulltext.search``: one audit record per
search). Results show the matched words highlighted, whatever script they are written in;
Enter or a double click opens the report or the entity. A query that cannot mean anything
gets its message and hint in the banner, never an error dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError, ValidationError
from sirat.services.entities.types import KINDS
from sirat.services.reports import reference
from sirat.services.search.fulltext import Scope, SearchFilters, SearchResults, search
from sirat.ui.banner import WARNING, Banner
from sirat.ui.context import Context
from sirat.ui.entity_words import kind_label
from sirat.ui.forms import named, plain_label
from sirat.ui.roles import IdRole, KindRole
from sirat.ui.screen_fit import fit_to_screen
from sirat.ui.search.results import SELECTION_STYLE, HitsModel, HtmlDelegate
from sirat.ui.signals import emit

LIMIT = 50
STATUSES = ("draft", "submitted", "approved", "disseminated")
PLACEHOLDER = ('Search everything, any script — petrov, "ivan petrov", petr*, '
               "heroin OR opium, truck -van")


def _list(parent: QWidget, name: str, model: HitsModel) -> QListView:
    view = named(QListView(parent), name)
    view.setModel(model)
    view.setItemDelegate(HtmlDelegate(view))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setUniformItemSizes(False)
    view.setWordWrap(True)
    view.setStyleSheet(SELECTION_STYLE)
    return view


class SearchWindow(QWidget):
    report_requested = Signal(int)
    entity_requested = Signal(int)
    #: (entity ids, report ids) of the results shown, for a link chart of them.
    chart_requested = Signal(list, list)
    searched = Signal()  # results (or a message) are shown

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — search")  # never the query: titles reach task bars
        self.setObjectName("searchWindow")
        self._context = context
        self._generation = 0
        self.banner = Banner(self)
        self.box = named(QLineEdit(self), "searchBox")
        self.box.setPlaceholderText(PLACEHOLDER)
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.run_search)
        go = named(QPushButton("&Search", self), "searchButton")
        go.clicked.connect(self.run_search)
        self.chart_button = named(QPushButton("Link &chart of the results", self),
                                  "chartResults")
        self.chart_button.setToolTip("A link chart of the reports and entities shown (Ctrl+G)")
        self.chart_button.clicked.connect(self.chart_results)
        self.chart_button.setEnabled(False)
        self.scope = named(QComboBox(self), "searchScope")
        for text, code in (("Reports and entities", "all"), ("Reports", "reports"),
                           ("Entities", "entities")):
            self.scope.addItem(text, code)
        self.area = named(QComboBox(self), "searchArea")
        self.area.addItem("Any crime area", "")
        self.status = named(QComboBox(self), "searchStatus")
        self.status.addItem("Any status", "")
        for code in STATUSES:
            self.status.addItem(code.capitalize(), code)
        self.kind = named(QComboBox(self), "searchKind")
        self.kind.addItem("Any kind of entity", "")
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.date_from = named(QLineEdit(self), "searchFrom")
        self.date_to = named(QLineEdit(self), "searchTo")
        for edit, text in ((self.date_from, "from yyyy-mm-dd"), (self.date_to, "to yyyy-mm-dd")):
            edit.setPlaceholderText(text)
            edit.setMaximumWidth(130)
            edit.returnPressed.connect(self.run_search)
        for combo in (self.scope, self.area, self.status, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self._refilter())
        # Cross-script and variant spellings are on by default; some analysts want a
        # spelling as typed (the query language's exact: does the same for one word).
        self.exact = named(QCheckBox("E&xact spelling", self), "searchExact")
        self.exact.setToolTip("Only this spelling: no other script, romanization or "
                              "sound-alike spelling (exact:word does it for one word)")
        self.exact.toggled.connect(lambda _on: self._refilter())
        self.reports = HitsModel(self)
        self.entities = HitsModel(self)
        self.report_list = _list(self, "reportHits", self.reports)
        self.entity_list = _list(self, "entityHits", self.entities)
        self.report_list.activated.connect(self._open)
        self.entity_list.activated.connect(self._open)
        self.report_count = plain_label("Reports", self)
        self.entity_count = plain_label("Entities", self)
        self.report_count.setObjectName("reportCount")
        self.entity_count.setObjectName("entityCount")
        self._build_layout(go)
        QShortcut(QKeySequence("F6"), self, self._focus_box)  # Ctrl+L locks SIRAT
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        QShortcut(QKeySequence("Ctrl+G"), self, self.chart_results)
        QShortcut(QKeySequence("Escape"), self, self.close)
        fit_to_screen(self, 1280, 800)
        context.run(reference.reference_data, on_success=self._fill_areas, owner=self,
                    name="search_reference")

    def _build_layout(self, go: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(go)
        top.addWidget(self.chart_button)
        # Two rows of filters, drop-downs that shrink: docked beside the list on a 1280-px
        # screen the search has ~600 px, and one row of long names made the window wider
        # than the screen.
        filters = QVBoxLayout()
        for row_widgets in ((self.scope, self.area, self.status, self.kind),
                            (self.date_from, self.date_to, self.exact)):
            row = QHBoxLayout()
            for w in row_widgets:
                if isinstance(w, QComboBox):
                    w.setSizeAdjustPolicy(
                        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                    w.setMinimumContentsLength(9)
                    row.addWidget(w, 1)  # what the dock leaves goes to the drop-downs
                else:
                    row.addWidget(w)
            if self.exact in row_widgets:
                row.addStretch(1)
            filters.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        for label, view in ((self.report_count, self.report_list),
                            (self.entity_count, self.entity_list)):
            pane = QWidget(split)
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(label)
            column.addWidget(view, 1)
            split.addWidget(pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(plain_label("Enter opens the selected result · F6 goes back to "
                                     "the search box · matching is script- and "
                                     "accent-insensitive", self))

    # ---- searching -----------------------------------------------------------------------
    def _fill_areas(self, data: reference.ReferenceData) -> None:
        for a in data.crime_areas:
            self.area.addItem(a.name, a.code)
        names = {a.code: a.name for a in data.crime_areas}
        self.reports.area_names = names

    def _focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def filters(self) -> SearchFilters:
        def one(combo: QComboBox) -> frozenset[str]:
            code = str(combo.currentData() or "")
            return frozenset({code}) if code else frozenset()

        return SearchFilters(crime_areas=one(self.area), statuses=one(self.status),
                             date_from=self.date_from.text().strip() or None,
                             date_to=self.date_to.text().strip() or None,
                             kinds=one(self.kind))

    def _refilter(self) -> None:
        if self.box.text().strip():
            self.run_search()

    def run_search(self) -> None:
        query = self.box.text()
        if not query.strip():
            self.banner.show_message("Type something to search for.",
                                     "A word, a name or a number, in any script.", WARNING)
            return
        filters, scope = self.filters(), _scope(self.scope.currentData())
        expand = not self.exact.isChecked()
        self._generation += 1
        generation = self._generation
        self.banner.dismiss()

        def done(result: SearchResults) -> None:
            if generation == self._generation:
                self.show_results(result)

        def failed(error: SiratError) -> None:
            if generation != self._generation:
                return
            if isinstance(error, ValidationError) and error.problems:
                problem = error.problems[0]  # a query that cannot mean anything: say why
                self.banner.show_message(problem.message, problem.hint, WARNING)
            else:
                self.banner.show_error(error)
            emit(self.searched)

        self._context.run(lambda v: search(v, query, filters=filters, scope=scope,
                                           limit=LIMIT, expand=expand),
                          on_success=done, on_failure=failed, owner=self, name="search")

    def show_results(self, result: SearchResults) -> None:
        self.reports.set_rows(list(result.reports))
        self.entities.set_rows(list(result.entities))

        def count(n: int, shown: int, exact: bool, what: str) -> str:
            total = f"{n:,}" + ("" if exact else "+")
            more = f" (best {shown} shown)" if shown < n else ""
            return f"{what} — {total}{more}"

        self.report_count.setText(count(result.report_total, len(result.reports),
                                        result.report_total_exact, "Reports"))
        self.entity_count.setText(count(result.entity_total, len(result.entities),
                                        result.entity_total_exact, "Entities"))
        first = self.report_list if result.reports else self.entity_list
        if first.model().rowCount():
            first.setCurrentIndex(first.model().index(0, 0))
        self.chart_button.setEnabled(bool(result.reports or result.entities))
        if not result.reports and not result.entities:
            self.banner.show_message("Nothing found.", "Try fewer words, a prefix (petr*) or "
                                     "another filter.", WARNING)
        emit(self.searched)

    def chart_results(self) -> None:
        def ids(model: HitsModel) -> list[int]:
            return [int(model.index(r, 0).data(IdRole)) for r in range(model.rowCount())]

        if self.reports.rowCount() or self.entities.rowCount():
            emit(self.chart_requested, ids(self.entities)[:30], ids(self.reports)[:30])

    def _open(self, index: QModelIndex) -> None:
        ident, kind = index.data(IdRole), index.data(KindRole)
        if ident is None:
            return
        emit(self.report_requested if kind == "report" else self.entity_requested, int(ident))

    # ---- lock ------------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self._generation += 1
        self.box.clear()
        self.reports.clear()
        self.entities.clear()
        self.chart_button.setEnabled(False)
        self.banner.dismiss()


def _scope(data: object) -> Scope:
    """The scope chosen in the drop-down (its items carry the service's words)."""
    return "reports" if data == "reports" else "entities" if data == "entities" else "all"
