"""Fixtures of the dissemination tests: a team vault with the canary report approved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.export.sign import LoadedSigner, create_test_certificate, load_pkcs12
from tests.unit.services.dissemination.dissem_data import Team, canary_report, copy_vault


@pytest.fixture(scope="session")
def canary_template(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template vault plus the approved canary report (built once per session)."""
    path = copy_vault(template_vault, tmp_path_factory.mktemp("dissem") / "vault")
    team = Team(path)
    try:
        canary_report(team["ana"], team["sup"])
    finally:
        team.close()
    return path


@pytest.fixture
def team(canary_template: Path, tmp_path: Path) -> Iterator[Team]:
    t = Team(copy_vault(canary_template, tmp_path / "vault"))
    yield t
    t.close()


@pytest.fixture(scope="session")
def outside_signer() -> LoadedSigner:
    """A test certificate that is not in any vault (as the bench uses one)."""
    return load_pkcs12(*create_test_certificate("Мира Стоянова", "Operational Center"))
