"""Link charts over the vault: the neighbour provider, a report's chart, saved charts.

Node ids are ``"entity:42"`` and ``"report:17"``. Expanding an entity brings the reports
that mention it (role edges, labelled with the role) and the entities related to it
(relation edges, labelled with the relation); expanding a report brings its linked
entities and those its relations name. Every expansion also returns the links from the new
nodes to what is already on the chart, so the chart shows every link among what it holds.

Nodes carry the label in its original script, an identifier as sublabel (plate, IMO...),
``is_personal`` as PRODUCT.md defines it (persons, phones, identity documents, bank and
online accounts, private addresses, and vehicles a person owns or drives according to any
report) and, for entities, their non-identifying facts, from which the observer's chart
rebuilds labels (``sirat.chart.redact``). Reports carry their crime area and date.

A saved chart keeps its layout; when it is read back, its nodes and links are refreshed
from the vault (a label corrected, a link removed, a vehicle now known to be owned by a
person), and nodes whose entity or report is gone are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from sirat.chart import ChartFilter, ChartGraph, Edge, Node
from sirat.chart.boxes import Position
from sirat.chart.layout import force_directed
from sirat.chart.redact import OBSERVER_FACTS, redact_for_observer
from sirat.chart.store import ChartFormatError, chart_from_dict, chart_to_dict
from sirat.clock import utcnow
from sirat.domain.vocab import ChartId, EntityId, ReportId, UserId
from sirat.errors import NotFound, PermissionDenied, ValidationError
from sirat.models import (
    Chart,
    CrimeArea,
    Entity,
    EntityIdentifier,
    EntityRelation,
    IdentifierOverride,
    LinkRole,
    RelationType,
    Report,
    ReportEntity,
)
from sirat.services.audit import log as audit
from sirat.services.entities.types import KINDS, PERSONAL_VEHICLE_RELATIONS
from sirat.services.reports.records import get_row
from sirat.services.reports.validation import MAX_LINE, Problems
from sirat.vault import Vault

ENTITY: Final = "entity"
REPORT: Final = "report"
#: Neighbours of each kind (reports, entities) one expansion brings at most, most recent
#: reports first: a hub mentioned in thousands of reports must not freeze the chart.
MAX_NEIGHBOURS: Final = 250
#: Which identifier a node shows under its label, by kind, first found wins.
_SUBLABEL_IDS: Final[dict[str, tuple[str, ...]]] = {
    "vehicle": ("plate", "vin"), "vessel": ("imo", "mmsi", "call_sign"),
    "identity_document": ("document_number", "national_id"),
    "bank_account": ("iban", "account_number"), "online_account": ("handle", "email"),
}  # fmt: skip
#: Kinds labelled by a field rather than their stored label (which holds a number).
_LABEL_FIELD: Final[dict[str, str]] = {
    "identity_document": "doc_type", "bank_account": "bank", "online_account": "service",
}  # fmt: skip

Positions = dict[str, Position]


@dataclass(frozen=True, slots=True)
class ChartSummary:
    id: ChartId
    name: str
    report_id: ReportId | None
    report_reference: str
    nodes: int
    edges: int
    created_by: UserId
    updated_at: str


@dataclass(frozen=True)
class LoadedChart:
    """A chart to show: the graph, its layout, its filter; ``summary`` if it is saved."""

    graph: ChartGraph
    positions: Positions
    chart_filter: ChartFilter = field(default_factory=ChartFilter)
    size_by: str = "none"
    summary: ChartSummary | None = None


def node_id(kind: str, key: int) -> str:
    return f"{kind}:{key}"


def parse_node_id(value: str) -> tuple[str, int]:
    kind, _, key = value.partition(":")
    if kind not in (ENTITY, REPORT) or not key.isdigit():
        raise NotFound("This chart node is not an entity or a report of this vault.")
    return kind, int(key)


def _split(ids: Iterable[str]) -> tuple[set[int], set[int]]:
    entities: set[int] = set()
    reports: set[int] = set()
    for value in ids:
        kind, _, key = value.partition(":")
        if key.isdigit() and kind in (ENTITY, REPORT):
            (entities if kind == ENTITY else reports).add(int(key))
    return entities, reports


# ---- nodes ----------------------------------------------------------------------------------
def _personal_vehicles(s: Session, vehicles: Collection[int]) -> set[int]:
    """Vehicles a person owns or drives, by a relation of any report."""
    if not vehicles:
        return set()
    other = aliased(Entity)
    found: set[int] = set()
    for mine, theirs in ((EntityRelation.target_id, EntityRelation.source_id),
                         (EntityRelation.source_id, EntityRelation.target_id)):
        found |= set(s.scalars(
            select(mine).join(other, other.id == theirs)
            .where(mine.in_(vehicles), other.kind == "person",
                   EntityRelation.relation_type.in_(PERSONAL_VEHICLE_RELATIONS))))
    return found


def _entity_nodes(s: Session, ids: Collection[int]) -> dict[int, Node]:
    if not ids:
        return {}
    rows = list(s.scalars(select(Entity).where(Entity.id.in_(ids))))
    idents: dict[int, dict[str, str]] = {}
    for i in s.scalars(select(EntityIdentifier).where(EntityIdentifier.entity_id.in_(ids))
                       .order_by(EntityIdentifier.entity_id, EntityIdentifier.position)):
        idents.setdefault(i.entity_id, {}).setdefault(i.type, i.value.splitlines()[0])
    owned = _personal_vehicles(s, [e.id for e in rows if e.kind == "vehicle"])
    kept = set(s.scalars(select(IdentifierOverride.entity_id)
                         .where(IdentifierOverride.entity_id.in_(ids))))
    return {e.id: _entity_node(e, idents.get(e.id, {}), e.id in owned, e.id in kept)
            for e in rows}


def _entity_node(e: Entity, idents: Mapping[str, str], owned: bool,
                 kept: bool = False) -> Node:
    fields: dict[str, str] = {k: str(v) for k, v in json.loads(e.attributes).items()}
    spec = KINDS.get(e.kind)
    personal = spec is None or spec.personal or (e.kind == "address" and e.is_private) or owned
    label = e.label
    if e.kind == "vehicle":
        label = " ".join(fields[k] for k in ("make", "model") if fields.get(k)) or "Vehicle"
    elif e.kind in _LABEL_FIELD:
        label = fields.get(_LABEL_FIELD[e.kind], "").strip() or e.kind.replace("_", " ")
    sub = next((idents[t] for t in _SUBLABEL_IDS.get(e.kind, ()) if t in idents), "")
    if e.kind == "person":
        sub = fields.get("date_of_birth", "")
    elif e.kind == "vessel" and sub:
        prefix = "IMO" if "imo" in idents else "MMSI" if "mmsi" in idents else ""
        sub = sub if not prefix or sub.upper().startswith(prefix) else f"{prefix} {sub}"
    elif not sub:
        sub = fields.get("country", "")
    facts = tuple((k, fields[k]) for k in OBSERVER_FACTS.get(e.kind, ()) if fields.get(k))
    return Node(node_id(ENTITY, e.id), e.kind, label, sub,  # type: ignore[arg-type]
                is_personal=personal, facts=facts, kept_as_typed=kept)


def _report_nodes(s: Session, ids: Collection[int]) -> dict[int, Node]:
    if not ids:
        return {}
    areas = {a.code: a.name for a in s.scalars(select(CrimeArea))}
    return {
        r.id: Node(node_id(REPORT, r.id), "report", r.title, r.reference,
                   crime_area=areas.get(r.crime_area, r.crime_area), date=r.report_date)
        for r in s.scalars(select(Report).where(Report.id.in_(ids)))
    }


def _nodes(s: Session, entities: Collection[int], reports: Collection[int]) -> list[Node]:
    found = list(_entity_nodes(s, entities).values()) + list(_report_nodes(s, reports).values())
    return sorted(found, key=lambda n: n.id)


# ---- edges ----------------------------------------------------------------------------------
def _edges_among(s: Session, ids: Collection[str], touching: Collection[str]) -> list[Edge]:
    """Every link between two of ``ids`` with at least one end in ``touching``."""
    entities, reports = _split(ids)
    near_e, near_r = _split(touching)
    roles = {r.code: r.name for r in s.scalars(select(LinkRole))}
    types = {t.code: t.name for t in s.scalars(select(RelationType))}
    edges: dict[tuple[str, str, str, str], Edge] = {}
    if entities and reports:
        links = s.execute(
            select(ReportEntity.report_id, ReportEntity.entity_id, ReportEntity.role,
                   Report.report_date).join(Report, Report.id == ReportEntity.report_id)
            .where(ReportEntity.report_id.in_(reports), ReportEntity.entity_id.in_(entities),
                   or_(ReportEntity.report_id.in_(near_r), ReportEntity.entity_id.in_(near_e)))
            .order_by(ReportEntity.id))
        for rid, eid, role, day in links:
            edge = Edge(node_id(REPORT, rid), node_id(ENTITY, eid), roles.get(role, role),
                        "role", day)
            edges[edge.key] = edge
    if entities and near_e:
        rels = s.execute(
            select(EntityRelation.source_id, EntityRelation.target_id,
                   EntityRelation.relation_type, Report.report_date)
            .join(Report, Report.id == EntityRelation.report_id)
            .where(EntityRelation.source_id.in_(entities), EntityRelation.target_id.in_(entities),
                   EntityRelation.source_id != EntityRelation.target_id,
                   or_(EntityRelation.source_id.in_(near_e), EntityRelation.target_id.in_(near_e)))
            .order_by(Report.report_date, EntityRelation.id))
        for source, target, rtype, day in rels:
            edge = Edge(node_id(ENTITY, source), node_id(ENTITY, target), types.get(rtype, rtype),
                        "relation", day)
            edges[edge.key] = edge  # the latest assertion gives the date
    return [edges[k] for k in sorted(edges)]


# ---- expanding --------------------------------------------------------------------------------
def _neighbour_ids(s: Session, kind: str, key: int) -> tuple[set[int], set[int]]:
    """(entity ids, report ids) linked to one node."""
    if kind == REPORT:
        linked: set[int] = set(s.scalars(select(ReportEntity.entity_id)
                               .where(ReportEntity.report_id == key)))
        for source, target in s.execute(select(EntityRelation.source_id, EntityRelation.target_id)
                                        .where(EntityRelation.report_id == key)):
            linked |= {source, target}
        return linked, set()
    newest: Select[Any] = (
        select(ReportEntity.report_id).join(Report, Report.id == ReportEntity.report_id)
        .where(ReportEntity.entity_id == key).group_by(ReportEntity.report_id)
        .order_by(Report.report_date.desc(), ReportEntity.report_id.desc())
        .limit(MAX_NEIGHBOURS))
    related: set[int] = set()
    for mine, theirs in ((EntityRelation.source_id, EntityRelation.target_id),
                         (EntityRelation.target_id, EntityRelation.source_id)):
        related |= set(s.scalars(select(theirs).where(mine == key).distinct()
                                 .order_by(theirs.desc()).limit(MAX_NEIGHBOURS)))
    related.discard(key)
    return related, set(s.scalars(newest))


def neighbours_in(
    s: Session, of: str, known: Collection[str] = ()
) -> tuple[list[Node], list[Edge]]:
    """What is linked to node ``of``, and every link from it to ``of`` and to ``known``."""
    kind, key = parse_node_id(of)
    entities, reports = _neighbour_ids(s, kind, key)
    nodes = [n for n in _nodes(s, entities, reports) if n.id != of]
    near = {of, *(n.id for n in nodes)}
    return nodes, _edges_among(s, near | set(known), near)


def neighbours(
    vault: Vault, of: str, known: Collection[str] = (), *, record_view: bool = True
) -> tuple[list[Node], list[Edge]]:
    """The neighbour provider over the vault (``NeighbourProvider``, given the vault).

    Showing an entity's or a report's links is a consultation: it is recorded as
    ``chart.view`` (ids only) unless ``record_view`` is False.
    """
    kind, key = parse_node_id(of)
    if not record_view:
        with vault.session() as s:
            return neighbours_in(s, of, known)
    return audit.consult(
        vault, lambda s: neighbours_in(s, of, known),
        lambda found: {"action": "chart.view", "object_type": kind, "object_id": key,
                       "details": {kind: key, "expanded": True, "nodes": len(found[0])}})


def open_chart(
    vault: Vault, *, entity_ids: Collection[EntityId] = (), report_ids: Collection[ReportId] = ()
) -> ChartGraph:
    """A new chart of some entities and reports (search results, an entity's network): the
    links among them; one alone comes with its neighbours."""
    def read(s: Session) -> ChartGraph:
        graph = ChartGraph(_nodes(s, set(entity_ids), set(report_ids)))
        ids = graph.node_ids()
        graph.merge([], _edges_among(s, ids, ids))
        if len(ids) == 1:
            graph.merge(*neighbours_in(s, ids[0], ids))
        if len(graph) == 0:
            raise NotFound("None of these entities or reports exists any more.",
                           "Search again.")
        return graph

    return audit.consult(vault, read, lambda graph: {
        "action": "chart.view", "object_type": "chart", "object_id": "",
        "details": {"entities": sorted(entity_ids), "reports": sorted(report_ids),
                    "nodes": len(graph)}})


# ---- a report's chart -------------------------------------------------------------------------
def _refreshed(s: Session, graph: ChartGraph) -> ChartGraph:
    """``graph``'s nodes as the vault has them now, with the links among them; pins kept."""
    entities, reports = _split(graph.node_ids())
    fresh = ChartGraph(_nodes(s, entities, reports))
    ids = fresh.node_ids()
    fresh.merge([], _edges_among(s, ids, ids))
    for pinned in graph.pinned & set(ids):
        fresh.pin(pinned)
    return fresh


def _loaded(s: Session, row: Chart) -> LoadedChart:
    saved = chart_from_dict(json.loads(row.state))
    graph = _refreshed(s, saved.graph)
    positions = {k: v for k, v in saved.positions.items() if k in graph}
    return LoadedChart(graph, positions, saved.chart_filter, saved.size_by, _summary(s, row))


def _built(s: Session, report_id: ReportId) -> LoadedChart:
    """The report, its linked entities and its relations, force-directed (seeded, so
    deterministic): in rings around the report, a relation between two of its entities
    ran straight through the report node."""
    get_row(s, report_id)
    centre = node_id(REPORT, report_id)
    graph = ChartGraph(_nodes(s, (), (report_id,)))
    graph.merge(*neighbours_in(s, centre, (centre,)))
    return LoadedChart(graph, force_directed(graph, seed=0))


def report_chart_in(s: Session, report_id: ReportId) -> LoadedChart:
    """The report's latest saved chart (refreshed), else one built from its links."""
    row = s.scalars(select(Chart).where(Chart.report_id == report_id)
                    .order_by(Chart.updated_at.desc(), Chart.id.desc()).limit(1)).first()
    return _loaded(s, row) if row is not None else _built(s, report_id)


def chart_for_report(vault: Vault, report_id: ReportId) -> tuple[ChartGraph, Positions]:
    """The chart of a report for its PDF: saved one (with its layout) if any, else built
    and laid out deterministically. Reading it is part of the caller's work: not audited."""
    with vault.session() as s:
        chart = report_chart_in(s, report_id)
        return chart.graph, chart.positions


def chart_for_release(
    s: Session, report_id: ReportId, *, observer: bool, person_names: Iterable[str] = ()
) -> tuple[ChartGraph, Positions] | None:
    """The chart to print in a report's PDF, in the caller's session; None if nothing to show.

    For an observer it goes through :func:`redact_for_observer`; ``person_names`` are the
    name forms the release view withholds (aliases, other scripts), so a label that
    contains one is rewritten even when that person is not on the chart.
    """
    chart = report_chart_in(s, report_id)
    graph = redact_for_observer(chart.graph, person_names=person_names) if observer else (
        chart.graph)
    if not any(n.kind != "report" for n in graph):
        return None
    return graph, {k: v for k, v in chart.positions.items() if k in graph}


def open_report_chart(vault: Vault, report_id: ReportId) -> LoadedChart:
    """A report's chart to show (see :func:`report_chart_in`); recorded as ``chart.view``."""
    def what(chart: LoadedChart) -> dict[str, Any]:
        saved = chart.summary.id if chart.summary else None
        return {"action": "chart.view", "object_type": "chart" if saved else "report",
                "object_id": saved or report_id,
                "details": {"report": report_id, "nodes": len(chart.graph)}}

    return audit.consult(vault, lambda s: report_chart_in(s, report_id), what)


# ---- saved charts -----------------------------------------------------------------------------
def _summary(s: Session, row: Chart) -> ChartSummary:
    reference = "" if row.report_id is None else s.scalar(
        select(Report.reference).where(Report.id == row.report_id)) or ""
    report_id = None if row.report_id is None else ReportId(row.report_id)
    return ChartSummary(ChartId(row.id), row.name, report_id, reference, row.node_count,
                        row.edge_count, UserId(row.created_by), row.updated_at)


def _get_chart(s: Session, chart_id: ChartId) -> Chart:
    row = s.get(Chart, chart_id)
    if row is None:
        raise NotFound("There is no saved chart with this id.", "It may have been deleted.")
    return row


def _require_owner(vault: Vault, row: Chart) -> None:
    if row.created_by != vault.info.user_id and vault.info.role != "administrator":
        raise PermissionDenied("Only the analyst who saved this chart, or an administrator, "
                               "can change or delete it.", "Save it as a new chart instead.")


def save_chart(
    vault: Vault, state: Mapping[str, Any], *, name: str, report_id: ReportId | None = None,
    chart_id: ChartId | None = None,
) -> ChartSummary:
    """Save a chart (``ChartView.chart_state()``) as new, or over ``chart_id``."""
    p = Problems()
    p.text("name", "name", name, required=True, max_chars=MAX_LINE)
    try:
        saved = chart_from_dict(state)
    except ChartFormatError:
        p.add("chart", "The chart could not be read.", "Close the chart and open it again.")
        raise ValidationError(p.items) from None
    p.raise_if_any()
    stored = json.dumps(chart_to_dict(saved.graph, saved.positions, saved.chart_filter,
                                      size_by=saved.size_by),
                        ensure_ascii=False, separators=(",", ":"))
    user, now = vault.info.user_id, utcnow()
    with vault.session(write=True) as s:
        if report_id is not None:
            get_row(s, report_id)
        if chart_id is None:
            row = Chart(created_at=now, created_by=user)
            s.add(row)
        else:
            row = _get_chart(s, chart_id)
            _require_owner(vault, row)
        row.name, row.report_id, row.state = name.strip(), report_id, stored
        row.node_count, row.edge_count = len(saved.graph), saved.graph.edge_count
        row.updated_at, row.updated_by = now, user
        s.flush()
        audit.record(s, actor_id=user, action="chart.save", object_type="chart",
                     object_id=row.id, details={"report": report_id, "nodes": row.node_count,
                                                "edges": row.edge_count})
        return _summary(s, row)


def load_chart(vault: Vault, chart_id: ChartId) -> LoadedChart:
    """A saved chart, refreshed from the vault, with its layout; recorded as ``chart.view``."""
    def read(s: Session) -> tuple[LoadedChart, int | None]:
        row = _get_chart(s, chart_id)
        return _loaded(s, row), row.report_id

    chart, _ = audit.consult(vault, read, lambda got: {
        "action": "chart.view", "object_type": "chart", "object_id": chart_id,
        "details": {"report": got[1], "nodes": len(got[0].graph)}})
    return chart


def list_charts(vault: Vault, *, report_id: ReportId | None = None) -> list[ChartSummary]:
    """Saved charts, most recently saved first (those of one report if given)."""
    with vault.session() as s:
        q = select(Chart).order_by(Chart.updated_at.desc(), Chart.id.desc())
        if report_id is not None:
            q = q.where(Chart.report_id == report_id)
        return [_summary(s, row) for row in s.scalars(q)]


def delete_chart(vault: Vault, chart_id: ChartId) -> None:
    with vault.session(write=True) as s:
        row = _get_chart(s, chart_id)
        _require_owner(vault, row)
        report_id = row.report_id
        s.delete(row)
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="chart.delete", object_type="chart",
                     object_id=chart_id, details={"report": report_id})

