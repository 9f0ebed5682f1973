"""Version history of a report and the comparison of any two versions.

Every save keeps a full snapshot (``report_versions``, written by
``sirat.services.reports.records``).
:func:`compare` lines two snapshots up field by field; text is compared word by word with
:mod:`difflib`, so a side-by-side view can highlight exactly what was deleted, inserted or
replaced. :func:`diff_words` and :func:`compare_snapshots` are pure and need no vault.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sirat.errors import NotFound
from sirat.models import Entity, ReportId, ReportVersion, User, UserId
from sirat.models.workflow import ReportComment
from sirat.services.audit import log as audit
from sirat.services.reports.records import get_row
from sirat.vault import Vault

#: The fields compared, in the order a report form shows them, with their labels.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("crime_area", "Crime area"),
    ("report_date", "Date of report"),
    ("information_date", "Date of information"),
    ("places", "Places"),
    ("reporting_country", "Reporting country"),
    ("agency", "Agency"),
    ("operation", "Operation / task force"),
    ("grading_scheme", "Grading scheme"),
    ("source_reliability", "Source reliability"),
    ("information_accuracy", "Information accuracy"),
    ("handling_codes", "Handling codes"),
    ("h3_text", "H3 restrictions"),
    ("classification", "Classification"),
    ("summary", "Summary"),
    ("narrative", "Narrative"),
    ("analyst_comment", "Analyst comment"),
    ("keywords", "Keywords"),
    ("links", "Linked entities"),
)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class VersionInfo:
    report_id: ReportId
    version: int
    saved_by: UserId
    saved_by_name: str
    saved_at: str
    approved: bool
    current: bool


@dataclass(frozen=True)
class Change:
    """One stretch of a word diff: ``tag`` is equal, delete, insert or replace."""

    tag: str
    old: str
    new: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def left(self) -> list[tuple[str, bool]]:
        """The old text as (piece, highlighted) for the left side of a comparison."""
        return [(c.old, c.tag != "equal") for c in self.changes if c.old]

    def right(self) -> list[tuple[str, bool]]:
        """The new text as (piece, highlighted) for the right side."""
        return [(c.new, c.tag != "equal") for c in self.changes if c.new]


@dataclass(frozen=True)
class Comparison:
    report_id: ReportId
    old_version: int
    new_version: int
    fields: tuple[FieldDiff, ...]

    @property
    def changed(self) -> tuple[FieldDiff, ...]:
        return tuple(f for f in self.fields if f.changed)

    def field(self, name: str) -> FieldDiff:
        return next(f for f in self.fields if f.field == name)


def diff_words(old: str, new: str) -> tuple[Change, ...]:
    """Word-level changes turning ``old`` into ``new``; joining either side gives it back."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    raw = [Change(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in ops]
    return tuple(_coalesce(raw))


def _coalesce(changes: Sequence[Change]) -> list[Change]:
    """Merge a change, a lone space and another change into one: easier to read."""
    out: list[Change] = []
    for change in changes:
        c = change
        if (len(out) >= 2 and c.tag != "equal" and out[-1].tag == "equal"
                and not out[-1].old.strip() and out[-2].tag != "equal"):
            gap, prev = out.pop(), out.pop()
            c = Change("replace", prev.old + gap.old + c.old, prev.new + gap.new + c.new)
        if out and c.tag != "equal" and out[-1].tag != "equal":
            prev = out.pop()
            c = Change("replace", prev.old + c.old, prev.new + c.new)
        if c.tag == "replace" and not c.old:
            c = Change("insert", "", c.new)
        elif c.tag == "replace" and not c.new:
            c = Change("delete", c.old, "")
        out.append(c)
    return out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def compare_snapshots(
    old: dict[str, Any], new: dict[str, Any], *, labels: dict[str, str] | None = None
) -> tuple[FieldDiff, ...]:
    """Field-by-field comparison of two snapshots (``labels``: entity uid -> label)."""
    names = labels or {}

    def links(snap: dict[str, Any]) -> str:
        return "\n".join(f"{link.get('role', '')}: {names.get(link.get('entity', ''), '?')}"
                         for link in snap.get("links", []))

    out = []
    for name, label in FIELDS:
        if name == "links":
            a, b = links(old), links(new)
        else:
            a, b = _text(old.get(name)), _text(new.get(name))
        out.append(FieldDiff(name, label, a, b, diff_words(a, b)))
    return tuple(out)


def versions(vault: Vault, report_id: ReportId) -> list[VersionInfo]:
    """Every saved version, oldest first, marking those a supervisor approved."""
    with vault.session() as s:
        report = get_row(s, report_id)
        approved = set(s.scalars(select(ReportComment.report_version).where(
            ReportComment.report_id == report_id, ReportComment.kind == "approval")))
        rows = s.execute(
            select(ReportVersion.version, ReportVersion.saved_by, ReportVersion.saved_at,
                   User.display_name)
            .join(User, User.id == ReportVersion.saved_by)
            .where(ReportVersion.report_id == report_id).order_by(ReportVersion.version))
        return [VersionInfo(ReportId(report_id), v, UserId(by), name, at, v in approved,
                            v == report.version)
                for v, by, at, name in rows]


def compare(vault: Vault, report_id: ReportId, old_version: int, new_version: int) -> Comparison:
    """Compare two saved versions of a report; reading them is recorded."""
    with vault.session(write=True) as s:
        get_row(s, report_id)
        snaps = {v: json.loads(text) for v, text in s.execute(
            select(ReportVersion.version, ReportVersion.snapshot).where(
                ReportVersion.report_id == report_id,
                ReportVersion.version.in_({old_version, new_version})))}
        missing = [v for v in (old_version, new_version) if v not in snaps]
        if missing:
            raise NotFound(f"This report has no version {missing[0]}.",
                           "See the report's history for its versions.")
        uids = {link.get("entity") for snap in snaps.values() for link in snap.get("links", [])}
        labels = {str(uid): str(label) for uid, label in s.execute(
            select(Entity.uid, Entity.label).where(Entity.uid.in_(uids)))}
        audit.record(s, actor_id=vault.info.user_id, action="report.compare",
                     object_type="report", object_id=report_id,
                     details={"versions": [old_version, new_version]})
    return Comparison(ReportId(report_id), old_version, new_version,
                      compare_snapshots(snaps[old_version], snaps[new_version], labels=labels))
