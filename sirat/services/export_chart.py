"""The link chart printed in the dissemination PDF (Annex B).

The vault keeps no saved chart per report yet, so the PDF's chart is drawn from the report
itself: the report node, the entities it links (role edges) and the relations the report
asserts among them, laid out by :func:`sirat.chart.layout.force_directed` (seeded, so the
same report gives the same figure; radial rings crossed more edges on real reports).

For an observer the chart is built **from the release view**, never from the rows: only
the entities the view kept, under the labels the view gave them (a lorry linked to its
owner is "Vehicle: Volvo, FH, white", not "Volvo FH CA1234AB"), with the roles the view
redacted; then :func:`sirat.chart.redact_for_observer` drops anything of a personal kind
once more and blanks every sublabel next to it. The chart can therefore show nothing the
observer's entity annex does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from sirat.chart import ChartGraph, Edge, Node, redact_for_observer
from sirat.chart.boxes import Position
from sirat.chart.layout import force_directed
from sirat.chart.redact import PERSONAL_KINDS
from sirat.export.release import ReleaseView
from sirat.export.types import EntityInput, RelationInput

REPORT_NODE = "report"


def _node_id(entity_id: str) -> str:
    return f"entity:{entity_id}"


def report_chart(
    reference: str, entities: Sequence[EntityInput], relations: Sequence[RelationInput]
) -> ChartGraph | None:
    """Report node, its entities and their relations; None when nothing is linked."""
    if not entities:
        return None
    graph = ChartGraph([Node(REPORT_NODE, "report", reference)])
    for entity in entities:
        personal = entity.kind in PERSONAL_KINDS or entity.is_private
        graph.add_node(Node(_node_id(entity.id), entity.kind, entity.label,
                            is_personal=personal))
        if entity.role:
            graph.add_edge(Edge(REPORT_NODE, _node_id(entity.id), entity.role, "role"))
    for rel in relations:
        source, target = _node_id(rel.source_id), _node_id(rel.target_id)
        if source in graph and target in graph and source != target:
            graph.add_edge(Edge(source, target, rel.label, "relation"))
    return graph


def observer_chart(
    reference: str, view: ReleaseView, relations: Sequence[RelationInput]
) -> ChartGraph | None:
    """The observer's chart, from the entities and labels of the release ``view`` only."""
    kept = {e.id for e in view.entities}
    among = [r for r in relations if r.source_id in kept and r.target_id in kept]
    graph = report_chart(reference, view.entities, among)
    if graph is None:
        return None
    safe = redact_for_observer(graph)
    return safe if len(safe) > 1 else None


def chart_positions(graph: ChartGraph) -> dict[str, Position]:
    """Force-directed positions (deterministic: seed 0)."""
    return force_directed(graph, seed=0)
