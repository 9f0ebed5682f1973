"""Link-chart graph model: nodes, edges, expand/collapse, pins, filters, paths.

Pure Python: the services plug the vault in through a *neighbour provider* (a
callable answering "what is linked to this node?"), the UI draws the graph and
the PDF export renders it. Node ids are opaque strings chosen by the services
(for example ``"person:42"``). Algorithms treat the graph as undirected; an
edge's direction is kept for display only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, Literal, get_args

NodeKind = Literal[
    "person",
    "vehicle",
    "vessel",
    "organization",
    "address",
    "phone",
    "identity_document",
    "bank_account",
    "online_account",
    "report",
]
NODE_KINDS: Final[tuple[NodeKind, ...]] = get_args(NodeKind)

EdgeKind = Literal["relation", "role"]
EDGE_KINDS: Final[tuple[EdgeKind, ...]] = get_args(EdgeKind)

#: (source, target, kind, label): two nodes may be linked by several relations.
EdgeKey = tuple[str, str, str, str]

#: Answers "what is linked to this node id?" with (nodes, edges). The second argument
#: holds the ids already on the chart: the provider also returns the links from the new
#: neighbours to those, so an expanded chart shows every link among what it holds.
NeighbourProvider = Callable[[str, frozenset[str]], tuple[Iterable["Node"], Iterable["Edge"]]]


@dataclass(frozen=True, slots=True)
class Node:
    """One chart node: an entity or a report.

    ``label`` keeps the original script; ``sublabel`` carries an identifier
    shown under it (plate, IMO number, report reference...). ``date`` is an ISO
    date, possibly partial (``2026`` or ``2026-03``). ``facts`` are
    non-identifying ``(field, value)`` pairs (make, model, colour, vessel type,
    flag...) from which an observer's label is rebuilt (see ``redact``).
    """

    id: str
    kind: NodeKind
    label: str
    sublabel: str = ""
    crime_area: str | None = None
    date: str | None = None
    is_personal: bool = False
    facts: tuple[tuple[str, str], ...] = ()
    #: an identifier was kept as typed although its check failed (shown in the app only)
    kept_as_typed: bool = False

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a chart node needs a non-empty id")
        if self.kind not in NODE_KINDS:
            raise ValueError(f"unknown node kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Edge:
    """A link between two nodes: an entity relation or a report role."""

    source: str
    target: str
    label: str
    kind: EdgeKind = "relation"
    date: str | None = None

    def __post_init__(self) -> None:
        if self.source == self.target:
            raise ValueError("a chart edge must link two different nodes")
        if self.kind not in EDGE_KINDS:
            raise ValueError(f"unknown edge kind {self.kind!r}")

    @property
    def key(self) -> EdgeKey:
        return (self.source, self.target, self.kind, self.label)

    def other(self, node_id: str) -> str:
        """The end of this edge that is not ``node_id``."""
        return self.target if node_id == self.source else self.source


@dataclass(frozen=True, slots=True)
class GraphChange:
    """What an operation changed, so a view updates only the affected items."""

    added_nodes: tuple[str, ...] = ()
    added_edges: tuple[EdgeKey, ...] = ()
    removed_nodes: tuple[str, ...] = ()
    removed_edges: tuple[EdgeKey, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.added_nodes or self.added_edges or self.removed_nodes or self.removed_edges
        )


def _date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest ISO day a possibly partial/approximate date may mean.

    ``"2026-03"`` spans ``"2026-03-00"``..``"2026-03-99"``: padding keeps plain
    string comparison correct without inventing a calendar day.
    """
    text = value.strip().removeprefix("about").strip()
    parts = text.split("-")
    low = "-".join(parts + ["00"] * (3 - len(parts)))
    high = "-".join(parts + ["99"] * (3 - len(parts)))
    return low, high


