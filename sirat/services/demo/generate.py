"""The synthetic-data generator: ``generate(vault, reports=N, seed=S)``.

Deterministic (the same seed and the same starting vault give the same content) and fast
enough for 100,000 reports: rows are built in Python and written as tuples through the
driver's executemany (:mod:`sirat.services.demo.bulk`), one write transaction per batch, with
one audit record per batch (ids and counts only). Reports cover every crime area and every
life-cycle state; entities are reused across reports so the link chart has a network to show.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select

from sirat.models import (
    Entity,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    Report,
    ReportCounter,
    ReportEntity,
    ReportVersion,
    User,
)
from sirat.services.audit import log as audit
from sirat.services.demo import bulk, pools
from sirat.services.demo import entities as make
from sirat.services.demo.entities import Made, new_uid
from sirat.services.formats.dates import parse_partial_date
from sirat.services.reports.types import ReportDraft
from sirat.services.search import index as search_index
from sirat.vault import Vault

#: Crime areas whose demo reports name a route.
ROUTE_AREAS = frozenset({"thb_ms", "drugs", "stolen_vehicles", "anti_fraud"})
START = datetime(2023, 1, 2, 7, 30, tzinfo=UTC)
SPAN_DAYS = 1030
STATES = (("draft", 18), ("submitted", 12), ("approved", 12), ("disseminated", 48),
          ("returned", 10))
#: Entities per crime area: (kind, role) pairs drawn for each report.
CAST: dict[str, tuple[tuple[str, str], ...]] = {
    "thb_ms": (("person", "suspect"), ("person", "facilitator"), ("person", "victim"),
               ("vehicle", "vehicle_used"), ("phone", "phone_used"), ("address", "location")),
    "drugs": (("person", "suspect"), ("person", "courier"), ("vessel", "vessel_used"),
              ("organization", "mentioned"), ("phone", "phone_used"),
              ("vehicle", "vehicle_used")),
    "anti_fraud": (("person", "driver"), ("vehicle", "vehicle_used"),
                   ("organization", "mentioned"), ("person", "organizer"),
                   ("identity_document", "document_used")),
    "stolen_vehicles": (("vehicle", "vehicle_used"), ("person", "driver"),
                        ("identity_document", "document_used"), ("person", "owner")),
    "financial_cyber": (("person", "suspect"), ("bank_account", "account_used"),
                        ("bank_account", "account_used"), ("online_account", "mentioned"),
                        ("phone", "phone_used"), ("person", "victim")),
    "container_security": (("vessel", "vessel_used"), ("organization", "mentioned"),
                           ("person", "suspect"), ("address", "location")),
    "environment": (("vehicle", "vehicle_used"), ("organization", "mentioned"),
                    ("person", "suspect"), ("address", "location")),
    "counter_terrorism": (("person", "suspect"), ("identity_document", "document_used"),
                          ("phone", "phone_used"), ("online_account", "mentioned"),
                          ("bank_account", "account_used")),
}
#: Relation type from the kind of the first person to the kind of the other entity.
PERSON_TO = {"vehicle": ("owner_of", "driver_of"), "vessel": ("crew_of",),
             "organization": ("employee_of", "member_of"), "phone": ("uses",),
             "identity_document": ("holder_of",), "bank_account": ("owner_of",),
             "online_account": ("uses",), "address": ("resides_at",),
             "person": ("associate", "family", "associate")}


@dataclass(frozen=True, slots=True)
class GenerateResult:
    reports: int
    entities: int
    links: int
    relations: int


@dataclass
class _Batch:
    reports: list[dict[str, Any]]
    versions: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    names: list[dict[str, Any]]
    identifiers: list[dict[str, Any]]
    links: list[dict[str, Any]]
    relations: list[dict[str, Any]]


class Generator:
    """State of one run: next ids, reference counters, the pool of reusable entities."""

    def __init__(self, vault: Vault, seed: int, total: int) -> None:
        self.rng = random.Random(seed)
        self.step = SPAN_DAYS * 86400 / max(1, total)  # seconds between reports
        self.index = 0
        with vault.session() as s:
            self.next_report = int(s.execute(select(func.max(Report.id))).scalar() or 0) + 1
            self.next_entity = int(s.execute(select(func.max(Entity.id))).scalar() or 0) + 1
            self.counters = {c.year: c.last for c in s.scalars(select(ReportCounter))}
            users = list(s.scalars(select(User).where(User.active.is_(True))
                                   .order_by(User.id)))
        self.authors = [u.id for u in users if u.role == "analyst"] or [users[0].id]
        self.supervisors = [u.id for u in users if u.role == "supervisor"] or [users[0].id]
        self.pool: dict[str, list[tuple[int, str, Made]]] = {}

    def _entity(self, kind: str, country: str, area: str, batch: _Batch, author: int,
                at: str, holder: Made | None) -> tuple[int, str, Made]:
        rng = self.rng
        reusable = self.pool.get(kind, [])
        if reusable and kind != "identity_document" and rng.random() < 0.3:
            # Mostly recent entities: a network grows from recent reports.
            return reusable[rng.randrange(max(0, len(reusable) - 5000), len(reusable))]
        if kind == "person":
            made = make.person(rng, country if rng.random() < 0.7 else rng.choice(
                pools.MEMBER_STATES))
        elif kind == "vehicle":
            made = make.vehicle(rng, country, stolen=area == "stolen_vehicles"
                                or rng.random() < 0.1)
        elif kind == "vessel":
            made = make.vessel(rng)
        elif kind == "organization":
            made = make.organization(rng, country)
        elif kind == "address":
            made = make.address(rng, country)
        elif kind == "phone":
            made = make.phone(rng, country)
        elif kind == "identity_document":
            made = make.document(rng, holder or make.person(rng, country))
        elif kind == "bank_account":
            made = make.bank_account(rng, country)
        else:
            made = make.online_account(rng, holder)
        eid, uid = self.next_entity, new_uid(rng)
        self.next_entity += 1
        entity, names, idents = made.rows(eid, uid, author, at)
        batch.entities.append(entity)
        batch.names.extend(names)
        batch.identifiers.extend(idents)
        item = (eid, uid, made)
        self.pool.setdefault(kind, []).append(item)
        return item

    def report(self, batch: _Batch) -> None:
        rng = self.rng
        area = rng.choice(list(CAST))
        country = rng.choice(pools.MEMBER_STATES)
        author = rng.choice(self.authors)
        # Creation times increase with the reference, as they would in a real vault.
        created = START + timedelta(seconds=int(self.index * self.step
                                                + rng.random() * self.step * 0.9))
        self.index += 1
        at = created.isoformat(timespec="microseconds")
        rid = self.next_report
        self.next_report += 1
        year = created.year
        self.counters[year] = self.counters.get(year, 0) + 1
        reference = f"SIRAT-{year}-{self.counters[year]:06d}"
        cast = list(CAST[area][:2]) + rng.sample(CAST[area][2:], rng.randrange(1, len(
            CAST[area]) - 1))
        linked: list[tuple[int, str, Made, str]] = []
        first_person: Made | None = None
        for kind, role in cast:
            eid, uid, made = self._entity(kind, country, area, batch, author, at, first_person)
            if kind == "person" and first_person is None:
                first_person = made
            if all(eid != x[0] for x in linked):
                linked.append((eid, uid, made, role))
        for eid, _uid, _made, role in linked:
            batch.links.append({"report_id": rid, "entity_id": eid, "role": role, "note": "",
                                "created_at": at, "created_by": author})
        self._relations(batch, rid, linked, author, at)
        draft = self._draft(area, country, created, linked)
        status = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
        row = self._row(rid, reference, year, draft, status, author, created)
        batch.reports.append(row)
        snapshot = {**draft.as_dict(), "reference": reference, "status": row["status"],
                    "version": 1, "links": [{"entity": uid, "role": role}
                                            for _e, uid, _m, role in linked]}
        batch.versions.append({"report_id": rid, "version": 1, "saved_by": author,
                               "saved_at": at, "snapshot": json.dumps(
                                   snapshot, ensure_ascii=False, separators=(",", ":"))})

    def _relations(self, batch: _Batch, rid: int, linked: list[tuple[int, str, Made, str]],
                   author: int, at: str) -> None:
        people = [x for x in linked if x[2].kind == "person"]
        if not people:
            return
        hub = people[0]
        seen: set[tuple[int, int, str]] = set()
        for other in linked:
            if other[0] == hub[0] or self.rng.random() < 0.25:
                continue
            rtype = self.rng.choice(PERSON_TO[other[2].kind])
            key = (hub[0], other[0], rtype)
            if key in seen:
                continue
            seen.add(key)
            batch.relations.append({
                "uid": new_uid(self.rng), "source_id": hub[0], "target_id": other[0],
                "relation_type": rtype, "report_id": rid, "note": "", "created_at": at,
                "created_by": author})

    def _draft(self, area: str, country: str, created: datetime,
               linked: list[tuple[int, str, Made, str]]) -> ReportDraft:
        rng = self.rng
        spec = pools.AREAS[area]
        city = rng.choice(pools.CITIES[country])
        place, port = rng.choice(pools.CROSSINGS), rng.choice(pools.PORTS)
        words = {"place": place, "port": port, "city": city, "country": country,
                 "n": str(rng.randrange(2, 60))}
        lines = [line.format(**words) for line in rng.sample(spec["lines"], 3)]
        who = [m.label for _e, _u, m, role in linked if m.kind in ("person", "vessel")][:3]
        if who:
            lines.append("Persons and vessels involved: " + "; ".join(who) + ".")
        info = created - timedelta(days=rng.randrange(5, 400))
        form = rng.random()
        info_text = (info.strftime("%Y-%m-%d") if form < 0.3 else info.strftime("%d.%m.%Y")
                     if form < 0.45 else info.strftime("%Y-%m") if form < 0.7
                     else "about " + info.strftime("%Y-%m") if form < 0.9
                     else info.strftime("%Y"))
        codes = {"H0"}
        codes |= {c for c, p in (("H1", 0.3), ("H2", 0.15), ("H3", 0.07)) if rng.random() < p}
        return ReportDraft(
            title=rng.choice(spec["titles"]).format(**words), crime_area=area,
            report_date=created.date().isoformat(), reporting_country=country,
            source_reliability=rng.choices("ABCX", (15, 45, 15, 25))[0],
            information_accuracy=rng.choices("1234", (15, 40, 30, 15))[0],
            classification=rng.choices(("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL",
                                        "SECRET"), (15, 55, 25, 5))[0],
            information_date=info_text,
            places=self._places(area, place, port, city),
            agency=rng.choice(pools.AGENCIES[country]), operation=rng.choice(pools.OPERATIONS),
            handling_codes=frozenset(codes),
            h3_text=rng.choice(pools.H3_TEXTS) if "H3" in codes else "",
            summary=lines[0], narrative="\n\n".join(lines),
            analyst_comment=rng.choice(pools.COMMENTS),
            keywords=tuple(rng.sample(spec["keywords"], 2)),
        )

    def _places(self, area: str, place: str, port: str, city: str) -> tuple[str, ...]:
        """Places named; smuggling and trafficking reports also name their route ("A → B",
        counted by the statistics): derived from the places drawn, so the random sequence
        and every other field stay as they were."""
        places = tuple(self.rng.sample((place, port, city), self.rng.randrange(1, 3)))
        if area in ROUTE_AREAS:
            places = (*places, f"{place} → {city}")
        return places

    def _row(self, rid: int, reference: str, year: int, d: ReportDraft, status: str,
             author: int, created: datetime) -> dict[str, Any]:
        rng = self.rng
        info = parse_partial_date(d.information_date)
        ts = [(created + timedelta(hours=h)).isoformat(timespec="microseconds")
              for h in (0, 20, 44, 70)]
        supervisor = rng.choice([s for s in self.supervisors if s != author] or [author])
        lifecycle: dict[str, Any] = {"submitted_at": None, "approved_at": None,
                                     "approved_by": None, "disseminated_at": None,
                                     "returned_at": None, "returned_by": None,
                                     "return_comment": ""}
        if status in ("submitted", "approved", "disseminated", "returned"):
            lifecycle["submitted_at"] = ts[1]
        if status in ("approved", "disseminated"):
            lifecycle.update(approved_at=ts[2], approved_by=supervisor)
        if status == "disseminated":
            lifecycle["disseminated_at"] = ts[3]
        if status == "returned":
            lifecycle.update(returned_at=ts[2], returned_by=supervisor,
                             return_comment=rng.choice(pools.RETURN_COMMENTS))
            status = "draft"
        h2 = "H2" in d.handling_codes and status == "disseminated"
        return {
            "id": rid, "uid": new_uid(rng), "reference": reference, "ref_year": year,
            "ref_seq": int(reference[-6:]), "title": d.title, "crime_area": d.crime_area,
            "report_date": d.report_date, "info_date_text": d.information_date,
            "info_date_earliest": info.earliest, "info_date_latest": info.latest,
            "places": json.dumps(list(d.places), ensure_ascii=False),
            "reporting_country": d.reporting_country, "agency": d.agency,
            "operation": d.operation, "grading_scheme": d.grading_scheme,
            "source_reliability": d.source_reliability,
            "information_accuracy": d.information_accuracy,
            "handling_codes": ",".join(sorted(d.handling_codes)), "h3_text": d.h3_text,
            "classification": d.classification, "summary": d.summary,
            "narrative": d.narrative, "analyst_comment": d.analyst_comment,
            "keywords": json.dumps(list(d.keywords), ensure_ascii=False), "status": status,
            "author_id": author, "created_at": ts[0],
            "updated_at": max(t for t in (ts[0], *(v for k, v in lifecycle.items()
                                                   if k.endswith("_at") and v))),
            "version": 1, **lifecycle,
            "h2_permission_note": "Provider agreed in writing." if h2 else "",
            "h2_permission_recorded_by": supervisor if h2 else None,
            "h2_permission_recorded_at": ts[3] if h2 else None,
            "origin_author": "", "origin_approver": "", "imported_at": None,
        }


def generate(
    vault: Vault, *, reports: int, seed: int, batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateResult:
    """Add ``reports`` synthetic reports (with entities, links, relations) to ``vault``."""
    gen = Generator(vault, seed, reports)
    totals = [0, 0, 0, 0]
    done = 0
    while done < reports:
        batch = _Batch([], [], [], [], [], [], [])
        for _ in range(min(batch_size, reports - done)):
            gen.report(batch)
        with vault.session(write=True) as s:
            for model, rows in ((Entity, batch.entities), (EntityName, batch.names),
                                (EntityIdentifier, batch.identifiers), (Report, batch.reports),
                                (ReportVersion, batch.versions), (ReportEntity, batch.links),
                                (EntityRelation, batch.relations)):
                if rows:
                    # Tuples through the driver's executemany (not Core's per-row dict
                    # processing, not the ORM bulk path): one statement per table and batch.
                    bulk.insert_rows(s, cast(Table, model.__table__), rows)
            for year, last in gen.counters.items():
                counter = s.get(ReportCounter, year)
                if counter is None:
                    s.add(ReportCounter(year=year, last=last))
                else:
                    counter.last = max(counter.last, last)
            s.flush()
            search_index.index_batch(s, [r["id"] for r in batch.reports],
                                     [e["id"] for e in batch.entities])
            audit.record(s, actor_id=vault.info.user_id, action="demo.generate",
                         object_type="vault", object_id=vault.info.vault_id,
                         details={"reports": len(batch.reports),
                                  "entities": len(batch.entities)})
        done += len(batch.reports)
        for i, n in enumerate((len(batch.reports), len(batch.entities), len(batch.links),
                               len(batch.relations))):
            totals[i] += n
        if progress is not None:
            progress(done, reports)
    return GenerateResult(*totals)
