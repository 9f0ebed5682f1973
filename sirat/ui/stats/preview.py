"""An analytical product's figures in the export preview, as the recipient will read them.

The export dialog previews the release view as rich text (no QtPdf); for a product this
adds what the PDF prints from :class:`~sirat.export.stats_types.StatisticsRelease` -- the
scope, the suppression statement, key figures, the trend charts, the tables, the method
and the data digest -- in the PDF's order. The charts are painted by the statistics
window's own painter (:func:`sirat.ui.stats.chart.paint_series`) from the same, already
suppressed series, and embedded as ``data:`` PNG images: nothing is written to disk and no
file or network address is ever resolved. Every string is escaped; the markup is ours.
"""

from __future__ import annotations

import base64
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from sirat.export.stats_types import (
    HIDDEN_MARK,
    FigureSeries,
    FigureTable,
    StatisticsRelease,
    hidden_note,
)
from sirat.ui.stats.chart import paint_series

#: Painted at the size shown: the preview is a column of the dialog, and a scaled-down
#: chart's 8-point labels would be unreadable.
CHART_W, CHART_H = 480, 260


def _esc(text: object) -> str:
    return escape(str(text), quote=True).replace("\n", "<br>")


def _count(value: str | int | None) -> str:
    return HIDDEN_MARK if value is None else _esc(value)


def chart_png(series: FigureSeries, width: int = CHART_W, height: int = CHART_H) -> bytes:
    """``series`` painted as the statistics window paints it, as PNG bytes."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_series(painter, QRectF(0, 0, width, height), series)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def _chart(series: FigureSeries) -> str:
    encoded = base64.b64encode(chart_png(series)).decode("ascii")
    note, _centred = hidden_note(series)  # the PDF's words about hidden counts
    return (f'<p><img src="data:image/png;base64,{encoded}" width="{CHART_W}" '
            f'height="{CHART_H}" alt="{_esc(series.title)}"></p>'
            + (f"<p><i>{_esc(note)}</i></p>" if note else ""))


def _table(t: FigureTable) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in t.headers)
    rows = []
    for row in (*t.rows, *((t.total,) if t.total is not None else ())):
        cells = [f"<td>{_esc(v)}</td>" if i < t.label_columns
                 else f'<td align="right">{_count(v)}</td>' for i, v in enumerate(row)]
        bold = row is t.total
        rows.append(f"<tr>{''.join(cells)}</tr>" if not bold
                    else f"<tr style='font-weight:bold;'>{''.join(cells)}</tr>")
    body = "".join(rows) if rows else f"<tr><td colspan={len(t.headers)}>—</td></tr>"
    note = f"<p><i>{_esc(t.note)}</i></p>" if t.note else ""
    return (f"<h4 style='margin:8px 0 2px 0;'>{_esc(t.title)}</h4>"
            f'<table cellspacing="0" cellpadding="3" border="1" style="border-color:#ccc;">'
            f"<tr>{head}</tr>{body}</table>{note}")


def _h(title: str) -> str:
    return f'<h3 style="margin:12px 0 4px 0;">{escape(title)}</h3>'


def product_html(stats: StatisticsRelease, summary: str, assessment: str) -> str:
    """The product's body, numbered as in the PDF (``summary``/``assessment``: its text)."""
    scope = "".join(f"<p><b>{label}:</b> {_esc(value)}</p>" for label, value in (
        ("Template", stats.template), ("Period", stats.period_label),
        ("Crime areas", "; ".join(stats.crime_areas) or "all")))
    notice = (f'<p style="color:#a00; font-weight:bold;">{_esc(stats.suppression)}</p>'
              if stats.suppression else "")
    key = "".join(f"<tr><td>{_esc(k.label)}</td><td align='right'><b>{_count(k.value)}</b>"
                  f"</td></tr>" for k in stats.key_figures)
    return "".join((
        _h("1. Scope"), scope, f"<p>{_esc(summary)}</p>" if summary else "", notice,
        _h("2. Key figures"), f"<table cellspacing='0' cellpadding='3'>{key}</table>",
        _h("3. Trends") if stats.charts else "", *(_chart(c) for c in stats.charts),
        _h("4. Assessment"), f"<p>{_esc(assessment or '—')}</p>",
        _h("5. Tables"), *(_table(t) for t in stats.tables),
        _h("6. Method and reproducibility"), f"<p><small>{_esc(stats.method)}</small></p>",
        f"<p><small><b>Parameters:</b> {_esc(stats.parameters)}</small></p>",
        f"<p><small><b>SHA-256 of the data used:</b> {_esc(stats.data_digest)}</small></p>",
    ))
