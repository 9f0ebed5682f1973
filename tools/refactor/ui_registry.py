"""Compose the app's actions in ``sirat/ui/registry.py`` and nowhere else (issue 22).

Re-runnable: run it from the repository root after merging a branch written against the old
layout (``build_registry`` and ``extension_modules`` in ``sirat/ui/actions.py``, the module
every extension imports -- a circle of 13 edges)::

    .venv/bin/python tools/refactor/ui_registry.py          # rewrite
    .venv/bin/python tools/refactor/ui_registry.py --check  # what would change (exit 1)

What it does; a second run changes nothing:

1. Deletes ``extension_modules`` and ``build_registry`` from ``sirat/ui/actions.py`` if a
   merge brought them back there (and the imports only they used).
2. Writes the body of ``extension_modules`` in ``sirat/ui/registry.py`` from the tree: one
   ``from sirat.ui.<package> import actions as <package>_actions`` per
   ``sirat/ui/<package>/actions.py`` that defines ``register`` -- so an extension added by
   another branch is listed without a hand edit.
3. Rewrites ``from sirat.ui.actions import ... build_registry, extension_modules ...`` in every
   tracked or untracked ``.py`` file (``.venv`` excluded) to import those two names from
   ``sirat.ui.registry``, and the dotted names ``sirat.ui.actions.build_registry`` /
   ``.extension_modules`` in code, strings and docs.
4. Sorts the imports of the rewritten files (``ruff check --fix --select I``).
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ROOT / "sirat" / "ui" / "actions.py"
REGISTRY = ROOT / "sirat" / "ui" / "registry.py"
MOVED = ("build_registry", "extension_modules")
_BODY_START = '    """Each part of the app that adds actions, imported by name, in menu order."""\n'
#: the same import inside a string of code (the bench runs code in a child process)
_LINE = re.compile(r"^(\s*)from sirat\.ui\.actions import ((?:build_registry|extension_modules)"
                   r"(?:, (?:build_registry|extension_modules))?)$", re.M)
_DOTTED = re.compile(r"\bsirat\.ui\.actions\.(build_registry|extension_modules)\b")


def tree_files(*suffixes: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / f for f in out.splitlines()
            if f.endswith(suffixes) and not f.startswith(".venv") and (ROOT / f).is_file()]


def extension_packages() -> list[str]:
    ui = ROOT / "sirat" / "ui"
    return sorted(p.parent.name for p in ui.glob("*/actions.py")
                  if re.search(r"^def register\(", p.read_text(encoding="utf-8"), re.M))


def registry_body(packages: list[str]) -> str:
    lines = [f"    from sirat.ui.{p} import actions as {p}_actions\n" for p in packages]
    names = ", ".join(f"{p}_actions" for p in packages)
    ret = _wrap(f"    return [{names}]", indent=12)
    return _BODY_START + "".join(lines) + "\n" + ret + "\n"


def _wrap(line: str, indent: int, width: int = 99) -> str:
    """Wrap a ``return [a, b, ...]`` line at commas (ruff's line length)."""
    if len(line) <= width:
        return line
    out, current = [], ""
    for part in line.split(", "):
        candidate = f"{current}, {part}" if current else part
        if current and len(candidate) + 1 > width:
            out.append(current + ",")
            current = " " * indent + part
        else:
            current = candidate
    out.append(current)
    return "\n".join(out)


def rewrite_registry(text: str, packages: list[str]) -> str:
    start = text.index(_BODY_START)
    following = re.compile(r"\n+(?=def )").search(text, start)
    end = following.end() if following else len(text)
    return text[:start] + registry_body(packages) + "\n\n" + text[end:]


def strip_actions(text: str) -> str:
    """``sirat/ui/actions.py`` without the functions that compose the registry."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    spans = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in MOVED:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans.append((first - 1, node.end_lineno or node.lineno))
    for first, last in sorted(spans, reverse=True):
        del lines[first:last]
    out = "".join(lines)
    out = re.sub(r"\n{3,}(?=\S)", "\n\n\n", out).rstrip("\n") + "\n"
    if spans:
        out = _drop_unused("Iterable", out)
    return out


def _drop_unused(name: str, text: str) -> str:
    """Remove ``name`` from ``from collections.abc import ...`` when nothing else uses it."""
    line = re.compile(r"^from collections\.abc import (.*)$", re.M)
    if re.search(rf"\b{name}\b", line.sub("", text)):
        return text

    def drop(m: re.Match[str]) -> str:
        names = [n for n in m.group(1).split(", ") if n != name]
        return f"from collections.abc import {', '.join(names)}" if names else ""

    return line.sub(drop, text)


def rewrite_imports(text: str) -> str:
    """``from sirat.ui.actions import X, build_registry`` -> two imports."""
    if "sirat.ui.actions" not in text:
        return text
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module == "sirat.ui.actions"):
            continue
        moved = [a for a in node.names if a.name in MOVED]
        if not moved:
            continue
        kept = [a for a in node.names if a.name not in MOVED]
        indent = " " * node.col_offset

        def names(aliases: list[ast.alias]) -> str:
            return ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)

        new = f"{indent}from sirat.ui.registry import {names(moved)}\n"
        if kept:
            new = f"{indent}from sirat.ui.actions import {names(kept)}\n" + new
        edits.append((node.lineno - 1, node.end_lineno or node.lineno, new))
    for first, last, new in sorted(edits, reverse=True):
        lines[first:last] = [new]
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list what would change")
    args = parser.parse_args(argv)
    changed: dict[Path, str] = {}

    actions = ACTIONS.read_text(encoding="utf-8")
    if (new := strip_actions(actions)) != actions:
        changed[ACTIONS] = new
    registry = REGISTRY.read_text(encoding="utf-8")
    if (new := rewrite_registry(registry, extension_packages())) != registry:
        changed[REGISTRY] = new
    for path in tree_files(".py", ".md", ".toml"):
        if path in (ACTIONS, REGISTRY) or path == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite_imports(text) if path.suffix == ".py" else text
        new = _LINE.sub(r"\1from sirat.ui.registry import \2", new)
        new = _DOTTED.sub(r"sirat.ui.registry.\1", new)
        if new != text:
            changed[path] = new

    for path in sorted(changed):
        print(path.relative_to(ROOT))
    if args.check:
        return 1 if changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    py = [str(p) for p in changed if p.suffix == ".py"]
    if py:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        subprocess.run([str(ruff), "check", "--quiet", "--fix", "--select", "I", *py], cwd=ROOT,
                       check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
