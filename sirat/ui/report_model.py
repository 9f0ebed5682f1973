"""The report list model: ids plus cached rows, paged in from the store.

Sorting and filtering happen in SQL (``reports.list_reports`` with a sort key and filters);
the model holds only the pages fetched so far. ``canFetchMore``/``fetchMore`` ask the vault
worker for the next page when the view scrolls near the end, so a vault of 100,000 reports
shows its first screen after reading one page.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemDelegate, QTableView

from sirat.domain.vocab import ReportId, UserId
from sirat.errors import SiratError
from sirat.services.reports import query as report_query
from sirat.services.reports.types import ReportFilters, ReportRow
from sirat.ui.context import Context
from sirat.ui.dates import show_date, show_time
from sirat.ui.filter_bar import MY_DRAFTS, RETURNED, TO_REVIEW, ListFilters
from sirat.ui.forms import tooltip
from sirat.ui.roles import ROOT, IdRole, RowRole, StatusRole
from sirat.ui.signals import emit
from sirat.ui.status_badges import label as status_label
from sirat.vault import Vault

log = logging.getLogger(__name__)

PAGE_SIZE = 100

(COL_REFERENCE, COL_TITLE, COL_CRIME_AREA, COL_STATUS, COL_DATE, COL_COUNTRY, COL_GRADING,
 COL_CLASSIFICATION, COL_UPDATED, COL_HANDLING) = range(10)
HEADERS = ("Reference", "Title", "Crime area", "Status", "Report date", "Country", "Grading",
           "Classification", "Updated", "Handling")
SORT_KEYS = {
    COL_REFERENCE: "reference", COL_TITLE: "title", COL_CRIME_AREA: "crime_area",
    COL_STATUS: "status", COL_DATE: "report_date", COL_COUNTRY: "country",
    COL_GRADING: "grading", COL_CLASSIFICATION: "classification", COL_UPDATED: "updated",
    COL_HANDLING: "handling",
}
NOTHING = "-"  # a status no report has: filters that contradict each other match nothing
ReportIdRole = IdRole

#: How many best full-text matches the words filter keeps (the search's ranked window).
WORD_MATCHES = 500


def service_filters(f: ListFilters, user_id: UserId | None = None) -> ReportFilters:
    """The UI's filters in the reports service's terms (words are resolved separately).

    The quick views ("my drafts", "returned to me", "waiting for my review") need the
    signed-in user; they narrow whatever the other filters say.
    """
    def one(value: str) -> frozenset[str]:
        return frozenset({value}) if value else frozenset()

    filters = ReportFilters(
        crime_areas=one(f.crime_area), statuses=one(f.status), countries=one(f.country),
        source_reliability=one(f.source_reliability),
        information_accuracy=one(f.information_accuracy),
        date_from=f.date_from or None, date_to=f.date_to or None,
    )
    if not f.show or user_id is None:
        return filters

    def only(status: str) -> frozenset[str]:
        wanted = frozenset({status})
        return wanted if not filters.statuses or filters.statuses == wanted else \
            frozenset({NOTHING})

    if f.show == MY_DRAFTS:
        return dataclasses.replace(filters, author_id=UserId(user_id), statuses=only("draft"))
    if f.show == RETURNED:
        return dataclasses.replace(filters, author_id=UserId(user_id), statuses=only("draft"),
                                   returned=True)
    if f.show == TO_REVIEW:
        return dataclasses.replace(filters, exclude_author_id=UserId(user_id),
                                   statuses=only("submitted"))
    return filters


def resolve_words(vault: Vault, filters: ReportFilters, words: str) -> ReportFilters:
    """Narrow ``filters`` to the reports the words find (on the vault worker).

    A reference (``SIRAT-2026-0001…``) is a prefix filter in the store; other words go to
    the full-text search, whose best matches (at most ``WORD_MATCHES``) become an id filter,
    so sorting and paging still happen in the store. The filters the search index holds as
    tokens (crime areas, statuses, report dates: the same conditions as the store's) go into
    the search, so a frequent word with a crime-area filter finds that area's best matches,
    not that area's share of the best matches overall (issue 16).
    """
    words = words.strip()
    if not words:
        return filters
    if _looks_like_reference(words):
        return dataclasses.replace(filters, reference_prefix=words)
    try:
        from sirat.services.search import fulltext as search
    except ImportError:  # before the search feature: references only
        return dataclasses.replace(filters, reference_prefix=words)
    narrowed = search.SearchFilters(crime_areas=filters.crime_areas, statuses=filters.statuses,
                                    date_from=filters.date_from, date_to=filters.date_to)
    ids = search.search_report_ids(vault, words, filters=narrowed,
                                   limit=WORD_MATCHES)  # ids only: no snippets
    return dataclasses.replace(filters, ids=frozenset(ids))


def _looks_like_reference(text: str) -> bool:
    upper = text.upper()
    return upper.startswith("SIRAT-") or (upper[:1].isdigit() and "-" in upper)


class ReportListModel(QAbstractTableModel):
    """Rows of the report list. ``loaded`` after each (re)load; ``failed`` on an error."""

    loaded = Signal()
    failed = Signal(object)

    def __init__(self, context: Context, parent: QObject | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._context = context
        self.page_size = page_size
        self._rows: list[ReportRow] = []
        self._total: int | None = None
        self._filters: ReportFilters | None = None  # None until the window sets them
        self._words = ""
        self._resolved: ReportFilters | None = None  # _filters narrowed by the words
        self.sort_column = COL_UPDATED
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._generation = 0
        self._fetching = False
        self._keep_id: int | None = None
        self.crime_area_names: dict[str, str] = {}
        self.handling_names: dict[str, str] = {}
        self.rows_requested = 0  # how many rows the store was asked for (tests, status)

    # ---- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_TITLE, COL_CRIME_AREA):
            return tooltip(self._display(row, column))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_STATUS:
            return status_label(row.status)
        if role == IdRole:
            return int(row.id)
        if role == StatusRole:
            return "returned" if row.returned else row.status
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_STATUS and row.returned:
            return "A draft the supervisor returned with a comment (see the detail pane)"
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_HANDLING:
            return self.handling_words(row.handling_codes)
        if role == RowRole:
            return row
        return None

    def _display(self, row: ReportRow, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_TITLE:
            return row.title
        if column == COL_CRIME_AREA:
            return self.crime_area_names.get(row.crime_area, row.crime_area)
        if column == COL_STATUS:
            return "returned" if row.returned else row.status
        if column == COL_DATE:
            return show_date(row.report_date)
        if column == COL_COUNTRY:
            return row.reporting_country
        if column == COL_GRADING:
            return f"{row.source_reliability}{row.information_accuracy}"
        if column == COL_CLASSIFICATION:
            return row.classification
        if column == COL_UPDATED:
            return show_time(row.updated_at)
        if column == COL_HANDLING:
            return " ".join(code for code in row.handling_codes.split(",") if code)
        return ""

    def handling_words(self, codes: str) -> str:
        return "\n".join(f"{code}: {self.handling_names.get(code, '')}".rstrip(": ")
                          for code in codes.split(",") if code)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> bool:
        if parent.isValid() or self._fetching or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> None:
        if not self.canFetchMore(parent) or self._resolved is None:
            return
        self._fetching = True
        generation, filters, offset = self._generation, self._resolved, len(self._rows)
        sort_key, descending = self._sort_args()
        limit = self.page_size
        self.rows_requested += limit
        after = self._rows[-1] if self._rows else None  # keyset: no OFFSET walk (issue 16)

        def work(vault: Vault) -> list[ReportRow]:
            return report_query.list_reports(vault, filters, sort_key, descending, offset,
                                             limit, after=after)

        def done(rows: list[ReportRow]) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            if len(rows) < limit:  # the store has no more than we hold now
                self._total = len(self._rows)

        self._context.run(work, on_success=done, on_failure=self._fail, owner=self,
                          name="list_page")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORT_KEYS:
            return
        if (column, order) == (self.sort_column, self.sort_order) and self._total is not None:
            return
        self.sort_column, self.sort_order = column, order
        if self._filters is not None:
            self.reload()

    # ---- loading ---------------------------------------------------------------------------
    def _sort_args(self) -> tuple[str, bool]:
        return SORT_KEYS[self.sort_column], self.sort_order == Qt.SortOrder.DescendingOrder

    def set_filters(self, filters: ListFilters) -> None:
        self._filters = service_filters(filters, self._context.info.user_id)
        self._words = filters.text
        self.reload()

    def reload(self, keep_id: int | None = None) -> None:
        """Ask the store for the first page again (filters and sort as they are)."""
        if self._filters is None:
            return
        self._generation += 1
        self._fetching = True
        self._keep_id = keep_id
        generation, filters, words = self._generation, self._filters, self._words
        sort_key, descending = self._sort_args()
        limit = self.page_size
        self.rows_requested += limit

        def work(vault: Vault) -> tuple[ReportFilters, int, list[ReportRow]]:
            resolved = resolve_words(vault, filters, words)
            total = report_query.count_reports(vault, resolved)
            return resolved, total, report_query.list_reports(vault, resolved, sort_key,
                                                              descending, 0, limit)

        def done(result: tuple[ReportFilters, int, list[ReportRow]]) -> None:
            if generation != self._generation:
                return
            resolved, total, rows = result
            self.beginResetModel()
            self._resolved = resolved
            self._rows = rows
            self._total = max(total, len(rows))
            self._fetching = False
            self.endResetModel()
            emit(self.loaded)

        self._context.run(work, on_success=done, on_failure=self._fail, owner=self,
                          name="list_first_page")

    def _fail(self, error: SiratError) -> None:
        self._fetching = False
        emit(self.failed, error)

    def clear(self) -> None:
        """Forget every row (the vault is being locked)."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._total = None
        self._filters = None
        self._resolved = None
        self._words = ""
        self._fetching = False
        self.endResetModel()

    # ---- helpers for the window -------------------------------------------------------------
    def set_crime_area_names(self, names: dict[str, str]) -> None:
        self.crime_area_names = dict(names)
        if self._rows:
            emit(self.dataChanged, self.index(0, COL_CRIME_AREA),
                                  self.index(len(self._rows) - 1, COL_CRIME_AREA))

    @property
    def total(self) -> int | None:
        return self._total

    def take_keep_id(self) -> int | None:
        keep, self._keep_id = self._keep_id, None
        return keep

    def row_of(self, report_id: ReportId) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == report_id:
                return i
        return None

    def reference_of(self, report_id: ReportId | None) -> str:
        row = None if report_id is None else self.row_of(report_id)
        return "" if row is None else self._rows[row].reference

    def install_delegates(self, view: QTableView,
                          status_delegate: QAbstractItemDelegate) -> None:
        view.setItemDelegateForColumn(COL_STATUS, status_delegate)
