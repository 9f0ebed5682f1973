"""Full-text search over reports and entities, in any script, ranked, with highlights.

``search(vault, "Đorđe heroin*")`` parses the query (:mod:`.search_query`: phrases, prefixes,
AND/OR/NOT, never raw FTS syntax), folds it the way the index is folded
(:mod:`.search_text`), ranks within a bounded window (:mod:`.search_rank`) and returns
frozen hits with the spans of the original text to highlight -- Cyrillic, Greek or Latin.
An identifier typed whole ("СА 1234 ВХ", "+359 88 123 4567", a VIN with spaces) is also
looked up by its normalized form and listed first.

A query of plain words is also a name: when fewer than ``limit`` entities have every word,
entities are matched with one of 2-6 words allowed missing (a middle name, a patronymic, a
given name in another form; for reports, a query of 3-6 words that finds nothing at all), and
the best :data:`RERANK` by bm25 are ordered by how
well their names match the words (:func:`sirat.names.score_names`: an exact or official
spelling above a variant, a variant above a mere skeleton). ``expand=False`` (the window's
"Exact spelling" box) looks every word up by its own spelling only, as ``exact:`` does.

Every search writes exactly one audit record, ``search``, with the query's length and the
number of results -- never its text, which may itself be personal data.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from sqlalchemy import select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from sirat.domain.vocab import ENTITY_KINDS
from sirat.errors import ValidationError
from sirat.models import Entity, EntityIdentifier, EntityName, Report
from sirat.names import score_names, search_key
from sirat.services.audit import log as audit
from sirat.services.formats.identifiers import IDENTIFIER_TYPES, normalize
from sirat.services.search.facets import entity_filter, report_filter
from sirat.services.search.hits import EntityHit, ReportHit, entity_hits, report_hits
from sirat.services.search.index import RebuildResult, ensure_index, needs_build, rebuild_index
from sirat.services.search.query import MIN_PREFIX, ParsedQuery, parse_query
from sirat.services.search.rank import ENTITIES, REPORTS, Page, ranked_page
from sirat.vault import Vault

__all__ = [
    "EntityHit",
    "RebuildResult",
    "ReportHit",
    "Scope",
    "SearchFilters",
    "SearchResults",
    "ensure_index",
    "rebuild_index",
    "search",
    "search_entities",
    "search_report_ids",
    "search_reports",
]

Scope = Literal["all", "reports", "entities"]
MAX_LIMIT: Final = 500
#: Entities ranked by bm25 and then re-ordered by name similarity, for a plain query.
RERANK: Final = 50
_ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REFERENCE: Final = re.compile(r"\bSIRAT-\d{4}-\d{6}\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Empty sets mean "any". Dates (ISO) select on the report date; kinds on entities."""

    crime_areas: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    date_from: str | None = None
    date_to: str | None = None
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SearchResults:
    reports: tuple[ReportHit, ...] = ()
    entities: tuple[EntityHit, ...] = ()
    report_total: int = 0
    entity_total: int = 0
    #: False when a total is a lower bound: more matched than were ranked (see search_rank).
    report_total_exact: bool = True
    entity_total_exact: bool = True
    terms: int = 0
    notes: tuple[str, ...] = field(default=())
    #: The ranked report ids of the page (what ``reports`` shows, before the rows are read).
    report_ids: tuple[int, ...] = ()


class _Stale(Exception):
    """The index must be (re)built before this search can run."""


def _check(filters: SearchFilters, limit: int, offset: int) -> None:
    problems = []
    for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)):
        if value and not _ISO_DATE.match(value):
            problems.append((name, "Dates are written yyyy-mm-dd.", "For example 2026-03-14."))
    unknown = sorted(k for k in filters.kinds if k not in ENTITY_KINDS)
    if unknown:
        problems.append(("kinds", "Unknown kind of entity.",
                         "Choose from: " + ", ".join(ENTITY_KINDS) + "."))
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        problems.append(("limit", f"Ask for 1 to {MAX_LIMIT} results at a time.", ""))
    if problems:
        raise ValidationError.single(*problems[0])


