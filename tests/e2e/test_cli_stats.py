"""``sirat stats`` on a demo vault: tables, drill-down, CSV/XLSX, a product, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import one_line_failure
from tests.e2e.test_cli_demo import ADMIN_PASS, OTHER_PASS, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    vault = home / "demo"
    made = run(home, "demo", "--vault", vault, "--reports", "400", user="chief",
               passphrase=ADMIN_PASS, new_passphrase=OTHER_PASS)
    assert made.returncode == 0, made.stderr
    return home, vault


def _stats(demo: tuple[Path, Path], *args: str | Path, user: str = "analyst1"):  # type: ignore[no-untyped-def]
    home, vault = demo
    return run(home, "stats", *args, "--vault", vault, user=user,
               passphrase=ADMIN_PASS if user == "chief" else OTHER_PASS)


def test_table_json_and_drill_down_agree(demo: tuple[Path, Path]) -> None:
    result = _stats(demo, "table", "--by", "nationality", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    first = data["cells"][0]
    assert first["mentions"] >= first["reports"] > 0
    behind = _stats(demo, "reports", "--by", "nationality", "--key", first["key"][0], "--json")
    assert len(json.loads(behind.stdout)) == first["reports"]


def test_xlsx_and_csv_files(demo: tuple[Path, Path], tmp_path: Path) -> None:
    xlsx, csv = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert _stats(demo, "table", "--by", "crime_area,period", "--granularity", "half",
                  "--out", xlsx).returncode == 0
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet is not None
    assert sheet["A1"].value == "Crime area"
    assert _stats(demo, "table", "--by", "route", "--out", csv).returncode == 0
    assert "→" in csv.read_text(encoding="utf-8-sig")
    one_line_failure(_stats(demo, "table", "--by", "route", "--out", csv))  # exists


def test_product_from_the_command_line(demo: tuple[Path, Path]) -> None:
    made = _stats(demo, "product", "create", "--template", "thb-ms-half-year",
                  "--period", "2024-H1", "--json")
    assert made.returncode == 0, made.stderr
    out = json.loads(made.stdout)
    assert out["parameters"]["period_start"] == "2024-01-01"
    again = _stats(demo, "product", "regenerate", "--report", out["reference"], "--json")
    assert json.loads(again.stdout)["data_digest"] == out["data_digest"]


@pytest.mark.parametrize("args", [
    ("table", "--by", "bogus"), ("table", "--by", "place,nationality"),
    ("table", "--by", "period", "--from", "2026-13-01"),
    ("table", "--by", "period", "--out", "/tmp/x.txt"),
    ("product", "create", "--template", "thb-ms-half-year", "--period", "2024-Q1"),
    ("product", "create", "--template", "nope", "--period", "2024-H1"),
    ("threshold", "7"),  # an analyst may not
    # A filter that would count nothing without a word: "thb" is not thb_ms.
    ("table", "--by", "period", "--crime-area", "thb"),
    ("reports", "--by", "country", "--key", "BG", "--crime-area", "THB_MS"),
    ("table", "--by", "crime_area", "--country", "Bulgaria"),
])
def test_bad_input_is_one_line(demo: tuple[Path, Path], args: tuple[str, ...]) -> None:
    one_line_failure(_stats(demo, *args))


def test_the_crime_area_codes_are_listed_and_filter(demo: tuple[Path, Path]) -> None:
    listed = _stats(demo, "areas", "--json")
    assert listed.returncode == 0, listed.stderr
    codes = {a["code"]: a["name"] for a in json.loads(listed.stdout)}
    assert "thb_ms" in codes
    assert "trafficking" in codes["thb_ms"].lower()
    every = json.loads(_stats(demo, "table", "--by", "crime_area", "--json").stdout)
    only = json.loads(_stats(demo, "table", "--by", "crime_area", "--crime-area", "thb_ms",
                             "--country", "bg", "--json").stdout)  # lower case is fine
    assert {tuple(c["key"]) for c in only["cells"]} == {("thb_ms",)}
    thb = next(c for c in every["cells"] if c["key"] == ["thb_ms"])
    assert 0 < only["total"]["reports"] <= thb["reports"]
