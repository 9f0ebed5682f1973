"""The CLI's messages for a key file that cannot be trusted: one line, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from sirat.vault.backup import SLOTS_NAME
from tests.conftest import USERS
from tests.e2e.conftest import Cli, one_line_failure


def test_cli_messages_for_hostile_settings_and_wrong_generation(
    cli: Cli, vault_path: Path
) -> None:
    doc = json.loads((vault_path / SLOTS_NAME).read_text())
    doc["slots"][1]["kdf"]["time_cost"] = 100_000
    doc["slots"][1]["kdf"]["memory_kib"] = 16 * 1024 * 1024
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    line = one_line_failure(cli("user", "list", "--vault", vault_path, "--user", "ana",
                                passphrase=USERS["ana"]))
    assert "more key-derivation work than SIRAT allows" in line
    doc["slots"][1]["kdf"] = dict(doc["slots"][0]["kdf"])
    doc["generation"] = 5
    (vault_path / SLOTS_NAME).write_text(json.dumps(doc))
    line = one_line_failure(cli("user", "list", "--vault", vault_path, "--user", "admin",
                                passphrase=USERS["admin"]))
    assert "passphrase is correct" in line
    assert "generation 5" in line
