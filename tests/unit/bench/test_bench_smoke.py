"""The benchmark runs end to end at a tiny scale, so it never rots.

Only the output's shape is checked -- every figure present, numbers finite, the JSON written
and complete. Never a time: how fast SIRAT is belongs in `make bench`, not in a test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from sirat.bench.__main__ import main
from sirat.bench.registry import all_figures

pytestmark = pytest.mark.slow

NUMBER_KEYS = ("median", "p95", "baseline", "baseline_p95", "ratio", "target")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "bench.json"
    code = main(["--scale", "0.001", "--repeat", "1", "--quick", "--json", str(out),
                 "--workdir", str(folder / "work")])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8")), str(out)


def test_every_figure_is_reported_once(result: tuple[dict[str, Any], str]) -> None:
    names = [f["name"] for f in result[0]["figures"]]
    assert names == [spec.name for spec, _ in all_figures()]


def test_figures_are_finite_numbers_or_say_why_not(
    result: tuple[dict[str, Any], str],
) -> None:
    for fig in result[0]["figures"]:
        assert fig["status"] in ("ok", "n/a", "error"), fig["name"]
        for key in NUMBER_KEYS:
            value = fig[key]
            assert value is None or (isinstance(value, int | float) and math.isfinite(value))
        if fig["status"] == "ok":
            assert fig["median"] is not None, fig["name"]
            assert fig["n"] >= 1, fig["name"]
            if fig["target"] is not None and fig["target_on"] != "ratio":
                assert isinstance(fig["met"], bool), fig["name"]
        else:
            assert fig["note"], fig["name"]


def test_no_figure_fails_with_an_error(result: tuple[dict[str, Any], str]) -> None:
    """A missing piece of SIRAT is "n/a"; an error means the bench no longer fits the code."""
    errors = {f["name"]: f["note"] for f in result[0]["figures"] if f["status"] == "error"}
    assert errors == {}


def test_json_describes_the_machine_and_settings(result: tuple[dict[str, Any], str]) -> None:
    doc = result[0]
    machine = doc["machine"]
    for key in ("cpu_model", "cores", "memory_mb", "python", "stdlib_sqlite", "sqlcipher",
                "packages"):
        assert machine[key], key
    assert machine["packages"]["SQLAlchemy"] != "not installed"
    assert doc["settings"]["scale"] == 0.001
    assert doc["settings"]["repeat"] == 1


def test_json_is_written_atomically_without_leftovers(
    result: tuple[dict[str, Any], str],
) -> None:
    folder = Path(result[1]).parent
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
    assert Path(result[1]).stat().st_mode & 0o077 == 0