@dataclass(frozen=True, slots=True)
class ChartFilter:
    """What the chart shows. ``None`` means "no restriction" for each criterion.

    Undated nodes and nodes without a crime area always pass those criteria
    (most entities have neither); a dated item passes when its date may fall
    in ``date_from``..``date_to`` (inclusive, partial dates allowed).
    ``relation_types`` restricts the labels of both relations and roles.
    """

    kinds: frozenset[str] | None = None
    relation_types: frozenset[str] | None = None
    crime_areas: frozenset[str] | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def is_identity(self) -> bool:
        return self == ChartFilter()

    def _date_ok(self, value: str | None) -> bool:
        if value is None:
            return True
        low, high = _date_bounds(value)
        if self.date_from is not None and high < _date_bounds(self.date_from)[0]:
            return False
        return not (self.date_to is not None and low > _date_bounds(self.date_to)[1])

    def keeps_node(self, node: Node) -> bool:
        if self.kinds is not None and node.kind not in self.kinds:
            return False
        if (
            self.crime_areas is not None
            and node.crime_area is not None
            and node.crime_area not in self.crime_areas
        ):
            return False
        return self._date_ok(node.date)

    def keeps_edge(self, edge: Edge) -> bool:
        if self.relation_types is not None and edge.label not in self.relation_types:
            return False
        return self._date_ok(edge.date)


