"""The chart figure renders into a PDF, in Cyrillic and Greek, and the observer's has no person."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String

from sirat.chart.demo import demo_network
from sirat.chart.graph import ChartGraph
from sirat.chart.layout import force_directed
from sirat.export.chart_figure import ChartFigure, draw_chart


def _strings(item: Drawing | Group) -> list[str]:
    found: list[str] = []
    for child in item.contents:
        if isinstance(child, String):
            found.append(child.text)
        elif isinstance(child, Group):
            found += _strings(child)
    return found


def test_figure_renders_into_a_pdf() -> None:
    graph = demo_network()
    drawing = draw_chart(graph, force_directed(graph), 480.0, 360.0)
    pdf = renderPDF.drawToString(drawing)
    assert pdf.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf
    texts = _strings(drawing)
    assert "Петар Петровић" in texts
    assert "Γιώργος Παπαδόπουλος" in texts
    # Second lines (identifiers, dates) are drawn too. Which labels are left out where they
    # would overlap depends on the layout, so no particular one is named here.
    assert any(n.sublabel in texts for n in graph.nodes() if n.sublabel)


def test_figure_form_and_missing_positions() -> None:
    graph = demo_network()
    drawing = draw_chart(ChartFigure(graph), 300.0, 200.0)  # laid out on the fly
    assert (drawing.width, drawing.height) == (300.0, 200.0)
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
    assert renderPDF.drawToString(draw_chart(ChartGraph(), {}, 100.0, 100.0))


def test_observer_figure_has_no_person() -> None:
    graph = demo_network()
    figure = ChartFigure(graph, force_directed(graph)).for_observer()
    texts = set(_strings(draw_chart(figure, 1200.0, 900.0)))
    for node in graph.nodes():
        if node.is_personal:
            assert node.label not in texts
    assert "SIRAT-2026-000123" in texts
    assert "general cargo, MT" in texts  # the crew's vessel, by its kind and flag only
    assert "MV Aegean Star" not in texts
    assert "BG 1234-AB" not in texts  # the plate of a person's car


def test_names_in_the_figure_are_readable_and_never_overlap() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sirat.export.chart_figure import MIN_FONT

    graph = demo_network()
    drawing = draw_chart(graph, force_directed(graph), 470.0, 350.0)  # the PDF's frame
    strings = [s for s in drawing.contents if isinstance(s, String)]
    caption = [s for s in strings if "left out" in s.text]
    names = [s for s in strings if s not in caption]
    assert all(s.fontSize >= MIN_FONT - 1.5 for s in names)  # edge labels 1.5 pt smaller
    boxes = [
        (s.x - stringWidth(s.text, s.fontName, s.fontSize) / 2, s.y - 0.2 * s.fontSize,
         s.x + stringWidth(s.text, s.fontName, s.fontSize) / 2, s.y + 0.75 * s.fontSize)
        for s in names
    ]  # fmt: skip
    overlapping = [
        (names[i].text, names[j].text)
        for i in range(len(boxes)) for j in range(i + 1, len(boxes))
        if boxes[i][0] < boxes[j][2] and boxes[j][0] < boxes[i][2]
        and boxes[i][1] < boxes[j][3] and boxes[j][1] < boxes[i][3]
    ]  # fmt: skip
    assert overlapping == []
    # 50 nodes in a third of a page: some names must give way, and the figure says so
    assert len(caption) == 1
    assert caption[0].text.endswith("of 50 names are left out of the figure where they "
                                    "would overlap.")
    assert "Петар Петровић" in {s.text for s in names}  # the best connected keep theirs
