"""The link chart printed in the dissemination PDF (Annex B).

It starts from the report's chart as the charts service keeps it
(:func:`sirat.services.charts.network.chart_for_release`: the analyst's latest saved chart of the
report with its layout, else one built from the report's links). Then it is cut down to
what this release may show:

* only the report itself and the entities of its release view -- a saved chart may have
  been expanded to other reports and their entities, which this dissemination does not
  cover (their titles, classification and handling codes were never checked for this
  recipient);
* only the report's own role links and the relations the report asserts (the ones its
  entity annex lists), not relations other reports assert between the same entities;
* the report node is labelled by its reference only;
* a chart nobody saved is laid out force-directed (seeded): the service's rings around the
  report cross many links once printed; a saved chart keeps the analyst's layout.

For an observer the release view decides, as it does for the entity annex: persons and
other withheld entities are not on the chart, and every entity left takes the label the
view gave it (a lorry next to its owner is "Vehicle: Volvo, FH, white", never "Volvo FH
CA1234AB"), without sublabel or facts; then :func:`sirat.chart.redact_for_observer` runs
over the result once more. The chart therefore shows nothing the observer's annex does not
(the charts service's own observer chart drops an owned vehicle altogether, while the
annex keeps it without its identifiers: the PDF follows the annex).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.chart import ChartGraph, Edge, Node, redact_for_observer
from sirat.chart.boxes import Position
from sirat.chart.layout import force_directed
from sirat.domain.vocab import ReportId
from sirat.export.release import ReleaseView
from sirat.export.types import RelationInput
from sirat.models import Chart
from sirat.services.charts import network as charts

Positions = dict[str, Position]


def _entity_node(entity_id: str) -> str:
    return charts.node_id(charts.ENTITY, int(entity_id)) if entity_id.isdigit() else ""


def release_chart(
    s: Session,
    report_id: ReportId,
    reference: str,
    view: ReleaseView,
    relations: Sequence[RelationInput],
) -> tuple[ChartGraph, Positions] | None:
    """The chart for this release of the report, and positions; None when nothing to draw."""
    observer = view.personal_data_withheld
    found = charts.chart_for_release(s, report_id, observer=False)
    if found is None:
        return None
    graph, positions = found
    me = charts.node_id(charts.REPORT, report_id)
    kept = {_entity_node(e.id): e for e in view.entities if _entity_node(e.id)}
    asserted = {(_entity_node(r.source_id), _entity_node(r.target_id), r.label)
                for r in relations}
    nodes: list[Node] = []
    for node in graph.nodes():
        if node.id == me:
            nodes.append(replace(node, label=reference, sublabel="", facts=()))
        elif node.id in kept:
            entity = kept[node.id]
            # Observer: the release view kept this entity and gave it a safe label.
            nodes.append(replace(node, label=entity.label, sublabel="", facts=(),
                                 is_personal=False) if observer else node)
    ids = {n.id for n in nodes}
    edges: list[Edge] = [
        e for e in graph.edges()
        if e.source in ids and e.target in ids and (
            (e.kind == "role" and me in (e.source, e.target))
            or (e.kind == "relation" and (e.source, e.target, e.label) in asserted))
    ]
    cut = ChartGraph(nodes, edges, graph.pinned & ids)
    if observer:
        cut = redact_for_observer(cut, trust_labels=True)  # once more: defence in depth
        # Every label through the observer's redactor, as every other text of the copy.
        cut = ChartGraph(
            [replace(n, label=view.clean(n.label), sublabel=view.clean(n.sublabel), facts=())
             if n.id != me else n for n in cut.nodes()],
            [replace(e, label=view.clean(e.label)) for e in cut.edges()],
            cut.pinned)
    if not any(n.kind != "report" for n in cut.nodes()):
        return None
    if s.scalar(select(Chart.id).where(Chart.report_id == report_id).limit(1)) is None:
        # Never saved: the service's rings cross many links on a page. Laid out afresh by
        # chart_positions when rendering (CPU worker), not here (vault worker).
        return cut, {}
    return cut, {k: v for k, v in positions.items() if k in cut}


def chart_positions(graph: ChartGraph, positions: Positions) -> Positions:
    """The given positions, with any node that lacks one placed around them."""
    if all(n.id in positions for n in graph.nodes()):
        return positions
    return force_directed(graph, seed=0, pinned=positions)
