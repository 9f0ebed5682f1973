"""Fixtures of the chart-service tests: the network of ``charts_net`` in a real vault."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.charts.charts_net import Net, build_network


@pytest.fixture(scope="session")
def network_template(
    template_vault: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Net]:
    path = tmp_path_factory.mktemp("charts") / "vault"
    shutil.copytree(template_vault, path)
    os.chmod(path, 0o700)
    vault = open_as(path, "ana")
    try:
        net = build_network(vault)
    finally:
        vault.lock()
    return path, net


@pytest.fixture
def net_path(network_template: tuple[Path, Net], tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(network_template[0], dest)
    os.chmod(dest, 0o700)
    return dest


@pytest.fixture
def net(network_template: tuple[Path, Net]) -> Net:
    return network_template[1]


@pytest.fixture
def ana(net_path: Path) -> Iterator[Vault]:
    v = open_as(net_path, "ana")
    yield v
    v.lock()
