"""``sirat entity import-sheet FILE``: persons, vehicles, vessels, organisations, phones or
accounts from a CSV or XLSX sheet, checked row by row, all or nothing, linked to a report.

Columns are mapped by header text: ``--map "Date of birth=field:date_of_birth"`` (targets:
``--targets KIND`` lists them), or by a mapping saved earlier (``--mapping NAME``;
``--save-mapping NAME`` keeps the one given). ``--preview`` checks every row and writes
nothing; ``--candidates`` adds the stored entities each row may be; ``--link LINE=ENTITY``
links that row to an existing entity instead of creating one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.errors import SiratError


def register(sub: Any) -> None:
    es = group(sub, "entity", "list and show persons, vehicles, vessels and other entities")
    p = es.add_parser("import-sheet", help="import entities from a CSV or XLSX sheet into a "
                      "report (all or nothing)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("file", type=Path, nargs="?")
    p.add_argument("--kind", help="person, vehicle, vessel, organization, phone, "
                   "bank_account or online_account")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=TARGET",
                   help="map the column with this header to a field (repeat)")
    p.add_argument("--mapping", metavar="NAME", help="use a mapping saved by name")
    p.add_argument("--save-mapping", metavar="NAME", help="save the mapping under this name")
    p.add_argument("--encoding", help="utf-8, utf-16, cp1250, cp1251 or cp1253 (default: "
                   "detected)")
    p.add_argument("--report", metavar="REFERENCE", help="the draft to link every row to")
    p.add_argument("--role", default="mentioned", help="the link role (default: mentioned)")
    p.add_argument("--link", action="append", default=[], metavar="LINE=ENTITY_ID",
                   help="link the row on this line of the sheet to an existing entity")
    p.add_argument("--preview", action="store_true", help="check every row; write nothing")
    p.add_argument("--candidates", action="store_true",
                   help="with --preview: list stored entities each row may be (slower)")
    p.add_argument("--targets", metavar="KIND", help="list the fields a column may fill")
    p.add_argument("--list-mappings", action="store_true", help="list saved mappings")
    p.set_defaults(handler=_run)


def _mapping(args: argparse.Namespace, vault: Any, headers: tuple[str, ...]
             ) -> tuple[str, dict[int, str]]:
    from sirat.services.sheets import mapping as m

    kind = args.kind
    cols: dict[int, str] = {}
    if args.mapping:
        saved = m.load_mapping(vault, args.mapping)
        kind = kind or saved.kind
        cols = m.for_headers(saved, headers)
    folded = [h.casefold() for h in headers]
    for item in args.map:
        header, sep, target = item.rpartition("=")
        if not sep or header.casefold() not in folded:
            raise SiratError(f"--map {item!r}: the sheet has no column with that header.",
                             "Headers: " + ", ".join(headers)[:300])
        cols[folded.index(header.casefold())] = target.strip()
    if not kind:
        raise SiratError("Say which kind of entity the sheet holds.", "Use --kind person (or "
                         "vehicle, vessel, organization, phone, bank_account, online_account).")
    return kind, cols


def _links(args: argparse.Namespace) -> dict[int, int]:
    out: dict[int, int] = {}
    for item in args.link:
        line, sep, entity = item.partition("=")
        if not sep or not line.isdigit() or not entity.isdigit() or int(line) < 2:
            raise SiratError(f"--link {item!r} must be LINE=ENTITY_ID (line 2 is the first "
                             "row under the headers).", "E.g. --link 7=1234.")
        out[int(line) - 2] = int(entity)
    return out


def _run(args: argparse.Namespace) -> int:
    from sirat.services.sheets import mapping as m

    if args.targets:
        if args.targets not in m.SHEET_KINDS:
            raise SiratError(f"Unknown kind {args.targets!r}.", "Use one of: "
                             + ", ".join(m.SHEET_KINDS))
        print_table(["target", "field"], [(t, label) for t, label in m.targets(args.targets)
                                          if t])
        return 0
    if args.list_mappings:
        with open_vault(args) as vault:
            saved = m.list_mappings(vault)
        print_table(["name", "kind", "columns"],
                    [(s.name, s.kind, "; ".join(f"{h}={t}" for h, t in s.columns.items()))
                     for s in saved])
        return 0
    if args.file is None:
        raise SiratError("Name the sheet to import.", "sirat entity import-sheet FILE --kind "
                         "person --map \"Name=name\" --report SIRAT-2026-000001")
    from sirat.services.sheets.reader import MAX_BYTES, read_table

    try:
        if args.file.stat().st_size > MAX_BYTES:
            raise SiratError("The sheet is larger than 64 MB; nothing was imported.",
                             "Split it into several files.")
        data = args.file.read_bytes()
    except OSError as exc:
        raise SiratError(f"The sheet cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None
    table = read_table(data, args.encoding)
    with open_vault(args) as vault:
        kind, cols = _mapping(args, vault, table.headers)
        if args.save_mapping:
            m.save_mapping(vault, args.save_mapping, kind, table.headers, cols)
        if args.preview:
            return _preview(args, vault, table, kind, cols)
        if not args.report:
            raise SiratError("Say which report the rows belong to.",
                             "Use --report SIRAT-2026-000001 (a draft of yours).")
        from sirat.services.reports import records as reports
        from sirat.services.sheets.importer import import_sheet

        report_id = reports.find_report_id(vault, args.report)
        done = import_sheet(vault, table, kind, cols, report_id, args.role, _links(args))
    if args.json:
        print_json(done)
    else:
        print(f"Imported {done.rows} row(s) into {done.reference}: {done.created} new "
              f"entity(ies), {done.linked_existing} linked to existing ones, "
              f"{done.repeated} repeating an earlier row (encoding {table.encoding}).")
    return 0


def _preview(args: argparse.Namespace, vault: Any, table: Any, kind: str,
             cols: dict[int, str]) -> int:
    from sirat.services.sheets.preview import preview_sheet

    result = preview_sheet(vault, table, kind, cols, candidates=3 if args.candidates else 0)
    if args.json:
        print_json(result.rows)
    else:
        print(f"{len(result.rows)} row(s) as {kind} (encoding {table.encoding}): "
              f"{result.refused} with problems, {result.warned} with warnings, "
              f"{result.repeated} repeating an earlier row (one entity each)"
              + (f", {result.with_candidates} with possible matches" if args.candidates
                 else "") + ".")
        for r in result.rows:
            notes = ([f"PROBLEM {p}" for p in r.problems] + [f"warning: {w}" for w in r.warnings]
                     + [f"may be entity {c.entity_id} {c.label} ({c.verdict}, {c.score})"
                        for c in r.candidates])
            for note in notes:
                print(f"  line {r.line}: {note}")
    return 1 if result.refused else 0
