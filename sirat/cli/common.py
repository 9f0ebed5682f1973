"""Helpers shared by the CLI commands: vault and user options, passphrases, output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from sirat import config
from sirat.errors import SiratError
from sirat.vault import Vault


def add_vault_arg(p: argparse.ArgumentParser, user: bool = True) -> None:
    p.add_argument("--vault", type=Path, default=None,
                   help="vault folder (default: the user data folder)")
    if user:
        p.add_argument("--user", required=False, default=None,
                       help="your SIRAT user name (default: $SIRAT_USER or your login name)")


def add_json_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault) if getattr(args, "vault", None) else config.default_vault_path()


def user_name(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get("SIRAT_USER") or getpass.getuser()
    return str(name)


def passphrase(env: str = config.PASSPHRASE_ENV, prompt: str = "Passphrase: ",
               confirm: bool = False) -> str:
    """From the environment for automation, else prompted -- never from the command line."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise SiratError(
            "A passphrase is needed and there is no terminal to ask for it.",
            f"Set {env} in the environment of the calling process.",
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: ") != first:
        raise SiratError("The two passphrases differ.", "Run the command again.")
    return first


def open_vault(args: argparse.Namespace, secret: str | None = None) -> Vault:
    """Sign in with --vault/--user and the passphrase (given, from the environment, or asked)."""
    from sirat.services.access.session import sign_in

    return sign_in(vault_path(args), user_name(args), passphrase() if secret is None else secret)


def to_jsonable(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, bytes):
        return obj.hex()
    return obj


def print_json(obj: Any) -> None:
    json.dump(to_jsonable(obj), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    data = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in data:
        for i, c in enumerate(r):
            widths[i] = min(max(widths[i], len(c)), 60)
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for r in data:
        print("  ".join(c[:60].ljust(widths[i]) for i, c in enumerate(r)).rstrip())


_groups: dict[tuple[int, str], Any] = {}


def group(sub: Any, name: str, help_text: str) -> Any:
    """The sub-command action of a command group (``sirat report ...``), created once.

    Several ``cmd_*.py`` modules may add actions to one group: each calls
    ``group(sub, "report", "...").add_parser("submit", ...)``.
    """
    key = (id(sub), name)
    if key not in _groups:
        parser = sub.add_parser(name, help=help_text)
        _groups[key] = parser.add_subparsers(
            dest=f"{name}_command", metavar="ACTION", required=True
        )
    return _groups[key]


def add_out_arg(p: argparse.ArgumentParser, what: str, *, stdout: bool = False) -> None:
    """``--out FILE`` (required) and ``--force``: never replace a file by accident."""
    extra = ", or - for standard output" if stdout else ""
    p.add_argument("--out", required=True, metavar="FILE", help=f"{what} to write{extra}; an "
                   "existing file is kept unless --force")
    p.add_argument("--force", action="store_true",
                   help="replace an existing regular file (never a link, device or folder)")


def checked_out(path: Path, *, force: bool) -> Path:
    """Refuse an ``--out`` path that would replace something it should not (before any work).

    A link, device, pipe or folder is never replaced (the atomic write would swap it for a
    file, or write through it); an existing regular file only with ``--force``; a missing
    folder is named instead of failing mid-way.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SiratError(f"{path} cannot be checked ({exc.strerror}).",
                         "Check the path and the permissions.") from None
    if st is not None:
        import stat

        if stat.S_ISLNK(st.st_mode):
            raise SiratError(f"{path} is a symbolic link; SIRAT does not write through links.",
                             "Give the path of a new file.")
        if stat.S_ISDIR(st.st_mode):
            raise SiratError(f"{path} is a folder.", "Give the path of a file to create in it.")
        if not stat.S_ISREG(st.st_mode):
            raise SiratError(f"{path} is not a regular file (a device or a pipe).",
                             "Give the path of a new file.")
        if not force:
            raise SiratError(f"{path} already exists.",
                             "Choose a new file name, or pass --force to replace it.")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise SiratError(f"The folder {parent} does not exist.",
                         "Create it first, or choose an existing folder.")
    return path


def text_argument(value: str, what: str) -> str:
    """``-`` reads the value from standard input (kept out of the process list)."""
    if value != "-":
        return value
    data = read_stdin(what)
    if not data.strip():
        raise SiratError(f"No {what} on standard input.", f"Pipe the {what} in, or type it.")
    return data.strip()


def read_stdin(what: str) -> str:
    """All of standard input as text; bytes that are not UTF-8 are one clear line."""
    try:
        return sys.stdin.buffer.read().decode("utf-8") if sys.stdin else ""
    except UnicodeDecodeError:
        raise SiratError(f"The {what} on standard input is not UTF-8 text.",
                         "Save it as UTF-8 and pipe it in again.") from None
