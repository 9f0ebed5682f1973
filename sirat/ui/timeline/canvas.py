"""The timeline canvas: lanes of interval bars painted directly (no item per bar).

A ``QGraphicsItem`` per bar costs too much at 10,000 items; the canvas paints only the bars
inside the viewport from the pure model's lanes (``sirat.timeline``), keeps the painted
rectangles for hit tests, and at low zoom paints the SQL histogram bins it is given instead.
Mouse: the wheel zooms around the pointer, dragging pans, a click selects (Ctrl adds),
a double click opens. Keys: + / - zoom, arrows pan, F fits, Enter opens the current item.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sirat.domain.vocab import EntityId, ReportId
from sirat.timeline.model import Bin, Item, Lane, LaneKind, TimelineData, iso_of, lanes_of
from sirat.timeline.scale import BIN_ABOVE, Viewport, bin_unit, level_for, ticks

LANE_LABEL_W: Final = 190.0
#: A narrow dock keeps at least this much for the labels and gives the rest to time.
MIN_LABEL_W: Final = 96.0


def label_width(width: float) -> float:
    """The lane label column for a view ``width`` pixels wide: a quarter, 96..190 px."""
    return max(MIN_LABEL_W, min(LANE_LABEL_W, width * 0.25))
AXIS_H: Final = 30.0
ROW_H: Final = 18.0
LANE_PAD: Final = 8.0
MIN_BAR_PX: Final = 6.0
LABEL_ROOM: Final = 170
#: Up to this many bars in view in a lane, each is painted alone with its label (text is
#: costly); beyond, touching bars are merged.
LABELS_UP_TO: Final = 200
REPORT_COLOUR: Final = QColor("#2f6db5")
EVENT_COLOUR: Final = QColor("#d9731a")
SELECTED_COLOUR: Final = QColor("#111111")
BIN_COLOUR: Final = QColor("#7f9fc8")
GRID_COLOUR: Final = QColor("#e4e7eb")


def _faded(colour: QColor) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(150)
    return faded


def bar_tooltip(*lines: str) -> str:
    """A bar's tooltip: its lines as typed. A title is user text and Qt guesses whether a
    tooltip is rich text, so each line is escaped and the whole marked as rich text."""
    return "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"


class TimelineCanvas(QWidget):
    #: report ids and entity ids of the items the user selected here
    selectionEdited = Signal(list, list)
    itemActivated = Signal(object)  # Item
    #: the zoom crossed into or out of histogram mode: the window asks the service
    binsWanted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.data = TimelineData(())
        self.lane_by: LaneKind = "none"
        self.lanes: list[Lane] = []
        self.viewport = Viewport(0, 1.0, 800)
        self.selected_reports: set[int] = set()
        self.selected_entities: set[int] = set()
        self.bins: dict[str, list[Bin]] = {}
        self.bins_unit = ""
        self.bars_painted = 0
        self._packed_for = 0
        self._brushes = (QBrush(REPORT_COLOUR), QBrush(_faded(REPORT_COLOUR)),
                         QBrush(EVENT_COLOUR), QBrush(_faded(EVENT_COLOUR)))
        self._drag: QPointF | None = None
        self._dragged = False
        self._current: Item | None = None
        self._scroll = 0.0  # vertical offset of the lanes, px
        self.last_paint_ms = 0.0
        self._font = QFont(self.font())
        self._font.setPointSizeF(8.5)

    # ---- content -------------------------------------------------------------------------
    def set_data(self, data: TimelineData, lane_by: LaneKind | None = None, *,
                 fit: bool = True) -> None:
        self.data = data
        if lane_by is not None:
            self.lane_by = lane_by
        self._relayout()
        if fit:
            self.fit()
        self.update()

    def set_lane_by(self, lane_by: LaneKind) -> None:
        self.lane_by = lane_by
        self._scroll = 0.0
        self._relayout()
        self.update()

    def set_bins(self, unit: str, bins: Iterable[Bin]) -> None:
        self.bins_unit = unit
        self.bins = {}
        for b in bins:
            self.bins.setdefault(b.lane, []).append(b)
        self.update()

    def binned(self) -> bool:
        """Histogram mode: the zoom is too far out to tell items apart."""
        return self.viewport.days_per_px > BIN_ABOVE

    def _relayout(self, *, force: bool = True) -> None:
        """Stack the lanes' rows for the current zoom. Stacking depends on how wide a point
        is in days, so it is redone when the zoom changed by a factor of two (not at every
        wheel step: 10,000 items take ~0.1 s to stack)."""
        bucket = round(math.log2(max(self.viewport.days_per_px, 1e-9)))
        if not force and bucket == self._packed_for:
            return
        self._packed_for = bucket
        self.lanes = lanes_of(self.data, self.lane_by,
                              min_days=MIN_BAR_PX * 1.5 * 2.0 ** bucket)

    def fit(self) -> None:
        span = self.data.span()
        width = max(1, int(self.width() - label_width(self.width())))
        if span is None:  # nothing dated: show the current year
            today = date.today()
            span = (date(today.year, 1, 1).toordinal(), date(today.year, 12, 31).toordinal())
        # Room on the right for the labels drawn after the last bars.
        fitted = Viewport.fitting(*span, max(1, width - min(LABEL_ROOM, width // 3)))
        self.viewport = Viewport(fitted.start, fitted.days_per_px, width)
        self._relayout()
        self._check_bins()
        self.update()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        self.viewport = self.viewport.zoomed(factor, anchor_x)
        self._relayout(force=False)
        self._check_bins()
        self.update()

    def pan(self, dx: float) -> None:
        self.viewport = self.viewport.panned(dx)
        self.update()

    def _check_bins(self) -> None:
        if self.binned():
            unit = bin_unit(self.viewport.days_per_px)
            if unit != self.bins_unit:
                self.binsWanted.emit(unit)

    # ---- selection -----------------------------------------------------------------------
    def select_reports(self, report_ids: Iterable[ReportId],
                       entity_ids: Iterable[EntityId] = ()) -> None:
        """Show a selection made elsewhere (the list, the chart, the map); emits nothing."""
        self.selected_reports = set(report_ids)
        self.selected_entities = set(entity_ids)
        self.update()

    def is_selected(self, item: Item) -> bool:
        return item.report_id in self.selected_reports or any(
            e.id in self.selected_entities for e in item.entities)

    def item_at(self, pos: QPointF) -> Item | None:
        """The item under ``pos``, found from the model (lane and row by y, days by x)."""
        if pos.x() < label_width(self.width()) or pos.y() < AXIS_H or self.binned():
            return None
        y = AXIS_H - self._scroll
        for lane in self.lanes:
            h = self.lane_height(lane)
            if y <= pos.y() < y + h:
                row = int((pos.y() - y - LANE_PAD / 2 - 2) // ROW_H)
                day = self.viewport.day_at(pos.x() - label_width(self.width()))
                slack = (MIN_BAR_PX + 2) * self.viewport.days_per_px
                hit = None
                for k, it in enumerate(lane.items):
                    if lane.rows[k] == row and it.start - 2 * self.viewport.days_per_px \
                            <= day <= max(it.end + 1, it.start + slack):
                        hit = it  # the last one painted is on top
                return hit
            y += h
        return None

    # ---- geometry ------------------------------------------------------------------------
    def lane_height(self, lane: Lane) -> float:
        return lane.row_count * ROW_H + LANE_PAD

    def content_height(self) -> float:
        return AXIS_H + sum(self.lane_height(ln) for ln in self.lanes)

    def sizeHint(self) -> QSize:
        return QSize(900, 420)

    def resizeEvent(self, event: object) -> None:
        self.viewport = self.viewport.resized(
            int(max(1, self.width() - label_width(self.width()))))
        super().resizeEvent(event)  # type: ignore[arg-type]

    # ---- painting ------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        started = time.perf_counter()
        painter = QPainter(self)
        try:
            self.paint_to(painter, QRectF(0, 0, self.width(), self.height()))
        finally:
            painter.end()
        self.last_paint_ms = (time.perf_counter() - started) * 1000

    def paint_to(self, p: QPainter, area: QRectF, *, live: bool = True) -> None:
        """Paint the timeline into ``area`` (the widget, or an export's page)."""
        p.fillRect(area, QColor("white"))
        p.setFont(self._font)
        fm = QFontMetricsF(self._font)
        label_w = label_width(area.width())
        vp = Viewport(self.viewport.start, self.viewport.days_per_px,
                      int(max(1, area.width() - label_w)))
        left = area.left() + label_w
        self._paint_axis(p, vp, left, area)
        if live:
            self.bars_painted = 0
        y = area.top() + AXIS_H - self._scroll
        binned = self.binned() and bool(self.bins)
        drawn = 0
        for n, lane in enumerate(self.lanes):
            h = self.lane_height(lane)
            if y + h < area.top() + AXIS_H:
                y += h
                continue
            if y > area.bottom():
                break
            if n % 2:
                p.fillRect(QRectF(area.left(), y, area.width(), h), QColor("#f6f7f9"))
            p.setPen(QColor("#333333"))
            p.drawText(QRectF(area.left() + 6, y, label_w - 12, min(h, ROW_H + 4)),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(lane.label, Qt.TextElideMode.ElideRight, label_w - 12))
            if lane.overlapping and h > 2 * ROW_H:
                p.setPen(QColor("#8a5a00"))
                p.drawText(QRectF(area.left() + 6, y + ROW_H, label_w - 12, ROW_H),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           f"+{lane.overlapping} overlapping: zoom in")
            p.save()
            p.setClipRect(QRectF(left, max(y, area.top() + AXIS_H), area.right() - left, h))
            if binned:
                self._paint_bins(p, vp, left, y, h, self.bins.get(lane.key, []))
            else:
                drawn += self._paint_lane(p, vp, left, y, lane, fm, live)
            p.restore()
            y += h
        p.setPen(QColor("#c5cad1"))
        p.drawLine(QPointF(left, area.top()), QPointF(left, area.bottom()))

    def _paint_axis(self, p: QPainter, vp: Viewport, left: float, area: QRectF) -> None:
        level = level_for(vp.days_per_px)
        p.setPen(QColor("#333333"))
        for day, label in ticks(vp.start, vp.end, level):
            x = left + vp.x_of(day)
            p.setPen(GRID_COLOUR)
            p.drawLine(QPointF(x, area.top() + AXIS_H - 6), QPointF(x, area.bottom()))
            p.setPen(QColor("#333333"))
            p.drawText(QPointF(x + 3, area.top() + AXIS_H - 10), label)
        p.setPen(QColor("#c5cad1"))
        p.drawLine(QPointF(area.left(), area.top() + AXIS_H),
                   QPointF(area.right(), area.top() + AXIS_H))

    def _paint_bins(self, p: QPainter, vp: Viewport, left: float, y: float, h: float,
                    bins: Sequence[Bin]) -> None:
        if not bins:
            return
        top = max(b.count for b in bins)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BIN_COLOUR)
        for b in bins:
            x0, x1 = left + vp.x_of(b.start), left + vp.x_of(b.end + 1)
            bar = (h - 4) * b.count / top
            p.drawRect(QRectF(x0, y + h - 2 - bar, max(1.0, x1 - x0 - 1), bar))

    def _paint_lane(self, p: QPainter, vp: Viewport, left: float, y: float, lane: Lane,
                    fm: QFontMetricsF, live: bool) -> int:
        """Paint one lane's bars; returns how many items are in view.

        Far out, thousands of bars fall on the same pixels: neighbouring bars of one row and
        colour that touch on screen are painted as one rectangle (what the eye sees anyway),
        so a repaint costs a few arithmetic steps per item, not a Qt call per item. Close
        in (few bars in view) each bar is painted alone, fuzzy ends fading, with its label.
        """
        lo, hi = vp.start - 1, vp.end + 1
        dpp = vp.days_per_px
        base = y + LANE_PAD / 2 + 2
        visible = [k for k, it in enumerate(lane.items) if it.end + 1 >= lo and it.start <= hi]
        if live:
            self.bars_painted += len(visible)
        if len(visible) > LABELS_UP_TO:
            # (row, colour) -> [x0, x1] of the run being extended
            runs: dict[tuple[int, int], list[float]] = {}
            brushes = self._brushes
            for k in visible:  # lane.items are in start order
                it = lane.items[k]
                x0 = left + (it.start - vp.start) / dpp
                x1 = max(x0 + MIN_BAR_PX, left + (it.end + 1 - vp.start) / dpp)
                key = (lane.rows[k], (it.kind != "report") * 2 + it.fuzzy)
                run = runs.get(key)
                if run is not None and x0 <= run[1] + 1:
                    run[1] = max(run[1], x1)
                    continue
                if run is not None:
                    p.fillRect(QRectF(run[0], base + key[0] * ROW_H, run[1] - run[0],
                                      ROW_H - 5), brushes[key[1]])
                runs[key] = [x0, x1]
            for key, run in runs.items():
                p.fillRect(QRectF(run[0], base + key[0] * ROW_H, run[1] - run[0], ROW_H - 5),
                           brushes[key[1]])
            if self.selected_reports or self.selected_entities:
                self._outline(p, vp, left, base, lane, [k for k in visible
                                                        if self.is_selected(lane.items[k])])
            return len(visible)
        label_end: dict[int, float] = {}  # per row: where the last label ended
        next_bar: dict[int, float] = {}  # per item: where the next bar of its row starts
        row_next: dict[int, float] = {}
        for k in reversed(visible):
            next_bar[k] = row_next.get(lane.rows[k], float("inf"))
            row_next[lane.rows[k]] = left + vp.x_of(lane.items[k].start)
        for k in visible:
            it = lane.items[k]
            rect = self._bar_rect(vp, left, base, lane, k)
            colour = REPORT_COLOUR if it.kind == "report" else EVENT_COLOUR
            if it.fuzzy and rect.width() > 3 * MIN_BAR_PX:
                # Uncertain bounds fade out: "about 2026-03" is a span, not a point.
                grad = QLinearGradient(rect.left(), 0, rect.right(), 0)
                faint = QColor(colour)
                faint.setAlpha(60 if it.approximate else 120)
                grad.setColorAt(0.0, faint)
                grad.setColorAt(0.25, colour)
                grad.setColorAt(0.75, colour)
                grad.setColorAt(1.0, faint)
                p.fillRect(rect, grad)
            else:
                p.fillRect(rect, colour)
            inside = rect.width() > 60
            # On a fading bar the label starts where the colour is full (white stays legible).
            lead = rect.width() * 0.25 if it.fuzzy and rect.width() > 3 * MIN_BAR_PX else 3.0
            at = rect.left() + lead if inside else rect.right() + 3
            if at < label_end.get(lane.rows[k], -1e9):
                continue  # another label is there already: the tooltip tells
            # Outside the bar: up to 220 px, elided at the view's right edge (not cut there).
            room = max(rect.right() - at - 3, 0) if inside else \
                max(0.0, min(220.0, left + vp.width - at - 4, next_bar[k] - at - 4))
            if room < 16:
                continue
            text = fm.elidedText(it.label, Qt.TextElideMode.ElideRight, room)
            p.setPen(QColor("white") if inside else QColor("#222222"))
            p.drawText(QRectF(at, rect.top() - 1, room, rect.height() + 2),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            label_end[lane.rows[k]] = at + fm.horizontalAdvance(text) + 6
        self._outline(p, vp, left, base, lane, [k for k in visible
                                                if self.is_selected(lane.items[k])])
        return len(visible)

    def _bar_rect(self, vp: Viewport, left: float, base: float, lane: Lane, k: int) -> QRectF:
        it = lane.items[k]
        x0 = left + vp.x_of(it.start)
        x1 = max(x0 + MIN_BAR_PX, left + vp.x_of(it.end + 1))
        return QRectF(x0, base + lane.rows[k] * ROW_H, x1 - x0, ROW_H - 5)

    def _outline(self, p: QPainter, vp: Viewport, left: float, base: float, lane: Lane,
                 chosen: list[int]) -> None:
        if not chosen:
            return
        p.setPen(QPen(SELECTED_COLOUR, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for k in chosen:
            p.drawRect(self._bar_rect(vp, left, base, lane, k).adjusted(-1, -1, 1, 1))

    def bar_rect(self, item_id: str) -> QRectF | None:
        """Where the widget paints ``item_id`` now (its first lane), or None."""
        vp, left = self.viewport, label_width(self.width())
        y = AXIS_H - self._scroll
        for lane in self.lanes:
            for k, it in enumerate(lane.items):
                if it.id == item_id:
                    return self._bar_rect(vp, left, y + LANE_PAD / 2 + 2, lane, k)
            y += self.lane_height(lane)
        return None

    # ---- input ---------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._scroll = max(0.0, min(self._scroll - steps * ROW_H * 3,
                                        max(0.0, self.content_height() - self.height())))
            self.update()
        elif steps:
            self.zoom(1.25 ** steps, event.position().x() - label_width(self.width()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag, self._dragged = event.position(), False
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = event.position().x() - self._drag.x()
            if abs(dx) > 2 or self._dragged:
                self._dragged = True
                self.pan(dx)
                self._drag = event.position()
            return
        item = self.item_at(event.position())
        if item is not None:
            dates = iso_of(item.start) if item.start == item.end else \
                f"{iso_of(item.start)} … {iso_of(item.end)}"
            QToolTip.showText(event.globalPosition().toPoint(),
                              bar_tooltip(item.reference, item.label, dates), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and not self._dragged:
            self.click_at(event.position(),
                          bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
        self._drag = None

    def click_at(self, pos: QPointF, add: bool = False) -> None:
        item = self.item_at(pos)
        if not add:
            self.selected_reports, self.selected_entities = set(), set()
        if item is not None:
            self._current = item
            if item.kind == "report":
                self.selected_reports ^= {item.report_id}  # Ctrl+click toggles
            else:
                self.selected_entities |= {e.id for e in item.entities}
        self.update()
        self.selectionEdited.emit(sorted(self.selected_reports), sorted(self.selected_entities))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position())
        if item is not None:
            self.itemActivated.emit(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(2.0)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.5)
        elif key == Qt.Key.Key_Left:
            self.pan(self.viewport.width / 5)
        elif key == Qt.Key.Key_Right:
            self.pan(-self.viewport.width / 5)
        elif key == Qt.Key.Key_F:
            self.fit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current is not None:
            self.itemActivated.emit(self._current)
        else:
            super().keyPressEvent(event)
