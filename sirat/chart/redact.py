"""The observer's chart: what a recipient without access to personal data may see.

Observers receive no personal data anywhere (PRODUCT.md). This pure function
builds that release view *before* any rendering, so the PDF figure and image
exports never receive a person in the first place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from sirat.chart.graph import ChartGraph, Node

#: Kinds that are personal data whatever the node's flag says (defence in depth).
PERSONAL_KINDS: Final[frozenset[str]] = frozenset(
    {"person", "phone", "identity_document", "bank_account", "online_account"}
)


def is_personal(node: Node) -> bool:
    return node.is_personal or node.kind in PERSONAL_KINDS


def redact_for_observer(graph: ChartGraph) -> ChartGraph:
    """A copy of ``graph`` without personal nodes or their edges.

    Nodes that were linked to a personal node keep their label but lose their
    identifying sublabel (a plate linked to its owner identifies the owner);
    a report keeps its reference, which names no one.
    """
    personal = {n.id for n in graph.nodes() if is_personal(n)}
    attached = {other for p in personal for other in graph.neighbours(p)} - personal
    nodes = [
        replace(n, sublabel="") if n.id in attached and n.kind != "report" else n
        for n in graph.nodes()
        if n.id not in personal
    ]
    edges = [e for e in graph.edges() if e.source not in personal and e.target not in personal]
    return ChartGraph(nodes, edges, graph.pinned - personal)
