"""Chart storage: a JSON round trip keeps nodes, edges, positions, pins and filter."""

from __future__ import annotations

import json

import pytest

from sirat.chart.demo import demo_network
from sirat.chart.graph import ChartFilter
from sirat.chart.layout import force_directed
from sirat.chart.store import (
    CHART_FORMAT_VERSION,
    ChartFormatError,
    chart_from_dict,
    chart_to_dict,
)


def test_round_trip_through_json() -> None:
    graph = demo_network()
    graph.pin("person:3")
    positions = force_directed(graph, seed=2)
    chart_filter = ChartFilter(
        kinds=frozenset({"person", "vessel"}), date_from="2026-01", date_to="2026-12-31"
    )
    data = json.loads(json.dumps(chart_to_dict(graph, positions, chart_filter, size_by="degree")))
    saved = chart_from_dict(data)
    assert saved.positions == positions
    assert saved.graph.nodes() == graph.nodes()
    assert saved.graph.edges() == graph.edges()
    assert saved.graph.pinned == frozenset({"person:3"})
    assert saved.chart_filter == chart_filter
    assert saved.size_by == "degree"


def test_positions_of_removed_nodes_are_dropped() -> None:
    graph = demo_network()
    data = chart_to_dict(graph, {"person:1": (1.0, 2.0), "ghost": (3.0, 4.0)})
    assert data["positions"] == {"person:1": [1.0, 2.0]}


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=CHART_FORMAT_VERSION + 1),
        lambda d: d["nodes"][0].update(kind="spaceship"),
        lambda d: d["nodes"][0].update(label=5),
        lambda d: d["edges"][0].update(target="ghost"),
        lambda d: d["edges"][0].update(kind="x"),
        lambda d: d.pop("positions"),
        lambda d: d["filter"].update(kinds="person"),
    ],
)
def test_damaged_charts_are_refused(damage: object) -> None:
    data = chart_to_dict(demo_network(), {})
    damage(data)  # type: ignore[operator]
    with pytest.raises(ChartFormatError):
        chart_from_dict(data)
