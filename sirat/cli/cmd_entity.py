"""``sirat entity list|show`` (``merge`` comes with the search work)."""

from __future__ import annotations

import argparse
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.domain.vocab import EntityId
from sirat.errors import NotFound
from sirat.services.entities.query import count_entities, list_entities
from sirat.services.entities.records import get_entity
from sirat.services.entities.types import KINDS, EntityView


def register(sub: Any) -> None:
    es = group(sub, "entity", "list and show persons, vehicles, vessels and other entities")

    p = es.add_parser("list", help="list entities by name")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--kind", choices=list(KINDS))
    p.add_argument("--prefix", default="", help="only names starting with this (any script)")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(handler=_list)

    p = es.add_parser("show", help="show an entity with its reports and relations")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("entity", help="entity id (see `sirat entity list`)")
    p.set_defaults(handler=_show)


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = list_entities(vault, args.kind, prefix=args.prefix, offset=args.offset,
                             limit=args.limit)
        total = count_entities(vault, args.kind)
    if args.json:
        print_json({"total": total, "offset": args.offset, "entities": rows})
        return 0
    print_table(["id", "kind", "reports", "label"],
                [(r.id, r.kind, r.report_count, r.label) for r in rows])
    print(f"{len(rows)} of {total} entit{'y' if total == 1 else 'ies'}")
    return 0


def _show(args: argparse.Namespace) -> int:
    if not args.entity.isdigit():
        raise NotFound("Give the entity's number.", "See `sirat entity list`.")
    with open_vault(args) as vault:
        view = get_entity(vault, EntityId(int(args.entity)))
    if args.json:
        print_json(view)
    else:
        _print_entity(view)
    return 0


def _print_entity(v: EntityView) -> None:
    print(f"[{v.id}] {v.kind}: {v.label}" + ("  (personal data)" if v.personal else ""))
    for n in v.names:
        print(f"  {'alias' if n.is_alias else 'name':>8}: {n.text}  [{n.script}]")
    for i in v.identifiers:
        country = f" ({i.country})" if i.country else ""
        print(f"  {i.type:>8}: {i.value}{country}")
    for key, value in v.fields.items():
        print(f"  {key:>8}: {value}")
    for o in v.overrides:
        print(f"  warning {o.warning_code} on {o.identifier_type} acknowledged "
              f"by user {o.acknowledged_by} at {o.acknowledged_at}")
    if v.reports:
        print("Reports")
        for r in v.reports:
            print(f"  {r.reference}  {r.role:<14} {r.status:<12} {r.title}")
    if v.relations:
        print("Relations")
        for rel in v.relations:
            print(f"  {rel.source_label} — {rel.relation_name} — {rel.target_label}"
                  f"  ({rel.report_reference})")
