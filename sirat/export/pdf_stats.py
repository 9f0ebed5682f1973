"""The statistics of an analytical product in the PDF: key figures, charts, tables.

Charts are vector drawings (``reportlab.graphics``) set in the product's own faces, so
Cyrillic and Greek labels render; a hidden count (``None``) is a missing point or bar and
prints as :data:`~sirat.export.stats_types.HIDDEN_MARK` in tables. Every label is user or
reference data and goes through :func:`~sirat.export.markup.inline` / ``drawable``.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from sirat.export.fonts import FontNames
from sirat.export.markup import blocks, drawable, inline
from sirat.export.pdf_story import boxed, grid
from sirat.export.pdf_style import (
    ACCENT,
    FRAME_WIDTH,
    LABEL_FILL,
    NOTICE_FILL,
    NOTICE_RULE,
    RULE,
    Styles,
)
from sirat.export.release import ReleaseView
from sirat.export.stats_types import (
    HIDDEN_MARK,
    FigureSeries,
    FigureTable,
    StatisticsRelease,
    hidden_note,
)

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a50021",
           "#00786f")
CHART_HEIGHT = 190.0
MAX_TABLE_COLUMNS = 9  # wider cross tables are split by columns


def _show(value: str | int | None) -> str:
    return HIDDEN_MARK if value is None else str(value)


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_drawing(series: FigureSeries, fonts: FontNames) -> Drawing:
    """A vector chart of ``series`` (line over time, or bars), labels in SIRAT's faces.

    With several series the legend sits under the chart, one full name per line.
    """
    width = FRAME_WIDTH
    legend_rows = len(series.series) if len(series.series) > 1 else 0
    rotate = len(series.categories) > 6
    axis_room = 42.0 if rotate else 24.0
    height = CHART_HEIGHT + 12 * legend_rows
    d = Drawing(width, height)
    d.initialFontName = fonts.regular  # reportlab's default state would select Helvetica
    d.add(String(0, height - 12, drawable(series.title), fontName=fonts.bold, fontSize=9,
                 fillColor=HexColor(ACCENT)))
    chart: Any = HorizontalLineChart() if series.kind == "line" else VerticalBarChart()
    chart.x, chart.y = 34, axis_room + 12 * legend_rows
    chart.width = width - 44
    chart.height = height - chart.y - 30
    data, owner = _rows(series)
    chart.data = data
    chart.categoryAxis.categoryNames = [drawable(_short(c, 16)) for c in series.categories]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = fonts.regular
        axis.labels.fontSize = 7
        axis.strokeColor = HexColor(RULE)
    chart.categoryAxis.labels.angle = 30 if rotate else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if rotate else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    peak = max((v for values in data for v in values if isinstance(v, int)), default=0)
    chart.valueAxis.valueMax = max(4, peak + max(1, peak // 8))
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 5)
    for i in range(len(data)):
        colour = HexColor(PALETTE[owner[i] % len(PALETTE)])
        if series.kind == "line":
            chart.lines[i].strokeColor = colour
            chart.lines[i].strokeWidth = 1.4
            chart.lines[i].symbol = makeMarker("FilledCircle", size=2.6, fillColor=colour,
                                               strokeColor=colour)
        else:
            chart.bars[i].fillColor = colour
            chart.bars[i].strokeColor = None
    d.add(chart)
    note, centred = hidden_note(series)
    if centred:  # an observer's chart with nothing to read: say so, not an empty frame
        d.add(String(chart.x + chart.width / 2, chart.y + chart.height / 2, note,
                     fontName=fonts.regular, fontSize=8, textAnchor="middle",
                     fillColor=HexColor("#5b6470")))
    elif note:
        d.add(String(width, height - 12, note, fontName=fonts.regular, fontSize=7,
                     textAnchor="end",
                     fillColor=HexColor("#5b6470")))
    if legend_rows:
        legend = Legend()
        legend.x, legend.y = 34, 12 * legend_rows + 2
        legend.fontName, legend.fontSize = fonts.regular, 7.5
        legend.dx = legend.dy = 7
        legend.deltay = 12
        legend.columnMaximum = legend_rows
        legend.alignment = "right"
        legend.colorNamePairs = [(HexColor(PALETTE[i % len(PALETTE)]),
                                  drawable(_short(name, 90)))
                                 for i, (name, _v) in enumerate(series.series)]
        d.add(legend)
    return d


def _rows(series: FigureSeries) -> tuple[list[tuple[int | None, ...]], list[int]]:
    """Chart rows and the series each belongs to. A line is cut at a hidden point: each
    run of shown points is its own row (reportlab would join across the gap, drawing a
    slope through a count nobody may read)."""
    if not series.series:
        return [(0,)], [0]
    if series.kind != "line":
        return [tuple(v) for _n, v in series.series], list(range(len(series.series)))
    rows: list[tuple[int | None, ...]] = []
    owner: list[int] = []
    for k, (_name, values) in enumerate(series.series):
        run: list[int] = []
        for i, v in enumerate([*values, None]):
            if v is not None:
                run.append(i)
                continue
            if run:
                rows.append(tuple(values[j] if j in run else None for j in range(len(values))))
                owner.append(k)
            run = []
    return rows or [tuple(0 for _ in series.categories)], owner or [0]


def _table_parts(t: FigureTable) -> list[FigureTable]:
    """Cross tables wider than the page: the label column repeated over column groups."""
    counts = len(t.headers) - t.label_columns
    if counts <= MAX_TABLE_COLUMNS:
        return [t]
    parts = []
    step = MAX_TABLE_COLUMNS - 1
    for start in range(0, counts, step):
        cols = list(range(t.label_columns)) + [t.label_columns + c for c in
                                               range(start, min(counts, start + step))]
        parts.append(FigureTable(
            t.title + (" (continued)" if start else ""), tuple(t.headers[c] for c in cols),
            t.label_columns, tuple(tuple(r[c] for c in cols) for r in t.rows),
            tuple(t.total[c] for c in cols) if t.total is not None else None, t.note))
    return parts


def table_flowable(t: FigureTable, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for part in _table_parts(t):
        head = [Paragraph(inline(h), st.label) for h in part.headers]
        rows: list[list[Any]] = [head]
        for r in part.rows:
            rows.append([Paragraph(inline(str(v)), st.cell) if i < part.label_columns
                         else Paragraph(_show(v), st.cell) for i, v in enumerate(r)])
        if not part.rows:
            rows.append([Paragraph(inline(part.note or "No report in this period names one."),
                                   st.cell),
                         *("" for _ in part.headers[1:])])
        if part.total is not None:
            rows.append([Paragraph(inline(str(v)), st.cell_bold) if i < part.label_columns
                         else Paragraph(_show(v), st.cell_bold)
                         for i, v in enumerate(part.total)])
        counts = len(part.headers) - part.label_columns
        label_width = max(120.0, FRAME_WIDTH - counts * 52.0) if counts > 3 else 200.0
        widths = [label_width, *([min(52.0 if counts > 3 else 80.0,
                                      (FRAME_WIDTH - label_width) / max(1, counts))] * counts)]
        table = grid(rows, widths, header=True)
        if part.total is not None:
            table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), HexColor(LABEL_FILL))]))
        out += [Paragraph(inline(part.title), st.h2), table, Spacer(1, 6)]
    return out


def _key_figures(stats: StatisticsRelease, st: Styles) -> Table:
    cells = [[Paragraph(inline(k.label), st.label), Paragraph(f"<b>{_show(k.value)}</b>",
                                                              st.body)]
             for k in stats.key_figures]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
    rows = [[*a, *b] for a, b in zip(left, right, strict=True)]
    return grid(rows, [150, 90, 150, 90])


def statistics_sections(view: ReleaseView, stats: StatisticsRelease, fonts: FontNames,
                        st: Styles) -> list[Flowable]:
    """The body of an analytical product (replaces the report's text sections)."""
    report = view.report
    out: list[Flowable] = [
        Paragraph("1. Scope", st.h1),
        Paragraph(f"<b>Template:</b> {inline(stats.template)}", st.body),
        Paragraph(f"<b>Period:</b> {inline(stats.period_label)}", st.body),
        Paragraph("<b>Crime areas:</b> " + inline("; ".join(stats.crime_areas) or "all"),
                  st.body),
        *(Paragraph(p, st.body) for p in blocks(report.summary)),
    ]
    if stats.suppression:
        out += [Spacer(1, 4), boxed([Paragraph(inline(stats.suppression), st.notice)],
                                    NOTICE_FILL, NOTICE_RULE)]
    out += [Paragraph("2. Key figures", st.h1), _key_figures(stats, st)]
    for i, c in enumerate(stats.charts):  # the heading stays with the first chart
        head = [Paragraph("3. Trends", st.h1)] if i == 0 else []
        out.append(KeepTogether([*head, chart_drawing(c, fonts), Spacer(1, 8)]))
    out += [Paragraph("4. Assessment", st.h1),
            *(Paragraph(p, st.body) for p in blocks(report.narrative) or ["—"]),
            Paragraph("5. Tables", st.h1)]
    for t in stats.tables:
        out += table_flowable(t, st)
    # Kept together: two lines of it alone on a page read as a stray fragment.
    out.append(KeepTogether([
        Paragraph("6. Method and reproducibility", st.h1),
        Paragraph(inline(stats.method), st.small),
        Paragraph("<b>Parameters:</b> " + inline(stats.parameters), st.small),
        Paragraph(f"<b>SHA-256 of the data used:</b> {inline(stats.data_digest)}",
                  st.small)]))
    return out
