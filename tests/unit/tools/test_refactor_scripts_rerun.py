"""The codemods under tools/refactor are what the lead re-runs after merging branches written
against the old layout: on this tree each must have nothing left to do (a second run is a
no-op), and a module a branch writes inside a new package must survive the re-run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ["ui_registry", "drop_declared_changes", "one_clock", "typed_ids"]


def _check(name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "refactor" / f"{name}.py"),
                           "--check"], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=240)


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_second_run_changes_nothing(name: str) -> None:
    done = _check(name)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_moving_the_services_again_changes_nothing() -> None:
    done = _check("move_services")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def move_services() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "move_services", ROOT / "tools" / "refactor" / "move_services.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rewritten(move_services: ModuleType, source: str) -> str:
    imports = move_services.rewrite_imports(source, Path("branch.py"))
    return str(move_services.rewrite_text(imports, python=True, config=False))


@pytest.mark.parametrize("source", [
    # modules written in the new packages after the move (not in the script's lists)
    "from sirat.services.audit.changes import of_record\n",
    "from sirat.services.reports import attachment_rows\n",
    "from sirat.services.reports.attachment_rows import forget\n",
])
def test_modules_written_in_the_new_packages_are_left_alone(
        move_services: ModuleType, source: str) -> None:
    assert _rewritten(move_services, source) == source


@pytest.mark.parametrize(("source", "expected"), [
    ("from sirat.services import audit\naudit.record(1)\n",
     "from sirat.services.audit import log as audit\naudit.record(1)\n"),
    ("from sirat.services.reports import create\n",
     "from sirat.services.reports.records import create\n"),
])
def test_a_branch_written_against_the_old_layout_is_still_rewritten(
        move_services: ModuleType, source: str, expected: str) -> None:
    assert _rewritten(move_services, source) == expected


@pytest.fixture(scope="module")
def one_clock() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "one_clock", ROOT / "tools" / "refactor" / "one_clock.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("now", [
    "datetime.now(UTC)", "datetime.now(tz=UTC)", "datetime.now(timezone.utc)",
    "dt.datetime.now(dt.timezone.utc)", "datetime.now(tz=timezone.utc)",
])
def test_every_spelling_of_utc_now_reads_the_one_clock(one_clock: ModuleType, now: str) -> None:
    source = f"from datetime import UTC, datetime, timezone\n\n\ndef f():\n    return {now}\n"
    out = one_clock.rewrite(source)
    assert "return clock.now()" in out
    assert "from sirat import clock\n" in out
    assert one_clock.rewrite(out) == out  # a second run changes nothing


def test_a_naive_now_is_left_alone(one_clock: ModuleType) -> None:
    source = "from datetime import datetime\n\nx = datetime.utcnow()\n"
    assert one_clock.rewrite(source) == source


@pytest.fixture(scope="module")
def typed_ids() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "typed_ids", ROOT / "tools" / "refactor" / "typed_ids.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_model_gets_typed_ids_on_its_key_and_its_references(typed_ids: ModuleType) -> None:
    source = ("class Report(Base):\n"
              "    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
              "    author_id: Mapped[int] = mapped_column(Integer)\n"
              "\n\nclass Note(Base):\n"
              "    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
              "    report_id: Mapped[int | None] = mapped_column(Integer)\n"
              "    position: Mapped[int] = mapped_column(Integer)\n")
    out, needed = typed_ids.rewrite_model(source)
    assert "    id: Mapped[ReportId] =" in out
    assert "    author_id: Mapped[UserId] =" in out
    assert "    report_id: Mapped[ReportId | None] =" in out
    assert "    id: Mapped[int] =" in out  # a class without an id type of its own
    assert "    position: Mapped[int] =" in out
    assert needed == {"ReportId", "UserId"}
    assert typed_ids.rewrite_model(out)[0] == out


def test_the_app_gets_typed_ids_on_methods_and_row_fields(typed_ids: ModuleType) -> None:
    source = ("class Row:\n"
              "    entity_id: int\n"
              "    link_id: int | None = None\n"
              "    position: int = 0\n"
              "\n\nclass Window:\n"
              "    def open_entity(self, entity_id: int) -> None:\n"
              "        pass\n")
    out, needed = typed_ids.rewrite(source, app=True)
    assert "    entity_id: EntityId\n" in out
    assert "    link_id: LinkId | None = None\n" in out
    assert "    position: int = 0\n" in out
    assert "def open_entity(self, entity_id: EntityId)" in out
    assert needed == {"EntityId", "LinkId"}
    assert typed_ids.rewrite(out, app=True)[0] == out
    # in the services only the seams are typed: a method is left alone
    assert typed_ids.rewrite(source)[0] == source
