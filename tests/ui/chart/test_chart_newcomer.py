"""Issue 8's "done when", driven like a user on a demo vault: open a person's network, expand
it twice, find the path to a vessel, save the chart with a report and export it into a PDF."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sirat.export.chart_figure import ChartFigure
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import RecipientInput
from sirat.models import Entity
from sirat.services.charts import network as charts
from sirat.services.demo.generate import generate
from sirat.ui.chart.opening import SaveChartDialog, open_chart_for
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.chart.test_chart_app import LONG, _wait_chart
from tests.ui.conftest import show_active, wait_idle
from tests.unit.services.charts.test_observer_chart_in_pdf import REPORT


@pytest.fixture
def demo(template_vault: Path, tmp_path: Path) -> Iterator[Vault]:
    path = tmp_path / "vault"
    shutil.copytree(template_vault, path)
    os.chmod(path, 0o700)
    vault = open_as(path, "ana")
    generate(vault, reports=200, seed=20261128)
    yield vault
    vault.lock()


def _route(vault: Vault) -> tuple[int, str, str, str]:
    """A person, two nodes of their network to expand, and a vessel that brings in."""
    with vault.session() as s:
        persons = list(s.scalars(select(Entity.id).where(Entity.kind == "person")
                                 .order_by(Entity.id)))
        vessels = {f"entity:{i}" for i in s.scalars(select(Entity.id)
                                                    .where(Entity.kind == "vessel"))}
        for person in persons:
            start = f"entity:{person}"
            ring = {n.id for n in charts.neighbours_in(s, start)[0]}
            if len(ring) < 3 or ring & vessels:
                continue
            for first in sorted(ring):
                second_ring = {n.id for n in charts.neighbours_in(s, first)[0]} - {start}
                for second in sorted(second_ring - ring):
                    found = {n.id for n in charts.neighbours_in(s, second)[0]} & vessels
                    if found:
                        return person, first, second, min(found)
    raise AssertionError("the demo data has no person two expansions from a vessel")


def test_a_newcomer_finds_the_vessel_and_exports_the_chart(
    qtbot: QtBot, tasks: Tasks, settings: QSettings, demo: Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    person, first, second, vessel = _route(demo)
    context = Context(vault=demo, tasks=tasks, settings=settings, clipboard=SecureClipboard(),
                      registry=build_registry())  # fmt: skip
    main = MainWindow(context)
    show_active(qtbot, main)
    try:
        open_chart_for(main, entity_ids=[person])  # as search results or the entity menu do
        window = _wait_chart(qtbot, main)
        view = window.view
        start = f"entity:{person}"
        assert view.graph.degree(start) >= 3
        for node in (first, second):  # expand twice: select, press E
            view.chart_scene.clearSelection()
            view.chart_scene.node_items[node].setSelected(True)
            with qtbot.waitSignal(view.expanded, timeout=LONG):
                qtbot.keyClick(view, Qt.Key.Key_E)
            qtbot.waitUntil(lambda: not view.busy, timeout=LONG)
        assert vessel in view.graph
        view.chart_scene.clearSelection()
        for node in (start, vessel):
            view.chart_scene.node_items[node].setSelected(True)
        qtbot.keyClick(view, Qt.Key.Key_S)
        path = view.graph.shortest_path(start, vessel)
        assert path is not None
        assert view.chart_scene.node_items[vessel].highlighted
        assert "Shortest path" in window._status.text()

        report = next(n for n in view.graph.nodes() if n.kind == "report")
        monkeypatch.setattr(SaveChartDialog, "ask", classmethod(
            lambda cls, parent, name, reference: ("Route to the vessel", report.sublabel)))
        window.actions_by_name["save"].trigger()
        qtbot.waitUntil(lambda: "Chart saved with" in window._status.text(), timeout=LONG)
        wait_idle(qtbot, tasks)
        on_chart = set(view.graph.node_ids())
    finally:
        main.windows.close_all_for_lock()
        main.close_for_lock()
        wait_idle(qtbot, tasks)

    report_id = int(report.id.split(":")[1])
    with demo.session() as s:
        found = charts.chart_for_release(s, report_id, observer=False)
    assert found is not None
    graph, positions = found
    assert set(graph.node_ids()) == on_chart
    pdf_view = build_release_view(REPORT, [], [], RecipientInput("RS", "Serbia", "member-state"))
    pdf_view = replace(pdf_view, report=replace(pdf_view.report,
                                                chart=ChartFigure(graph, positions)))
    pdf = render_pdf_bytes(pdf_view, copy_number=1)
    text = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages)
    assert "Annex B — Link chart" in text
    assert graph.node(start).label in text  # the person, in the original script
    assert graph.node(vessel).label in text
