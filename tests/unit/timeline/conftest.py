"""A real vault with the timeline test data (``timeline_data``), built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.timeline.timeline_data import Dated, build_dated


@pytest.fixture(scope="session")
def dated_template(template_vault: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dated]:
    path = tmp_path_factory.mktemp("timeline") / "vault"
    shutil.copytree(template_vault, path)
    os.chmod(path, 0o700)
    vault = open_as(path, "ana")
    try:
        dated = build_dated(vault)
    finally:
        vault.lock()
    return path, dated


@pytest.fixture
def dated(dated_template: tuple[Path, Dated]) -> Dated:
    return dated_template[1]


@pytest.fixture
def ana(dated_template: tuple[Path, Dated], tmp_path: Path) -> Iterator[Vault]:
    dest = tmp_path / "vault"
    shutil.copytree(dated_template[0], dest)
    os.chmod(dest, 0o700)
    v = open_as(dest, "ana")
    yield v
    v.lock()
