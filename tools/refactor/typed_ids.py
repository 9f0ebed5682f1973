"""Typed ids on the parameters of the services' use cases (issue 22).

``def get_report(vault: Vault, report_id: int)`` becomes ``report_id: ReportId``: a caller
can no longer hand an entity's id where a report's is wanted (mypy says so). Re-runnable
after a merge brings new use cases written with bare ints::

    .venv/bin/python tools/refactor/typed_ids.py          # rewrite
    .venv/bin/python tools/refactor/typed_ids.py --check  # list what would change (exit 1)

What it rewrites: in every ``.py`` file under ``sirat/services`` (tracked or not), each
public function (no leading ``_``) whose first parameter is ``vault: Vault`` -- a use case,
the seam the app and the command line call -- gets the id types of ``sirat.domain.vocab``
on its parameters named in :data:`TYPES` annotated ``int`` or ``int | None`` (also
``list[int]``/``Sequence[int]``... for the plural names), and the import it needs
(then ``ruff --fix --select I`` sorts the imports). So does every helper, public or not,
whose first parameter is ``s: Session`` or ``session: Session`` (the work inside a
transaction: ``get_row(s, report_id)``, ``add_link(s, report_id=..., entity_id=...)``);
the ids it is handed come from typed rows. In ``sirat/ui`` every function and method is
typed so, and the annotated fields of its classes (``LinkRow.entity_id: EntityId``). A
second run changes nothing.

First, the ORM models (``sirat/models``): the primary key of each class of
:data:`MODEL_IDS` and each column named in :data:`COLUMN_TYPES` is typed with its id
(``Report.id: Mapped[ReportId]``, ``ReportEntity.entity_id: Mapped[EntityId]``), so an id
read from a row is already the domain's id; the SQL type stays the column's ``Integer``.

Then the callers: it runs mypy and, where a call now passes a plain ``int`` (a table cell,
a command-line argument, a widget's attribute) to a typed id, wraps that argument --
``get_report(v, rid)`` -> ``get_report(v, ReportId(rid))``, a ``list[int]`` into
``[ReportId(i) for i in ids]`` -- and imports the type; again until mypy has nothing more of
the kind to say. What it leaves to a hand (it prints them): an ``int | None`` passed as an
optional id (type the attribute it comes from instead) and other shapes.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VOCAB = "sirat.domain.vocab"
#: parameter name -> the id type of the domain it holds
TYPES: dict[str, str] = {
    "report_id": "ReportId", "report_ids": "ReportId",
    "entity_id": "EntityId", "entity_ids": "EntityId",
    "kept_id": "EntityId", "merged_id": "EntityId",
    "source_id": "EntityId", "target_id": "EntityId",
    "user_id": "UserId", "author_id": "UserId", "approver_id": "UserId",
    "link_id": "LinkId", "relation_id": "RelationId",
    "export_id": "ExportId", "certificate_id": "CertificateId",
    "attachment_id": "AttachmentId", "chart_id": "ChartId", "merge_id": "MergeId",
    "comment_id": "CommentId",
}
#: ORM class -> the id type of its primary key (``Report.id`` is a ``ReportId``)
MODEL_IDS: dict[str, str] = {
    "Report": "ReportId", "Entity": "EntityId", "User": "UserId",
    "ReportEntity": "LinkId", "EntityRelation": "RelationId",
    "DisseminationRecord": "ExportId", "SigningCertificate": "CertificateId",
    "Attachment": "AttachmentId", "Chart": "ChartId", "EntityMerge": "MergeId",
    "ReportComment": "CommentId",
}
#: ORM columns holding another table's id, beyond the parameter names of TYPES
COLUMN_TYPES: dict[str, str] = {
    **{k: v for k, v in TYPES.items() if not k.endswith("_ids")},
    "owner_id": "UserId", "actor_id": "UserId",
}
_COLUMN = re.compile(r"^(\s+)(\w+): Mapped\[int( \| None)?\]")
_CLASS = re.compile(r"^class (\w+)\(")
_PLAIN = re.compile(r"^int( \| None)?$")
_MANY = re.compile(r"^(list|tuple|set|frozenset|Sequence|Iterable|Collection)\[int(, \.\.\.)?\]"
                   r"( \| None)?$")


def service_files(folder: str = "sirat/services") -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          folder], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return [ROOT / f for f in out.splitlines() if f.endswith(".py") and (ROOT / f).is_file()]


#: First parameters that make a function one to type: a use case (``vault: Vault``) or a
#: helper inside a transaction (``s: Session``), public or not.
_SEAMS: frozenset[tuple[str, str]] = frozenset({("vault", "Vault"), ("s", "Session"),
                                                ("session", "Session")})


def _is_use_case(node: ast.FunctionDef) -> bool:
    params = [*node.args.posonlyargs, *node.args.args]
    if not params or params[0].annotation is None:
        return False
    first = (params[0].arg, ast.unparse(params[0].annotation))
    if first == ("vault", "Vault"):
        return not node.name.startswith("_")
    return first in _SEAMS


def _new_annotation(name: str, annotation: str) -> str | None:
    id_type = TYPES.get(name)
    if id_type is None:
        return None
    if _PLAIN.match(annotation) and not name.endswith("_ids"):
        return annotation.replace("int", id_type, 1)
    if _MANY.match(annotation) and name.endswith("_ids"):
        return annotation.replace("[int", f"[{id_type}", 1)
    return None


def rewrite(text: str, *, app: bool = False) -> tuple[str, set[str]]:
    """The text with typed ids, and the id types it now needs imported. ``app``: every
    function and method (the app's code has no vault/session seam to go by) and the fields
    of its classes (``entity_id: int`` of a row it shows)."""
    tree = ast.parse(text)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def at(line: int, col: int) -> int:
        line_text = text[starts[line - 1]:starts[line]]
        return starts[line - 1] + len(line_text.encode("utf-8")[:col].decode("utf-8"))

    edits: list[tuple[int, int, str]] = []
    needed: set[str] = set()
    for node in ast.walk(tree):
        if app and isinstance(node, ast.ClassDef):
            for field in node.body:
                if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                        and field.annotation.end_lineno is not None
                        and field.annotation.end_col_offset is not None):
                    new = _new_annotation(field.target.id, ast.unparse(field.annotation))
                    if new is not None:
                        ann = field.annotation
                        edits.append((at(ann.lineno, ann.col_offset),
                                      at(ann.end_lineno or ann.lineno,
                                         ann.end_col_offset or ann.col_offset), new))
                        needed.add(TYPES[field.target.id])
            continue
        if not isinstance(node, ast.FunctionDef) or not (app or _is_use_case(node)):
            continue
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            ann = arg.annotation
            if ann is None or ann.end_lineno is None or ann.end_col_offset is None:
                continue
            new = _new_annotation(arg.arg, ast.unparse(ann))
            if new is None:
                continue
            edits.append((at(ann.lineno, ann.col_offset), at(ann.end_lineno, ann.end_col_offset),
                          new))
            needed.add(TYPES[arg.arg])
    for begin, end, new in sorted(edits, reverse=True):
        text = text[:begin] + new + text[end:]
    return text, needed


def model_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          "sirat/models"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return [ROOT / f for f in out.splitlines() if f.endswith(".py") and (ROOT / f).is_file()]


def rewrite_model(text: str) -> tuple[str, set[str]]:
    """ORM columns typed at their source: ``id: Mapped[int]`` of the classes in
    :data:`MODEL_IDS` and the columns named in :data:`COLUMN_TYPES` (``report_id:
    Mapped[int | None]`` -> ``Mapped[ReportId | None]``), so an id read from a row is the
    domain's id and the services' helpers need no wrapping. The SQL type stays the
    ``Integer`` the column names (a NewType is the int at run time)."""
    cls: str | None = None
    out: list[str] = []
    needed: set[str] = set()
    for line in text.splitlines(keepends=True):
        if (m := _CLASS.match(line)) is not None:
            cls = m.group(1)
        new = line
        if (m := _COLUMN.match(line)) is not None and cls is not None:
            name = m.group(2)
            id_type = MODEL_IDS.get(cls) if name == "id" else COLUMN_TYPES.get(name)
            if id_type is not None:
                new = line.replace("Mapped[int", f"Mapped[{id_type}", 1)
                needed.add(id_type)
        out.append(new)
    return "".join(out), needed


def add_imports(text: str, needed: set[str]) -> str:
    """Import the id types ``text`` does not import yet from the domain."""
    tree = ast.parse(text)
    # any import of the name will do (``sirat.models`` re-exports the domain's ids)
    have = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom)
            for a in n.names}
    missing = sorted(needed - have)
    if not missing:
        return text
    line = f"from {VOCAB} import {', '.join(missing)}\n"
    lines = text.splitlines(keepends=True)
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    after = (imports[-1].end_lineno or imports[-1].lineno) if imports else 0
    lines.insert(after, line)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list what would change")
    args = parser.parse_args(argv)
    changed: dict[Path, str] = {}
    for path in model_files():
        text = path.read_text(encoding="utf-8")
        new, needed = rewrite_model(text)
        if new != text:
            changed[path] = add_imports(new, needed)
    for path in service_files():
        text = path.read_text(encoding="utf-8")
        new, needed = rewrite(text)
        if new != text:
            changed[path] = add_imports(new, needed)
    for path in service_files("sirat/ui"):
        text = path.read_text(encoding="utf-8")
        new, needed = rewrite(text, app=True)
        if new != text:
            changed[path] = add_imports(new, needed)
    for path in sorted(changed):
        print(path.relative_to(ROOT))
    if args.check:
        return 1 if changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    if changed:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        subprocess.run([str(ruff), "check", "--quiet", "--fix", "--select", "I",
                        *map(str, changed)], cwd=ROOT, check=False)
        fold_long_lines(sorted(changed))
    if not args.check:
        fix_callers()
    return 0


_ARG = re.compile(r'^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: Argument .* has '
                  r'incompatible type "(?P<got>[^"]+)"; expected "(?P<want>[^"]+)"')
_IDS = frozenset(TYPES.values())


def _wrapped(got: str, want: str, expr: str) -> tuple[str, str] | None:
    """The argument's new text and the id type it needs, for the shapes safe to wrap."""
    plain = want.removesuffix(" | None")
    if got == "int" and plain in _IDS:
        return f"{plain}({expr})", plain
    many = re.fullmatch(r"(?:Collection|Sequence|Iterable|list)\[(\w+)\]", want)
    if got == "list[int]" and many and many.group(1) in _IDS:
        return f"[{many.group(1)}(i) for i in {expr}]", many.group(1)
    return None


def fix_callers(passes: int = 4) -> None:
    """Wrap the plain ints mypy finds passed where a typed id is wanted (see the doc)."""
    mypy = ROOT / ".venv" / "bin" / "mypy"
    left: list[str] = []
    touched: set[Path] = set()
    for _ in range(passes):
        out = subprocess.run([str(mypy), "--show-column-numbers", "--no-error-summary"],
                             cwd=ROOT, capture_output=True, text=True, check=False).stdout
        todo: dict[Path, list[tuple[int, int, str, str]]] = {}
        left = []
        for line in out.splitlines():
            m = _ARG.match(line)
            if m is None:
                continue
            if not any(t in m["want"] for t in _IDS):
                continue
            todo.setdefault(ROOT / m["path"], []).append(
                (int(m["line"]), int(m["col"]) - 1, m["got"], m["want"]))
        fixed = 0
        for path, sites in todo.items():
            text, done, rest = _wrap_sites(path.read_text(encoding="utf-8"), sites)
            left += [f"{path.relative_to(ROOT)}:{line}: {got} -> {want}"
                     for line, _c, got, want in rest]
            if done:
                path.write_text(text, encoding="utf-8")
                fixed += len(done)
                touched.add(path)
        if not fixed:
            break
    fold_long_lines(sorted(touched))
    for line in left:
        print("by hand:", line, file=sys.stderr)


def fold_long_lines(paths: list[Path], width: int = 100) -> None:
    """Let ruff format the statements a wrap made longer than ``width`` (only those)."""
    ruff = ROOT / ".venv" / "bin" / "ruff"
    for path in paths:
        tried: set[tuple[int, int]] = set()
        while True:
            text = path.read_text(encoding="utf-8")
            long = [i for i, line in enumerate(text.splitlines(), 1) if len(line) > width]
            spans = [_statement(ast.parse(text), n) for n in long]
            todo = [s for s in spans if s is not None and s not in tried]
            if not todo:
                # a ``def`` line (ruff would reformat the whole function): for a hand
                for n in long:
                    print(f"fold by hand: {path.relative_to(ROOT)}:{n}", file=sys.stderr)
                break
            tried.add(todo[-1])
            first, last = todo[-1]
            # ``a-b`` runs from the start of line a to the start of line b: end on the next.
            subprocess.run([str(ruff), "format", "--quiet", f"--range={first}-{last + 1}",
                            str(path)], cwd=ROOT, check=False)


def _statement(tree: ast.Module, line: int) -> tuple[int, int] | None:
    """The lines of the smallest simple statement holding ``line``."""
    best: tuple[int, int] | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body") and node.end_lineno \
                and node.lineno <= line <= node.end_lineno and (
                best is None or node.end_lineno - node.lineno < best[1] - best[0]):
            best = (node.lineno, node.end_lineno)
    return best


