"""The periodic analytical product: a report whose figures SIRAT drafts from the vault.

``create_product(vault, template, period, crime_areas)`` makes, in one transaction, a
draft report (title from the template and period, a summary naming the scope -- never a
number, see below -- and an assessment for the analyst to write) and its
``analysis_products`` row: the parameters, every table counted (:func:`compute_figures`)
as canonical JSON, and the SHA-256 of the data used. From then on it is a report like any
other: the author edits the text, submits it, a supervisor approves it (the approval's
content digest covers the figures, :func:`product_digest`), it is exported for a recipient
through the register and signed.

**Why no number in the text:** the summary and assessment go to observers through the
redactor, which knows names, not small counts; the figures are printed from the stored
tables, through small-cell suppression for observers (:mod:`sirat.services.stats.release`).

**Reproducible:** ``regenerate_figures`` counts again (a draft only) and the audit record
says whether the digest changed; counting twice from the same vault gives the same JSON
and the same digest (tested).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sirat.domain.vocab import ReportId
from sirat.errors import NotFound, SiratError
from sirat.models import CrimeArea, Report
from sirat.models.analysis import AnalysisProduct
from sirat.services.audit import log as audit
from sirat.services.reports.types import ReportDraft, ReportView
from sirat.services.stats import query as q
from sirat.services.stats.templates import period_bounds, period_matches, template
from sirat.services.stats.types import (
    Cell,
    Dimension,
    Granularity,
    StatsFilters,
    StatsQuery,
    StatsTable,
)
from sirat.vault import Vault

#: The tables every product counts: name -> (dimensions, granularity).
PRODUCT_TABLES: dict[str, tuple[tuple[Dimension, ...], Granularity]] = {
    "area_by_month": ((Dimension.CRIME_AREA, Dimension.PERIOD), Granularity.MONTH),
    "country": ((Dimension.COUNTRY,), Granularity.MONTH),
    "operation": ((Dimension.OPERATION,), Granularity.MONTH),
    "nationality": ((Dimension.NATIONALITY,), Granularity.MONTH),
    "vehicle_make": ((Dimension.VEHICLE_MAKE,), Granularity.MONTH),
    "vessel_flag": ((Dimension.VESSEL_FLAG,), Granularity.MONTH),
    "place": ((Dimension.PLACE,), Granularity.MONTH),
    "route": ((Dimension.ROUTE,), Granularity.MONTH),
}
ASSESSMENT_PROMPT = ("[Assessment to be written by the analyst: main trends, modus operandi, "
                     "routes, outlook. Do not type small counts here: the figures are "
                     "printed from the tables, suppressed for observers.]")


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """What is stored with a product besides its report."""

    report_id: ReportId
    template: str
    period_label: str
    period_start: str
    period_end: str
    crime_areas: tuple[str, ...]
    parameters: dict[str, Any]
    figures: dict[str, Any]
    data_digest: str
    generated_at: str


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _cell_json(cell: Cell) -> list[Any]:
    return [*cell.key, cell.reports, cell.mentions, cell.entities, cell.uncertain]


def table_json(t: StatsTable) -> dict[str, Any]:
    return {"dimensions": [d.value for d in t.query.dimensions],
            "granularity": t.query.granularity.value, "mentions": t.mention_words,
            "cells": [_cell_json(c) for c in t.cells], "total": _cell_json(t.total)}


def _months(start: str, end: str) -> list[str]:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def compute_figures(s: Session, parameters: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Every table of a product, and the digest of the data used (reproducible)."""
    filters = StatsFilters(date_from=parameters["period_start"],
                           date_to=parameters["period_end"],
                           crime_areas=frozenset(parameters["crime_areas"]))
    tables = {name: table_json(q.count_table(s, StatsQuery(dims, gran, filters)))
              for name, (dims, gran) in PRODUCT_TABLES.items()}
    used = s.execute(q.facts(StatsQuery((Dimension.CRIME_AREA,), Granularity.MONTH, filters))
                     .with_only_columns(Report.uid, Report.version)
                     .order_by(Report.uid)).all()
    figures = {"tables": tables, "months": _months(parameters["period_start"],
                                                   parameters["period_end"])}
    payload = {"parameters": parameters, "figures": figures,
               "reports": [[uid, version] for uid, version in used]}
    digest = hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()
    return figures, digest


def _area_names(s: Session) -> dict[str, str]:
    return {c.code: c.name for c in s.scalars(select(CrimeArea))}


def _parameters(s: Session, template_code: str, period: str,
                crime_areas: tuple[str, ...]) -> dict[str, Any]:
    chosen = template(template_code)
    if not period_matches(period, chosen.period):
        length = {"half": "half-year"}.get(chosen.period, chosen.period)
        raise SiratError(f"The template “{chosen.title}” covers one {length}.",
                         "Choose a period such as 2026-H1 (half-year), 2026-Q2 (quarter) "
                         "or 2026 (year), as the template says.")
    start, end = period_bounds(period)
    areas = tuple(sorted(set(crime_areas or chosen.crime_areas)))
    known = _area_names(s)
    unknown = [a for a in areas if a not in known]
    if unknown:
        raise SiratError("A chosen crime area is not in the reference data.",
                         "Choose crime areas from the list (`sirat stats areas`).")
    return {"template": chosen.code, "period": period.strip().upper(), "period_start": start,
            "period_end": end, "crime_areas": list(areas), "counted": "approved+disseminated",
            "date_rule": "earliest-bound"}


