"""Link chart user interface: ChartView (QGraphicsView) and ChartWindow.

Construct ``ChartWindow(graph, neighbour_provider)``; the provider answers
"what is linked to this node id?" (the services will plug the vault in).
"""

from sirat.ui.chart.view import ChartView
from sirat.ui.chart.window import ChartWindow

__all__ = ["ChartView", "ChartWindow"]
