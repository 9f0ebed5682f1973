"""The link chart annex, and what importing the export layer costs at start-up."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable

import pytest
from reportlab.graphics.shapes import Drawing, String

from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import RecipientInput, ReportInput

MakeRecipient = Callable[..., RecipientInput]
PageTexts = Callable[[bytes], list[str]]


@pytest.fixture
def fake_chart_module(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float]]:
    """The chart module's drawing replaced by a stand-in that records the sizes asked for."""
    from sirat.export import chart_figure

    sizes: list[tuple[float, float]] = []

    def draw_chart(chart: object, width: float, height: float) -> Drawing:
        sizes.append((width, height))
        drawing = Drawing(width, height)
        drawing.add(String(10, 10, f"chart of {chart}"))
        return drawing

    monkeypatch.setattr(chart_figure, "draw_chart", draw_chart)
    return sizes


def test_the_chart_is_drawn_in_its_annex(
    report: ReportInput,
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
    fake_chart_module: list[tuple[float, float]],
) -> None:
    with_chart = dataclasses.replace(report, chart="the-graph")
    view = build_release_view(with_chart, [], [], make_recipient("member-state"))
    text = " ".join(page_texts(render_pdf_bytes(view, copy_number=1)))

    assert "Annex B — Link chart" in text
    assert "chart of the-graph" in text
    assert len(fake_chart_module) == 1


def test_an_observer_copy_has_no_chart(
    report: ReportInput,
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
    fake_chart_module: list[tuple[float, float]],
) -> None:
    with_chart = dataclasses.replace(report, chart="the-graph")
    view = build_release_view(with_chart, [], [], make_recipient("observer"))
    text = " ".join(page_texts(render_pdf_bytes(view, copy_number=1)))

    assert view.report.chart is None
    assert "Link chart" not in text
    assert fake_chart_module == []


def test_importing_the_export_api_loads_neither_reportlab_nor_pyhanko() -> None:
    code = (
        "import sys\n"
        "import sirat.export, sirat.export.types, sirat.export.release, sirat.export.pdf\n"
        "import sirat.export.sign, sirat.export.verify, sirat.export.fonts\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'pyhanko'})\n"
        "print(','.join(heavy))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert run.stdout.strip() == ""