def create_product(vault: Vault, template_code: str, period: str,
                   crime_areas: tuple[str, ...] = (), *, classification: str = "RESTRICTED",
                   reporting_country: str = "") -> ReportView:
    """Draft a periodic analytical product (one transaction: report + figures + audit)."""
    from sirat.clock import utcnow
    from sirat.services.reports.records import apply_draft, next_reference, save_version, view_of
    from sirat.services.reports.reference import load_reference
    from sirat.services.reports.validation import validate_report
    from sirat.services.search import index as search_index

    if vault.info.role != "analyst":
        raise SiratError("Analytical products are drafted by analysts.",
                         "Sign in as an analyst to draft one.")
    with vault.session(write=True) as s:
        params = _parameters(s, template_code, period, crime_areas)
        chosen = template(template_code)
        names = _area_names(s)
        area_words = "; ".join(names[a] for a in params["crime_areas"]) or "all crime areas"
        now = utcnow()
        country = reporting_country or _home_country(s)
        draft = ReportDraft(
            title=f"{chosen.title}: {params['period']}",
            crime_area=(params["crime_areas"] or ["thb_ms"])[0], report_date=now[:10],
            reporting_country=country, source_reliability="A", information_accuracy="1",
            classification=classification, handling_codes=frozenset({"H0"}),
            information_date=params["period"][:4],
            summary=(f"Periodic analytical product for {params['period']} "
                     f"({params['period_start']} to {params['period_end']}), covering "
                     f"{area_words}. Figures count approved and disseminated reports only."),
            narrative=ASSESSMENT_PROMPT, keywords=("analytical product", chosen.code),
        )
        validate_report(draft, load_reference(s))
        seq, reference = next_reference(s, int(now[:4]))
        report = Report(uid=uuid.uuid4().hex, reference=reference, ref_year=int(now[:4]),
                        ref_seq=seq, status="draft", author_id=vault.info.user_id,
                        created_at=now, updated_at=now, version=1)
        apply_draft(report, draft)
        s.add(report)
        s.flush()
        figures, digest = compute_figures(s, params)
        s.add(AnalysisProduct(
            report_id=report.id, template=chosen.code, period_start=params["period_start"],
            period_end=params["period_end"], crime_areas=canonical(params["crime_areas"]),
            parameters=canonical(params), figures=canonical(figures), data_digest=digest,
            generated_at=now, generated_by=vault.info.user_id))
        s.flush()
        save_version(s, report, vault.info.user_id, now)
        search_index.index_report(s, report.id)
        # One use case, one record: the product's parameters and digest ride on it.
        audit.record(s, actor_id=vault.info.user_id, action="report.create",
                     object_type="report", object_id=report.id,
                     details={"analysis": {"parameters": params, "data_digest": digest}})
        return view_of(s, report)


#: vault_meta key: the country a product is reported from (default: RO, SELEC's seat).
HOME_COUNTRY_KEY = "stats.home_country"


def _home_country(s: Session) -> str:
    from sirat.models.core import VaultMeta

    value = s.scalar(select(VaultMeta.value).where(VaultMeta.key == HOME_COUNTRY_KEY))
    return (value or "RO").strip().upper()


def regenerate_figures(vault: Vault, report_id: ReportId) -> ProductInfo:
    """Count the product's tables again (its author, a draft only); audited with the digest."""
    from sirat.clock import utcnow
    from sirat.services.reports.records import get_row, require_editable

    with vault.session(write=True) as s:
        report = get_row(s, report_id)
        row = _row(s, report_id)
        require_editable(vault, report)
        params = json.loads(row.parameters)
        figures, digest = compute_figures(s, params)
        changed = digest != row.data_digest
        row.figures, row.data_digest = canonical(figures), digest
        row.generated_at, row.generated_by = utcnow(), vault.info.user_id
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="analysis.generate",
                     object_type="report", object_id=report_id,
                     details={"parameters": params, "data_digest": digest,
                              "changed": changed})
        return info_of(row)


def _row(s: Session, report_id: ReportId) -> AnalysisProduct:
    row = s.get(AnalysisProduct, report_id)
    if row is None:
        raise NotFound("That report is not an analytical product.",
                       "Choose a report drafted with Report ▸ New analytical product.")
    return row


def info_of(row: AnalysisProduct) -> ProductInfo:
    params = json.loads(row.parameters)
    return ProductInfo(
        ReportId(row.report_id),
        row.template,
        params.get("period", ""),
        row.period_start,
        row.period_end,
        tuple(json.loads(row.crime_areas)),
        params,
        json.loads(row.figures),
        row.data_digest,
        row.generated_at,
    )


def product_info(vault: Vault, report_id: ReportId) -> ProductInfo | None:
    """The product stored with ``report_id``, or None for an ordinary report."""
    with vault.session() as s:
        row = s.get(AnalysisProduct, report_id)
        return info_of(row) if row is not None else None


def product_digest(s: Session, report_id: ReportId) -> str | None:
    """For the approval's content digest: the product's parameters, figures and data."""
    row = s.get(AnalysisProduct, report_id)
    if row is None:
        return None
    return hashlib.sha256(canonical([row.parameters, row.figures, row.data_digest])
                          .encode("utf-8")).hexdigest()
