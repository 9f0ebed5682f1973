"""``sirat package export|import|inspect``: signed, encrypted packages between workstations
(docs/exchange.md)."""

from __future__ import annotations

import argparse
import sys
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
)
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes


def register(sub: Any) -> None:
    ps = group(sub, "package", "signed and encrypted packages to and from partner workstations")
    p = ps.add_parser("export", help="write a package of reports for pinned partners")
    add_vault_arg(p)
    add_out_arg(p, "package file")
    p.add_argument("reports", nargs="+", metavar="REFERENCE", help="reports to send")
    p.add_argument("--to", action="append", required=True, metavar="PARTNER",
                   help="a pinned partner (name or fingerprint); repeat for several")
    p.set_defaults(handler=_export)

    p = ps.add_parser("import", help="check a package and import it as received drafts")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_import)

    p = ps.add_parser("inspect", help="check a package and show its manifest, importing nothing")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_inspect)


def _read(path: Path) -> bytes:
    from sirat.services.exchange.packages import MAX_PACKAGE

    try:
        if path.stat().st_size > MAX_PACKAGE:
            raise SiratError("The file is larger than any package SIRAT writes; nothing was "
                             "imported.", "Check that this is the package file.")
        return path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The package cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None


def _export(args: argparse.Namespace) -> int:
    from sirat.services.exchange.packages import export_package
    from sirat.services.reports import records as reports

    out = checked_out(Path(args.out), force=args.force)
    with open_vault(args) as vault:
        ids = [reports.find_report_id(vault, key) for key in args.reports]
        done = export_package(vault, ids, args.to,
                              lambda data: atomic_write_bytes(out, data, "package file"))
    to = ", ".join(f"{a.name} (number {a.sequence})" for a in done.recipients)
    print(f"Package {done.package_id} with {done.reports} report(s) and "
          f"{done.attachments} attachment(s) for {to}, released as {done.release_kind}, "
          f"written to {args.out} (SHA-256 {done.digest}).")
    if done.attachments_withheld:
        print(f"{done.attachments_withheld} attachment(s) of these reports were left out: "
              "observers receive no attachment.", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from sirat.services.exchange.packages import import_package

    data = _read(args.file)
    with open_vault(args) as vault:
        done = import_package(vault, data)
    if args.json:
        print_json(done)
        return 0
    if done.already_imported:
        print(f"Package {done.package_id} from {done.sender_name} was already imported; "
              "nothing was changed.")
        return 0
    r = done.result
    if r is None:
        return 0
    print(f"Imported package {done.package_id} (number {done.sequence}) from "
          f"{done.sender_name}: {r.reports_added} report(s) as received drafts, "
          f"{r.entities_added} entity(ies), {r.relations_added} relation(s), "
          f"{done.attachments} attachment(s); "
          f"{r.reports_unchanged} report(s) were already here.")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from sirat.services.exchange.packages import inspect_package

    data = _read(args.file)
    with open_vault(args) as vault:
        info = inspect_package(vault, data)
    if args.json:
        print_json(info)
        return 1 if info.problem else 0
    sender = info.sender_name or "NOT PINNED here"
    print(f"Package     {info.package_id}")
    print(f"Created     {info.created_at}")
    print(f"Sender      {sender}; fingerprint {info.sender_words}")
    print("Recipients  " + "; ".join(f"{r.name} (number {r.sequence})"
                                      for r in info.recipients))
    print(f"Release     {info.release_kind}")
    print(f"Reports     {info.reports}")
    print(f"Attachments {sum(1 for _, role, _, _ in info.parts if role == 'attachment')}")
    for path, role, size, digest in info.parts:
        print(f"Part        {path} ({role}, {size} bytes, SHA-256 {digest})")
    print(f"File        SHA-256 {info.digest}")
    if info.problem:
        print(f"Verdict     WOULD BE REFUSED: {info.problem}")
        return 1
    print("Verdict     would import")
    return 0
