"""The ``sirat`` command line: thin -- parse, call a service, print, exit code.

Each ``cmd_*.py`` module in this package adds its subcommands with ``register(subparsers)``;
a handler takes the parsed arguments and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from sirat import config, crash
from sirat.errors import SiratError

log = logging.getLogger(__name__)

EXIT_BUG = 70


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, like every other failure (subparsers inherit it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"sirat: {message}. See `{self.prog} --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="sirat",
        description="SIRAT intelligence reporting. Without a command, starts the desktop app.",
    )
    # For the desktop app; a subcommand's own --vault wins, else it inherits this one.
    parser.add_argument("--vault", dest="app_vault", help=argparse.SUPPRESS, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(sub)
    return parser


class PrivateLogFile(logging.FileHandler):
    """The log file, created owner-only (with its folder) on the first record, not before."""

    def _open(self) -> Any:
        path = Path(self.baseFilename)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8")


def configure_logging() -> None:
    """Warnings go to a private log file: stderr carries one clear line per failure."""
    handler = PrivateLogFile(config.log_dir() / "sirat.log", encoding="utf-8", delay=True)
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[handler],
    )


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()
    crash.install()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from sirat.ui.app import run_app

        return int(run_app(vault=args.app_vault))
    if args.app_vault and getattr(args, "vault", None) is None:
        args.vault = Path(args.app_vault)
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
    except BrokenPipeError:
        # The reader went away (`sirat user list | head`): not an error worth a crash record.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        path = crash.write_record(exc)
        where = f" A crash record without personal data was written to {path}." if path else ""
        print(f"sirat: internal error ({type(exc).__name__}).{where}", file=sys.stderr)
        return EXIT_BUG
