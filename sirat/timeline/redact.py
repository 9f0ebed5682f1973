"""The observer's timeline: what a recipient without access to personal data may see.

Built before any rendering (the PNG/SVG export and the PDF figure draw only its result),
with the disclosure policy of :mod:`sirat.domain.disclosure`, as the link chart does:

* an entity the policy withholds whole (a person, a phone, a document, an account, a
  private address, an unknown kind) is dropped from every item, and so is its lane; a link
  or relation event that involves one is dropped altogether (it is an event *about* it);
* every entity left is named by its ``public_label`` (kind and public fields only, decided
  by the service from the same policy), never by its own label, which may carry a plate;
* a report keeps only its reference: titles are free text and may name anyone;
* an event is labelled by its kind and the public labels of its entities;
* operation names are free text: their lanes become "Operation 1", "Operation 2"...
* crime areas and reporting countries are reference codes and stay.
"""

from __future__ import annotations

from dataclasses import replace

from sirat.domain.disclosure import withheld_whole
from sirat.timeline.model import EntityRef, Item, TimelineData


def _withheld(e: EntityRef) -> bool:
    return withheld_whole(e.kind, e.is_private)


def _safe(e: EntityRef) -> EntityRef:
    return replace(e, label=e.public_label)


def _event_label(item: Item, entities: tuple[EntityRef, ...]) -> str:
    names = " — ".join(e.public_label for e in entities)
    word = "Link" if item.kind == "link" else "Relation"
    return f"{word}: {names}" if names else word


def redact_for_observer(data: TimelineData) -> TimelineData:
    """A copy of ``data`` an observer may see (see the module docstring)."""
    operations = sorted({i.operation for i in data.items if i.operation})
    pseudonym = {op: f"op{n}" for n, op in enumerate(operations, start=1)}
    items: list[Item] = []
    for item in data.items:
        if item.kind != "report" and any(_withheld(e) for e in item.entities):
            continue
        kept = tuple(_safe(e) for e in item.entities if not _withheld(e))
        label = item.reference if item.kind == "report" else _event_label(item, kept)
        items.append(replace(item, label=label, entities=kept,
                             operation=pseudonym.get(item.operation, "")))
    labels = {f"operation:{p}": f"Operation {p[2:]}" for p in pseudonym.values()}
    for item in items:
        for e in item.entities:
            labels[e.lane] = e.public_label
    for key, text in data.lane_labels.items():
        if key.startswith(("crime_area:", "country:")):
            labels[key] = text
    return replace(data, items=tuple(items), lane_labels=labels, for_observer=True)
