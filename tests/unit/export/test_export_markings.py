"""Markings where the rules put them: every page says what it is (classification,
reference, handling codes, grading, OBSERVER COPY), the signature block never stands
alone on a page, a character the font lacks is a visible mark, the chart has a legend."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sirat.chart import ChartGraph, Edge, Node
from sirat.export.chart_figure import draw_chart
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import (
    EntityInput,
    HandlingCode,
    RecipientInput,
    RelationInput,
    ReportInput,
)

PageTexts = Callable[[bytes], list[str]]


def test_every_page_carries_the_running_header(
    report: ReportInput, entities: list[EntityInput], relations: list[RelationInput],
    make_recipient: Callable[[str], RecipientInput], page_texts: PageTexts,
) -> None:
    long = dataclasses.replace(report, narrative="\n\n".join([report.narrative] * 12),
                               handling_codes=(HandlingCode("H0", "crime only"),
                                               HandlingCode("H1", "no court")))
    for kind in ("observer", "member-state"):
        view = build_release_view(long, entities, relations, make_recipient(kind))
        pages = page_texts(render_pdf_bytes(view, copy_number=1))
        assert len(pages) >= 3
        for text in pages:
            assert f"{report.reference} · v{report.version} · H0 H1 · B2" in text
            assert text.count(report.classification) >= 2  # banner top and bottom
            assert ("OBSERVER COPY" in text) == (kind == "observer")


def test_the_signature_block_never_stands_alone_on_a_page(
    report: ReportInput, make_recipient: Callable[[str], RecipientInput],
    page_texts: PageTexts,
) -> None:
    line = "A line of the reported information that fills the page a little more."
    for n in range(0, 64, 3):
        long = dataclasses.replace(report, narrative="\n".join([line] * n), summary="")
        view = build_release_view(long, [], [], make_recipient("member-state"))
        last = page_texts(render_pdf_bytes(view, copy_number=1))[-1]
        assert "Signature" in last
        assert "HANDLING CODES" in last, n  # the grading key comes with it


def test_a_character_the_font_lacks_is_a_visible_mark(
    report: ReportInput, make_recipient: Callable[[str], RecipientInput],
    page_texts: PageTexts,
) -> None:
    odd = dataclasses.replace(report, title="Shipment 中国 to Durrës 🚢")
    view = build_release_view(odd, [], [], make_recipient("member-state"))
    text = " ".join(page_texts(render_pdf_bytes(view, copy_number=1)))
    assert "Shipment \ufffd\ufffd to Durrës \ufffd" in text


def test_the_chart_figure_has_a_legend_and_uncut_labels() -> None:
    long = "Transport and Logistics Company of the Southern Balkans Limited"
    graph = ChartGraph([Node("r", "report", "SIRAT-2026-000001"),
                        Node("o", "organization", long), Node("v", "vessel", "Aegean Star")])
    graph.add_edge(Edge("r", "o", "mentioned", "role"))
    graph.add_edge(Edge("o", "v", "owner of", "relation"))
    drawing = draw_chart(graph, {}, 470.0, 350.0)
    strings = [getattr(s, "text", "") for s in drawing.contents]
    for legend in ("Report", "Organization", "Vessel", "report link", "relation"):
        assert legend in strings
    assert " ".join(s for s in strings if s and s in long) == long  # wrapped, not cut
    assert not any(s.endswith("…") for s in strings)
    for s in drawing.contents:
        if getattr(s, "text", ""):
            assert 0 <= s.x <= 470.0
