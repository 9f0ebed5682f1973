"""The observer's chart: what a recipient without access to personal data may see.

Observers receive no personal data anywhere (PRODUCT.md). This pure function
builds that release view *before* any rendering, so the PDF figure and image
exports never receive a person in the first place.

What is left out or rewritten, and why:

* personal nodes (flagged, or of a personal kind) and their edges are dropped,
  except a vehicle flagged personal (a person owns or drives it): its plate and
  VIN are the personal part, so it stays, relabelled as below, as the PDF's
  entity annex keeps it;
* a report left without any link by that (it only named persons) is dropped
  too: it would float on the chart unexplained;
* a node that was linked to a personal node is relabelled from its
  non-identifying facts only (``Volvo FH, white`` under ``Vehicle``): its own
  label may carry a plate (``Volvo FH CA1234AB``), a registration number or a
  name, and next to its owner that identifies the owner. The allow-list is the
  disclosure policy's (``sirat.domain.disclosure``), the one the PDF's annex applies, so the chart
  never shows what the annex withholds;
* any other label that contains a word of a dropped person's name (or of a name
  the caller adds), in any script (an organisation named after its owner), is
  relabelled the same way;
* a report keeps only its reference: titles are free text and may name anyone;
* deny by default: unless the caller says the labels were decided already (the PDF's
  chart, from the release view), every entity is labelled from its kind and public
  facts -- a chart cannot see what ties a ship or a company to a person elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from sirat.chart.graph import ChartGraph, Node
from sirat.chart.style import KIND_NAMES
from sirat.domain.disclosure import public_fields
from sirat.domain.vocab import KIND_SPECS
from sirat.domain.vocab import PERSONAL_KINDS as _PERSONAL_KINDS
from sirat.names.fold import tokens

#: Kinds that are personal data whatever the node's flag says (the domain's list).
PERSONAL_KINDS: Final[frozenset[str]] = _PERSONAL_KINDS
#: Facts an observer may read, per kind and in label order: the disclosure policy's
#: public fields (the same the PDF's entity annex keeps).
OBSERVER_FACTS: Final[dict[str, tuple[str, ...]]] = {
    kind.value: public_fields(kind.value) for kind, spec in KIND_SPECS.items()
    if not spec.personal
}
#: Of those, what goes into the label (the rest only travels as facts).
_LABEL_FACTS: Final[dict[str, tuple[str, ...]]] = {
    "vehicle": ("make", "model", "colour"),
    "vessel": ("vessel_type", "flag"),
    "organization": ("org_type", "country"),
    "address": ("city", "region", "country"),
}
_REFERENCE: Final = re.compile(r"SIRAT-\d{4}-\d{6}")
_MIN_NAME_TOKEN: Final = 3


#: Kinds kept, relabelled from their facts, when flagged personal.
RELABELLED_WHEN_PERSONAL: Final[frozenset[str]] = frozenset({"vehicle"})


def is_personal(node: Node) -> bool:
    return node.is_personal or node.kind in PERSONAL_KINDS


def _dropped(node: Node) -> bool:
    return node.kind in PERSONAL_KINDS or (
        node.is_personal and node.kind not in RELABELLED_WHEN_PERSONAL
    )


def safe_facts(node: Node) -> tuple[tuple[str, str], ...]:
    """The node's facts an observer may read."""
    allowed = OBSERVER_FACTS.get(node.kind, ())
    return tuple((k, v) for k, v in node.facts if k in allowed and v.strip())


def observer_label(node: Node) -> tuple[str, str]:
    """(label, sublabel) from the kind and non-identifying facts only."""
    facts = dict(safe_facts(node))
    values = [facts[k].strip() for k in _LABEL_FACTS.get(node.kind, ()) if k in facts]
    if node.kind == "vehicle":  # "Volvo FH, white"
        name = " ".join(facts[k].strip() for k in ("make", "model") if k in facts)
        values = [v for v in (name, facts.get("colour", "").strip()) if v]
    details = ", ".join(values)
    kind = KIND_NAMES[node.kind]
    return (details, kind) if details else (kind, "")


def _report_label(node: Node) -> str:
    for text in (node.sublabel, node.label):
        found = _REFERENCE.search(text)
        if found:
            return found.group()
    return KIND_NAMES["report"]


def _name_words(names: Iterable[str]) -> frozenset[str]:
    return frozenset(word for n in names for word in tokens(n) if len(word) >= _MIN_NAME_TOKEN)


def _names_someone(node: Node, words: frozenset[str]) -> bool:
    return bool(words) and not words.isdisjoint(tokens(f"{node.label} {node.sublabel}"))


def redact_for_observer(
    graph: ChartGraph, *, person_names: Iterable[str] = (), trust_labels: bool = False
) -> ChartGraph:
    """A copy of ``graph`` an observer may see (see the module docstring).

    ``person_names`` adds names to look for besides those of the persons on the
    chart: every form the PDF's release view withholds (aliases, other scripts).
    Deny by default: a chart alone cannot know what ties an entity to a person elsewhere
    in the vault, so every entity is labelled from its kind and public facts only --
    unless ``trust_labels`` says the labels were already decided by the release view
    (the PDF's chart, built from the vault's personal closure).
    """
    dropped = [n for n in graph.nodes() if _dropped(n)]
    personal = {n.id for n in dropped}
    attached = {other for p in personal for other in graph.neighbours(p)} - personal
    words = _name_words([*(n.label for n in dropped if n.kind == "person"), *person_names])
    edges = [e for e in graph.edges() if e.source not in personal and e.target not in personal]
    linked = {end for e in edges for end in (e.source, e.target)}
    orphaned = {n for n in attached if n not in linked and graph.node(n).kind == "report"}
    nodes: list[Node] = []
    for n in graph.nodes():
        if n.id in personal or n.id in orphaned:
            continue
        if n.kind == "report":
            nodes.append(replace(n, label=_report_label(n), sublabel="", facts=()))
        elif not trust_labels or n.id in attached or is_personal(n) or _names_someone(n, words):
            label, sublabel = observer_label(n)
            nodes.append(
                replace(n, label=label, sublabel=sublabel, facts=safe_facts(n), is_personal=False)
            )
        else:
            nodes.append(replace(n, facts=safe_facts(n)))
    return ChartGraph(nodes, edges, graph.pinned - personal - orphaned)
