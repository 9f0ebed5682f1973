"""``sirat vault init|backup|rotate-key|check`` and ``sirat user add|remove|list|passwd``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sirat import config, lazy
from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    group,
    open_vault,
    passphrase,
    print_json,
    print_table,
    user_name,
    vault_path,
)
from sirat.errors import VaultCorrupt
from sirat.services.access import session

if TYPE_CHECKING:
    from sirat.services import roles
    from sirat.services.access import backup, users
else:
    # Loaded when a handler runs, after the key derivation (bench figure start.command).
    backup = lazy.module("sirat.services.access.backup")
    roles = lazy.module("sirat.services.roles")
    users = lazy.module("sirat.services.access.users")


def register(sub: Any) -> None:
    vs = group(sub, "vault", "create, back up, re-key and check a vault")

    p = vs.add_parser("init", help="create a new vault; you become its administrator")
    add_vault_arg(p)
    p.add_argument("--display-name", default=None)
    p.set_defaults(handler=_init)

    p = vs.add_parser("backup", help="write a consistent encrypted copy of the vault")
    add_vault_arg(p)
    p.add_argument("--out", type=Path, required=True, help="new folder for the backup")
    p.set_defaults(handler=_backup)

    p = vs.add_parser("rotate-key", help="re-encrypt the vault under a new data key")
    add_vault_arg(p)
    p.set_defaults(handler=_rotate)

    p = vs.add_parser("check", help="verify every encrypted page, the database structure and "
                      "that no committed work is missing")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--accept-lost-work", action="store_true",
                   help="administrators: after trying the backups, continue without the "
                   "committed work reported missing (the acceptance is audited)")
    p.add_argument("--repair", action="store_true",
                   help="administrators: remove attachments whose key or file is damaged "
                   "(each audited) and files that belong to no attachment; try a backup first")
    p.set_defaults(handler=_check)

    us = group(sub, "user", "manage the vault's users")
    p = us.add_parser("add", help="add a user (administrator); passphrase from "
                      f"{config.NEW_PASSPHRASE_ENV} or a prompt")
    add_vault_arg(p)
    p.add_argument("name")
    p.add_argument("--role", default="analyst", choices=["analyst", "supervisor", "administrator"])
    p.add_argument("--display-name", default=None)
    p.set_defaults(handler=_user_add)

    p = us.add_parser("remove", help="remove a user (administrator); then run rotate-key")
    add_vault_arg(p)
    p.add_argument("name")
    p.set_defaults(handler=_user_remove)

    p = us.add_parser("role", help="give a user another role (administrator); effective at "
                      "their next sign-in")
    add_vault_arg(p)
    p.add_argument("name")
    p.add_argument("role", choices=["analyst", "supervisor", "administrator"])
    p.set_defaults(handler=_user_role)

    p = us.add_parser("list", help="list the vault's users")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_user_list)

    p = us.add_parser("passwd", help="change your own passphrase")
    add_vault_arg(p)
    p.set_defaults(handler=_user_passwd)


def _init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    secret = passphrase(prompt="New vault passphrase: ", confirm=True)
    if args.vault is None:  # the default location's parent is ours to create
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with session.create_vault(path, user_name(args), secret,
                              display_name=args.display_name) as vault:
        print(f"Created vault {vault.path} with administrator {vault.info.user_name}.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        dest = backup.backup_vault(vault, args.out)
    print(f"Backup written to {dest}. It opens with the same passphrases.")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        gen = users.rotate_key(vault)
    print(f"The vault is now encrypted under a new data key (generation {gen}).")
    return 0


def _check(args: argparse.Namespace) -> int:
    vault = session.sign_in(vault_path(args), user_name(args), passphrase(),
                            allow_lost_work=True)
    with vault:
        if args.accept_lost_work:
            accepted = session.accept_lost_work(vault)
            print(f"Accepted: {accepted}" if accepted else "No committed work is missing.")
        if args.repair:
            from sirat.services.attachments.repair import repair_attachments

            done = repair_attachments(vault)
            for attachment_id, problem in done.removed:
                print(f"Removed attachment {attachment_id}: {problem}")
            print(f"Repaired: {len(done.removed)} damaged attachment(s) removed, "
                  f"{done.orphan_files} file(s) without an attachment removed.")
        problems = vault.check()
    if args.json:
        print_json({"ok": not problems, "problems": problems})
    elif problems:
        for p in problems:
            print(p)
    else:
        print("The vault is sound: every page authenticates and the structure is intact.")
    if problems:
        attachment = any(p.startswith("attachment ") or "belong to no attachment" in p
                         for p in problems)
        raise VaultCorrupt(f"{len(problems)} problem(s) found.",
                           "Restore from a backup" + (
                               "; or remove the damaged attachments with `sirat vault check "
                               "--repair` (administrators, audited)." if attachment else "."))
    return 0


def _user_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        roles.require_role(vault, "administrator")  # before asking for a passphrase
        new = passphrase(config.NEW_PASSPHRASE_ENV, prompt=f"Passphrase for {args.name}: ",
                         confirm=True)
        u = users.add_user(vault, args.name, new, role=args.role, display_name=args.display_name)
    print(f"Added user {u.name} ({u.role}).")
    return 0


def _user_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        u = users.remove_user(vault, args.name)
    print(f"Removed user {u.name}. Run `sirat vault rotate-key` so their old key no longer "
          "opens copies of this vault.")
    return 0


def _user_role(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        u = users.change_role(vault, args.name, args.role)
    print(f"{u.name} is now {u.role}; it takes effect at their next sign-in.")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        rows = users.list_users(vault)
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "name", "display name", "role", "since"],
                    [(u.id, u.name, u.display_name, u.role, u.created_at) for u in rows])
    return 0


def _user_passwd(args: argparse.Namespace) -> int:
    current = passphrase(prompt="Current passphrase: ")
    with open_vault(args, current) as vault:
        new = passphrase(config.NEW_PASSPHRASE_ENV, prompt="New passphrase: ", confirm=True)
        users.change_passphrase(vault, current, new)
    print("Passphrase changed.")
    return 0
