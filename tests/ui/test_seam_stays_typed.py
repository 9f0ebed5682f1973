"""What issue 22 put in order stays in order after branches written in parallel are merged:
no ``Any`` in the app (the seam to the services is typed), no table model copied beside
``RowsModel`` (and the paged report list), no ``getattr(host, ...)`` probes of the window an
action receives. Read from the source, so a merge that brings one back names the file."""

from __future__ import annotations

import ast
from pathlib import Path

import sirat.ui

UI = Path(sirat.ui.__file__).parent
#: The one generic model and the one deliberate exception (it pages from the vault).
MODELS = {"table_model.py", "report_model.py"}
BASES = {"QAbstractTableModel", "QAbstractListModel", "QAbstractItemModel"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(UI)), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(UI.rglob("*.py"))]


def test_no_any_in_the_app() -> None:
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.module == "typing"
                    and any(a.name == "Any" for a in node.names)):
                found.append(f"{name}:{node.lineno} imports Any")
            elif (isinstance(node, ast.Attribute) and node.attr == "Any"
                  and isinstance(node.value, ast.Name) and node.value.id in ("typing", "t")):
                found.append(f"{name}:{node.lineno} typing.Any")
    assert found == []


def test_no_table_model_copied_beside_rows_model() -> None:
    found = [f"{name}:{node.lineno} class {node.name}"
             for name, tree in _modules() if Path(name).name not in MODELS
             for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
             for base in node.bases
             if (base.id if isinstance(base, ast.Name) else
                 base.attr if isinstance(base, ast.Attribute) else "") in BASES]
    assert found == []


def test_no_probes_of_the_host_window() -> None:
    found = [f"{name}:{node.lineno}" for name, tree in _modules()
             for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id in ("getattr", "hasattr") and node.args
             and isinstance(node.args[0], ast.Name) and node.args[0].id == "host"]
    assert found == []
