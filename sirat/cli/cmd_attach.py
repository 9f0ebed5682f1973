"""``sirat attach add|list|show|export|delete|limit``: evidence files of reports and entities.

The content stays encrypted in the vault folder; ``export`` writes a decrypted copy (an
audited act, atomically, never over an existing file unless ``--force``). See
docs/attachments.md.
"""

from __future__ import annotations

import argparse
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
from sirat.domain.vocab import EntityId, ReportId
from sirat.errors import ValidationError
from sirat.files import atomic_write_bytes


def _owner_args(p: argparse.ArgumentParser, *, required: bool) -> None:
    owner = p.add_mutually_exclusive_group(required=required)
    owner.add_argument("--report", metavar="REF", help="reference (SIRAT-2026-000001) or id")
    owner.add_argument("--entity", type=int, metavar="ID", help="entity id")


def register(sub: Any) -> None:
    g = group(sub, "attach", "evidence files of reports and entities (kept encrypted)")

    p = g.add_parser("add", help="attach files to a draft report (its author) or an entity")
    add_vault_arg(p)
    add_json_arg(p)
    _owner_args(p, required=True)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_add)

    p = g.add_parser("list", help="list attachments (of a report or an entity, or all)")
    add_vault_arg(p)
    add_json_arg(p)
    _owner_args(p, required=False)
    p.set_defaults(handler=_list)

    p = g.add_parser("export", help="write a DECRYPTED copy of one attachment (audited)")
    add_vault_arg(p)
    p.add_argument("attachment", type=int, metavar="ID")
    add_out_arg(p, "decrypted copy")
    p.set_defaults(handler=_export)

    p = g.add_parser("delete", help="delete an attachment and its file (audited)")
    add_vault_arg(p)
    p.add_argument("attachment", type=int, metavar="ID")
    p.set_defaults(handler=_delete)

    p = g.add_parser("limit", help="show or set (administrators) the largest file allowed")
    add_vault_arg(p)
    p.add_argument("--mb", type=float, default=None, help="new limit in MiB")
    p.set_defaults(handler=_limit)


def _owner(vault: Any, args: argparse.Namespace) -> tuple[ReportId | None, EntityId | None]:
    """The report or the entity named on the command line (neither: all)."""
    from sirat.services.reports import records as reports

    if args.report:
        return reports.find_report_id(vault, args.report), None
    if args.entity is not None:
        return None, EntityId(int(args.entity))
    return None, None


def _human(size: int) -> str:
    return f"{size / 1048576:.1f} MiB" if size >= 1048576 else f"{max(1, size // 1024)} KiB"


def _rows(views: list[Any]) -> list[tuple[Any, ...]]:
    return [(v.id, f"report {v.report_id}" if v.report_id else f"entity {v.entity_id}",
             v.type_label, _human(v.size),
             f"{v.width}x{v.height}" if v.width else "", v.sha256[:16], v.name) for v in views]


_HEADERS = ["id", "attached to", "type", "size", "pixels", "sha256", "name"]


def _add(args: argparse.Namespace) -> int:
    for path in args.files:
        if not path.is_file():
            raise ValidationError.single("file", f"{path} is not a file.",
                                         "Give the path of a file to attach.")
    with open_vault(args) as vault:
        from sirat.services.attachments import store as attachments

        rid, eid = _owner(vault, args)
        added = [attachments.add_file(vault, path, report_id=rid, entity_id=eid)
                 for path in args.files]
    if args.json:
        print_json(added)
    else:
        print_table(_HEADERS, _rows(added))
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        from sirat.services.attachments import store as attachments

        rid, eid = _owner(vault, args)
        views = attachments.list_attachments(vault, report_id=rid, entity_id=eid)
    if args.json:
        print_json(views)
    else:
        print_table(_HEADERS, _rows(views))
        print(f"{len(views)} attachment(s)")
    return 0


def _export(args: argparse.Namespace) -> int:
    out = checked_out(Path(args.out), force=args.force)
    with open_vault(args) as vault:
        from sirat.services.attachments import store as attachments

        digest = attachments.export_copy(
            vault, args.attachment,
            lambda data: atomic_write_bytes(out, data, "decrypted copy"))
    print(f"wrote a decrypted copy to {out} (sha256 {digest}); recorded in the audit log")
    return 0


def _delete(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        from sirat.services.attachments import store as attachments

        attachments.delete_attachment(vault, args.attachment)
    print(f"attachment {args.attachment} deleted")
    return 0


def _limit(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        from sirat.services.attachments import store as attachments

        if args.mb is not None:
            attachments.set_max_bytes(vault, int(args.mb * 1048576))
        limit = attachments.max_bytes(vault)
    print(f"attachments are limited to {limit / 1048576:.1f} MiB")
    return 0
