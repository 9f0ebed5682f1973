"""QA: the report commands given bad filters and hostile files (one line, no crash)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli_report import failed, ok, run


def test_bad_filters_are_refused_with_the_fix(vault_path: Path, tmp_path: Path) -> None:
    v = ("--vault", vault_path)
    area = failed(run(tmp_path, "report", "list", *v, "--crime-area", "nonsense"))
    assert "crime area is not one SIRAT knows" in area
    assert "drugs" in area
    date = failed(run(tmp_path, "report", "list", *v, "--from", "2026-13-40"))
    assert "month must be between 1 and 12" in date
    export = failed(run(tmp_path, "report", "export", *v, "--to", "2026-02-30",
                        "--out", tmp_path / "x.json"))
    assert "'to' date" in export
    assert not (tmp_path / "x.json").exists()
    assert '"total": 0' in ok(run(tmp_path, "report", "list", *v, "--json", "--from", "2026",
                                  "--to", "2026-03", "--grading", "B,2"))


def test_deeply_nested_import_is_one_line_not_an_internal_error(
        vault_path: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "deep.json"
    bomb.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    line = failed(run(tmp_path, "report", "import", "--vault", vault_path, bomb))
    assert "internal error" not in line
    assert "Nothing was imported" in line
    assert not (tmp_path / "crash").exists()
