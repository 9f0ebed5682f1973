"""The ``sirat`` command line: thin -- parse, call a service, print, exit code.

Each ``cmd_*.py`` module in this package adds its subcommands with ``register(subparsers)``;
a handler takes the parsed arguments and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from sirat import crash
from sirat.errors import SiratError

log = logging.getLogger(__name__)

EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sirat",
        description="SIRAT intelligence reporting. Without a command, starts the desktop app.",
    )
    parser.add_argument("--vault", help=argparse.SUPPRESS, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    crash.install()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from sirat.ui.app import run_app

        return int(run_app(vault=args.vault))
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([*args_list, "--help"])
        return 2
    try:
        return int(handler(args) or 0)
    except SiratError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        print(f"sirat: {exc.message}{hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sirat: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as exc:
        path = crash.write_record(exc)
        where = f" A crash record without personal data was written to {path}." if path else ""
        print(f"sirat: internal error ({type(exc).__name__}).{where}", file=sys.stderr)
        return EXIT_BUG
