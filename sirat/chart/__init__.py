"""Link chart, pure part: graph model, filters, centrality, layouts and storage.

No Qt and no database here, so the whole chart logic runs and is tested headless.
The services feed a :class:`~sirat.chart.graph.ChartGraph` through a neighbour
provider; ``sirat.ui.chart`` draws it and ``sirat.export.chart_figure`` puts it
into the PDF.
"""

from sirat.chart.graph import (
    EDGE_KINDS,
    NODE_KINDS,
    ChartFilter,
    ChartGraph,
    Edge,
    EdgeKey,
    EdgeKind,
    GraphChange,
    NeighbourProvider,
    Node,
    NodeKind,
)
from sirat.chart.redact import redact_for_observer

__all__ = [
    "EDGE_KINDS",
    "NODE_KINDS",
    "ChartFilter",
    "ChartGraph",
    "Edge",
    "EdgeKey",
    "EdgeKind",
    "GraphChange",
    "NeighbourProvider",
    "Node",
    "NodeKind",
    "redact_for_observer",
]
