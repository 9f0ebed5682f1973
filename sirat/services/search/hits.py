"""Search hits: the rows a ranked page names, with the spans of the original text to mark.

Highlighting works on the text as stored (any script): a word is marked when one of its
search keys equals a query token, or starts with a query prefix (``search_text.Matcher``).
Offsets are into the Python string; the UI escapes the text and wraps the spans.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.models import Entity, EntityId, EntityIdentifier, EntityName, Report, ReportId
from sirat.services.search.rank import Page
from sirat.services.search.text import Matcher, Snippet, Span, find_spans, first_match, snippet


@dataclass(frozen=True, slots=True)
class ReportHit:
    report_id: ReportId
    reference: str
    title: str
    crime_area: str
    status: str
    report_date: str
    #: bm25 with the column weights (higher is better); 0 past the ranked window.
    score: float
    title_spans: tuple[Span, ...]
    #: Where the query matched besides the title (summary, narrative, keywords...).
    snippet: Snippet
    snippet_field: str


@dataclass(frozen=True, slots=True)
class EntityHit:
    entity_id: EntityId
    kind: str
    label: str
    label_spans: tuple[Span, ...]
    score: float
    #: The whole query equals one of its identifiers (normalized): listed first.
    identifier_match: bool
    #: The name form, identifier or field that matched when the label did not.
    matched: Snippet | None
    matched_field: str


def _json_list(value: str) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(i) for i in items] if isinstance(items, list) else []


def report_hits(s: Session, page: Page, matcher: Matcher) -> tuple[ReportHit, ...]:
    if not page.ids:
        return ()
    rows = {r.id: r for r in s.execute(select(
        Report.id, Report.reference, Report.title, Report.crime_area, Report.status,
        Report.report_date, Report.summary, Report.narrative, Report.keywords, Report.places,
        Report.operation, Report.agency, Report.analyst_comment,
    ).where(Report.id.in_(page.ids)))}
    hits: list[ReportHit] = []
    for rid, score in zip(page.ids, page.scores, strict=True):
        r = rows.get(rid)
        if r is None:
            continue
        fields: Sequence[tuple[str, str]] = (
            ("summary", r.summary), ("narrative", r.narrative),
            ("keywords", ", ".join(_json_list(r.keywords))),
            ("places", ", ".join(_json_list(r.places))), ("operation", r.operation),
            ("agency", r.agency), ("analyst comment", r.analyst_comment),
            ("reference", r.reference),
        )
        shown = next(((name, snippet(value, matcher)) for name, value in fields
                      if value and first_match(value, matcher)), None)
        if shown is None:
            shown = ("summary", snippet(r.summary or r.narrative, Matcher(frozenset())))
        hits.append(ReportHit(
            ReportId(rid), r.reference, r.title, r.crime_area, r.status, r.report_date, score,
            tuple(find_spans(r.title, matcher)), shown[1], shown[0]))
    return tuple(hits)


def _entity_match(matcher: Matcher, label: str, names: list[tuple[str, bool]],
                  idents: list[tuple[str, str, str]], attributes: str,
                  ) -> tuple[Snippet | None, str]:
    """The first name form, identifier or field (other than the label) the query matched."""
    for name, is_alias in names:
        if name != label and (spans := find_spans(name, matcher)):
            return Snippet(name, tuple(spans)), "alias" if is_alias else "name"
    for itype, value, normalized in idents:
        spans = find_spans(value, matcher)
        if not spans and matcher.matches(normalized):
            spans = [(0, len(value))]  # matched through its normalized form
        if spans:
            return Snippet(value, tuple(spans)), itype
    try:
        fields = json.loads(attributes or "{}")
    except ValueError:
        fields = {}
    for key, value in fields.items():
        if isinstance(value, str) and value != label and (spans := find_spans(value, matcher)):
            return snippet(value, matcher, 120), key
    return None, ""


def entity_hits(s: Session, page: Page, matcher: Matcher, exact: Mapping[int, tuple[str, str]],
                limit: int) -> tuple[EntityHit, ...]:
    """Hits for the page's ids, after ``exact`` (entity id -> the identifier's type and
    normalized form that equals the whole query)."""
    order = list(dict.fromkeys([*exact, *page.ids]))[:limit]
    if not order:
        return ()
    scores = dict(zip(page.ids, page.scores, strict=True))
    rows = {e.id: e for e in s.execute(select(Entity.id, Entity.kind, Entity.label,
                                              Entity.attributes).where(Entity.id.in_(order)))}
    names: dict[int, list[tuple[str, bool]]] = {i: [] for i in order}
    for owner, name, alias in s.execute(
            select(EntityName.entity_id, EntityName.name, EntityName.is_alias)
            .where(EntityName.entity_id.in_(order)).order_by(EntityName.position)):
        names[owner].append((name, bool(alias)))
    idents: dict[int, list[tuple[str, str, str]]] = {i: [] for i in order}
    for owner, itype, value, norm in s.execute(
            select(EntityIdentifier.entity_id, EntityIdentifier.type, EntityIdentifier.value,
                   EntityIdentifier.normalized)
            .where(EntityIdentifier.entity_id.in_(order)).order_by(EntityIdentifier.position)):
        idents[owner].append((itype, value, norm))
    hits: list[EntityHit] = []
    for eid in order:
        e = rows.get(eid)
        if e is None:
            continue
        label_spans = tuple(find_spans(e.label, matcher))
        matched: Snippet | None
        if eid in exact:
            value = next((v for t, v, n in idents[eid] if (t, n) == exact[eid]), "")
            matched, where = Snippet(value, ((0, len(value)),)), exact[eid][0]
        else:
            matched, where = _entity_match(matcher, e.label, names[eid], idents[eid],
                                           e.attributes)
        hits.append(EntityHit(EntityId(eid), e.kind, e.label, label_spans,
                              scores.get(eid, 0.0), eid in exact, matched, where))
    return tuple(hits)
