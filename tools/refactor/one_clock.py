"""One clock: every reading of "now" goes through ``sirat.clock`` (issue 22).

``datetime.now(UTC)`` (or ``timezone.utc``, ``tz=``) anywhere in ``sirat/`` (but the clock
itself) becomes ``clock.now()`` with ``from sirat import clock``; the imports left unused go
(``ruff --fix --select F401,I``); a naive ``datetime.utcnow()``/``now()`` is printed for a
hand. Re-runnable after a merge; a second run changes nothing::

    .venv/bin/python tools/refactor/one_clock.py          # rewrite
    .venv/bin/python tools/refactor/one_clock.py --check  # list (exit 1)

Left alone on purpose: ``date.today()`` in the app (the analyst's own calendar day, local
time, offered as a default in a form) is not a reading of the stored clock.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "sirat" / "clock.py"
#: ``datetime.now(UTC)``, ``datetime.now(tz=UTC)``, ``datetime.now(timezone.utc)``,
#: ``dt.datetime.now(dt.UTC)``... -- every spelling of an aware UTC now.
_NOW = re.compile(r"\b(?:dt\.)?datetime\.now\(\s*(?:tz\s*=\s*)?"
                  r"(?:(?:dt\.|datetime\.)?UTC|(?:dt\.|datetime\.)?timezone\.utc)\s*\)")
#: Naive readings of the clock: not rewritten (``clock.now()`` is aware, and a naive value
#: compared with it would raise), printed for a hand.
_NAIVE = re.compile(r"\b(?:dt\.)?datetime\.(?:utcnow|now)\(\s*\)")
_IMPORT = "from sirat import clock\n"


def files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          "sirat"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return [ROOT / f for f in out.splitlines()
            if f.endswith(".py") and (ROOT / f).is_file() and ROOT / f != CLOCK]


def rewrite(text: str) -> str:
    if not _NOW.search(text):
        return text
    text = _NOW.sub("clock.now()", text)
    tree = ast.parse(text)
    if any(isinstance(n, ast.ImportFrom) and n.module == "sirat"
           and any(a.name == "clock" and a.asname is None for a in n.names) for n in tree.body):
        return text
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    after = (imports[-1].end_lineno or imports[-1].lineno) if imports else 0
    lines = text.splitlines(keepends=True)
    lines.insert(after, _IMPORT)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list what would change")
    args = parser.parse_args(argv)
    changed = {}
    for path in files():
        text = path.read_text(encoding="utf-8")
        if (new := rewrite(text)) != text:
            changed[path] = new
        for m in _NAIVE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            print(f"  a naive clock, left for a hand: {path.relative_to(ROOT)}:{line}",
                  file=sys.stderr)
    for path in sorted(changed):
        print(path.relative_to(ROOT))
    if args.check:
        return 1 if changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    if changed:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        subprocess.run([str(ruff), "check", "--quiet", "--fix", "--select", "F401,I",
                        *map(str, changed)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
