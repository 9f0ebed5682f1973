"""Running ``python -m sirat`` as a subprocess with its own SIRAT_HOME and passphrases."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Cli:
    """``cli("user", "list", passphrase=...)`` runs the command line in a clean environment."""

    home: Path

    def __call__(
        self,
        *args: str | Path,
        passphrase: str | None = None,
        new_passphrase: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
        env["SIRAT_HOME"] = str(self.home)
        if passphrase is not None:
            env["SIRAT_PASSPHRASE"] = passphrase
        if new_passphrase is not None:
            env["SIRAT_NEW_PASSPHRASE"] = new_passphrase
        return subprocess.run(  # stdin is not a terminal: nothing may wait for a prompt
            [sys.executable, "-m", "sirat", *map(str, args)], env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=120, check=False,
        )


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    home = tmp_path / "sirat-home"
    home.mkdir()
    return Cli(home)


def one_line_failure(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """A failure: exit ``code``, exactly one clear line on stderr, no traceback."""
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sirat: ")
    assert "Traceback" not in result.stderr
    assert "internal error" not in lines[0]
    return lines[0]
