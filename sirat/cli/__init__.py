"""The ``sirat`` command line: thin -- parse, call a service, print, exit code.

The commands are an explicit table (:data:`COMMANDS`): a name, its one-line help, and a
function that imports the ``cmd_*.py`` module(s) that add its actions. Only the command
being run is imported -- ``sirat --help`` lists the table and imports none of them, so it
never pays for SQLAlchemy, numpy, reportlab or pyHanko. A handler takes the parsed
arguments and returns an exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from sirat import __version__, config, crash
from sirat.errors import SiratError

log = logging.getLogger(__name__)

EXIT_BUG = 70


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, like every other failure (subparsers inherit it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"sirat: {message}. See `{self.prog} --help`.\n")


# The register functions import inside themselves on purpose: that is what keeps a command's
# libraries out of every other command (and out of `sirat --help`). They are plain imports,
# not a scan, so mypy and import-linter follow them.
def _attach(sub: Any) -> None:
    from sirat.cli import cmd_attach

    cmd_attach.register(sub)


def _audit(sub: Any) -> None:
    from sirat.cli import cmd_audit

    cmd_audit.register(sub)


def _cert(sub: Any) -> None:
    from sirat.cli import cmd_cert

    cmd_cert.register(sub)


def _demo(sub: Any) -> None:
    from sirat.cli import cmd_demo

    cmd_demo.register(sub)


def _entity(sub: Any) -> None:
    from sirat.cli import cmd_entity, cmd_entity_merge, cmd_entity_sheet

    cmd_entity.register(sub)
    cmd_entity_merge.register(sub)
    cmd_entity_sheet.register(sub)


def _package(sub: Any) -> None:
    from sirat.cli import cmd_package

    cmd_package.register(sub)


def _workstation(sub: Any) -> None:
    from sirat.cli import cmd_workstation

    cmd_workstation.register(sub)


def _pdf(sub: Any) -> None:
    from sirat.cli import cmd_pdf

    cmd_pdf.register(sub)


def _recipient(sub: Any) -> None:
    from sirat.cli import cmd_recipient

    cmd_recipient.register(sub)


def _handling(sub: Any) -> None:
    from sirat.cli import cmd_reference

    cmd_reference.register_handling(sub)


def _relation_types(sub: Any) -> None:
    from sirat.cli import cmd_reference

    cmd_reference.register_relation_types(sub)


def _report(sub: Any) -> None:
    from sirat.cli import cmd_report, cmd_workflow

    cmd_report.register(sub)
    cmd_workflow.register(sub)


def _search(sub: Any) -> None:
    from sirat.cli import cmd_search

    cmd_search.register(sub)


def _stats(sub: Any) -> None:
    from sirat.cli import cmd_stats

    cmd_stats.register(sub)


def _views(sub: Any) -> None:
    from sirat.cli import cmd_views

    cmd_views.register(sub)


def _vault_and_user(sub: Any) -> None:
    from sirat.cli import cmd_vault

    cmd_vault.register(sub)


@dataclass(frozen=True)
class Command:
    """One top-level command: the help ``sirat --help`` lists, and what adds its actions."""

    help: str
    register: Callable[[Any], None]


#: Every top-level command, in the order ``sirat --help`` lists them. A new ``cmd_*.py``
#: module needs a line here (tests/unit/test_cli_startup.py checks that none is forgotten).
COMMANDS: dict[str, Command] = {
    "vault": Command("create, back up, re-key and check a vault", _vault_and_user),
    "user": Command("manage the vault's users", _vault_and_user),
    "report": Command("list, show, export and import reports", _report),
    "search": Command("search reports and entities (any script)", _search),
    "entity": Command("list and show persons, vehicles, vessels and other entities", _entity),
    "attach": Command("evidence files of reports and entities (kept encrypted)", _attach),
    "pdf": Command("dissemination PDFs: export, verify, the register", _pdf),
    "cert": Command("signing certificates kept in the vault", _cert),
    "recipient": Command("the recipients a report can be disseminated to", _recipient),
    "handling": Command("the handling codes H0-H3 and their wording", _handling),
    "relation": Command("the relation types: kinds of link between two entities", _relation_types),
    "package": Command("signed and encrypted packages to and from partner workstations", _package),
    "workstation": Command("this workstation's exchange key and pinned partners", _workstation),
    "audit": Command("read, verify and checkpoint the audit trail (administrators)", _audit),
    "stats": Command("statistics over approved reports; analytical products", _stats),
    "demo": Command("create a new vault filled with synthetic sample data", _demo),
    "timeline": Command("the reports over time, as a PDF or SVG figure", _views),
    "map": Command("the reports' places on the offline map", _views),
}


def command_in(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is not a top-level option)."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--vault":
            rest = rest[1:]
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The parser with ``command``'s actions (or ``every`` command's); the other commands
    are listed by name and help only, without importing their modules."""
    parser = OneLineParser(
        prog="sirat",
        description="SIRAT intelligence reporting. Without a command, starts the desktop app.",
        allow_abbrev=False,  # `command_in` must find the command word without argparse's help
    )
    parser.add_argument("--version", action="version", version=f"sirat {__version__}")
    # For the desktop app; a subcommand's own --vault wins, else it inherits this one.
    parser.add_argument("--vault", dest="app_vault", help=argparse.SUPPRESS, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        COMMANDS[command].register(sub)
    registered = {COMMANDS[command].register} if command in COMMANDS else set()
    for name, cmd in COMMANDS.items():
        if every and cmd.register not in registered:
            registered.add(cmd.register)
            cmd.register(sub)
        elif name not in sub.choices:  # listed by its help only; its module stays unread
            sub.add_parser(name, help=cmd.help, add_help=False)
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
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
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


def _run(args_list: list[str]) -> int:
    parser = build_parser(command_in(args_list))
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
    return int(handler(args) or 0)
