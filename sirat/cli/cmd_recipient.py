"""``sirat recipient list|set``: member states, operational partners and observers.

``set`` adds or changes one recipient (administrators only, audited, through
``reference_admin.save_recipient``); ``--retire`` / ``--offer`` take it out of or back into
the export choices."""

from __future__ import annotations

import argparse
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.services.reports.reference import list_recipients
from sirat.services.reports.reference_admin import save_recipient


def register(sub: Any) -> None:
    rs = group(sub, "recipient", "the recipients a report can be disseminated to")
    p = rs.add_parser("list", help="list recipients with their kind")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--kind", choices=list(RECIPIENT_KINDS))
    p.set_defaults(handler=_list)
    p = rs.add_parser("set", help="add or change a recipient (administrators)")
    add_vault_arg(p)
    p.add_argument("code", help="e.g. XK or PARTNER-EUROPOL (never changes once added)")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=list(RECIPIENT_KINDS))
    p.add_argument("--classification", required=True,
                   help="the highest classification it may receive, e.g. RESTRICTED")
    p.add_argument("--handling", default="",
                   help="handling codes it may receive, comma-separated: H0,H1,H2")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--retire", action="store_true", help="no longer offered for export")
    state.add_argument("--offer", action="store_true", help="offered again (the default)")
    p.set_defaults(handler=_set)


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = list_recipients(vault, args.kind)
    if args.json:
        print_json([{"code": r.code, "name": r.name, "kind": r.kind,
                     "highest_classification": r.highest_classification,
                     "handling_codes": list(r.handling_codes),
                     "may_receive_personal_data": r.may_receive_personal_data} for r in rows])
        return 0
    print_table(["code", "kind", "up to", "handling", "name"],
                [(r.code, r.kind, r.highest_classification, ",".join(r.handling_codes), r.name)
                 for r in rows])
    return 0


def _set(args: argparse.Namespace) -> int:
    codes = tuple(c.strip() for c in args.handling.split(",") if c.strip())
    with open_vault(args) as vault:
        saved = save_recipient(vault, args.code, args.name, args.kind, args.classification,
                               codes, active=not args.retire)
    state = "offered" if saved.active else "retired"
    print(f"{saved.code}: {saved.kind}, up to {saved.highest_classification}, "
          f"{','.join(saved.handling_codes) or 'no handling codes'}, {state}.")
    return 0
