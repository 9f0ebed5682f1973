"""Three workstations on this machine: A sends, B is A's partner, C is a stranger.

Each is a copy of the template vault with its own exchange keys (made on first use); A and B
pinned each other after "reading" the fingerprint words, as administrators do by telephone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sirat.services.exchange import identity
from sirat.vault import Vault
from tests.conftest import open_as


@dataclass
class Station:
    path: Path
    admin: Vault
    card: bytes
    words: str

    def as_user(self, name: str) -> Vault:
        return open_as(self.path, name)


def _station(template: Path, dest: Path) -> Station:
    shutil.copytree(template, dest)
    admin = open_as(dest, "admin")
    view = identity.workstation_id(admin)
    return Station(dest, admin, view.card, view.words)


@pytest.fixture
def stations(template_vault: Path, tmp_path: Path) -> Iterator[tuple[Station, Station, Station]]:
    a = _station(template_vault, tmp_path / "a")
    b = _station(template_vault, tmp_path / "b")
    c = _station(template_vault, tmp_path / "c")
    identity.pin_partner(a.admin, b.card, "Bravo", "member-state", b.words)
    identity.pin_partner(b.admin, a.card, "Alpha", "member-state", a.words)
    identity.pin_partner(a.admin, c.card, "Charlie", "observer", c.words)
    yield a, b, c
    for st in (a, b, c):
        st.admin.lock()
