"""Fixtures of the statistics tests: the analyst and the supervisor of one vault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sirat.vault import Vault
from tests.conftest import open_as


@pytest.fixture
def pair(vault_path: Path) -> Iterator[tuple[Vault, Vault]]:
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    yield ana, sup
    ana.lock()
    sup.lock()
