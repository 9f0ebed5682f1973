"""Item models of search hits and the delegate that paints them as highlighted rich text.

Rows hold the frozen hits the service returned; ``HtmlRole`` gives the markup, built only by
:func:`sirat.ui.search.highlight.highlighted` (escaped user text, our spans).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QIcon, QPainter, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sirat.services.search.fulltext import EntityHit, ReportHit
from sirat.ui.entity_words import identifier_label, kind_label
from sirat.ui.icons import kind_icon
from sirat.ui.roles import KindRole
from sirat.ui.search.highlight import esc, highlighted
from sirat.ui.table_model import RowsModel

HtmlRole = int(Qt.ItemDataRole.UserRole) + 40
SELECTION_STYLE = ("QListView::item:selected { background: #cfe2fb; color: #000; "
                   "border-left: 3px solid #2f6fd0; } "
                   "QListView::item { border-bottom: 1px solid #e6e6e6; }")
_GREY = "color:#555;"


def report_html(h: ReportHit, area_names: dict[str, str]) -> str:
    area = area_names.get(h.crime_area, h.crime_area)
    field = h.snippet_field.capitalize()
    snip = highlighted(h.snippet.text, h.snippet.spans, cut_start=h.snippet.cut_start,
                       cut_end=h.snippet.cut_end)
    return (f"<div><b>{esc(h.reference)}</b> &nbsp;<span style='{_GREY}'>{esc(h.status)} · "
            f"{esc(h.report_date)} · {esc(area)}</span></div>"
            f"<div style='font-size:11pt;'>{highlighted(h.title, h.title_spans)}</div>"
            f"<div style='{_GREY}'>{esc(field)}: {snip}</div>")


def entity_html(h: EntityHit) -> str:
    line = f"<b>{esc(kind_label(h.kind))}</b> &nbsp;{highlighted(h.label, h.label_spans)}"
    if h.identifier_match:
        line += " &nbsp;<span style='color:#0a6b2c;'>✓ identifier match</span>"
    if h.matched is not None:
        where = h.matched_field
        where = (identifier_label(where) if where not in ("alias", "name") else where)
        line += (f"<div style='{_GREY}'>{esc(where.replace('_', ' ').capitalize())}: "
                 f"{highlighted(h.matched.text, h.matched.spans)}</div>")
    return line


class HitsModel(RowsModel[ReportHit | EntityHit]):
    """Search hits of one kind (reports or entities), in rank order; each hit's rich text
    (``HtmlRole``) is made once, when the hits arrive."""

    headers = ("Hit",)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._html: dict[int, str] = {}
        self.area_names: dict[str, str] = {}

    def text(self, row: ReportHit | EntityHit, column: int) -> object:
        del column  # a list: one column
        # plain text: accessibility and copying
        if isinstance(row, ReportHit):
            return f"{row.reference} {row.title}"
        return f"{kind_label(row.kind)}: {row.label}"

    def row_id(self, row: ReportHit | EntityHit) -> int:
        return int(row.report_id if isinstance(row, ReportHit) else row.entity_id)

    def other(self, row: ReportHit | EntityHit, column: int, role: int) -> object:
        del column  # a list: one column
        kind = "report" if isinstance(row, ReportHit) else row.kind
        if role == HtmlRole:
            return self._html.get(id(row), "")
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(kind)
        if role == KindRole:
            return kind
        return None

    def set_rows(self, rows: Sequence[ReportHit | EntityHit]) -> None:
        self._html = {id(h): report_html(h, self.area_names) if isinstance(h, ReportHit)
                      else entity_html(h) for h in rows}
        super().set_rows(rows)


ICON_SIZE = 20  # the kind's icon, left of the text
ICON_ROOM = ICON_SIZE + 8


class HtmlDelegate(QStyledItemDelegate):
    """Paints ``HtmlRole`` as rich text, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(str(index.data(HtmlRole) or ""))
        doc.setTextWidth(max(100, option.rect.width() - ICON_ROOM))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        opt.text = ""
        opt.icon = QIcon()  # drawn below, beside the first line, not by the style
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if isinstance(icon, QIcon) and not icon.isNull():
            icon.paint(painter, QRect(opt.rect.left() + 4, opt.rect.top() + 4,
                                      ICON_SIZE, ICON_SIZE))
        # The view's selection is a light tint (SELECTION_STYLE): the text keeps its colours,
        # so grey snippets and marked words stay readable on a selected row.
        ctx = QAbstractTextDocumentLayout.PaintContext()
        painter.save()
        painter.translate(opt.rect.topLeft() + QPoint(ICON_ROOM, 0))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()) + ICON_ROOM,
                     max(int(doc.size().height()), ICON_SIZE + 8))  # the icon never clipped