def _wrap_sites(text: str, sites: list[tuple[int, int, str, str]]
                ) -> tuple[str, set[str], list[tuple[int, int, str, str]]]:
    tree = ast.parse(text)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def at(line: int, col: int) -> int:
        line_text = text[starts[line - 1]:starts[line]]
        return starts[line - 1] + len(line_text.encode("utf-8")[:col].decode("utf-8"))

    args = {(a.lineno, a.col_offset): a for n in ast.walk(tree) if isinstance(n, ast.Call)
            for a in n.args if not isinstance(a, ast.Starred)}
    args |= {(k.value.lineno, k.value.col_offset): k.value for n in ast.walk(tree)
             if isinstance(n, ast.Call) for k in n.keywords if k.arg is not None}
    edits: list[tuple[int, int, str]] = []
    needed: set[str] = set()
    rest = []
    for line, col, got, want in sorted(set(sites)):
        node = args.get((line, col))
        new = None
        if node is not None and node.end_lineno is not None and node.end_col_offset is not None:
            begin, end = at(node.lineno, node.col_offset), at(node.end_lineno,
                                                               node.end_col_offset)
            new = _wrapped(got, want, text[begin:end])
        if node is None or new is None:
            rest.append((line, col, got, want))
            continue
        edits.append((begin, end, new[0]))
        needed.add(new[1])
    for begin, end, new_text in sorted(edits, reverse=True):
        text = text[:begin] + new_text + text[end:]
    if needed:
        text = add_imports(text, needed)
        ruff = ROOT / ".venv" / "bin" / "ruff"
        text = subprocess.run([str(ruff), "check", "--quiet", "--fix", "--select", "I",
                               "--stdin-filename", "x.py", "-"], input=text, cwd=ROOT,
                              capture_output=True, text=True, check=False).stdout or text
    return text, needed, rest


if __name__ == "__main__":
    sys.exit(main())
