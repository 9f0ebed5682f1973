"""``sirat entity merge|unmerge|merges|duplicates|candidates|not-same``: entity resolution.

``merge KEPT MERGED`` folds MERGED into KEPT (links, relations, aliases, identifiers) and
prints the merge number; ``unmerge MERGE`` undoes it exactly. ``duplicates`` lists the
strongest candidate pairs in the vault; ``not-same A B`` remembers that two entities are
different so they are not offered again.
"""

from __future__ import annotations

import argparse
from typing import Any

from sirat.cli.common import add_json_arg, add_vault_arg, group, open_vault, print_json, print_table
from sirat.names import POSSIBLE_THRESHOLD
from sirat.services.entities.types import KINDS
from sirat.services.resolution.candidates import (
    candidates_for_entity,
    compare_entities,
    forget_not_same,
    mark_not_same,
)
from sirat.services.resolution.merge import list_merges, merge_entities, unmerge
from sirat.services.resolution.pairs import possible_duplicates


def register(sub: Any) -> None:
    es = group(sub, "entity", "list and show persons, vehicles, vessels and other entities")

    p = es.add_parser("merge", help="merge two entities into one (undo with unmerge)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("kept", type=int, help="the entity that stays (its main name is kept)")
    p.add_argument("merged", type=int, help="the entity folded into it")
    p.add_argument("--dry-run", action="store_true", help="only show how alike they are")
    p.set_defaults(handler=_merge)

    p = es.add_parser("unmerge", help="undo a merge exactly (see `sirat entity merges`)")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("merge", type=int, help="merge number")
    p.set_defaults(handler=_unmerge)

    p = es.add_parser("merges", help="list the merges that can be undone")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--entity", type=int, default=None, help="only merges into this entity")
    p.set_defaults(handler=_merges)

    p = es.add_parser("duplicates", help="list the strongest possible duplicates")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--kind", choices=list(KINDS))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--min-score", type=int, default=POSSIBLE_THRESHOLD)
    p.set_defaults(handler=_duplicates)

    p = es.add_parser("candidates", help="entities that may be the same as this one")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("entity", type=int)
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(handler=_candidates)

    p = es.add_parser("not-same", help="remember that two entities are different")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("first", type=int)
    p.add_argument("second", type=int)
    p.add_argument("--note", default="", help="why (kept in the vault)")
    p.add_argument("--undo", action="store_true", help="withdraw the judgement")
    p.set_defaults(handler=_not_same)


def _merge(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        compared = compare_entities(vault, args.kept, args.merged)
        result = None if args.dry_run else merge_entities(
            vault, args.kept, args.merged, score=compared.score, reasons=compared.reasons)
    if args.json:
        print_json({"comparison": compared, "merge": result})
        return 0
    print(f"{compared.verdict} ({compared.score}): {compared.explanation}")
    if result is None:
        print("Nothing merged (dry run).")
        return 0
    print(f"Merged entity {result.merged_id} into {result.kept_id} as merge {result.merge_id}: "
          f"{result.links_moved} links and {result.relations_moved} relations moved, "
          f"{result.names_added} names and {result.identifiers_added} identifiers added "
          f"({result.links_dropped} duplicate links, {result.relations_dropped} relations "
          f"dropped). Undo: sirat entity unmerge {result.merge_id}")
    return 0


def _unmerge(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        back = unmerge(vault, args.merge)
    if args.json:
        print_json({"merge": args.merge, "restored": back})
    else:
        print(f"Merge {args.merge} undone; entity {back} is back.")
    return 0


def _merges(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = list_merges(vault, args.entity)
    if args.json:
        print_json(rows)
        return 0
    print_table(["merge", "kind", "kept", "merged", "score", "when", "kept label"],
                [(m.merge_id, m.kind, m.kept_id, m.merged_id, m.score, m.merged_at[:16],
                  m.kept_label) for m in rows])
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        pairs = possible_duplicates(vault, args.kind, limit=args.limit,
                                    min_score=args.min_score)
    if args.json:
        print_json([{**_plain(p), "explanation": p.explanation} for p in pairs])
        return 0
    print_table(["score", "verdict", "kind", "first", "second", "labels", "why"],
                [(p.score, p.verdict, p.kind, p.first_id, p.second_id,
                  f"{p.first_label} / {p.second_label}", p.explanation) for p in pairs])
    print(f"{len(pairs)} pair{'' if len(pairs) == 1 else 's'}")
    return 0


def _plain(p: Any) -> dict[str, Any]:
    return {name: getattr(p, name) for name in p.__slots__}


def _candidates(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        found = candidates_for_entity(vault, args.entity, limit=args.limit)
    if args.json:
        print_json([{**_plain(c), "explanation": c.explanation} for c in found])
        return 0
    print_table(["id", "score", "verdict", "label", "why"],
                [(c.entity_id, c.score, c.verdict, c.label, c.explanation) for c in found])
    return 0


def _not_same(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        if args.undo:
            done = forget_not_same(vault, args.first, args.second)
            message = "Judgement withdrawn." if done else "There was no such judgement."
        else:
            mark_not_same(vault, args.first, args.second, args.note)
            message = "Remembered: these two are different and will not be offered again."
    if args.json:
        print_json({"first": args.first, "second": args.second, "not_same": not args.undo})
    else:
        print(message)
    return 0
