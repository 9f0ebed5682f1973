"""A chart as a JSON-able dict (nodes, edges, positions, pins, filter) and back.

The services store this dict in the vault; the format carries its own name and
version so later versions can migrate old charts instead of misreading them.
Everything is plain ``str``/``float``/``bool``/``list``/``dict``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sirat.chart.boxes import Position
from sirat.chart.graph import EDGE_KINDS, NODE_KINDS, ChartFilter, ChartGraph, Edge, Node

CHART_FORMAT: Final = "sirat-chart"
CHART_FORMAT_VERSION: Final = 1


class ChartFormatError(ValueError):
    """The dict is not a chart this version can read."""


@dataclass(frozen=True, slots=True)
class SavedChart:
    """What a stored chart holds."""

    graph: ChartGraph
    positions: dict[str, Position]
    chart_filter: ChartFilter = field(default_factory=ChartFilter)
    size_by: str = "none"


def _sorted_or_none(values: frozenset[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def chart_to_dict(
    graph: ChartGraph,
    positions: Mapping[str, Position],
    chart_filter: ChartFilter | None = None,
    *,
    size_by: str = "none",
) -> dict[str, Any]:
    """Serialise a chart; positions of nodes not in ``graph`` are dropped."""
    f = chart_filter or ChartFilter()
    return {
        "format": CHART_FORMAT,
        "version": CHART_FORMAT_VERSION,
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "label": n.label,
                "sublabel": n.sublabel,
                "crime_area": n.crime_area,
                "date": n.date,
                "is_personal": n.is_personal,
                "facts": [[k, v] for k, v in n.facts],
            }
            for n in graph.nodes()
        ],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "label": e.label,
                "kind": e.kind,
                "date": e.date,
            }
            for e in graph.edges()
        ],
        "positions": {
            k: [float(x), float(y)] for k, (x, y) in sorted(positions.items()) if k in graph
        },
        "pinned": sorted(graph.pinned),
        "filter": {
            "kinds": _sorted_or_none(f.kinds),
            "relation_types": _sorted_or_none(f.relation_types),
            "crime_areas": _sorted_or_none(f.crime_areas),
            "date_from": f.date_from,
            "date_to": f.date_to,
        },
        "size_by": size_by,
    }


def _text(item: Mapping[str, Any], key: str, *, optional: bool = False) -> Any:
    value = item.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ChartFormatError(f"chart field {key!r} must be text")
    return value


def _frozen(value: Any, key: str) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ChartFormatError(f"chart filter {key!r} must be a list of text")
    return frozenset(value)


def _facts(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:  # written before facts existed
        return ()
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) for v in p) for p in value
    ):
        raise ChartFormatError("chart node 'facts' must be a list of [field, value] pairs")
    return tuple((k, v) for k, v in value)


def chart_from_dict(data: Mapping[str, Any]) -> SavedChart:
    """Read a dict written by :func:`chart_to_dict`; ChartFormatError otherwise."""
    if not isinstance(data, Mapping) or data.get("format") != CHART_FORMAT:
        raise ChartFormatError("not a SIRAT chart")
    version = data.get("version")
    if version != CHART_FORMAT_VERSION:
        raise ChartFormatError(f"chart format version {version!r} is not supported")
    try:
        graph = ChartGraph()
        for item in data["nodes"]:
            kind = _text(item, "kind")
            if kind not in NODE_KINDS:
                raise ChartFormatError(f"unknown node kind {kind!r}")
            graph.add_node(
                Node(
                    id=_text(item, "id"),
                    kind=kind,
                    label=_text(item, "label"),
                    sublabel=_text(item, "sublabel"),
                    crime_area=_text(item, "crime_area", optional=True),
                    date=_text(item, "date", optional=True),
                    is_personal=bool(item.get("is_personal", False)),
                    facts=_facts(item.get("facts")),
                )
            )
        for item in data["edges"]:
            kind = _text(item, "kind")
            if kind not in EDGE_KINDS:
                raise ChartFormatError(f"unknown edge kind {kind!r}")
            graph.add_edge(
                Edge(
                    source=_text(item, "source"),
                    target=_text(item, "target"),
                    label=_text(item, "label"),
                    kind=kind,
                    date=_text(item, "date", optional=True),
                )
            )
        positions = {
            str(k): (float(v[0]), float(v[1])) for k, v in data["positions"].items() if k in graph
        }
        for node_id in data["pinned"]:
            if node_id in graph:
                graph.pin(node_id)
        raw = data["filter"]
        chart_filter = ChartFilter(
            kinds=_frozen(raw.get("kinds"), "kinds"),
            relation_types=_frozen(raw.get("relation_types"), "relation_types"),
            crime_areas=_frozen(raw.get("crime_areas"), "crime_areas"),
            date_from=_text(raw, "date_from", optional=True),
            date_to=_text(raw, "date_to", optional=True),
        )
        size_by = str(data.get("size_by", "none"))
    except ChartFormatError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ChartFormatError(f"damaged chart ({type(exc).__name__})") from exc
    return SavedChart(graph, positions, chart_filter, size_by)
