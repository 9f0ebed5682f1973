"""``sirat recipient list``: member states, operational partners and observers."""

from __future__ import annotations

import argparse
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.services.reports.reference import list_recipients


def register(sub: Any) -> None:
    rs = group(sub, "recipient", "the recipients a report can be disseminated to")
    p = rs.add_parser("list", help="list recipients with their kind")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--kind", choices=list(RECIPIENT_KINDS))
    p.set_defaults(handler=_list)


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
