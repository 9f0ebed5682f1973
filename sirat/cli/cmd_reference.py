"""``sirat handling list|set`` and ``sirat relation list|set``: the reference tables an
administrator words and extends (the app's Tools ▸ Handling codes / Relation types).

``set`` goes through ``reference_admin`` (administrators only, one audited transaction, bad
input refused whole): a handling code's *wording* changes, never its code; a relation type
is added or renamed with the FollowTheMoney schema it travels as (its code never changes).
"""

from __future__ import annotations

import argparse
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.services.reports.reference import reference_data
from sirat.services.reports.reference_admin import (
    FTM_RELATION_SCHEMAS,
    list_handling_codes,
    save_relation_type,
    set_handling_wording,
)


def register_handling(sub: Any) -> None:
    hs = group(sub, "handling", "the handling codes H0-H3 and their wording")
    p = hs.add_parser("list", help="list the handling codes with their wording")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_handling_list)
    p = hs.add_parser("set", help="reword one handling code (administrators)")
    add_vault_arg(p)
    p.add_argument("code", help="H0, H1, H2 or H3 (codes never change)")
    p.add_argument("--wording", required=True, help="the new wording, on one line")
    p.set_defaults(handler=_handling_set)


def register_relation_types(sub: Any) -> None:
    rs = group(sub, "relation", "the relation types: kinds of link between two entities")
    p = rs.add_parser("list", help="list the relation types")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_relation_list)
    p = rs.add_parser("set", help="add or rename a relation type (administrators)")
    add_vault_arg(p)
    p.add_argument("code", help="e.g. smuggles_for (never changes once added)")
    p.add_argument("--name", required=True, help='e.g. "smuggles for"')
    p.add_argument("--reverse-name", required=True, help='e.g. "is smuggled for by"')
    p.add_argument("--ftm-schema", default="UnknownLink", choices=list(FTM_RELATION_SCHEMAS),
                   help="the FollowTheMoney schema it travels as (default UnknownLink)")
    p.set_defaults(handler=_relation_set)


def _handling_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = list_handling_codes(vault)
    if args.json:
        print_json([{"code": h.code, "wording": h.wording, "needs_text": h.needs_text}
                    for h in rows])
        return 0
    print_table(["code", "wording"], [(h.code, h.wording) for h in rows])
    return 0


def _handling_set(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        saved = set_handling_wording(vault, args.code, args.wording)
    print(f"{saved.code}: {saved.wording}")
    return 0


def _relation_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = reference_data(vault).relation_types
    if args.json:
        print_json([{"code": r.code, "name": r.name, "reverse_name": r.reverse_name,
                     "ftm_schema": r.ftm_schema} for r in rows])
        return 0
    print_table(["code", "name", "reverse", "travels as"],
                [(r.code, r.name, r.reverse_name, r.ftm_schema) for r in rows])
    return 0


def _relation_set(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        saved = save_relation_type(vault, args.code, args.name, args.reverse_name,
                                   args.ftm_schema)
    print(f"{saved.code}: {saved.name} / {saved.reverse_name} ({saved.ftm_schema}).")
    return 0
