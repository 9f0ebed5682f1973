"""Check every row of a sheet before anything is written: validation problems (refusals),
identifier warnings (shown, accepted on import), resolution candidates (stored entities
the row may be, so the analyst can link to one instead of creating a duplicate) and rows
that repeat an earlier row of the same sheet.

Two rows are the same entity when they share an identifier (same type and normalized value:
a passport number, a plate, an IBAN) or say exactly the same thing (same names, fields and
identifiers). Such a row is not a second entity: the preview names the earlier line, and the
import makes one entity of the group -- the first row's fields, with the names and
identifiers the others add (:func:`merged_groups`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sirat.services.entities.checks import (
    check_entity,
    identifier_warnings,
    label_of,
    name_key,
    normalized,
)
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.resolution.candidates import draft_candidates
from sirat.services.sheets.mapping import check_mapping, row_draft
from sirat.services.sheets.reader import Table
from sirat.vault import Vault


@dataclass(frozen=True, slots=True)
class RowCandidate:
    entity_id: int
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
    same_as: int | None = None  # the earlier row (index) this one repeats: one entity

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

    @property
    def repeated(self) -> int:
        return sum(r.same_as is not None for r in self.rows)


def _keys(draft: EntityDraft) -> list[tuple[str, ...]]:
    """What makes two rows of one sheet the same entity (module docstring)."""
    keys: list[tuple[str, ...]] = [("id", ident.type, normalized(ident))
                                   for ident in draft.identifiers if ident.value.strip()]
    keys.append(("all", draft.kind, *sorted(name_key(n.text) for n in draft.names),
                 *sorted(f"{k}={v}" for k, v in draft.fields.items() if v),
                 *sorted(f"{k[1]}:{k[2]}" for k in keys)))
    return keys


def repeats(drafts: list[tuple[EntityDraft, list[str], list[str]]]) -> dict[int, int]:
    """Row index -> the first row of the sheet it is the same entity as (rows with problems
    take no part)."""
    first: dict[tuple[str, ...], int] = {}
    out: dict[int, int] = {}
    for i, (draft, problems, _) in enumerate(drafts):
        if problems:
            continue
        keys = _keys(draft)
        earlier = [first[k] for k in keys if k in first]
        if earlier:
            out[i] = min(out.get(j, j) for j in earlier)
        for k in keys:
            first.setdefault(k, out.get(i, i))
    return out


def _spelling(text: str) -> str:
    return " ".join(text.split()).casefold()


def merged_groups(drafts: list[tuple[EntityDraft, list[str], list[str]]],
                  same: dict[int, int]) -> dict[int, EntityDraft]:
    """The first row's draft of each group, with the names and identifiers its repeats add
    (and fields it leaves empty); rows not repeated are absent."""
    groups: dict[int, list[int]] = {}
    for i, root in same.items():
        groups.setdefault(root, []).append(i)
    out = {}
    for root, members in groups.items():
        base = drafts[root][0]
        names, idents, fields = list(base.names), list(base.identifiers), dict(base.fields)
        # Spellings compared as written (name_key would fold "Djordje" into "Ђорђе" and
        # drop the Latin spelling, which is worth keeping as an alias).
        seen_names = {_spelling(n.text) for n in names}
        seen_ids = {(x.type, normalized(x)) for x in idents}
        for i in members:
            d = drafts[i][0]
            for n in d.names:
                if _spelling(n.text) not in seen_names:
                    seen_names.add(_spelling(n.text))
                    names.append(NameForm(n.text, True) if names else n)
            for x in d.identifiers:
                if (x.type, normalized(x)) not in seen_ids:
                    seen_ids.add((x.type, normalized(x)))
                    idents.append(x)
            for k, v in d.fields.items():
                if v and not fields.get(k):
                    fields[k] = v
        out[root] = EntityDraft(base.kind, tuple(names), tuple(idents), fields,
                                base.is_private)
    return out


def _repeat_note(drafts: list[tuple[EntityDraft, list[str], list[str]]], i: int,
                 root: int) -> str:
    mine, theirs = drafts[i][0].fields, drafts[root][0].fields
    differ = sorted(k for k, v in mine.items() if v and theirs.get(k) and theirs[k] != v)
    return (f"Same entity as line {root + 2}: imported as one entity with it"
            + (f" (line {root + 2}'s {', '.join(differ)} kept)" if differ else "") + ".")


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
    same = repeats(drafts)
    rows = []
    with vault.session() as s:
        for i, (draft, problems, warnings) in enumerate(drafts):
            found: tuple[RowCandidate, ...] = ()
            if candidates and not problems and i not in same:
                found = tuple(
                    RowCandidate(int(c.entity_id), c.label, c.score, c.verdict,
                                 c.reasons[0] if c.reasons else "")
                    for c in draft_candidates(s, draft, limit=candidates))
            notes = [_repeat_note(drafts, i, same[i])] if i in same else []
            rows.append(RowCheck(i, label_of(draft), tuple(problems),
                                 (*notes, *warnings), found, same.get(i)))
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
        return tuple(RowCandidate(int(c.entity_id), c.label, c.score, c.verdict,
                                  c.reasons[0] if c.reasons else "")
                     for c in draft_candidates(s, draft, limit=limit))