# The filters as a join on the matched rows: what the facet tokens replaced (schema 12).
# Not used by the search; tests compare the two on a real vault.
def _report_conditions(f: SearchFilters) -> tuple[list[str], dict[str, object]]:
    cond: list[str] = []
    params: dict[str, object] = {}
    if f.crime_areas:
        names = [f"ca{i}" for i in range(len(f.crime_areas))]
        cond.append(f"r.crime_area IN ({', '.join(':' + n for n in names)})")
        params.update(zip(names, sorted(f.crime_areas), strict=True))
    if f.statuses:
        names = [f"st{i}" for i in range(len(f.statuses))]
        cond.append(f"r.status IN ({', '.join(':' + n for n in names)})")
        params.update(zip(names, sorted(f.statuses), strict=True))
    if f.date_from:
        cond.append("r.report_date >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        cond.append("r.report_date <= :date_to")
        params["date_to"] = f.date_to
    return cond, params


def _entity_conditions(f: SearchFilters) -> tuple[list[str], dict[str, object]]:
    if not f.kinds:
        return [], {}
    names = [f"k{i}" for i in range(len(f.kinds))]
    return ([f"r.kind IN ({', '.join(':' + n for n in names)})"],
            dict(zip(names, sorted(f.kinds), strict=True)))


def _identifier_hits(s: Session, plain: str | None, kinds: Collection[str],
                     ) -> dict[int, tuple[str, str]]:
    """Entities with an identifier equal to the whole query, normalized per type."""
    found: dict[int, tuple[str, str]] = {}
    if not plain or not any(ch.isdigit() or ch == "@" for ch in plain):
        return found
    wanted: set[tuple[str, str]] = set()
    for itype in IDENTIFIER_TYPES:
        norm = normalize(itype, plain)
        if len(norm) >= 4:
            wanted.add((itype, norm))
    for itype, norm in sorted(wanted):
        q = (select(EntityIdentifier.entity_id)
             .join(Entity, Entity.id == EntityIdentifier.entity_id)
             .where(EntityIdentifier.type == itype, EntityIdentifier.normalized == norm))
        if kinds:
            q = q.where(Entity.kind.in_(sorted(kinds)))
        for eid in s.scalars(q.limit(50)):
            found.setdefault(int(eid), (itype, norm))
    return found


def _reference_ids(s: Session, query: str) -> list[int]:
    """Reports whose reference (SIRAT-2026-000123) is written in the query."""
    refs = sorted({m.group().upper() for m in _REFERENCE.finditer(query)})
    if not refs:
        return []
    return [int(i) for i in s.scalars(select(Report.id).where(Report.reference.in_(refs))
                                     .order_by(Report.id.desc()))]


def _run(s: Session, query: str, parsed: ParsedQuery, f: SearchFilters, scope: Scope,
         limit: int, offset: int, hits: bool = True) -> SearchResults:
    if needs_build(s):
        raise _Stale
    reports: tuple[ReportHit, ...] = ()
    ents: tuple[EntityHit, ...] = ()
    rpage = epage = Page((), (), 0, True)
    if scope in ("all", "reports"):
        facets = report_filter(s, f.crime_areas, f.statuses, f.date_from, f.date_to)
        rpage = ranked_page(s, REPORTS, parsed.fts, limit=limit, offset=offset, facets=facets)
        if (rpage.total == 0 and parsed.relaxed is not None and parsed.plain is not None
                and len(parsed.plain.split()) >= 3):
            # A full name with a middle name or patronymic the report does not write.
            rpage = ranked_page(s, REPORTS, parsed.relaxed, limit=limit, offset=offset,
                                facets=facets)
        refs = _reference_ids(s, query) if offset == 0 else []
        if refs:  # a reference typed in the query: that report first
            ids = list(dict.fromkeys([*refs, *rpage.ids]))[:limit]
            score = dict(zip(rpage.ids, rpage.scores, strict=True))
            rpage = replace(rpage, ids=tuple(ids), scores=tuple(score.get(i, 0.0) for i in ids),
                            total=max(rpage.total, len(ids)))
        # Hits (snippets, highlights) cost ~75 % of a 500-row search; ids-only callers skip.
        reports = report_hits(s, rpage, parsed.matcher) if hits else ()
    if scope in ("all", "entities"):
        kinds = entity_filter(f.kinds)
        fts = parsed.fts
        if parsed.relaxed is not None and ranked_page(
                s, ENTITIES, fts, limit=1, facets=kinds).total < limit:
            fts = parsed.relaxed  # too few with every word: let one word be missing
        if parsed.plain is not None and offset + limit <= RERANK:
            # Pages within the re-ordered window are cut from it, so paging stays consistent.
            epage = ranked_page(s, ENTITIES, fts, limit=RERANK, facets=kinds)
            epage = _by_name(s, epage, parsed.plain, offset, limit)
        else:
            epage = ranked_page(s, ENTITIES, fts, limit=limit, offset=offset, facets=kinds)
        exact = _identifier_hits(s, parsed.plain, f.kinds) if offset == 0 else {}
        ents = entity_hits(s, epage, parsed.matcher, exact, limit)
    return SearchResults(
        reports=reports, entities=ents, report_total=rpage.total,
        entity_total=max(epage.total, len(ents)), report_total_exact=rpage.total_exact,
        entity_total_exact=epage.total_exact, terms=parsed.terms, report_ids=rpage.ids)


def _by_name(s: Session, page: Page, query: str, offset: int, limit: int) -> Page:
    """The page re-ordered by how well each entity's names match the query (then bm25),
    and cut to ``offset``/``limit``."""
    names: dict[int, list[str]] = {i: [] for i in page.ids}
    for eid, name in s.execute(select(EntityName.entity_id, EntityName.name)
                               .where(EntityName.entity_id.in_(page.ids))
                               .order_by(EntityName.position)):
        names[int(eid)].append(str(name))
    bm25 = dict(zip(page.ids, page.scores, strict=True))
    similarity = {i: score_names((query,), n).score if n else 0 for i, n in names.items()}
    ids = sorted(page.ids, key=lambda i: (-similarity[i], -bm25[i], -i))[offset:offset + limit]
    return replace(page, ids=tuple(ids), scores=tuple(bm25[i] for i in ids))


def search(
    vault: Vault, query: str, *, filters: SearchFilters | None = None, scope: Scope = "all",
    limit: int = 50, offset: int = 0, expand: bool = True, hits: bool = True,
) -> SearchResults:
    """Search reports and/or entities. Raises ValidationError for a query that cannot mean
    anything (with a hint); builds the index first if this vault's is missing or stale.
    ``expand=False``: every word by its own spelling only (as ``exact:``)."""
    f = filters or SearchFilters()
    _check(f, limit, offset)
    parsed = parse_query(query, expand=expand)
    for attempt in (1, 2):
        try:
            return audit.consult(
                vault, lambda s: _run(s, query, parsed, f, scope, limit, offset, hits),
                lambda result: {"action": "search", "object_type": "search", "details": {
                    "scope": scope, "chars": len(query), "terms": parsed.terms,
                    "reports": len(result.reports) if hits else len(result.report_ids),
                    "entities": len(result.entities),
                    "filtered": f != SearchFilters()}})
        except _Stale:
            if attempt == 2:
                raise
            ensure_index(vault)
    raise AssertionError("unreachable")  # pragma: no cover


def search_reports(
    vault: Vault, query: str, *, filters: SearchFilters | None = None, limit: int = 50,
    offset: int = 0, expand: bool = True,
) -> list[ReportHit]:
    """Ranked reports only (one audit record, like every search)."""
    return list(search(vault, query, filters=filters, scope="reports", limit=limit,
                       offset=offset, expand=expand).reports)


def search_report_ids(
    vault: Vault, query: str, *, filters: SearchFilters | None = None, limit: int = 500,
    expand: bool = True,
) -> list[int]:
    """The ids of the best reports, in rank order, without building hits (no snippets): the
    report list's filter bar keeps ids only. One audit record, like every search."""
    return list(search(vault, query, filters=filters, scope="reports", limit=limit,
                       expand=expand, hits=False).report_ids)


def search_entities(
    vault: Vault, query: str, *, kinds: Collection[str] = (), limit: int = 50,
    expand: bool = True,
) -> list[EntityHit]:
    """Ranked entities only, identifier matches first (one audit record)."""
    f = SearchFilters(kinds=frozenset(kinds))
    return list(search(vault, query, filters=f, scope="entities", limit=limit,
                       expand=expand).entities)


def typed_name_matches(s: Session, kind: str | None, text: str, limit: int,
                       ) -> list[tuple[int, str, str, bool]]:
    """Entities with a name whose words start with the words typed so far ("ivan pe",
    "Πετρ"): (id, kind, label, whether the whole name starts so), newest first. Not audited:
    asked while an analyst types in an entity form."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        return []
    last = words[-1] + ("*" if len(search_key(words[-1])) >= MIN_PREFIX else "")
    try:
        parsed = parse_query(" ".join([*words[:-1], last]).replace('"', " "))
    except ValidationError:
        return []
    where = "search_entities MATCH :q"
    params: dict[str, object] = {"q": "{names} : " + parsed.fts, "n": limit * 3}
    if kind:
        where += " AND r.kind = :kind"
        params["kind"] = kind
    rows = s.execute(text_sql(
        "SELECT r.id, r.kind, r.label FROM search_entities f CROSS JOIN entities r "
        f"ON r.id = f.rowid WHERE {where} ORDER BY f.rowid DESC LIMIT :n"), params).all()
    first = search_key(text)
    out = []
    for eid, ekind, label in rows[:limit]:
        out.append((int(eid), str(ekind), str(label), search_key(label).startswith(first)))
    return out
