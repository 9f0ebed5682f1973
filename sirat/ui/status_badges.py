"""Status badges: a coloured pill with the status in words, in lists and in the detail pane."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sirat.ui.roles import StatusRole

# (background, text); chosen for contrast >= 4.5:1 on both.
COLOURS: dict[str, tuple[str, str]] = {
    "draft": ("#e8eaed", "#2d3035"),
    "submitted": ("#fdf0c4", "#5c4400"),
    "returned": ("#fbe0dc", "#7a1f12"),
    "approved": ("#d8f0dc", "#1d5129"),
    "disseminated": ("#dbe8fb", "#163f78"),
}
FALLBACK = ("#eeeeee", "#333333")


def label(status: str) -> str:
    return status.replace("_", " ").capitalize()


def badge_html(status: str) -> str:
    """The badge for rich text (status codes are ours, never user text)."""
    bg, fg = COLOURS.get(status, FALLBACK)
    return (f'<span style="background-color:{bg}; color:{fg}; font-weight:600;">'
            f"&nbsp;{label(status)}&nbsp;</span>")


class StatusDelegate(QStyledItemDelegate):
    """Paints the status column as a pill; the model gives the status code as DisplayRole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        status = str(index.data(StatusRole) or index.data() or "")
        # Background and selection as usual, then the pill on top.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        text = label(status)
        bg, fg = COLOURS.get(status, FALLBACK)
        metrics = QFontMetrics(opt.font)
        width = metrics.horizontalAdvance(text) + 16
        height = min(metrics.height() + 4, opt.rect.height() - 4)
        rect = QRect(opt.rect.left() + 6, opt.rect.center().y() - height // 2 + 1, width, height)
        painter.save()
        painter.setClipRect(opt.rect)  # a narrow column clips the pill, never the next cell
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(QRectF(rect), height / 2, height / 2)
        painter.setPen(QColor(fg))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        return QSize(metrics.horizontalAdvance(label(str(index.data() or ""))) + 28,
                     base.height())


def column_width(font: QFont) -> int:
    """The width a status column needs so that the widest badge fits whole."""
    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(label(status)) for status in COLOURS) + 28
