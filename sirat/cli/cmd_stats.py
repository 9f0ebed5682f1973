"""``sirat stats table|reports|product|threshold``: statistics and analytical products.

``table`` counts approved reports by one or two dimensions (printed, ``--json``, or written
as CSV/XLSX with ``--out``); ``reports`` lists the reports behind one cell; ``product
create`` drafts a periodic analytical product (then submit, approve and ``pdf export`` it as
any report); ``product regenerate`` counts a draft product's figures again;
``threshold`` shows or (administrators) sets the small-cell threshold for observers.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    checked_out,
    group,
    open_vault,
    print_json,
    print_table,
)
from sirat.errors import SiratError


def _dimensions(text: str) -> tuple[Any, ...]:
    from sirat.services.stats.types import Dimension

    names = [n.strip().replace("-", "_") for n in text.split(",") if n.strip()]
    try:
        return tuple(Dimension(n) for n in names)
    except ValueError:
        raise SiratError("Unknown dimension in --by.", "Use: " + ", ".join(
            d.value for d in Dimension) + " (one, or two separated by a comma).") from None


def _add_query(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", required=True, metavar="DIM[,DIM]",
                   help="crime_area, country, period, operation, nationality, vehicle_make, "
                   "vessel_flag, place or route (one or two)")
    p.add_argument("--granularity", default="month",
                   choices=["month", "quarter", "half", "year"])
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--crime-area", action="append", default=[], metavar="CODE")
    p.add_argument("--country", action="append", default=[], metavar="CC")
    p.add_argument("--operation", action="append", default=[], metavar="NAME")


def _query(args: argparse.Namespace) -> Any:
    from sirat.services.stats.types import Granularity, StatsFilters, StatsQuery

    return StatsQuery(_dimensions(args.by), Granularity(args.granularity), StatsFilters(
        date_from=args.date_from, date_to=args.date_to,
        crime_areas=frozenset(args.crime_area),
        countries=frozenset(c.strip().upper() for c in args.country),
        operations=frozenset(args.operation)))


def register(sub: Any) -> None:
    st = group(sub, "stats", "statistics over approved reports; analytical products")

    p = st.add_parser("table", help="count approved reports by one or two dimensions")
    add_vault_arg(p)
    add_json_arg(p)
    _add_query(p)
    p.add_argument("--out", metavar="FILE", help="write the table as .csv or .xlsx")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--observer", action="store_true",
                   help="the copy for observers: small counts (and what reveals them) hidden")
    p.set_defaults(handler=_table)

    p = st.add_parser("reports", help="the reports behind one cell of a table")
    add_vault_arg(p)
    add_json_arg(p)
    _add_query(p)
    p.add_argument("--key", action="append", required=True, metavar="VALUE",
                   help="the cell's value for each dimension, in order (repeat for two)")
    p.set_defaults(handler=_reports)

    p = st.add_parser("product", help="draft or recount a periodic analytical product")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("action", choices=["create", "regenerate", "templates"])
    p.add_argument("--template", metavar="CODE")
    p.add_argument("--period", metavar="2026-H1", help="2026-H1, 2026-Q3 or 2026")
    p.add_argument("--crime-area", action="append", default=[], metavar="CODE")
    p.add_argument("--classification", default="RESTRICTED")
    p.add_argument("--report", metavar="REF", help="the product to regenerate")
    p.set_defaults(handler=_product)

    p = st.add_parser("areas", help="the crime area codes a --crime-area filter takes")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_areas)

    p = st.add_parser("threshold", help="show or set the small-cell threshold (observers)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("value", nargs="?", type=int, help="new threshold (administrators)")
    p.set_defaults(handler=_threshold)


def _table(args: argparse.Namespace) -> int:
    from sirat.files import atomic_write_bytes
    from sirat.services.stats import query, settings, tabular

    out = checked_out(Path(args.out), force=args.force) if args.out else None
    q = _query(args)
    query.check_query(q)
    if out is not None:
        tabular.check_suffix(out.name)  # before any work
    vault = open_vault(args)
    try:
        t = query.table(vault, q)
        threshold = settings.small_cell_threshold(vault) if args.observer else None
    finally:
        vault.lock()
    if out is not None:
        atomic_write_bytes(out, tabular.export_bytes(t, out.name, threshold))
        print(f"Wrote {len(t.cells)} rows to {out}.")
    elif threshold is not None:
        rows = tabular.observer_rows(t, threshold)
        if args.json:
            print_json({"query": q.as_json(), "threshold": threshold,
                        "rows": [dict(zip(rows[0], r, strict=True)) for r in rows[1:-1]]})
        else:
            print_table(rows[0], rows[1:-1])
            print(rows[-1][0])
    elif args.json:
        print_json({"query": q.as_json(), "mentions": t.mention_words,
                    "cells": [asdict(c) for c in t.cells], "total": asdict(t.total)})
    else:
        rows = tabular.rows(t)
        print_table(rows[0], rows[1:])
    return 0


def _reports(args: argparse.Namespace) -> int:
    from sirat.services.stats import query

    q = _query(args)
    query.check_query(q)
    vault = open_vault(args)
    try:
        found = query.reports_behind(vault, q, tuple(args.key))
    finally:
        vault.lock()
    if args.json:
        print_json([asdict(r) for r in found])
    else:
        print_table(("Reference", "Crime area", "Country", "Counted on", "Uncertain"),
                    [(r.reference, r.crime_area, r.country, r.counted_on,
                      "yes" if r.uncertain else "") for r in found])
    return 0


def _product(args: argparse.Namespace) -> int:
    from sirat.services.stats import product
    from sirat.services.stats.templates import TEMPLATES

    if args.action == "templates":
        rows = [(t.code, t.period, ",".join(t.crime_areas) or "all", t.title)
                for t in TEMPLATES.values()]
        if args.json:
            print_json([dict(zip(("code", "period", "crime_areas", "title"), r, strict=True))
                        for r in rows])
        else:
            print_table(("Template", "Period", "Crime areas", "Title"), rows)
        return 0
    if args.action == "create" and not (args.template and args.period):
        raise SiratError("product create needs --template and --period.",
                         "See `sirat stats product templates`.")
    if args.action == "regenerate" and not args.report:
        raise SiratError("product regenerate needs --report.", "Give the product's reference.")
    vault = open_vault(args)
    try:
        if args.action == "create":
            view = product.create_product(vault, args.template, args.period,
                                          tuple(args.crime_area),
                                          classification=args.classification)
            info = product.product_info(vault, view.id)
            reference = view.reference
        else:
            from sirat.services.reports.records import find_report_id

            info = product.regenerate_figures(vault, find_report_id(vault, args.report))
            reference = args.report
    finally:
        vault.lock()
    assert info is not None  # noqa: S101 - just created or regenerated
    if args.json:
        print_json({"reference": reference, "period": info.period_label,
                    "data_digest": info.data_digest, "parameters": info.parameters})
    else:
        print(f"{reference}: analytical product for {info.period_label}, "
              f"data digest {info.data_digest}")
    return 0


def _areas(args: argparse.Namespace) -> int:
    from sirat.services.stats import query

    vault = open_vault(args)
    try:
        with vault.session() as s:
            areas = query.crime_areas(s)
    finally:
        vault.lock()
    if args.json:
        print_json([{"code": c, "name": n} for c, n in areas.items()])
    else:
        print_table(("Code", "Crime area"), list(areas.items()))
    return 0


def _threshold(args: argparse.Namespace) -> int:
    from sirat.services.stats import settings

    vault = open_vault(args)
    try:
        value = (settings.small_cell_threshold(vault) if args.value is None
                 else settings.set_small_cell_threshold(vault, args.value))
    finally:
        vault.lock()
    if args.json:
        print_json({"threshold": value})
    else:
        print(f"Observers see no count below {value}.")
    return 0
