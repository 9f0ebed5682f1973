"""``sirat demo``: create a new vault filled with realistic synthetic data."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from sirat import config
from sirat.cli.common import add_vault_arg, passphrase, user_name, vault_path
from sirat.errors import ValidationError
from sirat.services.demo.vault import DEFAULT_REPORTS, DEFAULT_SEED, create_demo

MAX_REPORTS = 1_000_000


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="create a new vault filled with synthetic sample data")
    add_vault_arg(p)
    p.add_argument("--reports", type=int, default=DEFAULT_REPORTS,
                   help=f"number of reports (default {DEFAULT_REPORTS})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help="the same seed gives the same content")
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    if not 1 <= args.reports <= MAX_REPORTS:
        raise ValidationError.single("reports", f"Give between 1 and {MAX_REPORTS} reports.")
    path = vault_path(args)
    if args.vault is None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = passphrase(prompt="New vault passphrase: ", confirm=True)
    others = os.environ.get(config.NEW_PASSPHRASE_ENV)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} reports", end="", file=sys.stderr, flush=True)

    result = create_demo(path, user_name(args), secret, other_passphrase=others,
                         reports=args.reports, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    g = result.generated
    print(f"Created demo vault {result.path} with {g.reports} reports, {g.entities} entities, "
          f"{g.links} links and {g.relations} relations.")
    print(f"Administrator: {result.admin}.")
    source = (config.NEW_PASSPHRASE_ENV if others is not None
              else f"the administrator's ({config.PASSPHRASE_ENV})")
    for name, role in result.users:
        print(f"  {role:<10} {name}  (passphrase: {source})")
    return 0
