"""Check every row of a sheet before anything is written: validation problems (refusals),
identifier warnings (shown, accepted on import) and resolution candidates (stored entities
the row may be, so the analyst can link to one instead of creating a duplicate)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sirat.domain.vocab import EntityId
from sirat.services.entities.checks import check_entity, identifier_warnings, label_of
from sirat.services.entities.types import EntityDraft
from sirat.services.resolution.candidates import draft_candidates
from sirat.services.sheets.mapping import check_mapping, row_draft
from sirat.services.sheets.reader import Table
from sirat.vault import Vault


@dataclass(frozen=True, slots=True)
class RowCandidate:
    entity_id: EntityId
    label: str
    score: int
    verdict: str  # "same", "possible"...
    reason: str


@dataclass(frozen=True, slots=True)
class RowCheck:
    index: int  # 0-based among data rows; the sheet's line is index + 2
    label: str
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    candidates: tuple[RowCandidate, ...]

    @property
    def line(self) -> int:
        return self.index + 2


@dataclass(frozen=True, slots=True)
class Preview:
    kind: str
    rows: tuple[RowCheck, ...]

    @property
    def refused(self) -> int:
        return sum(bool(r.problems) for r in self.rows)

    @property
    def warned(self) -> int:
        return sum(bool(r.warnings) for r in self.rows)

    @property
    def with_candidates(self) -> int:
        return sum(bool(r.candidates) for r in self.rows)


def checked_drafts(table: Table, kind: str,
                   mapping: Mapping[int, str]) -> list[tuple[EntityDraft, list[str], list[str]]]:
    """Each row's draft, its problems ("field: message") and its identifier warnings."""
    check_mapping(kind, mapping, len(table.headers))
    out = []
    for row in table.rows:
        draft = row_draft(kind, mapping, row)
        problems = [f"{p.field}: {p.message}" for p in check_entity(draft).items]
        warnings = [w.message for w in identifier_warnings(draft.identifiers)]
        out.append((draft, problems, warnings))
    return out


def preview_sheet(vault: Vault, table: Table, kind: str, mapping: Mapping[int, str], *,
                  candidates: int = 3) -> Preview:
    """Every row checked; nothing written."""
    drafts = checked_drafts(table, kind, mapping)
    rows = []
    with vault.session() as s:
        for i, (draft, problems, warnings) in enumerate(drafts):
            found: tuple[RowCandidate, ...] = ()
            if candidates and not problems:
                found = tuple(
                    RowCandidate(EntityId(int(c.entity_id)), c.label, c.score, c.verdict,
                                 c.reasons[0] if c.reasons else "")
                    for c in draft_candidates(s, draft, limit=candidates))
            rows.append(RowCheck(i, label_of(draft), tuple(problems), tuple(warnings), found))
    return Preview(kind, tuple(rows))


def row_candidates(vault: Vault, table: Table, kind: str, mapping: Mapping[int, str],
                   index: int, limit: int = 5) -> tuple[RowCandidate, ...]:
    """The stored entities one row may be (asked for the row the analyst looks at: scoring
    every row of a large sheet costs ~20 ms a row on a vault with many similar names)."""
    check_mapping(kind, mapping, len(table.headers))
    draft = row_draft(kind, mapping, table.rows[index])
    if check_entity(draft).items:
        return ()
    with vault.session() as s:
        return tuple(RowCandidate(EntityId(int(c.entity_id)), c.label, c.score, c.verdict,
                                  c.reasons[0] if c.reasons else "")
                     for c in draft_candidates(s, draft, limit=limit))
