"""Stop the app declaring what a service changed: services say it themselves (issue 22).

An operation's :class:`~sirat.domain.changes.Changes` now come from the transactions it
committed (``sirat.vault.changes``, noted by every audit record of a change), so the
``changes=`` argument of ``Context.run`` / ``Tasks.run`` / ``Op(...)`` is gone. This script
removes it from code written against the old seam, re-runnable after a merge::

    .venv/bin/python tools/refactor/drop_declared_changes.py          # rewrite sirat/ui
    .venv/bin/python tools/refactor/drop_declared_changes.py --check  # list (exit 1)

What it does; a second run changes nothing:

1. In every ``.py`` file under ``sirat/ui`` (tracked or not), deletes the keyword argument
   ``changes=...`` (with its comma) of every call of ``run``, ``run_with_progress``,
   ``start`` or ``Op``.
2. Deletes the module-level helpers that only built such a value -- functions annotated
   ``-> Changes`` whose name is no longer used in their module.
3. Deletes the local variables only such a value used (``rid = self.report_id`` that ruff
   now reports as F841 -- the statement, when it is a plain assignment) and the imports this
   left unused (``ruff check --fix --select F401``).

Tests that declared ``changes=`` to test the old seam are not touched: they need a new test.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALLS = frozenset({"run", "run_with_progress", "start", "Op"})


def ui_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          "sirat/ui"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return [ROOT / f for f in out.splitlines() if f.endswith(".py") and (ROOT / f).is_file()]


def _offsets(text: str) -> list[int]:
    starts, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def drop_keywords(text: str) -> str:
    """Delete every ``changes=...`` keyword of the calls in :data:`CALLS`."""
    tree = ast.parse(text)
    starts = _offsets(text)

    def at(line: int, col: int) -> int:
        # ast columns are UTF-8 byte offsets
        line_text = text[starts[line - 1]:starts[line]]
        return starts[line - 1] + len(line_text.encode("utf-8")[:col].decode("utf-8"))

    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _callee(node) not in CALLS:
            continue
        for kw in node.keywords:
            if kw.arg != "changes" or kw.end_lineno is None or kw.end_col_offset is None:
                continue
            begin, end = at(kw.lineno, kw.col_offset), at(kw.end_lineno, kw.end_col_offset)
            before = text[:begin].rstrip()
            if before.endswith(","):  # ", changes=..." -> ""
                begin = len(before) - 1
            else:  # first argument: "changes=..., " -> ""
                after = re.match(r"\s*,\s*", text[end:])
                end += after.end() if after else 0
            spans.append((begin, end))
    for begin, end in sorted(spans, reverse=True):
        text = text[:begin] + text[end:]
    return text


def drop_helpers(text: str) -> str:
    """Delete module-level ``def _x(...) -> Changes`` no longer used in the module."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    spans = []
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and isinstance(node.returns, ast.Name)
                and node.returns.id == "Changes"):
            continue
        if len(re.findall(rf"\b{re.escape(node.name)}\b", text)) > 1:
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        spans.append((first - 1, node.end_lineno or node.lineno))
    for first, last in sorted(spans, reverse=True):
        del lines[first:last]
    out = "".join(lines)
    if spans:
        out = re.sub(r"\n{3,}(?=\S)", "\n\n\n", out).rstrip("\n") + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list what would change")
    args = parser.parse_args(argv)
    changed: dict[Path, str] = {}
    for path in ui_files():
        text = path.read_text(encoding="utf-8")
        if "changes" not in text:
            continue
        new = drop_helpers(drop_keywords(text))
        if new != text:
            changed[path] = new
    for path in sorted(changed):
        print(path.relative_to(ROOT))
    if args.check:
        return 1 if changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    if changed:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        drop_unused_locals(ruff, list(changed))
        subprocess.run([str(ruff), "check", "--quiet", "--fix", "--select", "F401,I",
                        *map(str, changed)], cwd=ROOT, check=False)
    return 0


def drop_unused_locals(ruff: Path, paths: list[Path]) -> None:
    """Delete ``name = <expr>`` statements ruff reports as assigned but never used."""
    report = subprocess.run([str(ruff), "check", "--quiet", "--select", "F841",
                             "--output-format", "json", *map(str, paths)], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout
    found: dict[str, set[int]] = {}
    for item in json.loads(report or "[]"):
        found.setdefault(item["filename"], set()).add(item["location"]["row"])
    for filename, rows in found.items():
        path = Path(filename)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        spans = [(n.lineno - 1, n.end_lineno or n.lineno) for n in ast.walk(ast.parse(text))
                 if isinstance(n, ast.Assign) and n.lineno in rows and len(n.targets) == 1
                 and isinstance(n.targets[0], ast.Name)]
        for first, last in sorted(spans, reverse=True):
            del lines[first:last]
        path.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
