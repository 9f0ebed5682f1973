"""``sirat report submit|approve|return|reopen|handover|stranded|comment|comments|queue|
history|compare``.

The review life cycle from the command line; the rules are the services' (see
``sirat.services.workflow.review``). REPORT is a reference (SIRAT-2026-000001) or a numeric id.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sirat import lazy
from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    group,
    open_vault,
    print_json,
    print_table,
    read_stdin,
)
from sirat.errors import SiratError

if TYPE_CHECKING:
    from sirat.services.reports import history
    from sirat.services.reports import records as reports
    from sirat.services.workflow import handover
    from sirat.services.workflow import review as workflow
else:
    # Loaded when a handler runs, after the key derivation (bench figure start.command).
    handover = lazy.module("sirat.services.workflow.handover")
    history = lazy.module("sirat.services.reports.history")
    reports = lazy.module("sirat.services.reports.records")
    workflow = lazy.module("sirat.services.workflow.review")

_HELP = "reports: write, review and disseminate"


def register(sub: Any) -> None:
    g = group(sub, "report", _HELP)

    p = _action(g, "submit", "send your draft for review", _submit)
    p = _action(g, "reopen", "take your report back to draft (clears any approval)", _reopen)
    p = _action(g, "approve", "approve a submitted report (supervisor, not the author)",
                _approve)
    _comment_args(p, required=False)
    p.add_argument("--version", type=int, default=None,
                   help="the version you reviewed; refused if the report changed since")
    p = _action(g, "return", "send a report back to draft with a comment (supervisor)",
                _return)
    _comment_args(p, required=True)
    p.add_argument("--version", type=int, default=None,
                   help="the version you reviewed; refused if the report changed since")
    p = _action(g, "comment", "add a comment to the report's thread", _comment)
    _comment_args(p, required=True)

    p = _action(g, "comments", "show the report's comment thread", _comments)
    add_json_arg(p)
    p = _action(g, "history", "list the report's saved versions", _history)
    add_json_arg(p)
    p = _action(g, "compare", "compare two saved versions word by word", _compare)
    p.add_argument("old", type=int, help="older version number")
    p.add_argument("new", type=int, help="newer version number")
    add_json_arg(p)

    p = _action(g, "handover", "give a stranded draft (an administrator's or a removed "
                "user's) to an analyst or supervisor (administrator)", _handover)
    p.add_argument("--to", required=True, metavar="USER", help="the user name to receive it")
    p = g.add_parser("stranded", help="drafts nobody can submit: written by an administrator "
                     "or a removed user (administrator)")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_stranded)

    p = g.add_parser("queue", help="submitted reports waiting for your review (supervisor)")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_queue)


def _action(g: Any, name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = g.add_parser(name, help=help_text)
    add_vault_arg(p)
    p.add_argument("report", metavar="REPORT", help="reference (SIRAT-2026-000001) or id")
    p.set_defaults(handler=handler)
    return p


def _comment_args(p: argparse.ArgumentParser, *, required: bool) -> None:
    src = p.add_mutually_exclusive_group(required=required)
    src.add_argument("--comment", metavar="TEXT",
                     help="the comment; '-' reads it from standard input. A comment may name "
                          "people, and command-line arguments are visible to every local user "
                          "in the process list: prefer '-' or --comment-file")
    src.add_argument("--comment-file", metavar="FILE", type=Path,
                     help="read the comment from FILE ('-' for standard input)")


def _comment_text(args: argparse.Namespace) -> str:
    if args.comment is not None:
        return read_stdin("comment") if args.comment == "-" else str(args.comment)
    path: Path | None = args.comment_file
    if path is None:
        return ""
    if str(path) == "-":
        return read_stdin("comment")
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiratError("The comment file cannot be read as UTF-8 text.",
                         "Check the path and the encoding.") from exc


def _said(change: workflow.StatusChange) -> int:
    print(f"{change.reference} (version {change.version}): {change.old_status} -> "
          f"{change.new_status}.")
    return 0


def _submit(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        return _said(workflow.submit(vault, reports.find_report_id(vault, args.report)))


def _reopen(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        return _said(workflow.reopen(vault, reports.find_report_id(vault, args.report)))


def _approve(args: argparse.Namespace) -> int:
    text = _comment_text(args)
    with open_vault(args) as vault:
        rid = reports.find_report_id(vault, args.report)
        return _said(workflow.approve(vault, rid, comment=text, expected_version=args.version))


def _return(args: argparse.Namespace) -> int:
    text = _comment_text(args)
    with open_vault(args) as vault:
        return _said(workflow.return_report(vault, reports.find_report_id(vault, args.report), text,
                                            expected_version=args.version))


def _handover(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        done = handover.hand_over(vault, reports.find_report_id(vault, args.report), args.to)
    print(f"{done.reference}: handed over from {done.from_name} to {done.to_name}.")
    return 0


def _stranded(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = handover.stranded_drafts(vault)
    if args.json:
        print_json([{"reference": r.reference, "title": r.title, "author": r.author_name,
                     "why": r.why, "updated_at": r.updated_at} for r in rows])
        return 0
    print_table(["reference", "author", "why", "title"],
                [(r.reference, r.author_name, r.why, r.title) for r in rows])
    return 0


def _comment(args: argparse.Namespace) -> int:
    text = _comment_text(args)
    with open_vault(args) as vault:
        c = workflow.add_comment(vault, reports.find_report_id(vault, args.report), text)
    print(f"Comment {c.id} added.")
    return 0


def _comments(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = workflow.comments(vault, reports.find_report_id(vault, args.report))
    if args.json:
        print_json(rows)
        return 0
    for c in rows:
        print(f"[{c.created_at[:19].replace('T', ' ')}] {c.author_name} ({c.kind}, "
              f"version {c.report_version})")
        if c.body:
            print("    " + c.body.replace("\n", "\n    "))
    return 0


def _queue(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = workflow.review_queue(vault)
    if args.json:
        print_json(rows)
    else:
        print_table(["reference", "version", "submitted", "author", "title"],
                    [(r.reference, r.version, r.submitted_at[:16].replace("T", " "),
                      r.author_name, r.title) for r in rows])
    return 0


def _history(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = history.versions(vault, reports.find_report_id(vault, args.report))
    if args.json:
        print_json(rows)
    else:
        print_table(["version", "saved", "by", "approved", "current"],
                    [(v.version, v.saved_at[:19].replace("T", " "), v.saved_by_name,
                      "yes" if v.approved else "", "yes" if v.current else "") for v in rows])
    return 0


def _compare(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        cmp = history.compare(vault, reports.find_report_id(vault, args.report), args.old, args.new)
    if args.json:
        print_json({"report_id": cmp.report_id, "old_version": cmp.old_version,
                    "new_version": cmp.new_version,
                    "changed": [{"field": f.field, "label": f.label, "old": f.old, "new": f.new,
                                 "changes": f.changes} for f in cmp.changed]})
        return 0
    if not cmp.changed:
        print(f"Versions {cmp.old_version} and {cmp.new_version} are the same.")
    for f in cmp.changed:
        print(f"{f.label}:")
        print("  old: " + "".join(f"[-{t}-]" if marked else t for t, marked in f.left()))
        print("  new: " + "".join(f"{{+{t}+}}" if marked else t for t, marked in f.right()))
    return 0
