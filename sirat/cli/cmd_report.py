"""``sirat report list|show|export|import`` (the workflow adds submit/approve/return)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sirat.cli.common import (
    add_json_arg,
    add_out_arg,
    add_vault_arg,
    checked_out,
    group,
    open_vault,
    print_json,
    print_table,
)
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes
from sirat.services.reports.types import SORT_KEYS, ReportFilters, ReportView

MAX_IMPORT_BYTES = 1024 * 1024 * 1024


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--crime-area", action="append", default=[], metavar="CODE",
                   help="only this crime area (repeatable)")
    p.add_argument("--status", action="append", default=[],
                   choices=["draft", "submitted", "approved", "disseminated"])
    p.add_argument("--country", action="append", default=[], metavar="CC",
                   help="reporting country, e.g. RS (repeatable)")
    p.add_argument("--grading", action="append", default=[], metavar="GRADE",
                   help="source reliability and/or information accuracy: B, 2 or B2")
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="report date from (2026-03-14, 2026-03 or 2026)")
    p.add_argument("--to", dest="date_to", metavar="DATE",
                   help="report date up to (2026-03-14, 2026-03 or 2026)")


def register(sub: Any) -> None:
    rs = group(sub, "report", "list, show, export and import reports")

    p = rs.add_parser("list", help="list reports, newest first")
    add_vault_arg(p)
    add_json_arg(p)
    _add_filters(p)
    p.add_argument("--sort", default="updated", choices=SORT_KEYS)
    p.add_argument("--asc", action="store_true", help="ascending order")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(handler=_list)

    p = rs.add_parser("show", help="show one report (recorded as a consultation)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("report", help="reference (SIRAT-2026-000001) or id")
    p.set_defaults(handler=_show)

    p = rs.add_parser("export", help="write reports as interchange JSON (FollowTheMoney)")
    add_vault_arg(p)
    p.add_argument("reports", nargs="*", help="references or ids (default: the filter)")
    _add_filters(p)
    add_out_arg(p, "file", stdout=True)
    p.add_argument("--attachments", type=Path, metavar="DIR",
                   help="also write the reports' attachments, DECRYPTED, into this folder "
                        "(files named by SHA-256; audited)")
    p.set_defaults(handler=_export)

    p = rs.add_parser("import", help="import an interchange file (all or nothing)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("file", type=Path)
    p.add_argument("--attachments", type=Path, metavar="DIR",
                   help="the folder holding the attachment files the export listed")
    p.set_defaults(handler=_import)


def _grades(values: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    sources: set[str] = set()
    accuracies: set[str] = set()
    for value in values:
        for ch in value.strip().upper():
            if ch in ", ":
                continue
            (accuracies if ch.isdigit() else sources).add(ch)
    return frozenset(sources), frozenset(accuracies)


def filters_from(args: argparse.Namespace) -> ReportFilters:
    sources, accuracies = _grades(args.grading)
    return ReportFilters(
        crime_areas=frozenset(args.crime_area), statuses=frozenset(args.status),
        countries=frozenset(c.upper() for c in args.country),
        source_reliability=sources, information_accuracy=accuracies,
        date_from=args.date_from, date_to=args.date_to,
    )


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        # After the key derivation: the command reaches it without the database libraries.
        from sirat.services.reports.query import checked_filters, count_reports, list_reports

        filters = checked_filters(vault, filters_from(args))
        rows = list_reports(vault, filters, args.sort, not args.asc, args.offset, args.limit)
        total = count_reports(vault, filters)
    if args.json:
        print_json({"total": total, "offset": args.offset, "reports": rows})
        return 0
    print_table(["reference", "date", "crime area", "status", "country", "grade", "title"],
                [(r.reference, r.report_date, r.crime_area, r.status, r.reporting_country,
                  r.source_reliability + r.information_accuracy, r.title) for r in rows])
    print(f"{len(rows)} of {total} report(s)")
    return 0


def _show(args: argparse.Namespace) -> int:
    from sirat.services.reports import records as reports

    with open_vault(args) as vault:
        view = reports.get_report(vault, reports.find_report_id(vault, args.report))
    if args.json:
        print_json(report_json(view))
    else:
        _print_report(view)
    return 0


def report_json(view: ReportView) -> dict[str, Any]:
    """The report as JSON-ready data (sets sorted, so the output is stable)."""
    data = asdict(view)
    data["draft"]["handling_codes"] = sorted(view.draft.handling_codes)
    return data


def _print_report(v: ReportView) -> None:
    d = v.draft
    codes = ", ".join(sorted(d.handling_codes)) + (f" ({d.h3_text})" if d.h3_text else "")
    lines = [
        (v.reference, f"{d.title}"),
        ("status", f"{v.status} (version {v.version})"),
        ("crime area", d.crime_area), ("date of report", d.report_date),
        ("date of information", d.information_date), ("places", "; ".join(d.places)),
        ("reporting", f"{d.reporting_country} {d.agency}".strip()),
        ("operation", d.operation),
        ("grading", f"{d.source_reliability}{d.information_accuracy} ({d.grading_scheme})"),
        ("handling codes", codes), ("classification", d.classification),
        ("author", v.author_name), ("approver", v.approver_name),
        ("provenance", v.provenance), ("keywords", ", ".join(d.keywords)),
    ]
    for label, value in lines:
        if value:
            print(f"{label:>20}: {value}")
    for title, text in (("Summary", d.summary), ("Narrative", d.narrative),
                        ("Analyst comment", d.analyst_comment)):
        if text:
            print(f"\n{title}\n{text}")
    if v.links:
        print("\nEntities")
        for link in v.links:
            print(f"  [{link.entity_id}] {link.kind:<18} {link.role:<14} {link.label}")
    if v.relations:
        print("\nRelations")
        for r in v.relations:
            print(f"  {r.source_label} — {r.relation_name} — {r.target_label}")


def _export(args: argparse.Namespace) -> int:
    from sirat.services.reports import records as reports
    from sirat.services.reports.query import MAX_PAGE, checked_filters, list_reports

    out = None if args.out == "-" else checked_out(Path(args.out), force=args.force)
    with open_vault(args) as vault:
        if args.reports:
            ids = [reports.find_report_id(vault, key) for key in args.reports]
        else:
            filters = checked_filters(vault, filters_from(args))
            ids = []
            while page := list_reports(vault, filters, "reference", False, len(ids), MAX_PAGE):
                # list_reports returns at most MAX_PAGE rows a call: page through them all.
                ids.extend(r.id for r in page)
        if not ids:
            raise SiratError("No report matches; nothing was exported.",
                             "See `sirat report list`.")
        from sirat.services.interchange import (
            document as interchange,  # the FollowTheMoney mapping: export only
        )

        if args.attachments is not None:
            import json

            from sirat.services.interchange import files as interchange_files

            doc = interchange.export_document(vault, ids)
            doc["documents"] = interchange_files.export_documents(vault, ids, args.attachments)
            data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        else:
            data = interchange.export_json(vault, ids)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        atomic_write_bytes(checked_out(out, force=args.force), data, "export file")
        print(f"Exported {len(ids)} report(s) to {args.out}.", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise SiratError("The file is larger than 1 GB; nothing was imported.",
                             "Split the export into several files.")
        data = path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The file cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None
    with open_vault(args) as vault:
        from sirat.services.interchange import files as interchange_files
        from sirat.services.roles import refuse_administrator

        refuse_administrator(vault, "import reports")  # before the file is even read
        # Reports, entities and files in one transaction: all of them or none.
        result, files = interchange_files.import_with_files(vault, data, args.attachments)
        if files.attached or files.already:
            print(f"{files.attached} attachment(s) attached, {files.already} already there.",
                  file=sys.stderr)
    if args.json:
        print_json(result)
    else:
        print(f"Imported {result.reports_added} report(s), {result.entities_added} entity(ies), "
              f"{result.links_added} link(s), {result.relations_added} relation(s); "
              f"{result.reports_unchanged} report(s) and {result.entities_unchanged} "
              "entity(ies) were already in the vault.")
    return 0
