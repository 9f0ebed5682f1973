"""Field checks for reports and entities: every problem at once, in an analyst's words.

Nothing is written when a check fails. Messages never repeat what the analyst typed (it may
be personal data); they name the field and say how to fix it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

import phonenumbers

from sirat.errors import FieldProblem, ValidationError
from sirat.services.formats.dates import DateProblem, parse_full_date, parse_partial_date
from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportDraft, ReportFilters

MAX_TITLE: Final = 300
MAX_LINE: Final = 500
MAX_SUMMARY: Final = 20_000
MAX_COMMENT: Final = 100_000
MAX_NARRATIVE_BYTES: Final = 1_000_000
MAX_LIST: Final = 100
ALLOWED_CONTROLS: Final = frozenset("\t\n")
#: ISO 3166 alpha-2 codes accepted for countries (phonenumbers' regions include XK, Kosovo).
COUNTRIES: Final = frozenset(r for r in phonenumbers.SUPPORTED_REGIONS if r.isalpha())


def bad_characters(text: str, *, multiline: bool) -> str | None:
    """Why ``text`` cannot be stored as typed, or None if it can."""
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            return "contains a broken character (an unpaired surrogate)"
        if cat == "Cc" and not (multiline and ch in ALLOWED_CONTROLS):
            if ch in ALLOWED_CONTROLS:
                return "must be a single line (no line breaks or tabs)"
            return f"contains an invisible control character (U+{ord(ch):04X})"
    return None


class Problems:
    """Collects FieldProblems; ``raise_if_any`` raises them all at once."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str, hint: str = "") -> None:
        self.items.append(FieldProblem(field, message, hint))

    def text(
        self, field: str, label: str, value: str, *, required: bool = False,
        multiline: bool = False, max_chars: int = MAX_LINE, max_bytes: int | None = None,
    ) -> None:
        if not isinstance(value, str):
            self.add(field, f"The {label} must be text.")
            return
        if required and not value.strip():
            self.add(field, f"The {label} is missing.", f"Fill in the {label}.")
            return
        if max_bytes is not None and len(value.encode("utf-8", "surrogatepass")) > max_bytes:
            size = len(value.encode("utf-8", "surrogatepass")) / 1_000_000
            self.add(field, f"The {label} is too long ({size:.1f} MB; at most "
                     f"{max_bytes / 1_000_000:.0f} MB).",
                     "Attach long material as a separate document and summarize it here.")
            return
        if len(value) > max_chars and max_bytes is None:
            self.add(field, f"The {label} is too long ({len(value)} characters; at most "
                     f"{max_chars}).", "Shorten it.")
            return
        why = bad_characters(value, multiline=multiline)
        if why:
            self.add(field, f"The {label} {why}.",
                     "Retype the text or paste it as plain text.")

    def text_list(self, field: str, label: str, values: Iterable[str]) -> None:
        items = list(values)
        if len(items) > MAX_LIST:
            self.add(field, f"Too many {label} (at most {MAX_LIST}).")
            return
        for i, item in enumerate(items):
            self.text(f"{field}[{i}]", label.rstrip("s"), item, required=True)

    def country(self, field: str, label: str, value: str, *, required: bool) -> None:
        if not value:
            if required:
                self.add(field, f"The {label} is missing.", "Give its two-letter code, e.g. RS.")
            return
        if value not in COUNTRIES:
            self.add(field, f"The {label} is not a two-letter country code SIRAT knows.",
                     "Use ISO 3166 codes in capitals: AL, BA, BG, GR, HU, MD, ME, MK, RO, RS, TR.")

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


def check_report(draft: ReportDraft, ref: ReferenceData) -> Problems:
    """Every problem with a report draft against the vault's reference data."""
    p = Problems()
    p.text("title", "title", draft.title, required=True, max_chars=MAX_TITLE)
    if draft.crime_area not in {a.code for a in ref.crime_areas}:
        p.add("crime_area", "The crime area is not one SIRAT knows.",
              "Choose one of: " + ", ".join(a.code for a in ref.crime_areas) + ".")
    if not isinstance(draft.report_date, str) or not draft.report_date.strip():
        p.add("report_date", "The date of the report is missing.", "Give it as 2026-03-14.")
    else:
        try:
            parse_full_date(draft.report_date)
        except DateProblem as exc:
            p.add("report_date", f"Date of the report: {exc}", "Give it as 2026-03-14.")
    before = len(p.items)
    p.text("information_date", "date of information", draft.information_date, max_chars=40)
    if draft.information_date.strip() and len(p.items) == before:
        try:
            parse_partial_date(draft.information_date)
        except DateProblem as exc:
            # The "not a date" message already lists the forms; say it once.
            hint = ("" if "2026-03" in str(exc)
                    else "Partial dates are fine: 2026, 2026-03, about 2026-03.")
            p.add("information_date", f"Date of information: {exc}", hint)
    p.text_list("places", "places", draft.places)
    p.country("reporting_country", "reporting country", draft.reporting_country, required=True)
    p.text("agency", "reporting agency", draft.agency)
    p.text("operation", "operation or task force", draft.operation)
    _check_grading(p, draft, ref)
    known = {h.code for h in ref.handling_codes}
    unknown = sorted(c for c in draft.handling_codes if c not in known)
    if unknown:
        p.add("handling_codes", "Unknown handling code.",
              "Use H0, H1, H2 or H3 (H3 with the restriction written out).")
    needs_text = {h.code for h in ref.handling_codes if h.needs_text}
    if needs_text & set(draft.handling_codes) and not draft.h3_text.strip():
        p.add("h3_text", "H3 needs the other restriction written out.",
              "Describe the restriction in the H3 text, or remove H3.")
    p.text("h3_text", "H3 text", draft.h3_text, multiline=True, max_chars=MAX_SUMMARY)
    if draft.classification not in {c.code for c in ref.classifications}:
        p.add("classification", "The classification is not one SIRAT knows.",
              "Choose one of: " + ", ".join(c.code for c in ref.classifications) + ".")
    p.text("summary", "summary", draft.summary, multiline=True, max_chars=MAX_SUMMARY)
    p.text("narrative", "narrative", draft.narrative, multiline=True,
           max_bytes=MAX_NARRATIVE_BYTES)
    p.text("analyst_comment", "analyst comment", draft.analyst_comment, multiline=True,
           max_chars=MAX_COMMENT)
    p.text_list("keywords", "keywords", draft.keywords)
    return p


