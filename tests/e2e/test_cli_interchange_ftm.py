"""``sirat demo`` then ``sirat report export``: the whole demo vault's export goes through
FollowTheMoney's own model with not one value rewritten or dropped, and imports again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from followthemoney import model

from tests.ftm_check import rewritten

PASS = "demo administrator passphrase"


def run(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_KDF_PROFILE"] = "floor"  # vaults made by the CLI: fast, still at the floor
    env.update(SIRAT_HOME=str(home), SIRAT_PASSPHRASE=PASS, SIRAT_NEW_PASSPHRASE=PASS,
               SIRAT_USER="chief")
    return subprocess.run([sys.executable, "-m", "sirat", *map(str, args)], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.mark.slow
def test_demo_export_round_trips_through_followthemoney(tmp_path: Path) -> None:
    vault, out = tmp_path / "demo", tmp_path / "demo.json"
    made = run(tmp_path, "demo", "--vault", vault)
    assert made.returncode == 0, made.stderr
    exported = run(tmp_path, "report", "export", "--vault", vault, "--out", out)
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["reports"]) == 300
    items = doc["entities"] + doc["relations"]
    problems = {(item["schema"], prop): (value, got)
                for item in items for prop, value, got in rewritten(item)}
    assert problems == {}
    schemas = {item["schema"] for item in items}
    assert {"Person", "Vehicle", "Vessel", "Organization", "Address", "UserAccount",
            "BankAccount"} <= schemas
    # The forms the issue names are there, in FtM's spelling.
    values = {prop: v for item in doc["entities"] for prop, vs in item["properties"].items()
              for v in vs}
    assert values["imoNumber"].startswith("IMO")
    assert values["phone"].startswith("+")
    assert values["nationality"].islower()
    # A consumer's FtM round trip (to_dict, then read again as untrusted data) is lossless.
    for item in items:
        again = model.get_proxy(model.get_proxy(item, cleaned=False).to_dict(), cleaned=False)
        assert again.to_dict()["properties"] == item["properties"], item["schema"]
    other = tmp_path / "other"
    assert run(tmp_path, "vault", "init", "--vault", other).returncode == 0
    # Administrators cannot import reports: the chief adds an analyst, who imports.
    assert run(tmp_path, "user", "add", "--vault", other, "ana").returncode == 0
    imported = run(tmp_path, "report", "import", "--vault", other, "--user", "ana", out)
    assert imported.returncode == 0, imported.stderr