class ChartGraph:
    """A mutable multigraph of :class:`Node` and :class:`Edge` with pins."""

    def __init__(
        self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), pinned: Iterable[str] = ()
    ) -> None:
        self._nodes: dict[str, Node] = {}
        self._edges: dict[EdgeKey, Edge] = {}
        # node id -> neighbour id -> keys of the edges between the two
        self._adj: dict[str, dict[str, set[EdgeKey]]] = {}
        self._pinned: set[str] = set()
        for node in nodes:
            self.add_node(node)
        for edge in edges:
            self.add_edge(edge)
        for node_id in pinned:
            self.pin(node_id)

    # -- reading -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __iter__(self) -> Iterator[Node]:
        return iter(list(self._nodes.values()))

    def nodes(self) -> list[Node]:
        """All nodes in insertion order."""
        return list(self._nodes.values())

    def node_ids(self) -> list[str]:
        """All node ids, sorted (the order every algorithm here works in)."""
        return sorted(self._nodes)

    def edges(self) -> list[Edge]:
        """All edges in insertion order."""
        return list(self._edges.values())

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def edge(self, key: EdgeKey) -> Edge:
        return self._edges[key]

    def has_edge(self, key: EdgeKey) -> bool:
        return key in self._edges

    @property
    def edge_count(self) -> int:
        return len(self._edges)

    def neighbours(self, node_id: str) -> tuple[str, ...]:
        """Distinct neighbours of ``node_id``, sorted."""
        return tuple(sorted(self._adj[node_id]))

    def incident_edges(self, node_id: str) -> list[Edge]:
        keys = sorted(k for ks in self._adj[node_id].values() for k in ks)
        return [self._edges[k] for k in keys]

    def degree(self, node_id: str) -> int:
        """Number of distinct neighbours."""
        return len(self._adj[node_id])

    def undirected_pairs(self) -> list[tuple[str, str]]:
        """Each linked pair of nodes once, as (smaller id, larger id), sorted."""
        return sorted({(a, b) for a, nbrs in self._adj.items() for b in nbrs if a < b})

    # -- pins ----------------------------------------------------------------
    @property
    def pinned(self) -> frozenset[str]:
        return frozenset(self._pinned)

    def is_pinned(self, node_id: str) -> bool:
        return node_id in self._pinned

    def pin(self, node_id: str) -> None:
        if node_id not in self._nodes:
            raise KeyError(node_id)
        self._pinned.add(node_id)

    def unpin(self, node_id: str) -> None:
        self._pinned.discard(node_id)

    # -- changing ------------------------------------------------------------
    def add_node(self, node: Node) -> bool:
        """Add or replace a node; True when the id is new."""
        is_new = node.id not in self._nodes
        self._nodes[node.id] = node
        if is_new:
            self._adj[node.id] = {}
        return is_new

    def add_edge(self, edge: Edge) -> bool:
        """Add an edge between two existing nodes; True when it is new."""
        for end in (edge.source, edge.target):
            if end not in self._nodes:
                raise KeyError(end)
        key = edge.key
        is_new = key not in self._edges
        self._edges[key] = edge
        self._adj[edge.source].setdefault(edge.target, set()).add(key)
        self._adj[edge.target].setdefault(edge.source, set()).add(key)
        return is_new

    def remove_edge(self, key: EdgeKey) -> bool:
        edge = self._edges.pop(key, None)
        if edge is None:
            return False
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            keys = self._adj[a][b]
            keys.discard(key)
            if not keys:
                del self._adj[a][b]
        return True

    def remove_node(self, node_id: str) -> GraphChange:
        if node_id not in self._nodes:
            return GraphChange()
        keys = sorted(k for ks in self._adj[node_id].values() for k in ks)
        for key in keys:
            self.remove_edge(key)
        del self._nodes[node_id]
        del self._adj[node_id]
        self._pinned.discard(node_id)
        return GraphChange(removed_nodes=(node_id,), removed_edges=tuple(keys))

    def expand(self, node_id: str, provider: NeighbourProvider) -> GraphChange:
        """Add what ``provider`` says is linked to ``node_id`` (see :meth:`merge`)."""
        if node_id not in self._nodes:
            raise KeyError(node_id)
        return self.merge(*provider(node_id, frozenset(self._nodes)))

    def merge(self, new_nodes: Iterable[Node], new_edges: Iterable[Edge]) -> GraphChange:
        """Add nodes and edges; nodes already on the chart keep their data.

        Edges whose ends are not on the chart (nor among ``new_nodes``) are ignored.
        """
        added_nodes = [n.id for n in new_nodes if n.id not in self._nodes and self.add_node(n)]
        added_edges = [
            e.key
            for e in new_edges
            if e.source in self._nodes and e.target in self._nodes and self.add_edge(e)
        ]
        return GraphChange(added_nodes=tuple(added_nodes), added_edges=tuple(added_edges))

    def collapse(self, node_id: str) -> GraphChange:
        """Remove the unpinned neighbours that hang on ``node_id`` only."""
        removed_nodes: list[str] = []
        removed_edges: list[EdgeKey] = []
        for other in self.neighbours(node_id):
            if other in self._pinned or set(self._adj[other]) != {node_id}:
                continue
            change = self.remove_node(other)
            removed_nodes += change.removed_nodes
            removed_edges += change.removed_edges
        return GraphChange(removed_nodes=tuple(removed_nodes), removed_edges=tuple(removed_edges))

    # -- derived graphs --------------------------------------------------------
    def copy(self) -> ChartGraph:
        return ChartGraph(self._nodes.values(), self._edges.values(), self._pinned)

    def subgraph(self, node_ids: Iterable[str]) -> ChartGraph:
        keep = set(node_ids) & self._nodes.keys()
        return ChartGraph(
            (n for n in self._nodes.values() if n.id in keep),
            (e for e in self._edges.values() if e.source in keep and e.target in keep),
            self._pinned & keep,
        )

    def filter(self, chart_filter: ChartFilter) -> ChartGraph:
        """A new graph holding only what ``chart_filter`` keeps."""
        nodes = [n for n in self._nodes.values() if chart_filter.keeps_node(n)]
        keep = {n.id for n in nodes}
        edges = [
            e
            for e in self._edges.values()
            if e.source in keep and e.target in keep and chart_filter.keeps_edge(e)
        ]
        return ChartGraph(nodes, edges, self._pinned & keep)

    # -- algorithms ------------------------------------------------------------
    def shortest_path(self, source: str, target: str) -> list[str] | None:
        """Fewest-hops path (undirected BFS), or None when not connected.

        Neighbours are visited in sorted order, so the answer is stable.
        """
        if source not in self._nodes or target not in self._nodes:
            raise KeyError(source if source not in self._nodes else target)
        parent: dict[str, str | None] = {source: None}
        queue: deque[str] = deque([source])
        while queue:
            current = queue.popleft()
            if current == target:
                path = [current]
                while (step := parent[path[-1]]) is not None:
                    path.append(step)
                return path[::-1]
            for other in sorted(self._adj[current]):
                if other not in parent:
                    parent[other] = current
                    queue.append(other)
        return None

    def degree_centrality(self) -> dict[str, float]:
        """Distinct neighbours / (n - 1), as networkx defines it."""
        from sirat.chart.centrality import degree_centrality

        return degree_centrality(self.node_ids(), self.undirected_pairs())

    def betweenness_centrality(self, *, normalized: bool = True) -> dict[str, float]:
        """Brandes betweenness on the undirected simple graph."""
        from sirat.chart.centrality import betweenness_centrality

        return betweenness_centrality(
            self.node_ids(), self.undirected_pairs(), normalized=normalized
        )
