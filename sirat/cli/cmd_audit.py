"""``sirat audit list|verify|checkpoint|keys``: read, verify and checkpoint the audit trail.

All four are for administrators. ``verify`` exits with 4 when a record is broken, a
checkpoint does not hold, or an approval, a report's status or a dissemination-register row
does not verify (``sirat.services.workflow.approvals``), naming each.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    checked_out,
    group,
    passphrase,
    print_json,
    print_table,
    user_name,
    vault_path,
)
from sirat.errors import Conflict, SiratError
from sirat.services import integrity
from sirat.services.access.session import sign_in
from sirat.services.audit import checkpoint
from sirat.services.audit import log as audit
from sirat.services.reports.records import find_report_id


def register(sub: Any) -> None:
    g = group(sub, "audit", "read, verify and checkpoint the audit trail (administrators)")

    p = g.add_parser("list", help="list audit records, newest first")
    add_vault_arg(p)
    p.add_argument("--actor", metavar="NAME", help="records of this user")
    p.add_argument("--action", help="this action, or a prefix ending in '.' or '*' (report.*)")
    p.add_argument("--report", metavar="REF", help="records about this report (reference or id)")
    p.add_argument("--entity", metavar="ID", type=int, help="records about this entity")
    p.add_argument("--since", metavar="TIME", type=_time,
                   help="from this date or time (ISO 8601, UTC unless a zone is given)")
    p.add_argument("--until", metavar="TIME", type=_until,
                   help="before this time; a date alone includes that whole day")
    p.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    add_json_arg(p)
    p.set_defaults(handler=_list)

    p = g.add_parser("verify", help="check the hash chain (and against earlier checkpoints), "
                                    "every signed approval and every register row")
    add_vault_arg(p)
    p.add_argument("--checkpoint", metavar="FILE", type=Path, action="append", default=[],
                   help="a checkpoint file written earlier (repeatable)")
    p.add_argument("--trust", metavar="FINGERPRINT", action="append", default=[],
                   help="accept checkpoints signed by this key only (repeatable)")
    add_json_arg(p)
    p.set_defaults(handler=_verify)

    p = g.add_parser("checkpoint", help="write a signed checkpoint of the chain head")
    add_vault_arg(p)
    p.add_argument("--out", metavar="FILE", type=Path, required=True,
                   help="where to write it; keep it outside the vault")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(handler=_checkpoint)

    p = g.add_parser("keys", help="list the checkpoint signing keys this vault knows")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_keys)


def _time(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            "use an ISO date or time such as 2026-11-28 or 2026-11-28T14:30") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _until(text: str) -> datetime:
    value = _time(text)
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return value
    return value + timedelta(days=1)


def _open(args: argparse.Namespace, secret: str | None = None) -> Any:
    return sign_in(vault_path(args), user_name(args), secret or passphrase())


def _list(args: argparse.Namespace) -> int:
    with _open(args) as vault:
        report_id = find_report_id(vault, args.report) if args.report else None
        rows = audit.list_records(vault, audit.AuditFilter(
            user=args.actor, action=args.action, report_id=report_id, entity_id=args.entity,
            since=args.since, until=args.until, limit=args.limit))
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "at (UTC)", "actor", "action", "object", "details"],
                    [(r.id, r.at[:19].replace("T", " "), r.actor_name or "-", r.action,
                      f"{r.object_type} {r.object_id}".strip(), _details(r.details))
                     for r in rows])
    return 0


def _details(details: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(details.items()))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The checkpoint file {path} cannot be read.",
                         "Check the path.") from exc


def _verify(args: argparse.Namespace) -> int:
    files = [checkpoint.parse(_read(p), label=str(p)) for p in args.checkpoint]
    with _open(args) as vault:
        result = integrity.verify(vault, files, trusted=args.trust)
    if args.json:
        print_json({"ok": result.ok, **vars(result), "summary": result.summary()})
    else:
        for c in result.checkpoints:
            state = "holds" if c.ok else "FAILS"
            print(f"checkpoint {c.label}: {state} -- {c.message} (record {c.last_id}, "
                  f"{c.created_at}, key {checkpoint.format_fingerprint(c.fingerprint)})")
        for problem in result.problems:
            print(f"FAILS: {problem.message}")
        if result.ok:
            print(result.summary())
    if not result.ok:
        raise audit.AuditBroken(result.summary(),
                                "Keep the vault as it is and report this to your security "
                                "officer; compare with a backup.")
    return 0


def _checkpoint(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not out.is_symlink() and out.is_file() and not args.force:
        raise Conflict(f"{out} already exists; earlier checkpoints are worth keeping.",
                       "Choose a new file name, or pass --force to replace it.")
    checked_out(out, force=args.force)  # never a link, device or folder; the folder exists
    secret = passphrase()
    with _open(args, secret) as vault:
        cp = checkpoint.save(vault, secret, out, replace=args.force)
    print(f"Checkpoint of record {cp.last_id} written to {out}.")
    print(f"Signing key fingerprint: {checkpoint.format_fingerprint(cp.fingerprint)}")
    print("Record this fingerprint out of band (on paper, with your security officer).")
    return 0


def _keys(args: argparse.Namespace) -> int:
    with _open(args) as vault:
        keys = checkpoint.signing_keys(vault)
    if args.json:
        print_json(keys)
    else:
        print_table(["id", "user id", "fingerprint", "registered"],
                    [(k.id, k.user_id, checkpoint.format_fingerprint(k.fingerprint),
                      k.created_at[:19]) for k in keys])
    return 0