def _check_grading(p: Problems, draft: ReportDraft, ref: ReferenceData) -> None:
    scheme = ref.scheme(draft.grading_scheme)
    if scheme is None:
        p.add("grading_scheme", "The grading scheme is not one SIRAT knows.",
              f"Use {ref.default_scheme}.")
        return
    sources = [g.code for g in scheme.source_reliability]
    if draft.source_reliability not in sources:
        p.add("source_reliability",
              f"The source reliability must be one of {', '.join(sources)} ({scheme.name}).",
              "X means the reliability cannot be assessed." if "X" in sources else "")
    accuracies = [g.code for g in scheme.information_accuracy]
    if draft.information_accuracy not in accuracies:
        p.add("information_accuracy",
              f"The information accuracy must be one of {', '.join(accuracies)} "
              f"({scheme.name}).")


def validate_report(draft: ReportDraft, ref: ReferenceData) -> None:
    check_report(draft, ref).raise_if_any()


def check_filters(filters: ReportFilters, ref: ReferenceData) -> ReportFilters:
    """The report-list filters with dates as ISO ``yyyy-mm-dd``, or every problem at once.

    Dates may be partial (2026, 2026-03): a 'from' date starts on its first day, a 'to' date
    ends on its last.
    An unknown crime area or an impossible date (2026-13-40) would otherwise quietly match
    nothing, and an analyst would believe there are no such reports.
    """
    p = Problems()
    dates: dict[str, str | None] = {}
    for name, label in (("date_from", "'from' date"), ("date_to", "'to' date"),
                        ("info_from", "'information from' date"),
                        ("info_to", "'information to' date")):
        value: str | None = getattr(filters, name)
        dates[name] = value
        if value is None or not value.strip():
            dates[name] = None
            continue
        try:
            parsed = parse_partial_date(value)
        except DateProblem as exc:
            dates[name] = None  # reported; not compared with the other end
            p.add(name, f"The {label} is not a date: {exc}",
                  "Give it as YYYY-MM-DD (2026-03-14), or a month or year (2026-03, 2026).")
            continue
        # A partial 'from' date starts at its earliest day, a partial 'to' date ends at its last.
        dates[name] = parsed.earliest if name.endswith("from") else parsed.latest
    for low, high in (("date_from", "date_to"), ("info_from", "info_to")):
        start, end = dates[low], dates[high]
        if start is not None and end is not None and start > end:
            p.add(high, "The 'to' date is before the 'from' date.", "Swap the two dates.")
    known_areas = {a.code for a in ref.crime_areas}
    if any(a not in known_areas for a in filters.crime_areas):
        p.add("crime_area", "The crime area is not one SIRAT knows.",
              "Choose one of: " + ", ".join(sorted(known_areas)) + ".")
    if any(c not in COUNTRIES for c in filters.countries):
        p.add("country", "The country is not a two-letter country code SIRAT knows.",
              "Use ISO 3166 codes in capitals: AL, BA, BG, GR, HU, MD, ME, MK, RO, RS, TR.")
    sources = {g.code for s in ref.grading_schemes for g in s.source_reliability}
    accuracies = {g.code for s in ref.grading_schemes for g in s.information_accuracy}
    if not filters.source_reliability <= sources or not (
            filters.information_accuracy <= accuracies):
        p.add("grading", "The grading is not one SIRAT knows.",
              f"Give a source reliability ({', '.join(sorted(sources))}), an information "
              f"accuracy ({', '.join(sorted(accuracies))}) or both, e.g. B2.")
    known_classes = {c.code for c in ref.classifications}
    if not filters.classifications <= known_classes:
        p.add("classification", "The classification is not one SIRAT knows.",
              "Choose one of: " + ", ".join(c.code for c in ref.classifications) + ".")
    p.raise_if_any()
    return replace(filters, date_from=dates["date_from"], date_to=dates["date_to"],
                   info_from=dates["info_from"], info_to=dates["info_to"])
